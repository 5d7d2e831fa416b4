"""Language detection for documents that do not state their language.

A script whose letters dominate the text decides at once (rules in ``data/ingest/language.yaml``,
e.g. Hangul for Korean); other text goes to py3langid, a small n-gram classifier (well under a
millisecond on the sample used here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

# a bounded sample keeps the cost flat whatever the document's length
SAMPLE_CHARS = 1000
# below this the n-gram classifier guesses (a two-word text comes out as Afrikaans or Latin)
MIN_LETTERS = 20
DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class ScriptRule:
    language: str
    letters: re.Pattern[str]
    min_ratio: float
    unless: frozenset[str]


@cache
def script_rules() -> tuple[ScriptRule, ...]:
    raw = yaml.safe_load((DATA / "language.yaml").read_text(encoding="utf-8"))
    rules = []
    for entry in raw["scripts"]:
        ranges = "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in entry["ranges"])
        rules.append(
            ScriptRule(
                language=entry["language"],
                letters=re.compile(f"[{ranges}]"),
                min_ratio=float(entry["min_ratio"]),
                unless=frozenset(entry.get("unless") or ""),
            )
        )
    return tuple(rules)


@cache
def _identifier():  # type: ignore[no-untyped-def]
    # loading the model takes about half a second: only when a document needs it
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when it is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    if not letters:
        return None
    for rule in script_rules():
        hits = rule.letters.findall(sample)
        if len(hits) >= rule.min_ratio * letters and not rule.unless.intersection(sample):
            return rule.language
    if letters < MIN_LETTERS:
        return None
    language, _score = _identifier().classify(sample)
    return str(language)
