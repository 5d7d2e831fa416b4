"""Deployment frames of a document: anchors, then a frame per anchor, then linking and merging."""

from __future__ import annotations

import re

from laborwatch.extract.attribution import attribution_of
from laborwatch.extract.deployments.anchors import find_anchors, labouring_soldiers
from laborwatch.extract.deployments.figures import figure_rows
from laborwatch.extract.deployments.linking import (
    another_time,
    changes_status,
    continuations,
    from_group,
    merge,
    resolve_anaphor,
)
from laborwatch.extract.deployments.model import Anchor, Deployment, copy_frame, uncounted
from laborwatch.extract.deployments.places import article_host, destinations_of
from laborwatch.extract.deployments.slots import count_date, sector_of, when_of
from laborwatch.extract.deployments.status import status_of
from laborwatch.extract.document import Document, Finding, Span, entity_of
from laborwatch.extract.lexicon import groups, pattern
from laborwatch.extract.sentences import Sentence


def find_deployments(doc: Document) -> list[Deployment]:
    frames: list[Deployment] = []
    pending: list[Deployment] = []  # frames waiting for a destination from the next sentence
    for sentence in doc.sentences:
        sentence_frames: list[Deployment] = []
        for anchor in find_anchors(doc, sentence):
            for frame in _frames(doc, sentence, anchor, frames + sentence_frames):
                if frame.anchor.kind == "anaphor" and uncounted(frame):
                    known = frames + sentence_frames
                    if changes_status(frame, known):
                        # "Many have gone home": part of the group before, leaving
                        sentence_frames.append(from_group(frame, known[-1], "next-stage"))
                    elif another_time(doc, frame, known):
                        # "The men had been working since 2023": the whole group, at another
                        # time (SPEC: another deployment)
                        sentence_frames.append(from_group(frame, known[-1], "another-time"))
                    else:
                        resolve_anaphor(frame, frames, sentence_frames, pending, sentence)
                elif frame.country is None:
                    pending.append(frame)
                else:
                    sentence_frames.append(frame)
        pending = [p for p in pending if p.sentence.index >= sentence.index - 1]
        frames.extend(sentence_frames)
        continuations(doc, sentence, frames)
    frames.extend(figure_rows(doc))
    return merge(frames)


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
        if labouring_soldiers(doc, anchor):
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
        # "North Korean women processing seafood": the words of a trade are labour too
        if any(
            doc.find(regex, sentence)
            for name, regex in groups(lang, "sectors").items()
            if name != "military"
        ):
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
    if anchor.count is None and EACH_BEFORE.search(
        text[max(sentence.start, anchor.start - 30) : anchor.start]
    ):
        return []  # "hands each worker an allowance": one worker at a time, not a group
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

    status, trigger, earlier = status_of(doc, sentence, anchor)
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

    destinations = destinations_of(doc, sentence, anchor, status)
    if (
        not destinations
        and sentence.index > 0
        and doc.find(pattern(lang, "context", "place_anaphora"), sentence)
    ):
        # "worked on the arena", "work there", "demine the region": the place the nearest
        # sentence naming one is about, a few sentences back at most
        for before in doc.sentences[max(0, sentence.index - PLACE_LOOKBACK) : sentence.index][::-1]:
            destinations = destinations_of(
                doc, before, Anchor(before.start, before.start, "anaphor"), status
            )
            if destinations:
                frame.rule += "+place-anaphor"
                if doc.find(pattern(lang, "context", "country_anaphora"), sentence):
                    # "employed in the country": the country of that place, not its city
                    destinations = [(country, None, False, []) for country, *_ in destinations]
                break
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
        and (host := article_host(doc))
    ):
        # "The Interior Ministry issued 1,320 work permits": the host the article is about
        destinations = [(host, None, False, [])]
        frame.rule += "+article-host"
    if (
        not destinations
        and recent is not None
        and recent.country
        and (
            linked
            # "another 50 workers", "1,000 more North Koreans": more of the group before
            or (anchor.count is not None and _is_further(doc, anchor))
            or doc.find(pattern(lang, "context", "place_anaphora"), sentence)
        )
    ):
        frame.country, frame.area, frame.occupied = recent.country, recent.area, recent.occupied
        frame.rule += "+linked-destination"
        if anchor.kind in ("pronoun", "anaphor", "coordinated"):
            frame.sector = recent.sector
    if anchor.kind == "coordinated" and recent is not None:
        # "..., and 11,490 on December 31, 2018": the frame before, with its own count
        frame.status = recent.status if trigger is None else frame.status
        frame.sector = recent.sector
    frame.sector = sector_of(doc, sentence, anchor, frame.sector)
    frame.when = count_date(doc, sentence, anchor) or (
        None
        if anchor.earlier_state
        else when_of(doc, sentence, anchor, trigger, future=status == "planned")
    )
    if recent is not None and recent.when and SAME_TIME.search(doc.words(sentence)):
        frame.when = recent.when  # "put the figure at about 15,000 at the same time"
    frame.attribution, frame.speaker = attribution_of(doc, sentence)
    frames = []
    for country, area, occupied, spans in destinations or [(None, None, False, [])]:
        copy = copy_frame(frame)
        if country is not None:
            copy.country, copy.area, copy.occupied = country, area, occupied
            copy.spans.extend(spans)
        frames.append(copy)
    if earlier is not None:
        # "where 2,000 had been employed, has sent three-quarters of them home": two frames
        for copy in list(frames):
            ended = copy_frame(copy)
            ended.status, ended.workers_min, ended.workers_max = "ended", None, None
            ended.when = when_of(doc, sentence, anchor, earlier)
            ended.rule += "+part-ended"
            copy.status = "sent"
            copy.when = when_of(doc, sentence, anchor, None, present_default=False)
            frames.append(ended)
    return frames


PLACE_LOOKBACK = 6  # sentences a place anaphor may point back over

SAME_TIME = re.compile(r"\b(?:at the same time|at that time|by then|at the time)\b", re.I)


# words before a group of workers that make it wanted or counted, not sent
NOT_A_GROUP_BEFORE = re.compile(
    r"\b(?:short(?:age)? of|shortfall of|lack of|deficit of|need for|demand for|in need of|"
    r"vacancies for)\s+(?:(?:about|around|some|nearly|roughly|more than|up to|over)\s+)?"
    r"(?:[\w,.'’-]+\s+){0,3}$",
    re.IGNORECASE,
)


def _is_further(doc: Document, anchor: Anchor) -> bool:
    """A count that adds to a group named before: "another 50", "a further 3,000", "500 more"."""
    count = anchor.count
    before = doc.text[max(0, count.start - 20) : count.start]
    after = doc.text[count.end : count.end + 8]
    return bool(FURTHER_BEFORE.search(before) or FURTHER_AFTER.match(after))


FURTHER_BEFORE = re.compile(r"\b(?:another|a further|an additional|an extra)\s+$", re.IGNORECASE)
FURTHER_AFTER = re.compile(r"\s+more\b", re.IGNORECASE)

EACH_BEFORE = re.compile(r"\b(?:each|every|per)\s+(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE)


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
