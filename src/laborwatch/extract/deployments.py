"""Deployment frames: who is sent where, how many, when, in what status.

A frame is built inside one sentence: a worker anchor (a count and/or a worker noun), a status
trigger, a destination. It crosses a sentence boundary only through an explicit link (a pronoun
or "the workers" opening the next sentence, "the region", "there", "the number"), and every
frame records the rule that built it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from laborwatch.extract import dates as date_module
from laborwatch.extract import quantities as quantity_module
from laborwatch.extract.attribution import attribution_of
from laborwatch.extract.document import (
    NEVER_DESTINATION,
    Document,
    Finding,
    Span,
    date_value,
    entity_of,
    north_korea,
)
from laborwatch.extract.lexicon import groups, pattern
from laborwatch.extract.sentences import Sentence

PRESENT_TENSE = re.compile(
    r"\b(?:is|are|remain|remains|now|currently|still|has been|have been|has|have)\b", re.I
)


@dataclass
class Anchor:
    start: int
    end: int
    kind: str  # labour | person | military | permit | count_verb | pronoun | number | anaphor
    count: Any | None = None
    nk: bool = False
    earlier_state: bool = False  # the "from" count of "from 6,000 to 2,000"
    noun: str = ""  # the worker noun's class when the anchor became an anaphor


@dataclass
class Deployment:
    sentence: Sentence
    anchor: Anchor
    country: str | None = None
    area: str | None = None
    occupied: bool = False
    workers_min: int | None = None
    workers_max: int | None = None
    status: str = "unknown"
    sector: str = "unknown"
    when: str | None = None
    attribution: str = "outlet"
    modality: str = "asserted"
    rule: str = ""
    spans: list[Span] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    speaker: str | None = None

    def slots(self) -> dict[str, Any]:
        return {
            "destination_country": self.country,
            "destination_area": self.area,
            "occupied": self.occupied,
            "workers_min": self.workers_min,
            "workers_max": self.workers_max,
            "status": self.status,
            "sector": self.sector,
            "when": self.when,
            "attribution": self.attribution,
        }


def find_deployments(doc: Document) -> list[Deployment]:
    frames: list[Deployment] = []
    pending: list[Deployment] = []  # frames waiting for a destination from the next sentence
    for sentence in doc.sentences:
        sentence_frames: list[Deployment] = []
        for anchor in _anchors(doc, sentence):
            for frame in _frames(doc, sentence, anchor, frames + sentence_frames):
                if frame.anchor.kind == "anaphor" and _uncounted(frame):
                    if _changes_status(frame, frames + sentence_frames):
                        # "Many have gone home": the group of the sentence before, leaving
                        group = (frames + sentence_frames)[-1]
                        if frame.sector == "unknown":
                            frame.sector = group.sector
                        frame.rule += "+next-stage"
                        sentence_frames.append(frame)
                    elif _another_time(doc, frame, frames + sentence_frames):
                        # "The men had been working since 2023": the same group, counted
                        # at another time (SPEC: another deployment)
                        group = (frames + sentence_frames)[-1]
                        frame.workers_min, frame.workers_max = group.workers_min, group.workers_max
                        if frame.sector == "unknown":
                            frame.sector = group.sector
                        frame.rule += "+another-time"
                        sentence_frames.append(frame)
                    else:
                        _resolve_anaphor(frame, frames, sentence_frames, pending, sentence)
                elif frame.country is None:
                    pending.append(frame)
                else:
                    sentence_frames.append(frame)
        pending = [p for p in pending if p.sentence.index >= sentence.index - 1]
        frames.extend(sentence_frames)
        _continuations(doc, sentence, frames)
    frames.extend(_figure_rows(doc))
    return _merge(frames)


# "End of 2015: 1,480." / "31 December 2017: 30,023": a row of a list of dated figures
FIGURE_ROW = re.compile(
    r"\s*(?:[-•*]\s*)?(?P<date>[^:\n]{4,40}):\s+(?P<count>\d[\d,.\u00a0\u202f ]*\d|\d)\b"
)


def _figure_rows(doc: Document) -> list[Deployment]:
    """Lists of dated figures under a sentence that says what they count ("North Korean
    citizens holding valid work permits in Russia"): one deployment per row (statistics
    reports set them out this way)."""
    rows: list[tuple[Sentence, Any, Any]] = []
    for sentence in doc.sentences:
        match = FIGURE_ROW.match(sentence.text)
        if match is None:
            continue
        date_part = match.group("date")
        dates = [
            d
            for d in date_module.find_dates(date_part, doc.published, doc.lang)
            if getattr(d, "value", None) and d.end >= len(date_part.rstrip()) - 1
        ]
        counts = [
            q
            for q in quantity_module.find_counts(match.group("count"), doc.lang)
            if q.min is not None
        ]
        if dates and counts:
            rows.append((sentence, dates[0], counts[0]))
    frames = []
    for sentence, date, count in rows:
        neighbours = [r for r in rows if abs(r[0].index - sentence.index) <= 2 and r[0] != sentence]
        if not neighbours:
            continue  # a list has rows; one "Date: figure" line may be anything
        context = _figure_context(doc, min(r[0].index for r in [*neighbours, (sentence,)]))
        if context is None:
            continue
        heading, country = context
        frame = Deployment(sentence=sentence, anchor=Anchor(sentence.start, sentence.end, "row"))
        frame.rule = "figure-row"
        frame.sentences.append(sentence)
        frame.country = country
        frame.status = "sent"
        frame.workers_min, frame.workers_max = int(count.min), int(count.max or count.min)
        frame.when = date.value
        if len(date.value) == 4 and re.search(r"\b(?:end|close) of\b", date.text, re.I):
            frame.when += "-12"  # "End of 2015"
        frame.sector = _sector(doc, heading, frame.anchor, "unknown")
        frame.attribution, frame.speaker = attribution_of(doc, heading)
        if frame.attribution in ("outlet", "government"):
            frame.attribution = "official_statistics"  # a published series of counts
        frame.spans = [Span(sentence.start, sentence.end, "count")]
        frames.append(frame)
    return frames


def _figure_context(doc: Document, first_row: int) -> tuple[Sentence, str] | None:
    """What a list of figures counts: the lines before it (and its first row) must name North
    Korea and workers or permit holders; the host country is the one they or the article
    name."""
    workers = groups(doc.lang, "workers")
    window = doc.sentences[max(0, first_row - 4) : first_row + 1]
    if not any(doc.find(north_korea(doc.lang), s) for s in window):
        return None
    for sentence in reversed(window):
        named = doc.find(workers["labour"], sentence) or doc.find(workers["permits"], sentence)
        if not (named or re.search(r"\b(?:permit|visa) holders\b|\bholding\b", sentence.text)):
            continue
        for other in reversed(window):
            places = _destinations(doc, other, Anchor(other.start, other.start, "row"), "sent")
            if places:
                return sentence, places[0][0]
        host = _article_host(doc)
        return (sentence, host) if host else None
    return None


def _resolve_anaphor(
    frame: Deployment,
    frames: list[Deployment],
    sentence_frames: list[Deployment],
    pending: list[Deployment],
    sentence: Sentence,
) -> None:
    """ "The men are expected to arrive in Donetsk": the group of the sentence before."""
    for waiting in pending:
        if waiting.sentence.index == sentence.index - 1 and frame.country:
            _fill_from(waiting, frame)
            waiting.rule += "+anaphor-destination"
            sentence_frames.append(waiting)
            pending.remove(waiting)
            return
    known = frames + sentence_frames
    last = known[-1] if known else None
    if last is not None and max(s.index for s in last.sentences) >= sentence.index - 1:
        _fill_from(last, frame)
        last.rule += "+anaphor"


_LIFECYCLE = {"planned": 0, "sent": 1, "ended": 2}


def _changes_status(frame: Deployment, known: list[Deployment]) -> bool:
    """An anaphor that moves the group it points back to on in its life: planned, then sent,
    then ended ("Many have gone home"). SPEC counts that as another deployment; a look back
    ("most of them had worked in factories") describes the same one."""
    if not known or frame.country is None:
        return False
    last = known[-1]
    own = any(span.role == "status" for span in frame.spans)
    return (
        own
        and last.country == frame.country
        and _LIFECYCLE.get(frame.status, -1) > _LIFECYCLE.get(last.status, 3)
    )


def _another_time(doc: Document, frame: Deployment, known: list[Deployment]) -> bool:
    """The whole group of the sentence before ("the men", "they"), with a status and a date
    of its own that differ from that group's."""
    if not known or frame.country is None or frame.when is None:
        return False
    last = known[-1]
    if last.country != frame.country or _uncounted(last) or last.when in (None, frame.when):
        return False
    opener = doc.text[frame.anchor.start : frame.anchor.end].lower()
    if re.match(r"(?:many|most|some|several|a few|others)\b", opener):
        return False  # a part of the group
    own_status = any(span.role == "status" for span in frame.spans)
    own_date = any(  # an event time, not the day a statement was made
        re.match(r"(?:since|from|in|during|between|until)\b", d.text, re.I)
        or re.search(
            r"\b(?:since|from|in|during|between|until)\s+(?:early |late |mid-)?$",
            doc.text[max(0, d.start - 16) : d.start],
        )
        for d in doc.dates_in(frame.sentence)
    )
    return own_status and own_date and frame.status != last.status


