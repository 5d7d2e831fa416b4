"""The gazetteer: places, organizations, people and UN resolutions kept as data, and its matcher.

Entries live in YAML files under ``laborwatch/data/gazetteer/`` (every entry with a ``source:``
note; see ``gazetteer_data`` for the file format); analysts pass their own files with the same
schema to add entries or override packaged ones. ``Gazetteer.find`` returns every name mention in
one Aho-Corasick pass over the text; ``Gazetteer.find_resolutions`` the UN Security Council
resolutions a text cites.

Names are matched case-insensitively, except abbreviations and names written with a leading
``=`` (``"=Turkey"``: not the bird), with word boundaries on both sides; a name ending in Hangul
needs none after it, since Korean particles attach to names (러시아에, 블라디보스토크의).
Overlapping matches go to the longest ("North Korea", not "Korea").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

import ahocorasick_rs

from laborwatch.extract.gazetteer_data import GazetteerData, packaged_data, read_data

MentionKind = Literal["place", "organization", "person", "demonym"]

EXACT = "="  # a name with this prefix is matched only as written


# --- entities ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class _Entry:
    id: str
    name: str
    source: str
    names: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    abbreviations: tuple[str, ...] = ()
    not_mentions: tuple[str, ...] = ()
    notes: str | None = None

    def all_names(self) -> list[str]:
        """Every name in every language, brace alternatives expanded, ``=`` markers removed."""
        return [n.removeprefix(EXACT) for names in self.names.values() for n in names]


@dataclass(frozen=True, kw_only=True)
class Place(_Entry):
    kind: str
    country: str | None = None
    occupied: bool = False
    parent: str | None = None
    demonyms: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, kw_only=True)
class Organization(_Entry):
    kind: str
    country: str | None = None
    attribution: str | None = None
    parent: str | None = None
    labour_role: bool = False
    ambiguous_abbreviations: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Person(_Entry):
    role: str | None = None
    country: str | None = None
    attribution: str | None = None
    organization: str | None = None


@dataclass(frozen=True, kw_only=True)
class Resolution:
    number: int
    adopted: str | None
    summary: str
    source: str
    bare: bool = True  # False: the number reads as a year, match it only after "resolution"
    notes: str | None = None

    @property
    def label(self) -> str:
        return f"UNSCR {self.number}"


Entity = Place | Organization | Person


class Mention(NamedTuple):
    """One name found in a text; ``alternatives`` are other entities the same words can name.
    (A tuple: an article has dozens, made fast.)"""

    start: int
    end: int
    surface: str
    kind: MentionKind
    entity_id: str
    entity: Entity
    alternatives: tuple[str, ...] = ()


class ResolutionRef(NamedTuple):
    start: int
    end: int
    label: str  # "UNSCR 2397"


# --- text folding and name forms -----------------------------------------------------------

# Length-preserving, so offsets in the folded text are offsets in the original.
_FOLD_CHARS = {
    **dict.fromkeys("\u2019\u2018\u02bc\u2032`", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014", "-"),
    **dict.fromkeys("\u00a0\u2009\u202f\u2007\n\r\t", " "),
    "ё": "е",
    "Ё": "Е",
}
_FOLD_ITEMS = tuple(_FOLD_CHARS.items())


def fold(text: str, *, lower: bool = True) -> str:
    """Text lowercased (when ``lower``) with quotes, dashes and spaces unified, same length."""
    return _folded(text, lower)


@lru_cache(maxsize=8)
def _folded(text: str, lower: bool) -> str:
    # an article is folded by several readers (names, stems, resolutions): once is enough
    if lower:
        return lowercase(_folded(text, False))
    # one str.replace per character the text holds: several times faster than re.sub with a
    # callback, and str.translate with a dict
    for char, folded in _FOLD_ITEMS:
        if char in text:
            text = text.replace(char, folded)
    return text


def lowercase(text: str) -> str:
    """``text`` lower-cased with every offset kept."""
    low = text.lower()
    if len(low) != len(text):  # a few characters lowercase to two ("İ"): keep those as is
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low


def _is_hangul(char: str) -> bool:
    return (
        "\uac00" <= char <= "\ud7a3" or "\u1100" <= char <= "\u11ff" or "\u3130" <= char <= "\u318f"
    )


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


# --- loading ---------------------------------------------------------------------------------


def load_gazetteer(extra: list[Path] | None = None) -> Gazetteer:
    """The packaged gazetteer, plus analysts' files (new ids added, existing ids merged).
    Without extra files the gazetteer is built once and shared."""
    if not extra:
        return _default_gazetteer()
    return Gazetteer(read_data(extra))


@cache
def _default_gazetteer() -> Gazetteer:
    return Gazetteer(packaged_data())


# --- the gazetteer and its matcher -----------------------------------------------------------


class _Target(NamedTuple):
    entity_id: str | None  # None: a phrase that is not a mention but blocks shorter ones
    kind: MentionKind | None


class _Pattern(NamedTuple):
    targets: list[_Target]
    left: bool  # starts with a letter or digit: needs a word boundary before it
    right: bool  # ends with a letter or digit other than Hangul: needs a boundary after it
    hangul_start: bool


class _Automaton:
    """Patterns of one case mode compiled into one Aho-Corasick automaton."""

    def __init__(self, lower: bool) -> None:
        self.lower = lower
        self.index: dict[str, int] = {}
        self.patterns: list[_Pattern] = []
        self.automaton: ahocorasick_rs.AhoCorasick | None = None

    def add(self, name: str, target: _Target) -> None:
        key = fold(name, lower=self.lower)
        slot = self.index.get(key)
        if slot is None:
            self.index[key] = len(self.patterns)
            first, last = key[0], key[-1]
            right = _is_word(last) and not _is_hangul(last)  # Hangul names take particles
            self.patterns.append(_Pattern([], _is_word(first), right, _is_hangul(first)))
            slot = self.index[key]
        targets = self.patterns[slot].targets
        if all(t.entity_id != target.entity_id for t in targets):
            targets.append(target)

    def build(self) -> None:
        if self.index:
            self.automaton = ahocorasick_rs.AhoCorasick(list(self.index))

    def hits(self, text: str) -> Iterable[tuple[int, int, _Pattern]]:
        if self.automaton is None:
            return
        for slot, start, end in self.automaton.find_matches_as_indexes(text, overlapping=True):
            pattern = self.patterns[slot]
            if pattern.left and start > 0:
                before = text[start - 1]
                if _is_word(before) and (pattern.hangul_start or not _is_hangul(before)):
                    continue  # inside a word
            if pattern.right and end < len(text):
                after = text[end]
                if _is_word(after) and not _is_hangul(after):
                    continue  # Korean particles attach after names, so Hangul is a boundary
            yield start, end, pattern


class Gazetteer:
    """Places, organizations, people and resolutions, with lookups and a matcher."""

    def __init__(self, data: GazetteerData) -> None:
        entries = data.entries
        self.places = {k: Place(**e) for k, e in entries["places"].items()}
        self.organizations = {k: Organization(**e) for k, e in entries["organizations"].items()}
        self.people = {k: Person(**e) for k, e in entries["people"].items()}
        self.resolutions = {int(k): Resolution(**e) for k, e in entries["resolutions"].items()}
        self._entities: dict[str, Entity] = {**self.places, **self.organizations, **self.people}
        self._countries = {p.country: p for p in self.places.values() if p.kind == "country"}
        self._named: dict[int, tuple] = {}  # what each pattern names (see ``_what_it_names``)
        self._ci = _Automaton(lower=True)
        self._cs = _Automaton(lower=False)
        self._compile_names()
        self._compile_resolutions(data.words)

    # lookups

    def get(self, entity_id: str) -> Entity:
        return self._entities[entity_id]

    def country(self, iso: str) -> Place | None:
        """The country entry of an ISO 3166-1 alpha-2 code."""
        return self._countries.get(iso)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._entities

    def _compile_names(self) -> None:
        primary: list[tuple[str, _Target]] = []
        secondary: list[tuple[str, _Target]] = []
        blockers: list[tuple[str, _Target]] = []
        for entity in self._entities.values():
            kind: MentionKind = (
                "place"
                if isinstance(entity, Place)
                else "organization"
                if isinstance(entity, Organization)
                else "person"
            )
            target = _Target(entity.id, kind)
            primary += [(n, target) for ns in entity.names.values() for n in ns]
            primary += [(EXACT + n, target) for n in entity.abbreviations]
            if isinstance(entity, Place):
                demonym = _Target(entity.id, "demonym")
                primary += [(n, demonym) for ns in entity.demonyms.values() for n in ns]
            if isinstance(entity, Organization):
                secondary += [(EXACT + n, target) for n in entity.ambiguous_abbreviations]
            blockers += [(n, _Target(None, None)) for n in entity.not_mentions]
        for name, target in (*primary, *secondary, *blockers):
            if name.startswith(EXACT):
                self._cs.add(name.removeprefix(EXACT), target)
            else:
                self._ci.add(name, target)
        self._ci.build()
        self._cs.build()
        self._named = {
            id(p): self._what_it_names(p) for a in (self._ci, self._cs) for p in a.patterns
        }

    # matching

    def find(self, text: str) -> list[Mention]:
        """Every place, organization, person and demonym mention, longest match first, in
        text order. An abbreviation another entity shares is resolved to the entity whose full
        name the same text uses, when exactly one does."""
        hits = [(s, e, p, 1) for s, e, p in self._cs.hits(fold(text, lower=False))]
        hits += [(s, e, p, 0) for s, e, p in self._ci.hits(fold(text))]
        hits.sort(key=lambda h: (h[0] - h[1], -h[3], h[0]))  # longest, exact before folded
        starts: list[int] = []
        chosen: list[tuple[int, int, _Pattern]] = []
        for start, end, pattern, _ in hits:
            i = bisect.bisect_right(starts, start)
            if i and chosen[i - 1][1] > start or i < len(chosen) and chosen[i][0] < end:
                continue
            starts.insert(i, start)
            chosen.insert(i, (start, end, pattern))
        mentions = []
        for start, end, pattern in chosen:
            if named := self._named[id(pattern)]:
                mentions.append(Mention(start, end, text[start:end], *named))
        return _prefer_named(mentions, self._entities)

    def _what_it_names(self, pattern: _Pattern) -> tuple:
        """A pattern's kind, entity, entry and alternatives; () for a blocker."""
        first = pattern.targets[0]
        if first.entity_id is None or first.kind is None:
            return ()
        others = tuple(t.entity_id for t in pattern.targets[1:] if t.entity_id)
        return first.kind, first.entity_id, self._entities[first.entity_id], others

    def _compile_resolutions(self, words: Mapping[str, Any]) -> None:
        def alternation(items: Iterable[str]) -> str:
            ordered = sorted({fold(i, lower=False) for i in items}, key=len, reverse=True)
            return "|".join(r"\s+".join(map(re.escape, i.split())) for i in ordered) or "(?!)"

        intro = [w for ws in words.get("intro", {}).values() for w in ws]
        korean = alternation(w for w in intro if _is_hangul(w[0]))  # compounds: no boundary
        other = alternation(w for w in intro if not _is_hangul(w[0]))
        qualifiers = alternation(w for ws in words.get("qualifiers", {}).values() for w in ws)
        prefix = rf"(?:(?:{alternation(words.get('number_prefixes', ()))})\s*)?"
        # resolution wording right before a number: "Resolution ", "резолюции СБ ООН ", "결의 제"
        self._res_before = re.compile(
            rf"(?:(?<![^\W_])(?:{other})|{korean})(?:\s+(?:{qualifiers}))?\s*{prefix}$",
            re.IGNORECASE,
        )
        # between two numbers of a list: " and ", ", ", "호와 "
        self._res_between = re.compile(
            rf"\s*(?:{alternation(words.get('separators', ()))})\s*{prefix}", re.IGNORECASE
        )
        self._res_after = re.compile(
            rf"(?:\s*(?:{alternation(words.get('number_suffixes', ()))}))?"
            r"(?:\s*\(\s*\d{4}\s*\))?"
        )
        self._res_not_after = re.compile(
            rf"\s*(?:{alternation(words.get('not_followed_by', ()))})", re.IGNORECASE
        )
        first, last = words.get("year_like", (0, -1))
        self._res_year_like = range(first, last + 1)
        self._res_bare = {n for n, r in self.resolutions.items() if r.bare}

    def find_resolutions(self, text: str) -> list[ResolutionRef]:
        """UN Security Council resolutions cited in ``text`` as ``(start, end, "UNSCR N")``.

        A four-digit number counts when resolution wording introduces it ("Resolution 2375",
        "резолюции СБ ООН 2375", "결의 2397호"), when it continues such a list ("2375 and
        2397"), or when resolutions.yaml lists it; not inside a larger or decimal number, after a
        currency sign, before words like "Committee", nor, unless listed, when it reads as a year.
        """
        text = fold(text, lower=False)  # same length: offsets hold
        refs: list[ResolutionRef] = []
        previous_end = -1
        for match in _FOUR_DIGITS.finditer(text):
            start, end = match.span()
            if end - start != 4 or (start and text[start - 1] in ".,$€£"):
                continue
            if _PART_OF_NUMBER.match(text, end):
                continue
            value = int(match.group())
            intro = self._res_before.search(text, max(0, start - 60), start)
            listed = previous_end >= 0 and self._res_between.fullmatch(text, previous_end, start)
            if not (intro or listed or value in self._res_bare):
                continue
            end = self._res_after.match(text, end).end()
            if self._res_not_after.match(text, end):
                continue
            if value in self._res_year_like and value not in self.resolutions:
                continue
            refs.append(ResolutionRef(intro.start() if intro else start, end, f"UNSCR {value}"))
            previous_end = end
        return refs


_FOUR_DIGITS = re.compile(r"\d\d{3,}")  # opening with one digit lets the engine scan for it
_PART_OF_NUMBER = re.compile(r"/|[.,]\d")  # "2375/2017", "2375.5"


def _prefer_named(mentions: list[Mention], entities: Mapping[str, Entity]) -> list[Mention]:
    """Point an ambiguous mention (an abbreviation two bodies share) at the candidate the text
    names unambiguously, when it names exactly one of them."""
    named = {m.entity_id for m in mentions if not m.alternatives}
    out = []
    for mention in mentions:
        if mention.alternatives and mention.entity_id not in named:
            others = [a for a in mention.alternatives if a in named]
            if len(others) == 1:
                rest = tuple(
                    a for a in (mention.entity_id, *mention.alternatives) if a != others[0]
                )
                mention = Mention(
                    mention.start,
                    mention.end,
                    mention.surface,
                    mention.kind,
                    others[0],
                    entities[others[0]],
                    rest,
                )
        out.append(mention)
    return out
