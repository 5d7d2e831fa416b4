"""The words of the field per language, loaded from ``data/lexicon/<lang>.yaml``.

Terms are regular-expression fragments; this module compiles each group once into one
alternation with word boundaries, longest alternatives first.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from functools import cache
from importlib import resources
from re import _constants as sre_constants
from re import _parser as sre_parser
from typing import Any

import ahocorasick_rs
import yaml

from laborwatch.errors import ExtractError
from laborwatch.extract.gazetteer import fold, lowercase

# literal stems of each compiled group: one of them occurs in every match (see ``stems_of``)
_STEMS: dict[int, frozenset[str] | None] = {}


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


class Lexeme:
    """A compiled lexicon group, used like ``re.Pattern``.

    Case-insensitive groups are compiled in lower case and run on lower-cased text: Python's
    engine skips non-matching alternatives of a case-sensitive pattern by their first
    character, which makes these long alternations several times faster than IGNORECASE.
    Lowering keeps every offset, so matches point into the original text; ``group()`` returns
    the lower-cased words.
    """

    __slots__ = ("regex", "folded", "seeker")

    def __init__(
        self, regex: re.Pattern[str], *, folded: bool, seeker: re.Pattern[str] | None = None
    ):
        self.regex = regex
        self.folded = folded  # True: the text must be lower-cased (see ``prepare``)
        self.seeker = seeker

    def where_from(self, text: str) -> int | None:
        """Where a search of ``text`` (prepared) may start: no match of the group lies
        before it; None when there is none at all. One fast scan does it (see ``_seeker``)."""
        if self.seeker is None:
            return 0
        found = self.seeker.search(" " + text)
        return found.start() if found is not None else None

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def prepare(self, text: str) -> str:
        return lowercase(text) if self.folded else text

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.search(self.prepare(text), pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.match(self.prepare(text), pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.fullmatch(self.prepare(text), pos, endpos)

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.regex.finditer(self.prepare(text), pos, endpos)

    def __repr__(self) -> str:
        return f"Lexeme({self.regex.pattern[:60]!r}...)"


def alternation(terms: list[str], *, flags: int = re.IGNORECASE) -> Lexeme:
    """One pattern matching any of ``terms`` as whole words, longest first."""
    ordered = sorted({t for t in terms if t}, key=len, reverse=True)
    folded = bool(flags & re.IGNORECASE)
    if folded:
        ordered = [_lower_literals(t) for t in ordered]
        flags &= ~re.IGNORECASE
    rests = _first_characters(ordered)
    seeker = _seeker(rests) if ordered else None
    compiled = Lexeme(
        re.compile(_bounded(ordered, rests), flags),
        folded=folded,
        seeker=re.compile(seeker, flags) if seeker else None,
    )
    _STEMS[id(compiled)] = _group_stems(ordered, flags) if ordered else None
    return compiled


_AFTER = r"(?:(?<![\w-])|(?![\w-]))"  # a word ends where a term ending in a letter does


def _bounded(terms: list[str], rests: dict[str, list[str]] | None = None) -> str:
    """``terms`` as one alternation of whole words. A term ending in a symbol ("$") may be
    followed by anything; a word must end there.

    When every term can be written to open with a literal character, the terms are grouped by
    that character, so that a position of the text tries one branch, not every term."""
    if not terms:
        return r"(?!x)x"
    after = _AFTER
    if rests is None:  # (``alternation`` has them already)
        rests = _first_characters(terms)
    if rests is not None:
        branches = {
            char: re.escape(char) + r"(?<![\w-][\s\S])(?:" + "|".join(options) + ")"
            for char, options in rests.items()
        }
        # a word character opens a term only at a word boundary: ``\b`` turns away the
        # positions inside words before any branch is tried (a third faster on long groups
        # than trying each position whose character opens a branch)
        words = "|".join(b for char, b in branches.items() if _WORD.match(char))
        others = [b for char, b in branches.items() if not _WORD.match(char)]
        opening = [r"\b(?:" + words + ")"] if words else []
        return "(?:" + "|".join(opening + others) + ")" + after
    return r"(?<![\w-])(?:" + "|".join(terms) + ")" + after


def _first_characters(terms: list[str]) -> dict[str, list[str]] | None:
    """The terms grouped by their first literal character, each group's rests in the terms'
    order (two groups never match at the same place, so their order does not matter); None
    when a term does not open with a literal character."""
    opened = [_literal_first(term) for term in terms]
    if any(o is None for o in opened):
        return None
    rests: dict[str, list[str]] = {}
    for o in opened:
        for first, rest in o or ():
            rests.setdefault(first[-1], []).append(rest)  # "\\$" and "$" are one character
    return rests


# any character that may stand before a word (not a letter, digit, "_" or "-"), and others:
# every character outside ASCII. A class of ranges the engine checks by table lookup
_MAY_PRECEDE = r"[\x00-\x2c\x2e\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\U0010ffff]"


def _seeker(rests: dict[str, list[str]] | None) -> str | None:
    """A pattern for a fast first scan of a text with a space put before it: it matches a
    character that may precede a word, then a term. Its engine scans for that character by
    table lookup, which is several times cheaper than testing a word boundary at every
    position. It matches wherever the group does (and at a few more places, after
    non-ASCII letters), so no match of the group starts before where it found one.
    ``rests``: the terms by first character (``_first_characters``)."""
    if not rests:
        return None
    body = "|".join(re.escape(char) + "(?:" + "|".join(r) + ")" for char, r in rests.items())
    return _MAY_PRECEDE + "(?:" + body + ")" + _AFTER


_WORD = re.compile(r"\w")


def _literal_first(term: str) -> list[tuple[str, str]] | None:
    """``term`` as alternatives in its own order, each split into a first literal character
    and the rest: "(?:sent|went) home" is "s"+"ent home", "w"+"ent home". None when its
    opening is not so simple (a class, an escape such as \\w, a repeated group)."""
    if not term:
        return None
    if term.startswith("(?:"):
        close = _closing(term)
        if close is None:
            return None
        inner, rest = term[3:close], term[close + 1 :]
        optional = rest.startswith("?") and not rest.startswith("??")
        if optional:
            rest = rest[1:]
        elif rest[:1] in ("*", "+", "{"):
            return None
        alternatives = [part + rest for part in _top_level_split(inner)]
        if optional:
            alternatives.append(rest)
        out: list[tuple[str, str]] = []
        for alternative in alternatives:
            found = _literal_first(alternative)
            if found is None:
                return None
            out.extend(found)
        return out
    if term[0] == "\\":
        if len(term) < 2 or term[1].isalnum():
            return None  # \w, \d, \b...: a class or an assertion, not a character
        first, rest = term[:2], term[2:]
    elif term[0] in "([.^$|)*+?{":
        return None
    else:
        first, rest = term[0], term[1:]
    if rest[:1] in ("?", "*", "+", "{"):
        return None  # the first character may be absent or repeated
    return [(first, rest)]


def _closing(term: str) -> int | None:
    """Where the group that opens ``term`` closes."""
    return next((i for i, char, depth in _scan(term) if char == ")" and depth == 0), None)


def _top_level_split(inner: str) -> list[str]:
    """The alternatives of a group's inside, split at its own bars only."""
    bars = [i for i, char, depth in _scan(inner) if char == "|" and depth == 0]
    return [inner[a + 1 : b] for a, b in zip([-1, *bars], [*bars, len(inner)], strict=True)]