def _fill_from(target: Deployment, source: Deployment) -> None:
    if target.attribution == "outlet" and source.attribution != "outlet":
        target.attribution, target.speaker = source.attribution, source.speaker
    target.country = target.country or source.country
    target.area = target.area or source.area
    target.occupied = target.occupied or source.occupied
    if target.status == "unknown":
        target.status = source.status
    if target.sector == "unknown":
        target.sector = source.sector
    target.when = target.when or source.when
    target.spans.extend(source.spans)
    target.sentences.append(source.sentence)


# counts that anchor a frame with no worker word beside them: "put the number at 1,000",
# "3 for work", "1,000 of whom"
COUNT_ONLY_ANCHORS = re.compile(
    r"\b(?:number|figure|total|estimates?|estimated|of whom|of them|for work)\b", re.I
)


def _anchors(doc: Document, sentence: Sentence) -> list[Anchor]:
    lang = doc.lang
    text = doc.text
    s_text = doc.words(sentence)
    base = sentence.start
    anchors: list[Anchor] = []
    named = sentence.index in doc.sentences_with(pattern(lang, "workers")) or bool(
        pattern(lang, "context", "anaphora").match(s_text)
    )
    if not named and not COUNT_ONLY_ANCHORS.search(s_text):
        return anchors  # nothing here can anchor a frame
    quantities = doc.quantities_in(sentence)
    if not quantities and not named:
        return anchors
    used_quantities: set[int] = set()
    nk_sentence = bool(doc.find(north_korea(lang), sentence))
    worker_groups = groups(lang, "workers")
    # names such as "Workers' Party of Korea" are not workers
    found: list[tuple[int, int, str]] = [
        (m.start, m.end, "name")
        for m in doc.within(doc.mentions, sentence)
        if getattr(m, "kind", None) in ("organization", "person")
    ]
    for kind in ("military", "permits", "labour", "person"):
        for match in doc.find_all(worker_groups[kind], sentence):
            start, end = base + match.start(), base + match.end()
            if _proper_noun_part(doc, sentence, start, end):
                continue
            if any(start < e and s < end for s, e, _ in found):
                continue
            found.append((start, end, kind))
    found = sorted(f for f in found if f[2] != "name")
    for start, end, kind in found:
        anchor = Anchor(start, end, kind.rstrip("s") if kind == "permits" else kind)
        left = text[max(sentence.start, start - 80) : start]
        anchor.nk = bool(
            re.search(r"(?:North Korean|N\. Korean|DPRK|KPA)\W*(?:\w+\W+){0,3}$", left)
        )
        if re.search(r"\b(?:the|these|those|its|their) $", left, re.I) and not anchor.nk:
            anchor.noun, anchor.kind = anchor.kind, "anaphor"
        if re.match(r"['’]", doc.text[end : end + 1]):
            continue  # "the workers' earnings": a possessor, not the group itself
        count = _count_before(doc, quantities, start, used_quantities)
        if count is not None:
            anchor.count = count
            used_quantities.add(count.start)
        elif (after_count := _count_after(doc, quantities, end, used_quantities)) is not None:
            # "women have been brought to plants in Hunchun in groups of 50-60"
            anchor.count = after_count
            used_quantities.add(after_count.start)
        elif re.search(r"\bnumber of\W+(?:\w+\W+){0,4}$", left):
            counts = _counts_after(doc, quantities, end, sentence.end)
            if counts:
                for q in counts:
                    used_quantities.add(q.start)
                    earlier = (
                        len(counts) > 1
                        and q is counts[0]
                        and bool(re.search(r"\bfrom\s+$", text[max(start, q.start - 12) : q.start]))
                    )
                    anchors.append(
                        Anchor(start, end, anchor.kind, q, anchor.nk or nk_sentence, earlier)
                    )
                continue
        anchors.append(anchor)
    for q in quantities:
        if q.start in used_quantities:
            continue
        after = text[q.end : min(sentence.end, q.end + 40)]
        before = text[max(sentence.start, q.start - 60) : q.start]
        if re.match(
            r"\s+of (?:whom|them|(?:its|their|the) (?:members|workers|group|team|crew))\b", after
        ):
            anchors.append(Anchor(q.start, q.end, "pronoun", q, nk_sentence))
        elif pattern(lang, "workers", "count_verbs").match(after.lstrip()) and after[:1].isspace():
            anchors.append(Anchor(q.start, q.end, "count_verb", q, nk_sentence))
        elif re.search(
            r"\b(?:number|figure|total|estimates?|estimated)\b[^.;]{0,40}\b(?:at|to)\s+$", before
        ):
            anchors.append(Anchor(q.start, q.end, "number", q, nk_sentence))
        elif re.match(r"\s+for work\b", after):
            anchors.append(Anchor(q.start, q.end, "permit", q, nk_sentence))
        else:
            continue
        used_quantities.add(q.start)
    # a sentence opening with "They" / "The workers" points back to the last frame
    opener = pattern(lang, "context", "anaphora").match(s_text)
    if opener and not any(a.start < base + opener.end() and a.end > base for a in anchors):
        anchors.insert(0, Anchor(base + opener.start(), base + opener.end(), "anaphor"))
    # in an article about North Korean labour, plain "workers" are the North Korean ones,
    # unless the sentence is about another nationality's ("South Korean firms are preparing
    # to send 300 engineers")
    topic = doc.labour_topic and not (not nk_sentence and _other_subject(doc, sentence))
    for anchor in anchors:
        if anchor.kind == "anaphor" and _opens_sentence(sentence, anchor.start):
            continue
        anchor.nk = (
            anchor.nk
            or nk_sentence
            or (
                topic
                and (anchor.kind in ("labour", "count_verb", "pronoun") or anchor.count is not None)
            )
        )
    anchors.sort(key=lambda a: a.start)
    return _coordinated_counts(doc, sentence, anchors, quantities, used_quantities)


