"""Worker counts, percentages and money amounts in article text (English, Korean, Russian).

The words (numerals, scales, vague quantities with their SPEC ranges, approximators, bounds,
units, currencies) live in ``data/lexicon/numbers.yaml``; this module holds the grammar: digit
grouping, number words, ranges, modifiers and what a number is followed by. Patterns are built
once per language.

A ``Quantity`` is any number-like expression with its bounds and ``form``; ``unit`` says when it
is not a count of something (a percentage, money, a duration, an age, a label such as
"No. 2"...), and ``is_year_like`` flags a bare year ("in 2016"). ``find_counts`` keeps only what
can be a head count; ``find_money`` returns amounts with their currency and period.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources
from re import _constants as sre_constants
from re import _parser as sre_parser
from typing import Any, Literal

import ahocorasick_rs
import yaml

from laborwatch.errors import ExtractError
from laborwatch.extract.gazetteer import lowercase
from laborwatch.extract.lexicon import FUNCTION_WORDS

Number = int | float
Form = Literal["exact", "approx", "range", "lower", "upper", "vague", "percent"]

MAX_TEXT_CHARS = 1_000_000
"""Input limit: text past this many characters is not read (articles are far shorter)."""

YEAR_MIN, YEAR_MAX = 1950, 2100
_WINDOW = 48  # characters looked at before and after a number for its modifiers and unit


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int
    end: int
    min: Number | None
    max: Number | None
    form: Form
    text: str
    unit: str | None = None
    """None for a count of something; else "percent", "currency:USD", "duration", "age",
    "measure", "multiplier", "fraction", "items", "label" or "date"."""
    is_year_like: bool = False

    @property
    def is_count(self) -> bool:
        """Whether this can be a number of people: no unit and not a year."""
        return self.unit is None and not self.is_year_like


@dataclass(frozen=True, slots=True)
class Money:
    start: int
    end: int
    amount: Number | None
    """The amount, or the lower bound of a range ("$300-1,000" is 300)."""
    currency_code: str
    per: str | None
    """"month", "year", "hour", "day", "week" or None."""
    text: str
    amount_max: Number | None = None
    form: Form = "exact"


@cache
def load_table(name: str) -> dict[str, Any]:
    """A data file of ``data/lexicon`` (``numbers.yaml``, ``dates.yaml``), parsed once."""
    path = resources.files("laborwatch") / "data" / "lexicon" / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ExtractError(f"cannot read lexicon {name}: {exc}") from exc
    if not isinstance(data, dict):
        raise ExtractError(f"lexicon {name} is not a mapping")
    return data


def _tokens(phrase: str, tight: bool) -> list[str]:
    """Regex pieces of a literal phrase: white space matches any run of it (or none, tight)."""
    out: list[str] = []
    for k, word in enumerate(phrase.split()):
        if k:
            out.append(r"\s?" if tight else r"\s+")
        for n, ch in enumerate(word):
            if tight and n:
                out.append(r"\s?")
            out.append(re.escape(ch))
    return out


def _trie(seqs: list[tuple[list[str], bool]]) -> str:
    """One regex for many phrases, factored as a trie: Python's ``re`` tries a flat
    alternation of hundreds of phrases at every position, a trie only where one can start."""
    root: dict[Any, Any] = {}
    for tokens, trail in seqs:
        node = root
        for tok in tokens:
            node = node.setdefault(tok, {})
        node[None] = trail

    def build(node: dict[Any, Any]) -> str:
        alts = [tok + build(child) for tok, child in node.items() if tok is not None]
        if None in node:
            alts.append(r"(?!\w)" if node[None] else "")
        if len(alts) == 1:
            return alts[0]
        if len(alts) == 2 and alts[1] == "":
            return "(?:" + alts[0] + ")?"
        return "(?:" + "|".join(alts) + ")"

    return build(root)


def alternation(
    phrases: Any,
    *,
    bounded: bool = True,
    lead: bool = True,
    trail: bool = True,
    tight: bool = False,
) -> str:
    """Literal phrases as one regex, longest match first, with word boundaries at the ends.

    ``lead=False`` / ``trail=False`` drop the boundary at the start (a unit glued to a number)
    or at the end (Korean particles attach to words); ``tight`` (Korean) lets the parts of a
    phrase touch or not: "수 천" and "수천" are one phrase. Never matches when empty.
    """
    unique = {str(p).strip() for p in phrases if str(p).strip()}
    if not unique:
        return r"(?!x)x"
    groups: dict[bool, list[tuple[list[str], bool]]] = {True: [], False: []}
    for phrase in unique:
        lead_b = bounded and lead and phrase[0].isalnum()
        trail_b = bounded and trail and phrase[-1].isalnum()
        groups[lead_b].append((_tokens(phrase, tight), trail_b))
    parts = []
    if groups[True]:
        parts.append(r"(?<!\w)" + _trie(groups[True]))
    if groups[False]:
        parts.append(_trie(groups[False]))
    return "(?:" + "|".join(parts) + ")"


class Trigger:
    """Where the expressions of a grammar can start, found fast. ``pattern`` (a digit, or a
    phrase of ``vocabulary`` as a whole word) is tried only where one Aho-Corasick pass finds
    an ASCII digit or a word of the vocabulary, and never inside a word: ``finditer`` yields
    what ``pattern.finditer`` would, less what starts right after a letter ("Q2", "G7"; a
    digit may follow a letter of another script, "약3천"). Scanning the text with the pattern
    itself costs the regex engine a try at every character, and was the dearest part of
    reading counts and dates.

    A phrase is found by its first word that is not a common one ("a thousand" by
    "thousand"), walking back over the words before it; tight (Korean) phrases, written with
    or without spaces, by their first letter."""

    def __init__(self, pattern: str, vocabulary: list[str], *, tight: bool = False) -> None:
        self.pattern = re.compile(pattern, re.IGNORECASE)
        back: dict[str, set[int]] = {digit: {0} for digit in "0123456789"}
        for phrase in map(str.strip, vocabulary):
            if not phrase:
                continue
            words = [phrase[0]] if tight else phrase.lower().split()
            k = next((k for k, w in enumerate(words) if w not in FUNCTION_WORDS), 0)
            back.setdefault(words[k].lower(), set()).add(k)
        self.keys = sorted(back)
        self._back = [sorted(back[key]) for key in self.keys]
        self._automaton = ahocorasick_rs.AhoCorasick(self.keys)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        hits = self._automaton.find_matches_as_indexes(lowercase(text), overlapping=True)
        starts = set()
        for slot, start, _ in hits:
            for k in self._back[slot]:
                if k == 0:
                    starts.add(start)
                elif (phrase_start := _words_back(text, start, k)) is not None:
                    starts.add(phrase_start)
        end = 0
        for start in sorted(starts):
            if start < end:
                continue  # inside the last match
            if start and ((before := text[start - 1]) == "_" or before.isalnum()):
                # inside a word: no expression starts there, but a digit may follow a letter
                # of another script ("약3천")
                if not text[start].isdigit() or before.isascii() or before.isdigit():
                    continue
            match = self.pattern.match(text, start)
            if match is not None:
                end = match.end()
                yield match


class ByFirstCharacter:
    """An alternation of named patterns, matched at a position with only the patterns that
    can start with the character found there: the same match as the whole alternation (the
    others cannot match at all), for a fraction of the tries. ``groups_of`` tells, for a
    match, where each pattern's groups are in the regex that made it."""

    def __init__(self, alternatives: list[str], flags: int) -> None:
        self._alternatives = alternatives
        self._flags = flags
        self._firsts = [_opening_characters(sre_parser.parse(a, flags)) for a in alternatives]
        self._by_character: dict[str, re.Pattern[str]] = {}
        self._by_subset: dict[tuple[int, ...], re.Pattern[str]] = {}
        self.whole = self._compile(tuple(range(len(alternatives))))

    def match(self, text: str, pos: int) -> re.Match[str] | None:
        char = text[pos : pos + 1]
        regex = self._by_character.get(char)
        if regex is None:
            # only ASCII is told apart: other scripts' case rules and digits are not worth it
            subset = (
                tuple(
                    i
                    for i, first in enumerate(self._firsts)
                    if first is None or char.lower() in first
                )
                if char.isascii()
                else tuple(range(len(self._alternatives)))
            )
            regex = self._by_character[char] = self._compile(subset)
        return regex.match(text, pos)

    def _compile(self, subset: tuple[int, ...]) -> re.Pattern[str]:
        if subset not in self._by_subset:
            self._by_subset[subset] = re.compile(
                "|".join(self._alternatives[i] for i in subset) or "(?!x)x", self._flags
            )
        return self._by_subset[subset]


