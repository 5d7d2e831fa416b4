"""Where a group is: destinations in a sentence, and the one host an article names."""

from __future__ import annotations

import re
from typing import Any

from laborwatch.extract.deployments.model import Anchor
from laborwatch.extract.document import NEVER_DESTINATION, Document, Span, entity_of
from laborwatch.extract.lexicon import pattern
from laborwatch.extract.sentences import Sentence

# what comes right before a place that is not where workers are
_SOURCES_IN = re.compile(r"\bsources?\s+(?:in|inside|from)\s+(?:\w+\s+)?$")
_VISITED_IN = re.compile(
    r"\b(?:office|embassy|consulate|mission|headquarters|talks|summit|meeting)s?\s+in\s+$"
)
_THROUGH = re.compile(r"\b(?:through|via|by way of)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$")
_BORDER_OF = re.compile(r"\b(?:borders?|frontiers?)\s+(?:of|with|between)\s+(?:the\s+)?$")
# words between two places that make the second no item of a list with the first
_NOT_A_LIST = re.compile(r"\b(?:from|across|near|beyond|where|of|by|outside)\b")
_FROM = re.compile(r"\bfrom\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}$")
_TITLE_GAP = re.compile(r"(?:['’]s)?\s+")
_NUMBERED = re.compile(r"-\d")  # "Russia-24 television"


def destinations_of(
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
        if _SOURCES_IN.search(before):
            continue
        if _VISITED_IN.search(before):
            continue  # an office visited, not a work site
        if _THROUGH.search(before) or _BORDER_OF.search(before):
            previous_end = -10  # a way through, or a border: not where the work is, nor
            continue  # the places listed after it ("the borders of China, Russia and ...")
        if _FROM.search(before) and status != "ended":
            continue
        title_at = _TITLE_GAP.match(following)
        if _NUMBERED.match(following) or (title_at and titles.match(following, title_at.end())):
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
            and not _NOT_A_LIST.search(gap)  # "Bolshoy Kamen, across the bay from Vladivostok"
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
        r"\b(?:in|into|to|at|for|near|outside|across|throughout|around|inside|within|from|of|on|"
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


def article_host(doc: Document) -> str | None:
    """The one host country an article names (besides the two Koreas), if only one."""
    countries = {
        getattr(entity_of(m), "country", None)
        for m in doc.mentions
        if getattr(m, "kind", None) in ("place", "demonym")
        and getattr(entity_of(m), "kind", None) != "multi_country"
    }
    countries -= {None, *NEVER_DESTINATION}
    return countries.pop() if len(countries) == 1 else None