def _other_subject(doc: Document, sentence: Sentence) -> bool:
    """A sentence whose subject is of another nationality ("South Korean construction firms
    are preparing to send 300 engineers"), not a claimant ("Russian officials said ...")."""
    other = doc.find(pattern(doc.lang, "north_korea", "other_nationals"), sentence)
    if other is None or other.start() > 20:
        return False
    return not REPORTING_VERB.search(doc.words(sentence)[other.end() :])


REPORTING_VERB = re.compile(
    r"\b(?:said|says|told|tells|reported|reports|according|announced|estimated|confirmed)\b",
    re.IGNORECASE,
)


def _proper_noun_part(doc: Document, sentence: Sentence, start: int, end: int) -> bool:
    """ "Lao People's Democratic Republic", "Federation of Workers": names, not workers."""
    phrase = doc.text[start:end]
    head = phrase.split()[-1]  # "IT workers" is workers; "Federation of Workers" is a name
    if doc.text[end : end + 2] in ("'s", "’s") and head[:1].isupper():
        return True
    if start == sentence.start or not head[:1].isupper():
        return False
    return not re.match(r"(?:North|N\.|DPRK|KPA)", phrase)


def _opens_sentence(sentence: Sentence, offset: int) -> bool:
    return offset - sentence.start <= 4


def _count_before(doc: Document, quantities: list, start: int, used: set[int]) -> Any | None:
    for q in reversed(quantities):
        if q.end > start or q.start in used:
            continue
        between = doc.text[q.end : start]
        if len(between) > 70 or re.search(r"[,;:.()\"“”]", between.replace("N.", "N")):
            return None
        words = re.findall(r"[\w'’-]+", between)
        if len(words) > 7:
            return None
        if any(w.lower() in _BREAKERS for w in words):
            return None
        return q
    return None


_BREAKERS = {
    "in",
    "on",
    "at",
    "to",
    "from",
    "by",
    "for",
    "with",
    "were",
    "was",
    "are",
    "is",
    "have",
    "has",
    "had",
    "been",
    "said",
    "told",
    "that",
    "which",
    "who",
    "while",
    "when",
    "whom",
    "than",
    "per",
    "a",
    "an",
    "times",
    "entries",
    "visits",
    "years",
    "year",
    "days",
    "months",
    "hours",
    "dollars",
    "tonnes",
    "tons",
    "trips",
    "percent",
    "cent",
}


_COUNT_AFTER = re.compile(
    r"\b(?:in (?:groups|batches) of|numbering|totall?ing|"
    r"(?:a|one) (?:group|team|crew|brigade|contingent|batch) of)\s+$",
    re.IGNORECASE,
)


def _count_after(doc: Document, quantities: list, end: int, used: set[int]) -> Any | None:
    """A count that follows the group in the same clause: "in groups of 50-60", "numbering
    about 300"."""
    for q in quantities:
        if q.start < end or q.start in used:
            continue
        between = doc.text[end : q.start]
        if len(between) > 120 or re.search(r"[;:()]|,\s+(?:and|but|while|who|which)\b", between):
            return None
        return q if _COUNT_AFTER.search(between) else None
    return None