def _opening_characters(parsed: Any) -> set[str] | None:
    """The characters (lower-cased) a match of the parsed pattern can start with; None when
    it could start with many or nothing (an empty match)."""
    found, empty = _firsts(parsed)
    return None if found is None or empty else found


def _firsts(items: Any) -> tuple[set[str] | None, bool]:
    """What a sequence of parsed items can start with, and whether it can match empty."""
    found: set[str] = set()
    for op, value in items:
        if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue  # zero width
        if op is sre_constants.LITERAL:
            found |= _ascii_forms(chr(value))
            return found, False
        if op is sre_constants.IN:
            chars = _class_characters(value)
            if chars is None:
                return None, True
            for char in chars:
                found |= _ascii_forms(char)
            return found, False
        if op is sre_constants.SUBPATTERN:
            inner, empty = _firsts(value[-1])
        elif op is sre_constants.BRANCH:
            inner, empty = set(), False
            for branch in value[1]:
                first, branch_empty = _firsts(branch)
                if first is None:
                    return None, True
                inner |= first
                empty = empty or branch_empty
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            inner, empty = _firsts(value[2])
            empty = empty or value[0] == 0
        else:
            return None, True  # a class, any character, a reference: could be many
        if inner is None:
            return None, True
        found |= inner
        if not empty:
            return found, False
    return found, True


