"""One document as the rules see it: sentences, names, counts and dates computed once, the
text with names blanked out, and the cheap relevance prefilter. Also the finding types."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any

from laborwatch.extract import dates as date_module
from laborwatch.extract import quantities as quantity_module
from laborwatch.extract.gazetteer import Gazetteer, fold, lowercase
from laborwatch.extract.lexicon import (
    Lexeme,
    alternation,
    groups,
    indexed_stems,
    load_lexicon,
    pattern,
    pattern_of,
    stem_index,
)
from laborwatch.extract.sentences import Sentence, split_sentences

NEVER_DESTINATION = {"KP", "KR"}
_UNKNOWN: Any = object()  # not asked yet (None is an answer)


@dataclass(slots=True)
class Span:
    start: int
    end: int
    role: str = "statement"


@dataclass
class Finding:
    """One extracted fact, independent of storage."""

    kind: str
    data: dict[str, Any]
    rule: str
    sentence: Sentence
    spans: list[Span] = field(default_factory=list)
    extra_sentences: list[Sentence] = field(default_factory=list)


class Document:
    """Everything the frame rules look at for one text, computed once."""

    def __init__(
        self,
        text: str,
        published: str | None,
        lang: str,
        gazetteer: Gazetteer,
        source: str | None = None,
        *,
        light: bool = False,
    ):
        self.text = text
        self.source = source
        self.lang = lang if lang in ("en", "ko", "ru") else "en"
        self.gazetteer = gazetteer
        self.sentences = split_sentences(text, self.lang)
        self._starts = [s.start for s in self.sentences]
        self._stem_sentences: dict[str, set[int]] | None = None
        if light:  # sentences only: enough to cite what a cheap scan found
            return
        self.mentions = sorted(gazetteer.find(text), key=lambda m: m.start)
        # lexical rules read a copy with organization and person names blanked out, so that
        # "Workers' Party of Korea" is not workers; offsets stay the same
        pieces, cursor = [], 0
        for mention in self.mentions:
            if mention.kind in ("organization", "person") and mention.start >= cursor:
                pieces += (text[cursor : mention.start], "_" * (mention.end - mention.start))
                cursor = mention.end
        pieces.append(text[cursor:])
        self.masked = "".join(pieces)
        self.lowered = lowercase(self.masked)  # what case-folded lexicon groups run on
        self._labour_topic: bool | None = None
        self._matches: dict[tuple[Lexeme, int], list[re.Match[str]]] = {}
        self._first: dict[tuple[Lexeme, int], re.Match[str] | None] = {}
        self._openings: dict[tuple[Lexeme, int], re.Match[str] | None] = {}
        self._hit_sentences: dict[tuple[Lexeme, bool], frozenset[int]] = {}
        self._starts_of: dict[int, list[int]] = {}
        self._near: set[int] | None = None
        self._candidate_cache: dict[Lexeme, set[int] | None] = {}
        # what rules compute once per sentence and ask for again (attribution, ...)
        self.memo: dict[tuple[str, int], Any] = {}
        # where the literal stems of the lexicon groups occur: a sentence holding none of a
        # group's stems cannot match it, and most sentences hold none of most groups'
        automaton, stems, self._known_stems = stem_index(self.lang)
        self._stem_sentences = {}
        # the text as written, names included: a superset of what the masked words hold, so
        # rules that read names (sanctions) can use it too
        for slot, start, _end in automaton.find_matches_as_indexes(fold(text), overlapping=True):
            index = bisect_right(self._starts, start) - 1
            self._stem_sentences.setdefault(stems[slot], set()).add(index)
        # SPEC: relative expressions are resolved only against a known publication date
        self.published = published
        # "MOSCOW, Aug 3 (Wire) -": the dateline says where and when the story was filed
        dateline = DATELINE.match(text)
        self.dateline_end = dateline.end() if dateline else 0
        # counts and dates matter only around sentences that speak of workers, and are read
        # only where a rule asks for them (``quantities_in``, ``dates_in``)
        self.worker_spans = self._worker_spans()
        self._span_items: dict[tuple[str, int], list[Any]] = {}

    def quantities_in(self, sentence: Sentence) -> list[Any]:
        """Worker counts of the sentence (around worker sentences only; not money, years...).
        The list is kept for the next caller: read it, do not change it."""
        return self._in_span(sentence, "quantities")

    def dates_in(self, sentence: Sentence) -> list[Any]:
        """Resolved date mentions of the sentence (around worker sentences only); read the
        list, do not change it."""
        return self._in_span(sentence, "dates")

    def _in_span(self, sentence: Sentence, kind: str) -> list[Any]:
        asked = (kind, -1 - sentence.index)
        if asked in self._span_items:
            return self._span_items[asked]
        number = next(
            (
                n
                for n, (start, end) in enumerate(self.worker_spans)
                if start <= sentence.start < end
            ),
            None,
        )
        if number is None:
            return []
        key = (kind, number)
        if key not in self._span_items:
            start, end = self.worker_spans[number]
            chunk = self.text[start:end]
            if kind == "quantities":
                found = [
                    q for q in quantity_module.find_quantities(chunk, self.lang) if is_count(q)
                ]
            else:
                found = [
                    d
                    for d in date_module.find_dates(chunk, self.published, self.lang)
                    if d.start + start >= self.dateline_end
                ]
            # a whole span at once: dates like "a year earlier" read the ones before them
            self._span_items[key] = [_shifted(item, start) for item in found]
        found = [i for i in self._span_items[key] if sentence.start <= i.start < sentence.end]
        self._span_items[asked] = found
        return found

    def _worker_spans(self) -> list[tuple[int, int]]:
        """Stretches of sentences naming workers, with one sentence either side."""
        marks = set()
        workers = pattern(self.lang, "workers")
        # each kind of worker word where its own stems occur: cheaper than the whole union;
        # all of its matches at once, as the anchors of a frame need them
        hits: set[int] = set()
        for kind in groups(self.lang, "workers").values():
            candidates = self._candidates(kind)
            for index in range(len(self.sentences)) if candidates is None else candidates:
                if self.find_all(kind, self.sentences[index]):
                    hits.add(index)
        # the same sentences answer ``sentences_with(workers)``, near workers or not
        self._hit_sentences[(workers, True)] = frozenset(hits)
        self._hit_sentences[(workers, False)] = frozenset(hits)
        for index in hits:
            marks.update((index - 1, index, index + 1))
        spans: list[tuple[int, int]] = []
        for index in sorted(i for i in marks if 0 <= i < len(self.sentences)):
            sentence = self.sentences[index]
            if spans and index - 1 in marks and spans[-1][1] >= self.sentences[index - 1].end:
                spans[-1] = (spans[-1][0], sentence.end)
            else:
                spans.append((sentence.start, sentence.end))
        return spans

    @property
    def labour_topic(self) -> bool:
        if self._labour_topic is None:
            self._labour_topic = is_labour_relevant(self)
        return self._labour_topic

    def words(self, sentence: Sentence) -> str:
        """The sentence as the lexical rules see it (names blanked out)."""
        return self.masked[sentence.start : sentence.end]

    def _view(self, regex: Lexeme, sentence: Sentence) -> str:
        """The sentence's words as ``regex`` reads them (lower-cased for folded groups)."""
        return (self.lowered if regex.folded else self.masked)[sentence.start : sentence.end]

    def surface(self, sentence: Sentence, match: re.Match[str]) -> str:
        """The words a match of a lexicon group covers, as written."""
        return self.masked[sentence.start + match.start() : sentence.start + match.end()]

    def search_text(self, regex: Lexeme) -> tuple[int, int] | None:
        """Where ``regex`` first matches in the text as written (names included), sentence by
        sentence."""
        candidates = self._candidates(regex)
        indices = sorted(candidates) if candidates is not None else range(len(self.sentences))
        for index in indices:
            sentence = self.sentences[index]
            match = regex.search(sentence.text)
            if match:
                return sentence.start + match.start(), sentence.start + match.end()
        return None

    def _candidates(self, regex: Lexeme) -> set[int] | None:
        """Sentences that hold a stem of ``regex``; None when its stems are unknown."""
        if self._stem_sentences is None:
            return None
        if regex not in self._candidate_cache:
            stems = indexed_stems(regex, self._known_stems)
            found: set[int] | None = None
            if stems is not None:
                found = set()
                for stem in stems & self._stem_sentences.keys():
                    found |= self._stem_sentences[stem]
            self._candidate_cache[regex] = found
        return self._candidate_cache[regex]

    def may_match(self, regex: Lexeme, sentence: Sentence) -> bool:
        """False when the sentence holds none of the stems every match of ``regex`` needs."""
        candidates = self._candidate_cache.get(regex, _UNKNOWN)
        if candidates is _UNKNOWN:
            candidates = self._candidates(regex)
        return candidates is None or sentence.index in candidates

    # the caches below are keyed by the group itself (a lexicon group lives as long as the
    # process) and the sentence number: rules ask the same questions many times over. Most
    # questions are new, so a miss is a ``get`` (an exception per miss cost more)

    def find_all(self, regex: Lexeme, sentence: Sentence) -> list[re.Match[str]]:
        """Matches of ``regex`` in the sentence's words, computed once per document."""
        key = (regex, sentence.index)
        found = self._matches.get(key)
        if found is None:
            found = []
            if self.may_match(regex, sentence):
                view = self._view(regex, sentence)
                start = regex.where_from(view)
                if start is not None:
                    found = list(regex.regex.finditer(view, start))
            self._matches[key] = found
        return found

    def find(self, regex: Lexeme, sentence: Sentence) -> re.Match[str] | None:
        """The first match of ``regex`` in the sentence's words, computed once per document."""
        key = (regex, sentence.index)
        first = self._first.get(key, _UNKNOWN)
        if first is not _UNKNOWN:
            return first
        found = self._matches.get(key)
        if found is not None:  # all its matches are known: the first is the one
            first = found[0] if found else None
        elif self.may_match(regex, sentence):
            view = self._view(regex, sentence)
            start = regex.where_from(view)
            first = regex.regex.search(view, start) if start is not None else None
        else:
            first = None
        self._first[key] = first
        return first

    def opening(self, regex: Lexeme, sentence: Sentence) -> re.Match[str] | None:
        """A match of ``regex`` at the very start of the sentence's words, computed once."""
        key = (regex, sentence.index)
        found = self._openings.get(key, _UNKNOWN)
        if found is _UNKNOWN:
            found = (
                regex.regex.match(self._view(regex, sentence))
                if self.may_match(regex, sentence)
                else None
            )
            self._openings[key] = found
        return found

    def sentences_with(self, regex: Lexeme, *, near_workers: bool = True) -> frozenset[int]:
        """Indices of the sentences where ``regex`` matches, found in one scan, so the rules
        can skip the many sentences a lexicon group never touches. With ``near_workers`` only
        the stretches around sentences naming workers are scanned: what an article says of
        controls, payments or agreements concerns the workers it names there."""
        key = (regex, near_workers)
        if key not in self._hit_sentences:
            candidates = self._candidates(regex)
            if candidates is not None:
                near = self._near_workers() if near_workers else None
                self._hit_sentences[key] = frozenset(
                    index
                    for index in candidates
                    if (near is None or index in near) and self.find(regex, self.sentences[index])
                )
            else:
                spans = self.worker_spans if near_workers else [(0, len(self.masked))]
                view = self.lowered if regex.folded else self.masked
                self._hit_sentences[key] = frozenset(
                    bisect_right(self._starts, m.start()) - 1
                    for start, end in spans
                    for m in regex.regex.finditer(view, start, end)
                )
        return self._hit_sentences[key]

    def _near_workers(self) -> set[int]:
        if self._near is None:
            self._near = {
                s.index
                for s in self.sentences
                if any(start <= s.start < end for start, end in self.worker_spans)
            }
        return self._near

    def sentence_at(self, offset: int) -> Sentence:
        return self.sentences[max(0, bisect_right(self._starts, offset) - 1)]

    def within(self, items: list, sentence: Sentence) -> list:
        """The items (sorted by start) that start inside the sentence."""
        starts = self._starts_of.get(id(items))
        if starts is None or len(starts) != len(items):
            starts = self._starts_of[id(items)] = [item.start for item in items]
        lo = bisect_left(starts, sentence.start)
        hi = bisect_left(starts, sentence.end)
        return items[lo:hi]