def _counts_after(doc: Document, quantities: list, after: int, end: int) -> list:
    found = []
    for q in quantities:
        if re.match(r"\s+of\s+(?:the|its|their|his|her|those)\b", doc.text[q.end : q.end + 12]):
            continue  # "one of the subcontractors": a part of something else
        if after <= q.start <= after + 120 and q.start < end:
            found.append(q)
    return found[:2]


def _coordinated_counts(
    doc: Document, sentence: Sentence, anchors: list[Anchor], quantities: list, used: set[int]
) -> list[Anchor]:
    """``30,023 held work visas on Dec 31, 2017, and 11,490 on Dec 31, 2018``: one more count."""
    counted = [a for a in anchors if a.count is not None]
    if not counted:
        return anchors
    extra: list[Anchor] = []
    for q in quantities:
        if q.start in used or q.start < counted[0].end:
            continue
        before = doc.text[max(sentence.start, q.start - 50) : q.start]
        after = doc.text[q.end : min(sentence.end, q.end + 25)]
        if not re.search(r"\band\b[^,;]{0,45}$", before):
            continue
        if not re.match(r"\s*(?:$|[,.;]|on\b|in\b|as of\b|by\b|at the end\b)", after):
            continue
        extra.append(Anchor(q.start, q.end, "coordinated", q, True))
        used.add(q.start)
    return sorted(anchors + extra, key=lambda a: a.start)


def _labour_ok(doc: Document, sentence: Sentence, anchor: Anchor) -> bool:
    lang = doc.lang
    s_text = doc.words(sentence)
    kind = anchor.noun or anchor.kind
    if kind in ("labour", "permit", "count_verb"):
        return True
    if anchor.kind == "anaphor" and kind != "military":
        return True  # "the men": a group an earlier sentence introduced
    labour = pattern(lang, "context", "labour")
    if kind == "military":
        phrase = doc.text[anchor.start : anchor.end].lower()
        if any(w in phrase for w in ("builder", "construction", "engineer", "sapper")):
            return True
        window = s_text
        labour_hits = [
            m for m in labour.finditer(window) if m.group().lower() not in ("work", "works")
        ]
        combat = pattern(lang, "context", "combat").search(window)
        return bool(labour_hits) and not (combat and len(labour_hits) < 2)
    if kind == "person":
        # "people", "group": workers only when counted or called North Korean, in a clause
        # about labour ("joint working group" is neither)
        if anchor.count is None and not _nk_adjacent(doc, sentence, anchor):
            return False
        workers = groups(lang, "workers")
        if doc.find(labour, sentence) or doc.find(workers["labour"], sentence):
            return True
        # "must choose between 300 and 500 men": a counted group in an article about labour
        return anchor.count is not None and doc.labour_topic
    return True


def _nk_adjacent(doc: Document, sentence: Sentence, anchor: Anchor) -> bool:
    left = doc.text[max(sentence.start, anchor.start - 40) : anchor.end]
    return bool(re.search(r"(?:North Korean?s?|N\. Koreans?|DPRK)\W*(?:\w+\W+){0,2}\w*$", left))