def _class_characters(items: Any) -> set[str] | None:
    """The characters of a parsed class of literals, small ranges and digits; None otherwise."""
    chars: set[str] = set()
    for op, value in items:
        if op is sre_constants.LITERAL:
            chars.add(chr(value))
        elif op is sre_constants.RANGE and value[1] - value[0] < 256:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        elif op is sre_constants.CATEGORY and value is sre_constants.CATEGORY_DIGIT:
            chars.update("0123456789")  # a non-ASCII digit is matched by the whole alternation
        else:
            return None
    return chars


def _ascii_forms(char: str) -> set[str]:
    """The ASCII characters (lower-cased) that ``char`` matches when case is ignored, itself
    included: "K" for the Kelvin sign, "s" for the long s."""
    if char.isascii():
        return {char.lower()}
    return {c for c in _ASCII_LETTERS if re.fullmatch(re.escape(char), c, re.IGNORECASE)}


_ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _words_back(text: str, start: int, k: int) -> int | None:
    """Where the word ``k`` words before ``start`` begins (after any quote or bracket)."""
    for _ in range(k):
        word_end = start
        while word_end and text[word_end - 1].isspace():
            word_end -= 1
        if word_end == start or not word_end:
            return None
        start = word_end
        while start and not text[start - 1].isspace():
            start -= 1
    while start < word_end and not text[start].isalnum():
        start += 1
    return start


class _Before:
    """A pattern of phrases that end where a number starts ("about ", "US$", "No. "), tried
    only when what ends the text before the number (its last word, or a sign such as "$")
    ends one of its phrases. Most numbers have none of them before, and the engine would try
    the pattern at every character of the window. ``gate=False`` (Korean, whose phrases
    touch the number) always tries it."""

    def __init__(self, pattern: str, phrases: list[str], flags: int, *, gate: bool) -> None:
        self.regex = re.compile(pattern, flags)
        self._keys: set[str] | None = None
        if gate:
            self._keys = {word or sign for word, sign in (_ending(p.lower()) for p in phrases)}

    def search(self, text: str, start: int, end: int) -> re.Match[str] | None:
        if self._keys is not None:
            word, sign = _ending_before(text, end)
            if word.lower() not in self._keys and sign not in self._keys:
                return None
        return self.regex.search(text, start, end)


@lru_cache(maxsize=64)
def _ending_before(text: str, end: int) -> tuple[str, str]:
    """``_ending`` of what stands before ``end``, worked out once for the several gates a
    number meets. A window wider than a gate's own is fine: a phrase matched inside the
    narrower one ends the same way (its first word starts after a non-word character)."""
    return _ending(text[max(0, end - _WINDOW) : end])


def _ending(text: str) -> tuple[str, str]:
    """The last run of letters and digits of ``text``'s last word (past any signs after it,
    such as the "." of "No."), and its last character that is not a space."""
    words = text.rsplit(None, 1)
    if not words:
        return "", ""
    word = words[-1]
    end = len(word)
    while end and not word[end - 1].isalnum():
        end -= 1
    first = end
    while first and word[first - 1].isalnum():
        first -= 1
    return word[first:end], word[-1]


def _number(value: Decimal) -> Number:
    return int(value) if value == value.to_integral_value() else float(value)


def _norm(phrase: str, lang: str) -> str:
    return _SPACES.sub("" if lang == "ko" else " ", phrase.strip().lower())


_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class _Atom:
    start: int
    end: int
    lo: Decimal | None
    hi: Decimal | None
    vague: bool = False
    plain: bool = False  # a bare run of digits: no separator, decimal or scale
    scaled: bool = False  # has a scale word ("5 thousand", "2만")
    top_scale: int = 1  # the scale it ends with, shared with a range's bare start ("5-7 thousand")
    money_only: bool = False  # ends with a scale that only money uses ("$5m")
    after_modifier: Decimal | None = None  # "около тысячи": one unit after a modifier


@dataclass(frozen=True, slots=True)
class _Scale:
    value: Decimal
    big: bool
    money_only: bool