def _shifted(item: Any, offset: int) -> Any:
    """A copy of a found quantity or date whose ``start`` and ``end`` come first, moved by
    ``offset`` (``dataclasses.replace`` costs several times more, and spans have dozens)."""
    kind = type(item)
    names = _REST_OF.get(kind)
    if names is None:
        every = tuple(f.name for f in fields(kind))
        if every[:2] != ("start", "end"):
            raise TypeError(f"{kind.__name__} does not open with start and end")
        names = _REST_OF[kind] = every[2:]
    return kind(item.start + offset, item.end + offset, *[getattr(item, n) for n in names])


_REST_OF: dict[type, tuple[str, ...]] = {}


def north_korea(lang: str) -> Lexeme:
    """Words that name North Korea or its people (not the other nationalities listed beside)."""
    return pattern_of(lang, ("north_korea", "adjectives"), ("north_korea", "senders"))


DATELINE = re.compile(r"\A[A-ZА-Я][A-ZА-Я .'’-]+,\s+[^()\n]{0,30}?(?:\([^)\n]*\))?\s*[-–—/]+\s")


_YEAR = re.compile(r"(?:19[5-9]\d|20\d\d)")


def is_count(quantity: Any) -> bool:
    form = getattr(quantity, "form", None)
    if form == "percent":
        return False
    if getattr(quantity, "unit", None):
        return False
    if getattr(quantity, "is_year_like", False):
        return False
    if _YEAR.fullmatch(quantity.text.strip()):
        return False
    return quantity.min is not None or quantity.max is not None


