"""Frames across sentences: anaphors, later stages of a group, and repeated mentions."""

from __future__ import annotations

import re

from laborwatch.extract.deployments.model import Anchor, Deployment, uncounted
from laborwatch.extract.deployments.slots import sector_of
from laborwatch.extract.document import Document
from laborwatch.extract.lexicon import pattern
from laborwatch.extract.sentences import Sentence


def resolve_anaphor(
    frame: Deployment,
    frames: list[Deployment],
    sentence_frames: list[Deployment],
    pending: list[Deployment],
    sentence: Sentence,
) -> None:
    """ "The men are expected to arrive in Donetsk": the group of the sentence before."""
    for waiting in pending:
        if waiting.sentence.index == sentence.index - 1 and frame.country:
            fill_from(waiting, frame)
            waiting.rule += "+anaphor-destination"
            sentence_frames.append(waiting)
            pending.remove(waiting)
            return
    known = frames + sentence_frames
    last = known[-1] if known else None
    if last is not None and max(s.index for s in last.sentences) >= sentence.index - 1:
        fill_from(last, frame)
        last.rule += "+anaphor"


_LIFECYCLE = {"planned": 0, "sent": 1, "ended": 2}


def changes_status(frame: Deployment, known: list[Deployment]) -> bool:
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


def another_time(doc: Document, frame: Deployment, known: list[Deployment]) -> bool:
    """The whole group of the sentence before ("the men", "they"), with a status and a date
    of its own that differ from that group's."""
    if not known or frame.country is None or frame.when is None:
        return False
    last = known[-1]
    if last.country != frame.country or uncounted(last) or last.when in (None, frame.when):
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


def from_group(frame: Deployment, group: Deployment, link: str) -> Deployment:
    """A new stage of the group before: its sector, and its count when the whole group moves
    ("another-time"), not a part of it ("next-stage")."""
    if link == "another-time":
        frame.workers_min, frame.workers_max = group.workers_min, group.workers_max
    if frame.sector == "unknown":
        frame.sector = group.sector
    frame.rule += f"+{link}"
    return frame


def fill_from(target: Deployment, source: Deployment) -> None:
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


def continuations(doc: Document, sentence: Sentence, frames: list[Deployment]) -> None:
    """A sentence opening with "They" / "Many of the new arrivals" adds sector and time."""
    if not frames or sentence.index == 0:
        return
    last = frames[-1]
    if max(s.index for s in last.sentences) != sentence.index - 1:
        return
    opener = doc.opening(pattern(doc.lang, "context", "anaphora"), sentence)
    if not opener:
        return
    if last.sector == "unknown":
        sector = sector_of(
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


def merge(frames: list[Deployment]) -> list[Deployment]:
    """One deployment mentioned twice in an article is one finding with two evidence spans."""
    merged: list[Deployment] = []
    for frame in frames:
        index = next((n for n, m in enumerate(merged) if _same(m, frame)), None)
        if index is None:
            merged.append(frame)
            continue
        primary, other = merged[index], frame
        if uncounted(primary) and not uncounted(other):
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


def _same(a: Deployment, b: Deployment) -> bool:
    if a.country != b.country or a.status != b.status:
        return False
    a_count = (a.workers_min, a.workers_max)
    b_count = (b.workers_min, b.workers_max)
    if a.area and b.area and a.area.lower() != b.area.lower():
        return False
    if a_count != (None, None) and b_count != (None, None) and a_count != b_count:
        return _another_estimate(a, b)
    if uncounted(a) and uncounted(b):
        return True
    near = min(abs(x.index - y.index) for x in a.sentences for y in b.sentences) <= 2
    if (uncounted(a) or uncounted(b)) and not near and not (a.area and a.area == b.area):
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