class _Grammar:
    """The compiled patterns of one language."""

    def __init__(self, lang: str) -> None:
        table = load_table("numbers.yaml")
        if lang not in table:
            lang = "en"
        self.lang = lang
        data: dict[str, Any] = table[lang]
        common = table["common"]
        self.ko = lang == "ko"
        self.dash = "[" + "".join(re.escape(d) for d in common["range_dashes"]["terms"]) + "]"
        self.space = "[" + "".join(common["group_spaces"]["terms"]) + "]"
        self.counters = data.get("counters", {}).get("terms", [])
        self._numbers(data)
        self._modifiers(data)
        self._units(data)
        self._ranges(data)
        self._context(lang)

    def _numbers(self, data: dict[str, Any]) -> None:
        """Patterns of number expressions: digits, number words, scales, vague words."""
        ko, space, dash = self.ko, self.space, self.dash
        self.numerals = {
            str(k).lower(): Decimal(str(v)) for k, v in data["numerals"]["values"].items()
        }
        self.scales: dict[str, _Scale] = {}
        attached, free, bare = [], [], []
        for entry in data.get("scales", []):
            word = str(entry["word"])
            self.scales[word.lower()] = _Scale(
                Decimal(str(entry["value"])), bool(entry.get("big")), bool(entry.get("money_only"))
            )
            # attached: only glued to digits ("5K"); glued: either way ("$1.5bn", "1.5 bn")
            if entry.get("attached") or entry.get("glued"):
                attached.append(word)
            if not entry.get("attached"):
                free.append(word)
            if entry.get("bare"):
                bare.append(word)
        self.vague = {_norm(e["phrase"], self.lang): e for e in data.get("vague", [])}
        indefinite = data.get("indefinite_one", {}).get("terms", [])

        self.group_space_re = re.compile(rf"(?<=\d){space}(?=\d)")
        free_alt = alternation(free, bounded=not ko)
        self.free_alt = free_alt
        # a digit-form number: 1,000 / 13 221 / 1,5 (before a scale) / 150 / 1.5;
        # bounded repeats: hostile text ("1 1 1 1 ...") must not make the engine backtrack
        digits = (
            r"(?:\d{1,3}(?:,\d{3}){1,5}(?:\.\d{1,6})?(?![,.]?\d)"
            rf"|\d{{1,3}}(?:{space}\d{{3}}){{1,5}}(?![\d]|[,.]\d)"
            rf"|\d{{1,6}},\d{{1,2}}(?=\s?{free_alt}|\s?{dash}\s?\d{{1,6}}(?:,\d{{1,2}})?\s?{free_alt})"
            r"|\d{1,15}(?:\.\d{1,6})?(?![,.]?\d))"
        )
        numeral_alt = alternation(self.numerals, bounded=True)
        # letters may follow digits only when they are a unit ("5km", "42,4ha"): "20x10",
        # "2215th", "1990s", "5G" are not quantities
        letter_units = [
            t
            for e in data.get("units_after", [])
            for t in e["terms"]
            if str(t).isalpha() and str(t).isascii()
        ]
        letters = r"[A-Za-z]" if ko else r"\w"
        trail = rf"(?!(?!{alternation(letter_units, bounded=False)}(?!\w)){letters})"
        if ko:
            lead = r"(?<![A-Za-z\d_.,])(?<![A-Za-z]-)"
            bare_alt = alternation(bare, bounded=False)
            native = numeral_alt + r"(?=\s?" + alternation(self.counters, bounded=False) + ")"
            # a bare unit only glued to what follows: "만9천여 명", "천800여 명" ("만 3년" is not)
            start_tok = rf"(?:{lead}{digits}|(?<!\w){bare_alt}(?=\d|여)|{native})"
            cont = rf"(?:\s?(?:{free_alt}|{digits})){{0,8}}"
        else:
            lead = r"(?<![\w.,])(?<![^\W\d_]-)"
            att = alternation(attached, bounded=False)
            indef_alt = alternation(indefinite) + rf"(?=\s+{free_alt})"
            bare_alt = alternation(bare)
            start_tok = rf"(?:{lead}{digits}(?:{att}(?!\w))?|{numeral_alt}|{indef_alt}|{bare_alt})"
            glue = r"(?:\s+and\s+|[\s-]+)" if self.lang == "en" else r"\s+"
            cont = rf"(?:{glue}(?:{numeral_alt}|{free_alt})){{0,8}}"
        vague_alt = alternation(self.vague, bounded=True, trail=not ko, tight=ko)
        self.atom_re = re.compile(
            rf"(?P<vague>{vague_alt})|(?P<num>{start_tok}{cont}){trail}(?!:\d|/\d)", re.IGNORECASE
        )
        # inside a matched expression the digit forms need no look-around
        tok_digits = (
            rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d{{1,3}}(?:{space}\d{{3}})+|\d+,\d{{1,2}}(?!\d)"
            r"|\d+(?:\.\d+)?"
        )
        tok_alt = rf"(?P<dig>{tok_digits})(?P<att>{alternation(attached, bounded=False)})?"
        tok_alt += rf"|(?P<word>{numeral_alt})|(?P<scale>{free_alt})"
        tok_alt += rf"|(?P<indef>{alternation(indefinite)})"
        self.token_re = re.compile(tok_alt, re.IGNORECASE)
        # where an expression can start: a digit run or a word of the number vocabulary; the
        # patterns are tried only there, far cheaper than scanning the text with them
        vocabulary = [*self.numerals, *bare, *self.vague]
        # "a thousand": "a" alone is too frequent to try everywhere
        vocabulary += [f"{one} {scale}" for one in indefinite for scale in free]
        self.trigger = Trigger(
            r"(?<!\d)\d|" + alternation(vocabulary, trail=not ko, tight=ko), vocabulary, tight=ko
        )

    def _modifiers(self, data: dict[str, Any]) -> None:
        """Approximators and bounds before ("about", "more than") and after ("or more", "이상")."""
        ko, flags = self.ko, re.IGNORECASE
        mods = data.get("modifiers", {})
        self.temporal = {
            _norm(e["phrase"], self.lang)
            for kind in ("approx", "lower", "upper")
            for e in mods.get(kind, [])
            if e.get("temporal")
        }
        sep = r"\s*" if ko else r"\s+"
        self.mod_before = _Before(
            "(?:"
            + "|".join(
                rf"(?P<{kind}>{alternation([e['phrase'] for e in mods.get(kind, [])])})"
                for kind in ("approx", "lower", "upper")
            )
            + rf"){sep}$",
            [e["phrase"] for kind in ("approx", "lower", "upper") for e in mods.get(kind, [])],
            flags,
            gate=not ko,
        )
        # Korean 여 ("5,000여명") is glued to the number and read apart from the other suffixes
        after = {
            kind: [e["phrase"] for e in mods.get(kind + "_after", []) if e["phrase"] != "여"]
            for kind in ("approx", "lower", "upper")
        }
        self.mod_after = re.compile(
            r"\s*(?:"
            + "|".join(
                rf"(?P<{kind}>{alternation(terms, bounded=not ko)})"
                for kind, terms in after.items()
            )
            + ")",
            flags,
        )
        self.yeo = re.compile(r"여(?=\s?명|\s|[^\w]|$)") if ko else None
        self.counter_attached = (
            re.compile(r"\s?" + alternation(self.counters, bounded=False)) if ko else None
        )
        self.counter_ahead = re.compile(
            r"\s+(?:[^\W\d][\w-]*\s+){0,2}?" + alternation(self.counters), flags
        )

    def _units(self, data: dict[str, Any]) -> None:
        """What a number is followed or preceded by: units, currencies, labels, periods."""
        ko, flags = self.ko, re.IGNORECASE
        self.unit_names: dict[str, str] = {}
        unit_terms = []
        for entry in data.get("units_after", []):
            for term in entry["terms"]:
                self.unit_names[_norm(term, self.lang)] = entry["unit"]
                unit_terms.append(term)
        currencies = data.get("currencies", [])
        for entry in currencies:
            for term in entry.get("after", []):
                self.unit_names[_norm(term, self.lang)] = "currency:" + entry["code"]
                unit_terms.append(term)
        of = "" if ko else r"(?:of\s+)?"
        self.unit_after = re.compile(
            rf"(?P<space>\s*){of}(?P<unit>{alternation(unit_terms, lead=False, trail=not ko)})",
            flags,
        )
        before_terms = [t for e in currencies for t in e.get("before", [])]
        self.currency_before = {
            _norm(t, self.lang): e["code"] for e in currencies for t in e.get("before", [])
        }
        self.cur_before_re = _Before(
            rf"(?P<cur>{alternation(before_terms)})\s?$", before_terms, flags, gate=not ko
        )
        self.cur_in_gap = alternation(before_terms)
        self.units_before: dict[str, str] = {}
        ub_terms = []
        for entry in data.get("units_before", []):
            for term in entry["terms"]:
                self.units_before[str(term)] = entry["unit"]
                ub_terms.append(term)
        # case-sensitive: "No. 2" and "Unit 2" are labels, "at one point 60" is not
        self.unit_before_re = _Before(
            rf"(?P<u>{alternation(ub_terms)})\s*$", ub_terms, 0, gate=not ko
        )
        self.per_after = [
            (e["per"], re.compile(r"\s*" + alternation(e.get("after", []), bounded=not ko), flags))
            for e in data.get("per", [])
            if e.get("after")
        ]
        self.per_before = [
            (e["per"], re.compile(alternation(e.get("before", [])) + r"\s*$", flags))
            for e in data.get("per", [])
            if e.get("before")
        ]

    def _ranges(self, data: dict[str, Any]) -> None:
        """Dashes, joiner words ("to") and pairs ("between X and Y", "от X до Y")."""
        ko, flags, gap_cur = self.ko, re.IGNORECASE, self.cur_in_gap
        rng = data.get("ranges", {})
        # Korean repeats the counter in a range ("1천 명~2천 명") and may bound its end
        # ("수천 명에서 최대 1만 명")
        counter = rf"(?:{alternation(self.counters, bounded=False)})?" if ko else ""
        upper = [e["phrase"] for e in data.get("modifiers", {}).get("upper", [])]
        self.dash_gap = re.compile(rf"\s*(?:%\s*)?{counter}\s*{self.dash}\s*{gap_cur}?\s*")
        joiners = rng.get("joiners", [])
        self.joiner_gap = re.compile(rf"\s+{alternation(joiners)}\s+{gap_cur}?\s*", flags)
        self.pairs = []
        for pair in rng.get("pairs", []):
            before = (
                re.compile(rf"{alternation([pair['before']])}\s+$", flags)
                if pair.get("before")
                else None
            )
            gap = re.compile(
                (rf"\s*{counter}\s*" if ko else r"\s+")
                + alternation([pair["joiner"]], bounded=not ko)
                + (rf"\s*(?P<max>{alternation(upper)}\s*)?" if ko else rf"\s+{gap_cur}?\s*"),
                flags,
            )
            after = (
                re.compile(rf"\s*여?\s*{counter}\s*" + alternation([pair["after"]], bounded=False))
                if pair.get("after")
                else None
            )
            self.pairs.append((before, gap, after))
        change = data.get("change_words", {}).get("terms", [])
        self.change_re = re.compile(alternation(change), flags) if change else None

    def _context(self, lang: str) -> None:
        """Numbers that are not quantities: phone numbers, digit dates, times, days of months."""
        # tried where a digit run starts (or at the "+" or "(" just before it)
        self.blocked_re = re.compile(
            r"(?:\+\d{1,3}[\s.-]?)?\(\d{1,5}\)[\s.-]?\d{2,4}(?:[\s.-]\d{2,4})+"
            r"|\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,}"
            r"|(?<![\w.,])\d{2,4}(?:[.-]\d{2,4}){2,}(?!\w)"
            r"|(?<![\w.,])\d{1,2}:\d{2}(?::\d{2})?"
            r"|(?<![\w.,])\d+/\d+(?:/\d+)?"
            r"|(?<![\w.,])\d+\s?[xX×]\s?\d+(?!\w)"
        )
        months = load_table("dates.yaml").get(lang, {}).get("months", {})
        month_alt = alternation([*months.get("names", {}), *months.get("abbreviations", {})])
        month_flags = 0 if months.get("case_sensitive") else re.IGNORECASE
        self.month_before = _Before(
            rf"{month_alt}\.?,?\s*$",
            [*months.get("names", {}), *months.get("abbreviations", {})],
            month_flags,
            gate=lang != "ko",
        )
        self.month_after = re.compile(rf"\s*(?:of\s+)?{month_alt}", month_flags)

    # -- atoms ---------------------------------------------------------------------------

    def atoms(self, text: str) -> list[_Atom]:
        out: list[_Atom] = []
        pos = 0
        for t in self.trigger.finditer(text):
            p = t.start()
            if p < pos:
                continue
            if text[p].isdigit():
                b = None
                if p and text[p - 1] in "+(":
                    b = self.blocked_re.match(text, p - 1)
                b = b or self.blocked_re.match(text, p)
                if b is not None:
                    pos = b.end()
                    continue
            m = self.atom_re.match(text, p)
            if m is None:
                continue
            if m.group("vague"):
                atom = self._vague(m)
            elif (digits := m.group()).isdigit() and digits.isascii():
                # a bare run of digits, most numbers in news ("2023", "15"): no grammar to run
                value = Decimal(digits)
                atom = _Atom(m.start(), m.end(), value, value, plain=True) if value else None
            else:
                atom = self._parse(text, m.start(), m.end())
            if atom is not None and not atom.vague and self._after_month(text, atom):
                # "December 13 221 workers": a day, then a count, not 13,221
                first = self.group_space_re.search(text, atom.start, atom.end)
                if first is not None:
                    atom = self._parse(text, atom.start, first.start())
            if atom is None:
                pos = m.end()
                continue
            out.append(atom)
            pos = atom.end
        return out

    def _after_month(self, text: str, atom: _Atom) -> bool:
        return self.month_before.search(text, max(0, atom.start - 16), atom.start) is not None

    def _vague(self, m: re.Match[str]) -> _Atom:
        entry = self.vague[_norm(m.group(), self.lang)]
        after = entry.get("after_modifier")
        return _Atom(
            m.start(),
            m.end(),
            Decimal(str(entry["min"])),
            Decimal(str(entry["max"])),
            vague=True,
            after_modifier=Decimal(str(after)) if after is not None else None,
        )

    def _parse(self, text: str, start: int, end: int) -> _Atom | None:
        """Value of a number expression; stops at the first token that breaks the grammar."""
        total = section = Decimal(0)
        cur: Decimal | None = None
        last = ""
        last_value = Decimal(0)
        valid_end = None
        top, tokens, money_only = 1, 0, False
        digits_first = False  # "2.5 bn and three" is two numbers, "two thousand and three" one
        ko = self.ko
        for tok in self.token_re.finditer(text, start, end):
            if tok.group("dig") is not None:
                digits_first = digits_first if last else True
                if last in ("dig", "word", "indef") or (last.startswith("scale") and not ko):
                    break
                raw = tok.group("dig")
                if _DECIMAL_COMMA.fullmatch(raw):
                    raw = raw.replace(",", ".")
                cur = Decimal(_NOT_DIGITS.sub("", raw))
                kind, last_value = "dig", cur
                if tok.group("att"):
                    scale = self.scales[tok.group("att").lower()]
                    total += cur * scale.value
                    cur, kind, top, money_only = (
                        None,
                        "scale_big",
                        int(scale.value),
                        scale.money_only,
                    )
            elif tok.group("word") is not None:
                value = self.numerals[tok.group("word").lower()]
                if (
                    last == "dig"
                    or (digits_first and not ko)
                    or (last == "word" and not _composable(last_value, value))
                ):
                    break
                cur = (cur or Decimal(0)) + value
                kind, last_value = "word", value
            elif tok.group("scale") is not None:
                scale = self.scales[_norm(tok.group("scale"), self.lang)]
                if last == "scale_big" and scale.value <= last_value:
                    break
                if last == "scale_small" and not scale.big:
                    break
                if scale.big:
                    total += ((section + (cur or 0)) or 1) * scale.value
                    section, cur = Decimal(0), None
                    kind = "scale_big"
                else:
                    section += (cur if cur is not None else 1) * scale.value
                    cur, kind = None, "scale_small"
                last_value, top, money_only = scale.value, int(scale.value), scale.money_only
            else:  # "a", "an", "one" before a scale
                if last:
                    break
                cur, kind = Decimal(1), "indef"
            last = kind
            tokens += 1
            valid_end = tok.end()
            if kind not in ("scale_big", "scale_small"):
                top, money_only = 1, False
        if valid_end is None or last == "indef":
            return None
        value = total + section + (cur or 0)
        if value <= 0:  # "-0-" (a wire-service end mark), "0" are not quantities
            return None
        plain = tokens == 1 and last == "dig" and text[start:valid_end].isdigit()
        return _Atom(
            start,
            valid_end,
            value,
            value,
            plain=plain,
            scaled=top > 1 or section > 0 or total > 0,
            top_scale=top,
            money_only=money_only,
        )

    # -- ranges --------------------------------------------------------------------------

    def range_of(self, text: str, a: _Atom, b: _Atom) -> tuple[int, Decimal, Decimal, bool] | None:
        """(start, min, max, is_year_range) when atoms a and b form one range."""
        gap = text[a.end : b.start]
        if len(gap) > 24:
            return None
        start = a.start
        dash = self.dash_gap.fullmatch(gap) is not None
        ok = dash or self.joiner_gap.fullmatch(gap) is not None
        for before, gap_re, after in self.pairs:
            gm = gap_re.fullmatch(gap)
            if gm is None:
                continue
            if before is not None:
                bm = before.search(text, max(0, a.start - _WINDOW), a.start)
                if bm is None:
                    continue
                start = bm.start()
            if (
                after is not None
                and not (self.ko and gm.groupdict().get("max"))
                and after.match(text, b.end) is None
            ):
                continue
            ok = True
            break
        if not ok:
            return None
        # "fell from 6,000 to 2,000" is a change, not a range
        if start != a.start and self.change_re is not None:
            if self.change_re.search(text, max(0, start - 40), start):
                return None
        lo = a.after_modifier if (a.after_modifier is not None and start != a.start) else a.lo
        hi = b.hi
        if lo is None or hi is None:
            return None
        if a.plain and b.plain:
            year_a = YEAR_MIN <= lo <= YEAR_MAX
            if year_a and dash and len(text[b.start : b.end]) == 2:
                hi = (lo // 100) * 100 + hi
                if hi <= lo:
                    hi += 100
                return start, lo, hi, True
            if year_a and YEAR_MIN <= hi <= YEAR_MAX and len(gap.strip()) <= 3:
                return (start, lo, hi, True) if lo < hi else None
        if not a.scaled and not a.vague and b.top_scale > 1 and lo * b.top_scale <= hi:
            lo *= b.top_scale
        if lo >= hi:
            return None
        return start, lo, hi, False

    # -- whole expressions -----------------------------------------------------------------

    def quantities(self, text: str) -> list[Quantity]:
        atoms = self.atoms(text)
        out: list[Quantity] = []
        i = 0
        while i < len(atoms):
            a = atoms[i]
            rng = self.range_of(text, a, atoms[i + 1]) if i + 1 < len(atoms) else None
            if rng is not None:
                q = self._expression(text, a, atoms[i + 1], rng)
                i += 2
            else:
                q = self._expression(text, a, None, None)
                i += 1
            if q is not None:
                out.append(q)
        return out

    def _expression(
        self,
        text: str,
        a: _Atom,
        b: _Atom | None,
        rng: tuple[int, Decimal, Decimal, bool] | None,
    ) -> Quantity | None:
        last = b or a
        start, end = (rng[0] if rng else a.start), last.end
        unit: str | None = None
        mod: str | None = None
        mod_phrase = ""
        ko = self.ko

        # before: a currency sign, then a modifier ("about $500"); labels ("No. 2")
        head_from = max(0, start - _WINDOW)
        cm = self.cur_before_re.search(text, head_from, start)
        if cm is not None:
            unit = "currency:" + self.currency_before[_norm(cm.group("cur"), self.lang)]
            start = cm.start()
        if rng is None or rng[0] == a.start:
            mm = self.mod_before.search(text, head_from, start)
            if mm is not None:
                mod = mm.lastgroup
                mod_phrase = _norm(mm.group(mod), self.lang)
                start = mm.start()
                if cm is None:
                    cm = self.cur_before_re.search(text, head_from, a.start)
        ub = self.unit_before_re.search(text, max(0, a.start - _WINDOW), a.start)
        if ub is not None and unit is None:
            unit = self.units_before.get(ub.group("u"))
        if unit is None and self._after_month(text, a):
            unit = "date"

        # after: Korean 여, a counter, a unit, a trailing modifier ("or more", "이상")
        pos = end
        counted = False
        if ko:
            ym = self.yeo.match(text, pos)
            if ym is not None:
                mod = mod or "approx"
                pos = end = ym.end()
            cm2 = self.counter_attached.match(text, pos)
            if cm2 is not None:
                counted = True
                pos = end = cm2.end()
        um = self.unit_after.match(text, pos)
        if um is not None and not (counted and ko):
            term = _norm(um.group("unit"), self.lang)
            name = self.unit_names.get(term)
            if name is not None:
                if name == "year":
                    name = "year" if a.plain and YEAR_MIN <= a.lo <= YEAR_MAX else "duration"
                unit = (
                    name if unit is None or unit == "date" or name.startswith("currency") else unit
                )
                pos = end = um.end()
        am = self.mod_after.match(text, pos)
        if am is not None and am.lastgroup:
            mod = am.lastgroup if mod in (None, "approx") else mod
            end = am.end()
        if unit is None and not counted and self.month_after.match(text, end) and a.lo <= 31:
            unit = "date"
        if not counted:
            counted = self.counter_ahead.match(text, end) is not None

        # bounds and form
        if rng is not None:
            lo, hi = rng[1], rng[2]
            form: Form = "range"
            if mod == "upper":
                lo, form = None, "upper"
            elif mod == "lower":
                hi, form = None, "lower"
        else:
            lo, hi = a.lo, a.hi
            if a.vague and a.after_modifier is not None and mod is not None:
                lo = hi = a.after_modifier
                vague = False
            else:
                vague = a.vague
            if mod == "lower":
                hi, form = None, "lower"
            elif mod == "upper":
                lo, form = None, "upper"
            elif vague:
                form = "vague"
            else:
                form = "approx" if mod == "approx" else "exact"
        if a.money_only and (unit is None or not unit.startswith("currency")):
            unit = "measure"

        year_like = False
        if rng is not None and rng[3]:
            year_like = True
        elif rng is None and a.plain and YEAR_MIN <= a.lo <= YEAR_MAX and not counted:
            year_like = form == "exact" or mod_phrase in self.temporal
        if unit == "decade":
            year_like = False
        if unit == "year":
            unit, year_like = None, True if a.plain else year_like
        if unit == "percent":
            form = "percent"
        return Quantity(
            start,
            end,
            _number(lo) if lo is not None else None,
            _number(hi) if hi is not None else None,
            form,
            text[start:end],
            unit,
            year_like,
        )

    def per_of(self, text: str, q: Quantity) -> tuple[str | None, int]:
        for per, pattern in self.per_after:
            m = pattern.match(text, q.end)
            if m is not None:
                return per, m.end()
        for per, pattern in self.per_before:
            if pattern.search(text, max(0, q.start - 16), q.start):
                return per, q.end
        return None, q.end


_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")  # "1,5": a decimal comma
_NOT_DIGITS = re.compile(r"[^\d.]")


def _composable(prev: Decimal, cur: Decimal) -> bool:
    """Whether numeral ``cur`` can follow ``prev``: "twenty five", "двести пятьдесят"."""
    if prev != prev.to_integral_value() or prev < 10:
        return False
    zeros = len(str(int(prev))) - len(str(int(prev)).rstrip("0"))
    return cur < 10**zeros


@cache
def _grammar(lang: str) -> _Grammar:
    return _Grammar(lang)


def find_quantities(text: str, lang: str = "en") -> list[Quantity]:
    """Every number-like expression of ``text`` with its bounds, form and unit, in order."""
    return list(_quantities(text, lang))


@lru_cache(maxsize=8)
def _quantities(text: str, lang: str) -> tuple[Quantity, ...]:
    # the engine asks for counts, money and dates of the same text: parse it once
    return tuple(_grammar(lang).quantities(text[:MAX_TEXT_CHARS]))


def find_counts(text: str, lang: str = "en") -> list[Quantity]:
    """The quantities that can be head counts: no unit (money, percent, time...), not years."""
    return [q for q in find_quantities(text, lang) if q.is_count]


def find_money(text: str, lang: str = "en") -> list[Money]:
    """Amounts of money with their ISO 4217 currency and period ("$500 a month")."""
    grammar = _grammar(lang)
    out = []
    for q in _quantities(text, lang):
        if q.unit is None or not q.unit.startswith("currency:"):
            continue
        per, end = grammar.per_of(text, q)
        out.append(
            Money(
                q.start,
                end,
                q.min if q.min is not None else q.max,
                q.unit.split(":", 1)[1],
                per,
                text[q.start : end],
                q.max,
                q.form,
            )
        )
    return out