def _scan(pattern: str) -> Iterator[tuple[int, str, int]]:
    """The characters of a pattern outside escapes and classes, with how many groups each
    stands in (a bracket counts as outside the group it opens or closes)."""
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        else:
            if char == ")":
                depth -= 1
            yield i, char, depth
            if char == "(":
                depth += 1
        i += 1


def _lower_literals(term: str) -> str:
    """``term`` with its letters lower-cased and its escapes (``\\W``, ``\\S``) kept."""
    return re.sub(
        r"\\.|[^\\]+", lambda m: m.group() if m.group()[0] == "\\" else lowercase(m.group()), term
    )


def stems_of(regex: Lexeme) -> frozenset[str] | None:
    """Folded literal strings one of which occurs in every match of a lexicon group, so a
    sentence with none of them can be skipped without running the regex; None: unknown."""
    return _STEMS.get(id(regex))


def indexed_stems(regex: Lexeme, known: frozenset[str]) -> frozenset[str] | None:
    """The stems of ``regex`` when the stem index ``known`` finds them all, else None."""
    key = (id(regex), id(known))
    if key not in _INDEXED:
        stems = stems_of(regex)
        _INDEXED[key] = stems if stems is not None and stems <= known else None
    return _INDEXED[key]


_INDEXED: dict[tuple[int, int], frozenset[str] | None] = {}


