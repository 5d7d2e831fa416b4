"""The other findings of a document: organizations, controls, payments, sanctions, and
agreements and meetings between states."""

from __future__ import annotations

from typing import Any

from laborwatch.extract.attribution import attribution_of, modality_of
from laborwatch.extract.document import (
    NEVER_DESTINATION,
    Document,
    Finding,
    Span,
    date_value,
    entity_of,
    north_korea,
)
from laborwatch.extract.lexicon import groups, pattern, pattern_of
from laborwatch.extract.sentences import Sentence


def find_organizations(doc: Document) -> list[Finding]:
    seen: dict[str, Finding] = {}
    for mention in doc.mentions:
        entity = entity_of(mention)
        if getattr(mention, "kind", None) != "organization" or entity is None:
            continue
        if getattr(entity, "kind", None) not in ("dprk_state", "dprk_company"):
            continue
        if not getattr(entity, "labour_role", False):
            continue  # e.g. the Women's Union: named, but not part of sending workers
        sentence = doc.sentence_at(mention.start)
        name = entity.name
        if name in seen:
            seen[name].spans.append(Span(mention.start, mention.end, "organization"))
            continue
        seen[name] = Finding(
            "organization",
            {"name": name, "id": getattr(entity, "id", None)},
            "gazetteer:organization",
            sentence,
            [Span(mention.start, mention.end, "organization")],
        )
    return list(seen.values())


def find_controls(doc: Document) -> list[Finding]:
    found: dict[str, Finding] = {}
    # controls are often told apart from the sentence naming the workers: scan it all, each
    # kind only where its stems occur
    for name, regex in groups(doc.lang, "controls").items():
        for index in sorted(doc.sentences_with(regex, near_workers=False)):
            sentence = doc.sentences[index]
            match = doc.find(regex, sentence)
            if not match:
                continue
            span = Span(sentence.start + match.start(), sentence.start + match.end(), "control")
            if name in found:
                found[name].spans.append(span)
            else:
                found[name] = Finding(
                    "control", {"type": name}, f"lexicon:controls:{name}", sentence, [span]
                )
    return list(found.values())


PAYMENT_KINDS = ("state_share", "in_kind", "wages", "currency")


def find_payments(doc: Document) -> list[Finding]:
    lang = doc.lang
    kinds = groups(lang, "payments")
    workers = groups(lang, "workers")
    combat = pattern(lang, "context", "combat")
    found: dict[str, Finding] = {}
    cues: set[int] = set()
    for kind in PAYMENT_KINDS:
        cues |= doc.sentences_with(kinds[kind], near_workers=False)
    for index in sorted(cues):
        sentence = doc.sentences[index]
        soldiers_only = doc.find(workers["military"], sentence) and not doc.find(
            workers["labour"], sentence
        )
        if soldiers_only or doc.find(combat, sentence):
            continue  # payment for troops is not payment for labour
        for kind in PAYMENT_KINDS:
            match = doc.find(kinds[kind], sentence)
            if match:
                span = Span(sentence.start + match.start(), sentence.start + match.end(), "payment")
                _add_payment(doc, sentence, kind, span, found)
    return list(found.values())


def _add_payment(
    doc: Document, sentence: Sentence, kind: str, span: Span, found: dict[str, Finding]
) -> None:
    doc.words(sentence)
    data: dict[str, Any] = {"kind": kind}
    if kind == "in_kind":
        items_re = pattern(doc.lang, "payments", "in_kind_items")
        items = [m.group().lower() for m in doc.find_all(items_re, sentence)]
        if items:
            data["items"] = list(dict.fromkeys(items))
        payer = _payer(doc, sentence)
        if payer:
            data["payer"] = payer
    for name in ("doubled", "increased", "decreased"):
        if doc.find(pattern(doc.lang, "payments", "change", name), sentence):
            data["change"] = name
            break
    if kind in found:
        existing = found[kind]
        for key, value in data.items():
            existing.data.setdefault(key, value)
        existing.spans.append(span)
    else:
        found[kind] = Finding("payment", data, f"lexicon:payments:{kind}", sentence, [span])