def entity_of(mention: Any) -> Any:
    return getattr(mention, "entity", None)


def is_labour_relevant(doc: Document) -> bool:
    """North Korea named, and workers named in the same or a neighbouring sentence."""
    lang = doc.lang
    workers = groups(lang, "workers")
    nk = north_korea(lang)
    labour = doc.sentences_with(workers["labour"]) | doc.sentences_with(workers["permits"])
    for index in sorted(doc.sentences_with(nk, near_workers=False)):
        if any(i in labour for i in range(index - 2, index + 3)):
            return True
    return False


def names_workers(text: str, lang: str) -> bool:
    """The prefilter: does the text name workers with a worker noun or permit of the lexicon,
    in lower case ("Workers' Party" and a capitalised name do not pass) or capitalised where
    a sentence of the story's opening starts ("MOSCOW - Sappers of ...")? An article naming
    none is read for sanctions only."""
    as_written, folded = _prefilter_terms(lang)
    if as_written.search(text):
        return True
    # an article that names workers only capitalised does so as it opens, if at all; reading
    # just the opening keeps the prefilter cheap for the many articles it turns away
    opening = text[:_OPENING_CHARS]
    for match in folded.finditer(opening):
        start = match.start()
        if not start or _OPENS.search(opening, max(0, start - 4), start):
            return True
    return False