@cache
def _stem_index(version: int) -> tuple[ahocorasick_rs.AhoCorasick, list[str], frozenset[str]]:
    stems = sorted({stem for group in list(_STEMS.values()) if group for stem in group})
    return ahocorasick_rs.AhoCorasick(stems), stems, frozenset(stems)


def stem_index(lang: str = "en") -> tuple[ahocorasick_rs.AhoCorasick, list[str], frozenset[str]]:
    """One automaton over the stems of every group (of ``lang``, and any compiled so far),
    the stems by slot, and the set of them (kept for good: ``indexed_stems`` goes by it)."""
    _compile_all(lang)
    return _stem_index(len(_STEMS))


@cache
def _compile_all(lang: str) -> None:
    def walk(node: Any, path: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            if path:
                pattern(lang, *path)
            for key, value in node.items():
                if key != "source" and isinstance(value, (dict, list)):
                    walk(value, (*path, key))
        elif isinstance(node, list) and all(isinstance(term, str) for term in node):
            pattern(lang, *path)

    walk(load_lexicon(lang), ())


def _group_stems(terms: list[str], flags: int) -> frozenset[str] | None:
    found: set[str] = set()
    for term in terms:
        try:
            stems = _stems(sre_parser.parse(term, flags))
        except (re.error, TypeError, ValueError):
            return None
        if not stems:
            return None
        found |= stems
    return frozenset(fold(stem) for stem in found)


def _stems(parsed: Any) -> set[str] | None:
    """Strings one of which every match of the parsed pattern contains (lower-cased)."""
    options: list[set[str]] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= 3:
            options.append({"".join(run).lower()})
        run.clear()

    for op, value in parsed:
        if op is sre_constants.LITERAL:
            run.append(chr(value))
        elif op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue  # zero width: the literals around it stay adjacent
        elif op is sre_constants.SUBPATTERN:
            flush()
            if found := _stems(value[-1]):
                options.append(found)
        elif op is sre_constants.BRANCH:
            flush()
            branches = [_stems(branch) for branch in value[1]]
            if all(branches):
                options.append(set().union(*branches))
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            flush()
            low, _high, inner = value
            if low >= 1 and (found := _stems(inner)):
                options.append(found)
        else:
            flush()
    flush()
    if not options:
        return None
    return max(options, key=lambda stems: (min(_selectivity(s) for s in stems), -len(stems)))


# words in nearly every sentence: as stems they would let every sentence through
FUNCTION_WORDS = frozenset(
    "a an and are as at be been by for from get gets got had has have he her his in into is "
    "it its no not of on or our out over she so that the their them they this to took take "
    "takes up was we were which who with".split()
)


def _selectivity(stem: str) -> int:
    """How rare a stem is likely to be: its length, nothing for a bare function word."""
    words = stem.strip().lower().split()
    if not words or all(word in FUNCTION_WORDS for word in words):
        return 0
    return len(stem.strip())


@cache
def pattern(lang: str, *path: str) -> Lexeme:
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
def pattern_of(lang: str, *paths: tuple[str, ...]) -> Lexeme:
    """One alternation over several lexicon groups."""
    terms: list[str] = []
    for path in paths:
        node: Any = load_lexicon(lang)
        for key in path:
            node = node[key]
        terms.extend(str(term) for term in node)
    return alternation(terms)


@cache
def groups(lang: str, *path: str) -> dict[str, Lexeme]:
    """Each sub-group of a lexicon section compiled on its own (e.g. every sector)."""
    node: Any = load_lexicon(lang)
    for key in path:
        node = node[key]
    return {key: pattern(lang, *path, key) for key in node if key != "source"}