def _payer(doc: Document, sentence: Sentence) -> str | None:
    for mention in doc.within(doc.mentions, sentence):
        entity = entity_of(mention)
        if getattr(mention, "kind", None) in ("place", "demonym") and entity is not None:
            country = getattr(entity, "country", None)
            if (
                country
                and country not in NEVER_DESTINATION
                and getattr(entity, "kind", "") == "country"
            ):
                return country
    return None


def find_sanctions(doc: Document) -> list[Finding]:
    found: dict[str, Finding] = {}
    for start, end, name in doc.gazetteer.find_resolutions(doc.text):
        sentence = doc.sentence_at(start)
        if name in found:
            found[name].spans.append(Span(start, end, "sanction"))
        else:
            found[name] = Finding(
                "sanction",
                {"name": name},
                "gazetteer:resolution",
                sentence,
                [Span(start, end, "sanction")],
            )
    for name, regex in groups(doc.lang, "sanctions").items():
        where = doc.search_text(regex)  # on the text itself: the names of the bodies matter
        if where and name not in found:
            span = Span(*where, "sanction")
            found[name] = Finding(
                "sanction",
                {"name": name},
                f"lexicon:sanctions:{name}",
                doc.sentence_at(where[0]),
                [span],
            )
    return list(found.values())


def describe_claim(doc: Document, finding: Finding) -> None:
    """Who says it and how firmly, for findings other than deployments (not part of SPEC)."""
    attribution, speaker = attribution_of(doc, finding.sentence)
    finding.data.setdefault("attribution", attribution)
    if speaker and attribution != "outlet":
        finding.data.setdefault("speaker", speaker)
    finding.data.setdefault("modality", modality_of(doc, finding.sentence))


def find_relations(doc: Document) -> list[Finding]:
    """Agreements and negotiations between states, and meetings, that concern labour."""
    found: dict[tuple, Finding] = {}
    relations = groups(doc.lang, "relations")
    labour = pattern(doc.lang, "context", "labour")
    cues = pattern_of(
        doc.lang, *(("relations", k) for k in ("agreement", "negotiation", "meeting"))
    )
    for index in sorted(doc.sentences_with(cues)):
        sentence = doc.sentences[index]
        match = None
        kind = None
        for name in ("agreement", "negotiation", "meeting"):
            match = doc.find(relations[name], sentence)
            if match:
                kind = name
                break
        if match is None or not doc.find(labour, sentence):
            continue
        parties = []
        for mention in doc.within(doc.mentions, sentence):
            country = getattr(entity_of(mention), "country", None)
            if mention.kind in ("place", "demonym") and country and country not in parties:
                if getattr(entity_of(mention), "kind", "country") in ("country", None) or (
                    mention.kind == "demonym"
                ):
                    parties.append(country)
        if north_korea(doc.lang).search(doc.words(sentence)) and "KP" not in parties:
            parties.append("KP")
        if "KP" not in parties or len(parties) < 2:
            continue
        frame_kind = "meeting" if kind == "meeting" else "agreement"
        dates = [d for d in doc.dates_in(sentence) if getattr(d, "value", None)]
        attribution, speaker = attribution_of(doc, sentence)
        data: dict[str, Any] = {
            "type": kind,
            "parties": sorted(parties),
            "when": date_value(doc, dates[0]) if dates else None,
            "attribution": attribution,
            "modality": modality_of(doc, sentence),
        }
        if speaker and attribution != "outlet":
            data["speaker"] = speaker
        key = (frame_kind, tuple(data["parties"]), data["when"])
        span = Span(sentence.start + match.start(), sentence.start + match.end(), frame_kind)
        if key in found:
            found[key].spans.append(span)
            continue
        found[key] = Finding(frame_kind, data, f"lexicon:relations:{kind}", sentence, [span])
    return list(found.values())