def _frames(
    doc: Document, sentence: Sentence, anchor: Anchor, previous: list[Deployment]
) -> list[Deployment]:
    lang = doc.lang
    text = doc.text
    doc.words(sentence)
    linked = anchor.kind in ("anaphor", "pronoun", "number", "coordinated", "count_verb")
    if not linked and not anchor.nk:
        return []
    phrase_left = text[max(sentence.start, anchor.start - 30) : anchor.start]
    if pattern(lang, "north_korea", "other_nationals").search(phrase_left) and not re.search(
        r"North Korean|DPRK", phrase_left
    ):
        return []
    if pattern(lang, "context", "non_workers").search(text[anchor.start : anchor.end + 1]):
        return []
    if not _labour_ok(doc, sentence, anchor):
        return []
    status_words = groups(lang, "status")
    if any(doc.find(status_words[k], sentence) for k in ("negation", "generic", "conditional")):
        return []
    mod = groups(lang, "modality")
    if doc.find(mod["denied"], sentence):
        return []
    modality = "hedged" if doc.find(mod["hedged"], sentence) else "asserted"

    if anchor.count is None and re.search(
        r"\b(?:for|from|about|with|over|among|on|regarding|against|managing|monitoring)\s+"
        r"(?:[\w'’-]+\s+){0,3}$",
        text[max(sentence.start, anchor.start - 50) : anchor.start],
    ):
        return []  # "training for workers bound overseas": the workers are not the subject
    if NOT_A_GROUP_BEFORE.search(text[max(sentence.start, anchor.start - 40) : anchor.start]):
        return []  # "a shortage of 5,000 construction workers": workers wanted, not sent
    if anchor.kind in ("person", "pronoun", "count_verb") and SOURCE_AFTER.match(
        text[anchor.end : sentence.end]
    ):
        return []  # "two people who work on the project told the paper": sources
    if (
        anchor.kind in ("pronoun", "count_verb", "person")
        and doc.find(pattern(lang, "context", "combat"), sentence)
        and not doc.find(groups(lang, "workers")["labour"], sentence)
    ):
        return []  # "several thousand remain on guard duty": troops
    if anchor.kind == "pronoun" and _origin_breakdown(doc, anchor):
        return []  # "350 women arrived, 200 of them from Sinuiju": where they came from

    frame = Deployment(sentence=sentence, anchor=anchor, rule=f"sentence:{anchor.kind}")
    frame.sentences.append(sentence)
    frame.modality = modality
    if anchor.count is not None:
        frame.workers_min, frame.workers_max = anchor.count.min, anchor.count.max
    frame.spans.append(Span(anchor.start, anchor.end, "workers"))
    if anchor.count is not None:
        frame.spans.append(Span(anchor.count.start, anchor.count.end, "count"))

    status, trigger, earlier = _status(doc, sentence, anchor)
    last = previous[-1] if previous else None
    recent = None
    if last is not None and max(s.index for s in last.sentences) >= sentence.index - 2:
        recent = last
    if status is None:
        if linked and recent is not None:
            status = recent.status
        else:
            return []
    frame.status = status
    if frame.modality == "asserted" and status == "planned":
        frame.modality = "planned"
    if trigger is not None:
        frame.spans.append(Span(trigger[0], trigger[1], "status"))

    destinations = _destinations(doc, sentence, anchor, status)
    if (
        not destinations
        and sentence.index > 0
        and doc.find(pattern(lang, "context", "place_anaphora"), sentence)
    ):
        # "worked on the arena": the place the sentence before named
        before = doc.sentences[sentence.index - 1]
        destinations = _destinations(doc, before, Anchor(before.end, before.end, "anaphor"), status)
        if destinations:
            frame.rule += "+place-anaphor"
    if (
        not destinations
        and recent is None
        and previous
        and previous[-1].country
        and doc.find(pattern(lang, "context", "place_anaphora"), sentence)
    ):
        # "Two workers fled the site in late March": the site the article is about
        recent = previous[-1]
    if (
        not destinations
        and anchor.kind == "permit"
        and anchor.count is not None
        and (host := _article_host(doc))
    ):
        # "The Interior Ministry issued 1,320 work permits": the host the article is about
        destinations = [(host, None, False, [])]
        frame.rule += "+article-host"
    if (
        not destinations
        and recent is not None
        and recent.country
        and (linked or doc.find(pattern(lang, "context", "place_anaphora"), sentence))
    ):
        frame.country, frame.area, frame.occupied = recent.country, recent.area, recent.occupied
        frame.rule += "+linked-destination"
        if anchor.kind in ("pronoun", "anaphor", "coordinated"):
            frame.sector = recent.sector
    if anchor.kind == "coordinated" and recent is not None:
        # "..., and 11,490 on December 31, 2018": the frame before, with its own count
        frame.status = recent.status if trigger is None else frame.status
        frame.sector = recent.sector
    frame.sector = _sector(doc, sentence, anchor, frame.sector)
    frame.when = _count_date(doc, sentence, anchor) or (
        None
        if anchor.earlier_state
        else _when(doc, sentence, anchor, trigger, future=status == "planned")
    )
    if recent is not None and recent.when and SAME_TIME.search(doc.words(sentence)):
        frame.when = recent.when  # "put the figure at about 15,000 at the same time"
    frame.attribution, frame.speaker = attribution_of(doc, sentence)
    frames = []
    for country, area, occupied, spans in destinations or [(None, None, False, [])]:
        copy = _copy(frame)
        if country is not None:
            copy.country, copy.area, copy.occupied = country, area, occupied
            copy.spans.extend(spans)
        frames.append(copy)
    if earlier is not None:
        # "where 2,000 had been employed, has sent three-quarters of them home": two frames
        for copy in list(frames):
            ended = _copy(copy)
            ended.status, ended.workers_min, ended.workers_max = "ended", None, None
            ended.when = _when(doc, sentence, anchor, earlier)
            ended.rule += "+part-ended"
            copy.status = "sent"
            copy.when = _when(doc, sentence, anchor, None, present_default=False)
            frames.append(ended)
    return frames


SAME_TIME = re.compile(r"\b(?:at the same time|at that time|by then|at the time)\b", re.I)

# words before a group of workers that make it wanted or counted, not sent
NOT_A_GROUP_BEFORE = re.compile(
    r"\b(?:short(?:age)? of|shortfall of|lack of|deficit of|need for|demand for|in need of|"
    r"vacancies for)\s+(?:(?:about|around|some|nearly|roughly|more than|up to|over)\s+)?"
    r"(?:[\w,.'’-]+\s+){0,3}$",
    re.IGNORECASE,
)
# a group that is the speaker: "two people who work on the project told ..."
SOURCE_AFTER = re.compile(
    r"\s+(?:who|that)\s+(?:[\w'’-]+\s+){0,6}?(?:told|said|says|say|spoke|described)\b",
    re.IGNORECASE,
)


def _origin_breakdown(doc: Document, anchor: Anchor) -> bool:
    """ "200 of them from Sinuiju": a share of a group by where in North Korea it came from."""
    following = doc.text[anchor.end : anchor.end + 40]
    if not re.match(r"\s+(?:of (?:them|whom)\s+)?(?:came |come |were |are )?from\b", following):
        return False
    for mention in doc.mentions:
        if anchor.end < mention.start <= anchor.end + 40:
            return getattr(entity_of(mention), "country", None) == "KP"
    return False


def _article_host(doc: Document) -> str | None:
    """The one host country an article names (besides the two Koreas), if only one."""
    countries = {
        getattr(entity_of(m), "country", None)
        for m in doc.mentions
        if getattr(m, "kind", None) in ("place", "demonym")
        and getattr(entity_of(m), "kind", None) != "multi_country"
    }
    countries -= {None, *NEVER_DESTINATION}
    return countries.pop() if len(countries) == 1 else None


def _copy(frame: Deployment) -> Deployment:
    clone = Deployment(**{k: getattr(frame, k) for k in frame.__dataclass_fields__})
    clone.spans = list(frame.spans)
    clone.sentences = list(frame.sentences)
    return clone


