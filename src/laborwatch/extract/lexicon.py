"""The words of the field per language, loaded from ``data/lexicon/<lang>.yaml``.

Terms are regular-expression fragments; this module compiles each group once into one
alternation with word boundaries, longest alternatives first.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from laborwatch.errors import ExtractError


@cache
def load_lexicon(lang: str = "en") -> dict[str, Any]:
    """The raw lexicon of ``lang`` (falls back to English when there is none)."""
    name = f"{lang}.yaml"
    folder = resources.files("laborwatch") / "data" / "lexicon"
    if not (folder / name).is_file():
        name = "en.yaml"
    try:
        return yaml.safe_load((folder / name).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ExtractError(f"malformed lexicon {name}: {exc}") from exc


def alternation(terms: list[str], *, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One pattern matching any of ``terms`` as whole words, longest first."""
    ordered = sorted({t for t in terms if t}, key=len, reverse=True)
    if not ordered:
        return re.compile(r"(?!x)x")
    # a term ending in a symbol ("$") may be followed by anything; a word must end there
    return re.compile(r"(?<![\w-])(?:" + "|".join(ordered) + r")(?:(?<![\w-])|(?![\w-]))", flags)


@cache
def pattern(lang: str, *path: str) -> re.Pattern[str]:
    """The compiled alternation of the lexicon group at ``path`` (e.g. "status", "sent")."""
    node: Any = load_lexicon(lang)
    for key in path:
        try:
            node = node[key]
        except (KeyError, TypeError) as exc:
            raise ExtractError(f"lexicon {lang} has no group {'/'.join(path)}") from exc
    if isinstance(node, dict):
        node = [term for key, terms in node.items() if key != "source" for term in terms]
    return alternation([str(term) for term in node])


@cache
def pattern_of(lang: str, *paths: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation over several lexicon groups."""
    terms: list[str] = []
    for path in paths:
        node: Any = load_lexicon(lang)
        for key in path:
            node = node[key]
        terms.extend(str(term) for term in node)
    return alternation(terms)


@cache
def groups(lang: str, *path: str) -> dict[str, re.Pattern[str]]:
    """Each sub-group of a lexicon section compiled on its own (e.g. every sector)."""
    node: Any = load_lexicon(lang)
    for key in path:
        node = node[key]
    return {key: pattern(lang, *path, key) for key in node if key != "source"}
