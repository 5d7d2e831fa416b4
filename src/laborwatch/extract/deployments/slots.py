"""Sector and time of a deployment."""

from __future__ import annotations

import re

from laborwatch.extract.deployments.model import Anchor
from laborwatch.extract.document import Document, date_value
from laborwatch.extract.lexicon import groups
from laborwatch.extract.sentences import Sentence

PRESENT_TENSE = re.compile(
    r"\b(?:is|are|remain|remains|now|currently|still|has been|have been|has|have)\b", re.I
)


def sector_of(doc: Document, sentence: Sentence, anchor: Anchor, current: str) -> str:
    lang = doc.lang
    sectors = groups(lang, "sectors")
    # only the sectors whose stems the sentence holds can match words of it
    present = {name: regex for name, regex in sectors.items() if doc.may_match(regex, sentence)}
    phrase = doc.text[max(sentence.start, anchor.start - 40) : anchor.end]
    if anchor.kind == "military" or ("military" in present and present["military"].search(phrase)):
        return "military"
    best: tuple[int, str] | None = None
    for name, regex in present.items():
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


def when_of(
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


def count_date(doc: Document, sentence: Sentence, anchor: Anchor) -> str | None:
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