def _status(
    doc: Document, sentence: Sentence, anchor: Anchor
) -> tuple[str | None, tuple[int, int] | None, tuple[int, int] | None]:
    """The status of the anchor's clause, its trigger, and an ended part of the same group."""
    lang = doc.lang
    doc.words(sentence)
    matches: list[tuple[int, int, str]] = []
    for status, regex in groups(lang, "status").items():
        if status not in ("planned", "sent", "ended", "departed"):
            continue
        for m in doc.find_all(regex, sentence):
            start, end = sentence.start + m.start(), sentence.start + m.end()
            if status == "departed":
                if not _leaves_a_place(doc, sentence, end):
                    continue
                status = "ended"
            matches.append((start, end, status))
    # a longer trigger hides the shorter ones inside it ("sent home" hides "sent")
    matches.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    kept: list[tuple[int, int, str]] = []
    for m in matches:
        if kept and m[0] < kept[-1][1]:
            if m[1] - m[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = m
            continue
        kept.append(m)
    around = [m for m in kept if m[0] < anchor.start and anchor.end < m[1] and m[2] == "planned"]
    if around:
        return "planned", (around[0][0], around[0][1]), None  # "expects all 85 to come back"
    kept = [m for m in kept if not (m[0] < anchor.end and anchor.start < m[1])]
    after = [m for m in kept if m[0] >= anchor.end]
    before = [m for m in kept if m[1] <= anchor.start]
    if anchor.kind == "coordinated":
        before = []  # "..., and Qatar reported about 2,500": the verbs before are the first's
    ended_after = [
        m
        for m in after
        if m[2] == "ended"
        and m[0] - anchor.end < 160
        # "the deadline for their repatriation": a noun later on is no event of this group
        and (m is after[0] or not re.search(r"(?:ion|al)$", doc.text[m[0] : m[1]]))
    ]
    if ended_after:
        first = after[0]
        ended = ended_after[0]
        part = re.search(r"\b(?:of them|them)\b", doc.text[ended[0] : ended[1] + 12])
        if first[2] == "sent" and first[0] - anchor.end < 25 and part and anchor.count:
            return "sent", (first[0], first[1]), (ended[0], ended[1])
        return "ended", (ended[0], ended[1]), None
    governing = before[-1] if before and _object_of(doc, before[-1][1], anchor.start) else None
    if governing is not None:
        # "intends to send about 6,000 more workers": the verb the group is the object of
        chosen = governing
    elif after and after[0][0] - anchor.end < 120:
        chosen = after[0]
    elif before:
        chosen = before[-1]
        planned_before = [m for m in before if m[2] == "planned"]
        if planned_before and chosen[2] == "sent" and chosen[0] - planned_before[-1][1] < 40:
            chosen = planned_before[-1]
    elif after:
        chosen = after[0]
    else:
        # "workers in Russia", "laborers at construction sites in Russia": presence
        presence = re.match(r"\s+(?:\w+\s+){0,1}(?:in|at)\b", doc.text[anchor.end : sentence.end])
        left = doc.text[max(sentence.start, anchor.start - 40) : anchor.start]
        if presence and (
            re.search(r"\bnumber of\s+(?:[\w'’-]+\s+){0,4}$", left)
            or not re.search(
                r"\b(?:for|of|from|with|to|on|by|among|about)\s+(?:[\w'’-]+\s+){0,4}$", left
            )
        ):
            return "sent", (anchor.end, anchor.end + presence.end()), None
        if anchor.count is not None and re.search(
            r"\bnumber of\s+(?:[\w'’-]+\s+){0,4}$",
            doc.text[max(sentence.start, anchor.start - 40) : anchor.start],
        ):
            # "the number of North Korean workers in Sakhalin fell from 1,200 to 300": a
            # count of those present (SPEC: both sent)
            return "sent", None, None
        return None, None, None
    if chosen[2] == "sent" and _modal_before(doc, sentence, chosen[0]):
        # "are to be put to work", "plans call for 500 of them to arrive": not yet
        return "planned", (chosen[0], chosen[1]), None
    return chosen[2], (chosen[0], chosen[1]), None


# between a verb and its object: articles, numbers and modifiers, no clause break
_OBJECT_GAP = re.compile(
    r"\s+(?:(?:a|an|the|some|about|around|roughly|nearly|almost|over|more than|up to|as many as|"
    r"at least|another|a further|further|more|additional|new|extra|[\d.,]+|to|and|or|-|–|"
    r"north korean|n\. korean|dprk|"
    r"several|(?:tens of |hundreds of )?(?:hundreds|thousands|dozens) of|groups? of|"
    r"[a-z]+(?:ty|teen|one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand))\s+)*",
    re.IGNORECASE,
)


def _object_of(doc: Document, verb_end: int, anchor_start: int) -> bool:
    """Is the text between a trigger and the anchor only what stands before an object?"""
    gap = doc.text[verb_end:anchor_start]
    if len(gap) > 50:
        return False
    match = _OBJECT_GAP.fullmatch(gap) or _OBJECT_GAP.fullmatch(gap + " ")
    return match is not None


def _modal_before(doc: Document, sentence: Sentence, start: int) -> bool:
    """A modal or an infinitive of intent right before a trigger ("will arrive", "are to be
    put to work", "expected to arrive"); not "went to work", where "to" tells the purpose."""
    window = doc.text[max(sentence.start, start - 40) : start]
    last = None
    for match in pattern(doc.lang, "status", "modal").finditer(window):
        last = match
    if last is None or window[last.end() :].strip(" ") not in ("", "be"):
        return False
    if last.group().strip() == "to":
        # "plans call for 500 of them to arrive": intent only where a plan is spoken of
        # before; "arrived last week to work" tells the purpose of a done move
        planned = doc.find_all(pattern(doc.lang, "status", "planned"), sentence)
        return any(sentence.start + m.end() <= start for m in planned)
    return True


def _leaves_a_place(doc: Document, sentence: Sentence, end: int) -> bool:
    """ "left Hunchun", "departed the Chinese city of Dandong": a named place follows the verb
    within a few words, with no "for" or "to" before it (those name where they went)."""
    for mention in doc.within(doc.mentions, sentence):
        if mention.start < end or getattr(mention, "kind", None) != "place":
            continue
        between = doc.text[end : mention.start]
        return len(between) <= 40 and not re.search(
            r"\b(?:for|to|toward|towards|into|via|through|and|with|after|in)\b|[,;.]", between
        )
    return False


def _destinations(
    doc: Document, sentence: Sentence, anchor: Anchor, status: str
) -> list[tuple[str, str | None, bool, list[Span]]]:
    """Where the workers are: one entry per country of a coordinated list."""
    lang = doc.lang
    text = doc.text
    metonyms = pattern(lang, "context", "metonyms")
    titles = pattern(lang, "context", "titles")
    candidates = []
    previous_end = -10
    for mention in doc.within(doc.mentions, sentence):
        entity = entity_of(mention)
        kind = getattr(mention, "kind", None)
        following = text[mention.end : mention.end + 40]
        before = text[max(sentence.start, mention.start - 40) : mention.start]
        if kind == "demonym":
            workplace = (
                r"\s*(?:work (?:visas?|permits?)|construction sites?|building sites?|sites?|"
                r"companies|firms|factories|employers|farms|(?:\w+ )?projects?)"
            )
            if anchor.kind == "permit":
                workplace += r"|\s*(?:authorities|government|officials)"
            country = getattr(entity, "country", None)
            if country not in NEVER_DESTINATION and re.match(workplace, following):
                candidates.append((mention, country, None))
            continue
        if kind != "place" or entity is None:
            continue
        country = getattr(entity, "country", None)
        if getattr(entity, "kind", None) == "multi_country" or not country:
            continue
        if country in NEVER_DESTINATION:
            continue
        if re.search(r"\bsources?\s+(?:in|inside|from)\s+(?:\w+\s+)?$", before):
            continue
        if re.search(
            r"\b(?:office|embassy|consulate|mission|headquarters|talks|summit|meeting)s?\s+in\s+$",
            before,
        ):
            continue  # an office visited, not a work site
        if re.search(r"\b(?:through|via|by way of)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$", before):
            continue
        if re.search(r"\bfrom\s+(?:the\s+)?(?:[\w-]+\s+){0,4}$", before) and status != "ended":
            continue
        title_at = re.match(r"(?:['’]s)?\s+", following)
        if re.match(r"-\d", following) or (title_at and titles.match(following, title_at.end())):
            continue  # "Russia-24 television", "Primorsky Krai Governor"
        if mention.start < doc.dateline_end:
            continue  # dateline
        if metonyms.fullmatch(mention.surface) and not re.search(
            r"\b(?:in|to|into|at|near|around)\s+(?:the\s+)?$", before
        ):
            continue
        if not _placed(before, following, mention, sentence, previous_end):
            continue
        previous_end = mention.end
        candidates.append((mention, country, entity))
    if not candidates:
        return []

    def distance(candidate: tuple) -> int:
        m = candidate[0]
        return min(abs(m.start - anchor.end), abs(anchor.start - m.end))

    nearest = min(candidates, key=distance)
    countries = [nearest[1]]
    # "kept workers in Russia, Nigeria and the Middle East": every country of the list
    for candidate in sorted(candidates, key=lambda c: c[0].start):
        if candidate[1] in countries or getattr(candidate[2], "kind", "country") != "country":
            continue
        gap = (
            text[nearest[0].end : candidate[0].start] if candidate[0].start > nearest[0].end else ""
        )
        if (
            gap
            and re.fullmatch(
                r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:the\s+)?[\w\s,]*", gap
            )
            and len(gap) < 40
        ):
            countries.append(candidate[1])
    result = []
    for country in countries:
        chosen = [c for c in candidates if c[1] == country]
        areas = [c for c in chosen if c[2] is not None and getattr(c[2], "kind", None) != "country"]
        occupied = any(bool(getattr(c[2], "occupied", False)) for c in chosen if c[2] is not None)
        names = [getattr(c[2], "name", None) for c in areas]
        area = None
        if names:
            lowered = {n.lower() for n in names if n}
            # the group's own place: the first named after it ("1,800 of them arrived in
            # Khabarovsk"; "sent to Vladivostok and Nakhodka"), else the nearest before it
            after = [c for c in areas if c[0].start >= anchor.start]
            own = after[0] if after else areas[-1]
            inner = [c for c in areas if 0 < c[0].start - own[0].end <= 4]
            if inner and re.match(r"['’]s\s", text[own[0].end : own[0].end + 3]):
                own = inner[0]  # "Tatarstan's Alabuga zone": the place inside the region
            if {"donetsk", "luhansk"} <= lowered or any("donbas" in n for n in lowered):
                area = "Donbas"
            else:
                area = getattr(own[2], "name", None)
        if country == "UA" and re.search(
            r"occupied|Russian-controlled|annex", doc.words(sentence), re.I
        ):
            occupied = True
        spans = [Span(c[0].start, c[0].end, "destination") for c in chosen]
        result.append((country, area, occupied, spans))
    return result