_OPENING_CHARS = 400


# what may stand right before a word that opens a sentence or a story
_OPENS = re.compile(r"(?:[.!?][\"'”’)]?\s+|\n\s*|\s[-–—]{1,2}\s|[\"“‘])$")


@cache
def _prefilter_terms(lang: str) -> tuple[Lexeme, Lexeme]:
    lexicon = load_lexicon(lang)
    workers = lexicon.get("workers", {})
    terms = [str(t) for group in ("labour", "permits") for t in workers.get(group, [])]
    terms += [str(t) for t in lexicon.get("prefilter", {}).get("terms", [])]
    return alternation(terms, flags=0), alternation(terms)


def date_value(doc: Document, date: Any, future: bool = False) -> str:
    value = _that_year(doc, date)
    if future and getattr(date, "future_value", None):
        value = date.future_value  # "plans to send 800 more in May": the coming May
    if len(value) == 4 and re.search(r"\b(?:end|close) of\b", date.text):
        return value + "-12"  # "at the end of 2017": December
    before = doc.text[max(0, date.start - 30) : date.start]
    # "said on Tuesday", "told lawmakers Wednesday": the day of the statement, not of the event
    if len(value) == 10 and re.search(
        r"\b(?:said|says|told|reported|announced|stated|added|confirmed)\b[^.,;]{0,20}$", before
    ):
        return value[:7]
    return value


def _that_year(doc: Document, date: Any) -> str:
    """ "In August of that year": the year is the last one the text named before."""
    if "that year" not in date.text:
        return date.value
    years = re.findall(r"\b(19[5-9]\d|20\d\d)\b", doc.text[: date.start])
    return years[-1] + date.value[4:] if years else date.value
