"""Worker anchors of a sentence: worker nouns, counts and pronouns, with their counts."""

from __future__ import annotations

import re
from typing import Any

from laborwatch.extract.attribution import REPORTING
from laborwatch.extract.deployments.model import Anchor
from laborwatch.extract.document import Document, north_korea
from laborwatch.extract.lexicon import groups, pattern
from laborwatch.extract.sentences import Sentence

# words between a bare count and its verb: "500 more crossed", "600 or so are due to follow"
_COUNT_FILLER = re.compile(r"^(?:more|others|of them|or so)\s+")
_NK_BEFORE = re.compile(r"(?:North Korean|N\. Korean|DPRK|KPA)\W*(?:\w+\W+){0,3}$")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|these|those|its|their) $", re.I)
_NUMBER_OF_BEFORE = re.compile(r"\bnumber of\W+(?:\w+\W+){0,4}$")


def find_anchors(doc: Document, sentence: Sentence) -> list[Anchor]:
    lang = doc.lang
    text = doc.text
    base = sentence.start
    anchors: list[Anchor] = []
    named = sentence.index in doc.sentences_with(pattern(lang, "workers")) or bool(
        doc.opening(pattern(lang, "context", "anaphora"), sentence)
    )
    if not named and not doc.find(pattern(lang, "context", "count_only"), sentence):
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
        anchor.nk = bool(_NK_BEFORE.search(left))
        # (the words are six letters at most: only the end of ``left`` can hold them)
        if _DETERMINER_BEFORE.search(left, max(0, len(left) - 6)) and not anchor.nk:
            anchor.noun, anchor.kind = anchor.kind, "anaphor"
        if doc.text[end : end + 1] in ("'", "’"):
            continue  # "the workers' earnings": a possessor, not the group itself
        count = _count_before(doc, quantities, start, used_quantities)
        if count is not None:
            anchor.count = count
            used_quantities.add(count.start)
        elif (after_count := _count_after(doc, quantities, end, used_quantities)) is not None:
            # "women have been brought to plants in Hunchun in groups of 50-60"
            anchor.count = after_count
            used_quantities.add(after_count.start)
        elif _NUMBER_OF_BEFORE.search(left):
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
        elif after[:1].isspace() and pattern(lang, "workers", "count_verbs").match(
            _COUNT_FILLER.sub("", after.lstrip(), count=1)
        ):
            anchors.append(Anchor(q.start, q.end, "count_verb", q, nk_sentence))
        elif re.search(
            r"\b(?:number|figure|total|estimates?|estimated)\b[^.;]{0,40}\b(?:at|to)\s+"
            r"(?:a\s+(?:peak|high|low|record(?:\s+high|\s+low)?)\s+of\s+)?$",
            before,
        ):
            anchors.append(Anchor(q.start, q.end, "number", q, nk_sentence))
        elif re.match(r"\s+for work\b", after):
            anchors.append(Anchor(q.start, q.end, "permit", q, nk_sentence))
        else:
            continue
        used_quantities.add(q.start)
    # a sentence opening with "They" / "The workers" points back to the last frame
    opener = doc.opening(pattern(lang, "context", "anaphora"), sentence)
    if opener and not any(a.start < base + opener.end() and a.end > base for a in anchors):
        anchors.insert(0, Anchor(base + opener.start(), base + opener.end(), "anaphor"))
    # in an article about North Korean labour, plain "workers" are the North Korean ones,
    # unless the sentence is about another nationality's ("South Korean firms are preparing
    # to send 300 engineers")
    other = _other_subject(doc, sentence)
    topic = doc.labour_topic and not other
    for anchor in anchors:
        if anchor.kind == "anaphor" and opens_sentence(sentence, anchor.start):
            continue
        anchor.nk = (
            anchor.nk
            # North Korea named elsewhere in a sentence about another country's own workers
            # ("Vietnam sent 159,000 workers abroad, while North Korea ...") is no marker
            or (nk_sentence and not other)
            or (
                topic
                and (
                    anchor.kind in ("labour", "count_verb", "pronoun")
                    or anchor.count is not None
                    or (anchor.kind == "military" and labouring_soldiers(doc, anchor))
                )
            )
        )
    anchors.sort(key=lambda a: a.start)
    return _coordinated_counts(doc, sentence, anchors, quantities, used_quantities)


def labouring_soldiers(doc: Document, anchor: Anchor) -> bool:
    """ "military builders", "construction troops", "army sappers": soldiers named by labour."""
    return bool(
        pattern(doc.lang, "context", "labouring_soldiers").search(
            doc.text[anchor.start : anchor.end]
        )
    )


def _other_subject(doc: Document, sentence: Sentence) -> bool:
    """A sentence whose subject is of another nationality ("South Korean construction firms
    are preparing to send 300 engineers"), not a claimant ("Russian officials said ...")."""
    other = doc.find(pattern(doc.lang, "north_korea", "other_nationals"), sentence)
    if other is not None and other.start() <= 20:
        # the speaker is the subject only when the reporting verb follows it closely
        return not REPORTING.search(doc.words(sentence)[other.end() : other.end() + 40])
    # "Vietnam sent about 159,000 workers abroad": another country sends its own; a host
    # does not send ("Kuwait sent home the last of them" is a departure)
    opening = max(sentence.start, doc.dateline_end)  # "HANOI, Jan 8 - Vietnam sent ..."
    for mention in doc.within(doc.mentions, sentence):
        if mention.start < opening:
            continue
        if mention.start - opening > 20:
            break
        country = getattr(mention.entity, "country", None)
        if mention.kind == "place" and country not in (None, "KP"):
            return bool(_SENDS.match(doc.text, mention.end))
    return False


_SENDS = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:sent|sends|send|dispatched|dispatches|aims to send|plans to send)"
    r"\b(?!\s+(?:home|back)\b)",
    re.IGNORECASE,
)


def _proper_noun_part(doc: Document, sentence: Sentence, start: int, end: int) -> bool:
    """ "Lao People's Democratic Republic", "Federation of Workers": names, not workers."""
    phrase = doc.text[start:end]
    head = phrase.split()[-1]  # "IT workers" is workers; "Federation of Workers" is a name
    if doc.text[end : end + 2] in ("'s", "’s") and head[:1].isupper():
        return True
    # capitalised because it opens the sentence, the story after its dateline, or a quote
    opening = start == doc.dateline_end or not doc.text[sentence.start : start].strip(" \"'“‘(")
    if opening or not head[:1].isupper():
        return False
    return not re.match(r"(?:North|N\.|DPRK|KPA)", phrase)


def opens_sentence(sentence: Sentence, offset: int) -> bool:
    return offset - sentence.start <= 4


def _count_before(doc: Document, quantities: list, start: int, used: set[int]) -> Any | None:
    for q in reversed(quantities):
        if q.end > start or q.start in used:
            continue
        # quotes around the count itself do not part it from the group ("dozens" of workers)
        between = doc.text[q.end : start].lstrip("\"”’'")
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