def _placed(
    before: str, following: str, mention: Any, sentence: Sentence, previous_end: int
) -> bool:
    """Is the place where something happens (not a name in a list of states, a speaker...)?"""
    if re.search(
        r"\b(?:in|into|to|at|for|near|across|throughout|around|inside|within|from|of|on|"
        r"toward|towards|entered|reached|including|left|leaving|departed|fled)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$",
        before,
    ):
        return True
    if re.match(r"['’]s\b", following) or re.match(r",?\s+where\b", following):
        return True
    if re.match(r"\s+(?:has|have|had|is|are|was|were|said|says|sent|\w+ed)\b", following):
        return True  # the subject of its clause: "and Qatar reported about 2,500"
    if mention.start - sentence.start <= 4:
        return True  # the subject: "Kuwait has reduced the number of ..."
    if previous_end > 0 and re.search(r"(?:,|\band|\bor)\s*(?:the\s+)?$", before):
        return mention.start - previous_end < 40
    return False


def _sector(doc: Document, sentence: Sentence, anchor: Anchor, current: str) -> str:
    lang = doc.lang
    sectors = groups(lang, "sectors")
    phrase = doc.text[max(sentence.start, anchor.start - 40) : anchor.end]
    if anchor.kind == "military" or sectors["military"].search(phrase):
        return "military"
    best: tuple[int, str] | None = None
    for name, regex in sectors.items():
        match = regex.search(phrase)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), name)
    if best:
        return best[1]
    if doc.find(sectors["military"], sentence) and anchor.kind in ("person", "military"):
        return "military"
    for name, regex in sectors.items():
        match = doc.find(regex, sentence)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), name)
    if best:
        return best[1]
    return current


