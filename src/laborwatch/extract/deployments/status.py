"""The status of a group (planned, sent, ended) from the verbs of its clause."""

from __future__ import annotations

import re

from laborwatch.extract.deployments.model import Anchor
from laborwatch.extract.document import Document
from laborwatch.extract.lexicon import groups, pattern
from laborwatch.extract.sentences import Sentence


def status_of(
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
            if _SAID_OF_A_THING.search(doc.text, max(sentence.start, start - 30), start):
                continue  # "$100,000 a month, nearly all of which was sent back": money
            if status == "departed":
                if not leaves_a_place(doc, sentence, end):
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
    around = [m for m in kept if m[0] < anchor.start and anchor.end < m[1]]
    if around:
        # a trigger around the group: "expects all 85 to come back", "sent his crew of 60
        # men home", "had seen dozens of workers at"
        return around[0][2], (around[0][0], around[0][1]), None
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
        number_of = _NUMBER_OF.search(left)
        if presence and (
            number_of
            or not re.search(
                r"\b(?:for|of|from|with|to|on|by|among|about)\s+(?:[\w'’-]+\s+){0,4}$", left
            )
        ):
            return "sent", (anchor.end, anchor.end + presence.end()), None
        if anchor.count is not None and number_of:
            # "the number of North Korean workers in Sakhalin fell from 1,200 to 300": a
            # count of those present (SPEC: both sent)
            return "sent", None, None
        return None, None, None
    if chosen[2] == "sent" and _modal_before(doc, sentence, chosen[0]):
        # "are to be put to work", "plans call for 500 of them to arrive": not yet
        return "planned", (chosen[0], chosen[1]), None
    return chosen[2], (chosen[0], chosen[1]), None


_NUMBER_OF = re.compile(r"\bnumber of\s+(?:[\w'’-]+\s+){0,4}$")

# "which" before a verb points at a thing (money, goods), not at people ("who")
_SAID_OF_A_THING = re.compile(
    r"\bwhich\s+(?:is|was|are|were|gets|got|(?:has|have|had) been)\s+(?:\w+\s+)?$"
)

# between a verb and its object: articles, numbers and modifiers, no clause break
_OBJECT_GAP = re.compile(
    r"\s+(?:(?:a|an|the|some|about|around|roughly|nearly|almost|over|more than|up to|as many as|"
    r"at least|another|a further|further|more|additional|new|extra|[\d.,]+|to|and|or|-|–|"
    r"north korean|n\. korean|dprk|"
    r"several|(?:tens of |hundreds of )?(?:hundreds|thousands|dozens) of|groups? of|"
    r"[a-z]+(?:ty|teen|one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand))\s+)*"
    # and a trade or two right before the noun: "22 North Korean medical instructors"
    r"(?:(?!(?:of|for|from|with|in|at|on|by|into|about|after|before|than|who|that)\s)"
    r"[a-z]+(?:-[a-z]+)?\s+){0,2}",
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


def leaves_a_place(doc: Document, sentence: Sentence, end: int) -> bool:
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
