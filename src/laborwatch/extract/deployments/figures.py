"""Lists of dated figures ("31 December 2017: 30,023"), one deployment a row."""

from __future__ import annotations

import re
from typing import Any

from laborwatch.extract import dates as date_module
from laborwatch.extract import quantities as quantity_module
from laborwatch.extract.attribution import attribution_of
from laborwatch.extract.deployments.model import Anchor, Deployment
from laborwatch.extract.deployments.places import article_host, destinations_of
from laborwatch.extract.deployments.slots import sector_of
from laborwatch.extract.document import Document, Span, north_korea
from laborwatch.extract.lexicon import groups
from laborwatch.extract.sentences import Sentence

# "End of 2015: 1,480." / "31 December 2017: 30,023": a row of a list of dated figures
FIGURE_ROW = re.compile(
    r"\s*(?:[-•*]\s*)?(?P<date>[^:\n]{4,40}):\s+(?P<count>\d[\d,.\u00a0\u202f ]*\d|\d)\b"
)


def figure_rows(doc: Document) -> list[Deployment]:
    """Lists of dated figures under a sentence that says what they count ("North Korean
    citizens holding valid work permits in Russia"): one deployment per row (statistics
    reports set them out this way)."""
    rows: list[tuple[Sentence, Any, Any]] = []
    for sentence in doc.sentences:
        # (a row holds a colon: most sentences need no regex)
        match = FIGURE_ROW.match(sentence.text) if ":" in sentence.text else None
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
        frame.sector = sector_of(doc, heading, frame.anchor, "unknown")
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
            places = destinations_of(doc, other, Anchor(other.start, other.start, "row"), "sent")
            if places:
                return sentence, places[0][0]
        host = article_host(doc)
        return (sentence, host) if host else None
    return None