def _when(
    doc: Document,
    sentence: Sentence,
    anchor: Anchor,
    trigger: tuple[int, int] | None,
    *,
    present_default: bool = True,
    future: bool = False,
) -> str | None:
    dates = [d for d in doc.dates_in(sentence) if getattr(d, "value", None)]
    linked = anchor.kind in ("number", "coordinated", "pronoun")
    focus = anchor.end if trigger is None or linked else trigger[0]
    if anchor.kind == "coordinated":
        near = [d for d in dates if 0 <= d.start - anchor.end < 30]
        if near:
            return date_value(doc, near[0], future)
    if dates:
        best = min(dates, key=lambda d: min(abs(d.start - focus), abs(d.start - anchor.end)))
        return date_value(doc, best, future)
    if doc.published and present_default:
        # "are now employed", "has sent": a present-tense count is as of publication
        clause = doc.words(sentence)[anchor.start - sentence.start :]
        if PRESENT_TENSE.search(clause[:80]):
            return doc.published[:7]
    if not future:
        return _paragraph_date(doc, sentence)
    return None


def _count_date(doc: Document, sentence: Sentence, anchor: Anchor) -> str | None:
    """ "from 1,200 in 2017 to 300 in 2019": the date right after a count is its own."""
    if anchor.count is None:
        return None
    for date in doc.dates_in(sentence):
        gap = doc.text[anchor.count.end : date.start]
        if getattr(date, "value", None) and re.fullmatch(
            r"\s*(?:in|as of|at the end of|by the end of|by|on)\s+", gap
        ):
            return date_value(doc, date)
    return None


def _paragraph_date(doc: Document, sentence: Sentence) -> str | None:
    """ "By early December 2019, 47 states had filed reports. Kuwait reported ...": a date
    that opens the sentence before, in the same paragraph, frames an undated report."""
    if sentence.index == 0:
        return None
    before = doc.sentences[sentence.index - 1]
    if before.paragraph != sentence.paragraph:
        return None
    dates = [d for d in doc.dates_in(before) if getattr(d, "value", None)]
    if not dates:
        return None
    first = dates[0]
    opening = doc.text[before.start : first.start]
    if not re.fullmatch(r"(?:(?:By|In|As of|On|At the end of|Until)\s+)?", opening):
        return None
    if not re.match(r"\s*,", doc.text[first.end : first.end + 3]):
        return None  # "In 2019 the number fell": the date belongs to that sentence's clause
    return date_value(doc, first)


def _continuations(doc: Document, sentence: Sentence, frames: list[Deployment]) -> None:
    """A sentence opening with "They" / "Many of the new arrivals" adds sector and time."""
    if not frames or sentence.index == 0:
        return
    last = frames[-1]
    if max(s.index for s in last.sentences) != sentence.index - 1:
        return
    opener = pattern(doc.lang, "context", "anaphora").match(doc.words(sentence))
    if not opener:
        return
    if last.sector == "unknown":
        sector = _sector(
            doc, sentence, Anchor(sentence.start, sentence.start, "anaphor"), "unknown"
        )
        if sector != "unknown":
            last.sector = sector
    dates = [d for d in doc.dates_in(sentence) if getattr(d, "value", None)]
    if dates and last.when and len(last.when) > 4 and dates[0].value[:4] == last.when[:4]:
        if len(dates) > 1 and dates[0].value != dates[1].value:
            last.when = dates[0].value[:4]
    elif dates and last.when is None and len(dates) > 1:
        last.when = dates[0].value[:4]


def _merge(frames: list[Deployment]) -> list[Deployment]:
    """One deployment mentioned twice in an article is one finding with two evidence spans."""
    merged: list[Deployment] = []
    for frame in frames:
        index = next((n for n, m in enumerate(merged) if _same(m, frame)), None)
        if index is None:
            merged.append(frame)
            continue
        primary, other = merged[index], frame
        if _uncounted(primary) and not _uncounted(other):
            # the counted mention speaks for the deployment; the other adds what it lacks
            primary, other = other, primary
            merged[index] = primary
        primary.area = primary.area or other.area
        primary.occupied = primary.occupied or other.occupied
        if primary.sector == "unknown":
            primary.sector = other.sector
        primary.when = primary.when or other.when
        primary.spans.extend(other.spans)
        primary.sentences.extend(other.sentences)
        primary.rule += "+merged"
    return merged


def _uncounted(frame: Deployment) -> bool:
    return frame.workers_min is None and frame.workers_max is None


def _same(a: Deployment, b: Deployment) -> bool:
    if a.country != b.country or a.status != b.status:
        return False
    a_count = (a.workers_min, a.workers_max)
    b_count = (b.workers_min, b.workers_max)
    if a.area and b.area and a.area.lower() != b.area.lower():
        return False
    if a_count != (None, None) and b_count != (None, None) and a_count != b_count:
        return _another_estimate(a, b)
    if _uncounted(a) and _uncounted(b):
        return True
    near = min(abs(x.index - y.index) for x in a.sentences for y in b.sentences) <= 2
    if (_uncounted(a) or _uncounted(b)) and not near and not (a.area and a.area == b.area):
        return False
    if a.when and b.when and a.when[:4] != b.when[:4]:
        return False
    return True


def _another_estimate(a: Deployment, b: Deployment) -> bool:
    """SPEC: different sources' estimates of one workforce at one time are one deployment.
    Another figure for the same place, status, sector and date in a later sentence is such
    an estimate; figures side by side in one sentence are distinct groups or a change."""
    if not (a.when and a.when == b.when and (a.area or "").lower() == (b.area or "").lower()):
        return False
    if a.sector != b.sector and "unknown" not in (a.sector, b.sector):
        return False
    return a.sentence.index != b.sentence.index


def deployment_findings(doc: Document, frames: list[Deployment]) -> list[Finding]:
    findings = []
    for frame in frames:
        data = frame.slots()
        spans = sorted(frame.spans, key=lambda s: s.start)
        first = [s for s in spans if frame.sentence.start <= s.start < frame.sentence.end]
        start = min(s.start for s in first) if first else frame.sentence.start
        end = max(s.end for s in first) if first else frame.sentence.end
        data["evidence"] = doc.text[start:end]
        data["modality"] = frame.modality
        if frame.speaker:
            data["speaker"] = frame.speaker
        findings.append(
            Finding(
                "deployment",
                data,
                frame.rule,
                frame.sentence,
                spans,
                [s for s in frame.sentences if s is not frame.sentence],
            )
        )
    return findings
