"""Who asserts a statement (SPEC attribution classes, through chains of reporting) and how
firmly (asserted, hedged, planned, denied)."""

from __future__ import annotations

import re
from typing import Any

from laborwatch.extract.document import Document, entity_of
from laborwatch.extract.lexicon import groups, pattern
from laborwatch.extract.sentences import Sentence

ATTRIBUTION_ORDER = (
    "anonymous_source",
    "official_statistics",
    "government",
    "named_person",
    "media",
)


REPORTING = re.compile(
    r"\b(?:said|says|told|tells|reported|reports|estimated|estimates|found|finds|put|puts|"
    r"announced|stated|showed|shows|confirmed|noted|wrote|claimed|briefed|believes|recorded|"
    r"according to|citing|cited)\b",
    re.I,
)


def _claims(doc: Document, sentence: Sentence, mention: Any) -> bool:
    """Is the named body or person the one making the claim (not merely mentioned)?"""
    after = doc.text[mention.end : min(sentence.end, mention.end + 70)]
    before = doc.text[max(sentence.start, mention.start - 30) : mention.start]
    if REPORTING.search(before):
        return True
    first = REPORTING.search(after)
    return bool(first) and not re.search(r"[.;]", after[: first.start()])


def attribution_of(doc: Document, sentence: Sentence) -> tuple[str, str | None]:
    """Who asserts what the sentence says. A sentence that names no claimant continues the
    account of the nearest sentence of its paragraph that does ("The women sleep in
    dormitories. ... , the source said."): reporting names its source once a paragraph."""
    own = _attribution(doc, sentence)
    if own[0] != "outlet":
        return own
    paragraph = [s for s in doc.sentences if s.paragraph == sentence.paragraph and s != sentence]
    for other in sorted(paragraph, key=lambda s: (abs(s.index - sentence.index), -s.index)):
        found = _attribution(doc, other)
        if found[0] != "outlet":
            return found
    return own


def _attribution(doc: Document, sentence: Sentence) -> tuple[str, str | None]:
    key = ("attribution", sentence.index)
    if key not in doc.memo:
        doc.memo[key] = _sentence_attribution(doc, sentence)
    return doc.memo[key]


def _sentence_attribution(doc: Document, sentence: Sentence) -> tuple[str, str | None]:
    lang = doc.lang
    doc.words(sentence)
    found: dict[str, str] = {}
    for mention in doc.within(doc.mentions, sentence):
        entity = entity_of(mention)
        if str(getattr(entity, "kind", "")).startswith("dprk"):
            continue  # North Korean bodies are what reports are about, not who claims them
        klass = getattr(entity, "attribution", None)
        if klass in ATTRIBUTION_ORDER and klass not in found and _claims(doc, sentence, mention):
            found[klass] = getattr(entity, "name", None) or mention.surface
    for klass, regex in groups(lang, "attribution").items():
        if klass == "media_anaphora" or klass in found:
            continue
        match = doc.find(regex, sentence)
        if match:
            found[klass] = doc.surface(sentence, match)
    if "named_person" not in found and (speaker := _named_speaker(doc, sentence)):
        found["named_person"] = speaker
    if "media" in found and _names_own_outlet(doc, sentence):
        del found["media"]  # the outlet's own earlier reporting is its own voice
    if "media" in found and doc.find(pattern(lang, "attribution", "media_anaphora"), sentence):
        primary = _primary_attribution(doc)
        if primary:
            found.setdefault(primary, "the report")
    for klass in ATTRIBUTION_ORDER:
        if klass in found:
            return klass, found[klass].strip(" ,")
    return "outlet", None


# "Andrei Lysenko said", "said Kim Min-ji, a researcher", "according to Irina Korotkova"
_NAME = r"[A-Z][a-z'’]+(?:-[A-Z]?[a-z]+)?(?: [A-Z][a-z'’]+(?:-[A-Z]?[a-z]+)?){1,2}"
_SAYS_WORDS = (
    "said",
    "says",
    "told",
    "estimates",
    "estimated",
    "believes",
    "cautions",
    "cautioned",
    "noted",
    "added",
)
_SAYS = "(?:" + "|".join(_SAYS_WORDS) + ")"
_NAMED_SPEAKER = re.compile(
    rf"(?:according to (?P<a>{_NAME})|(?P<b>{_NAME}),?(?: [\w-]+){{0,6}}?,? {_SAYS}\b"
    rf"|\b(?:said|says|told \w+) (?P<c>{_NAME})|\b(?P<d>[A-Z][a-z]+) {_SAYS}\b)"
)
_NOT_NAMES = {"The", "A", "An", "In", "On", "At", "But", "And", "North", "South", "Some", "Many"}


_SPEAKING = ("according to", *_SAYS_WORDS)  # every way above of naming a speaker holds one


def _named_speaker(doc: Document, sentence: Sentence) -> str | None:
    """A person the sentence names as speaking, who is not a known place or body."""
    if not any(word in sentence.text for word in _SPEAKING):
        return None  # (substring tests are far cheaper than the pattern's scan)
    for match in _NAMED_SPEAKER.finditer(sentence.text):
        name = match.group("a") or match.group("b") or match.group("c") or match.group("d")
        start = sentence.start + match.start(match.lastgroup or 0)
        if name.split()[0] in _NOT_NAMES:
            continue
        if match.group("d") and not re.search(
            rf"\b{re.escape(name)}(?: [A-Z][\w-]+)+|[A-Z][\w-]+ {re.escape(name)}\b",
            doc.text[:start],
        ):
            continue  # a surname alone speaks only once the full name was given
        if any(
            m.start < start + len(name) and start < m.end and getattr(m, "kind", "") != "person"
            for m in doc.within(doc.mentions, sentence)
        ):
            continue  # "Primorsky Krai said", "Daily NK said": not a person
        return name
    return None


def _names_own_outlet(doc: Document, sentence: Sentence) -> bool:
    if not doc.source:
        return False
    name = re.sub(r"\s*\(.*\)$", "", doc.source).strip()
    name = re.sub(r"^(?:www\.)|\.(?:com|org|net|kp|kr|ru|co\.\w+|example)$", "", name)
    return len(name) > 2 and name.casefold() in sentence.text.casefold()


def _primary_attribution(doc: Document) -> str | None:
    """The class of the first cited claim in the article (what "the report" points back to)."""
    for sentence in doc.sentences[:4]:
        klass, _ = _attribution_plain(doc, sentence)
        if klass != "outlet":
            return klass
    return None


def _attribution_plain(doc: Document, sentence: Sentence) -> tuple[str, str | None]:
    for klass, regex in groups(doc.lang, "attribution").items():
        if klass == "media_anaphora":
            continue
        match = doc.find(regex, sentence)
        if match:
            return klass, doc.surface(sentence, match)
    return "outlet", None


def modality_of(doc: Document, sentence: Sentence) -> str:
    mod = groups(doc.lang, "modality")
    if doc.find(mod["denied"], sentence):
        return "denied"
    if doc.find(mod["hedged"], sentence):
        return "hedged"
    if doc.find(groups(doc.lang, "status")["planned"], sentence):
        return "planned"
    return "asserted"
