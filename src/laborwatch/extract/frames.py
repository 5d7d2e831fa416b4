"""Every finding of one document: the prefilter, then deployments and the other facts."""

from __future__ import annotations

from laborwatch.extract.deployments import deployment_findings, find_deployments
from laborwatch.extract.document import (
    Document,
    Finding,
    Span,
    entity_of,
    names_workers,
    north_korea,
)
from laborwatch.extract.facts import (
    describe_claim,
    find_controls,
    find_organizations,
    find_payments,
    find_relations,
    find_sanctions,
)
from laborwatch.extract.gazetteer import Gazetteer

__all__ = ["Finding", "Span", "extract_findings"]


def extract_findings(
    text: str,
    published: str | None,
    lang: str | None,
    gazetteer: Gazetteer,
    source: str | None = None,
) -> list[Finding]:
    """Every finding of one document text; ``source`` is the outlet that published it."""
    language = lang if lang in ("en", "ko", "ru") else "en"
    # the relevance prefilter: two cheap scans before any analysis
    if not north_korea(language).search(text) and not any(
        getattr(entity_of(m), "country", None) == "KP" for m in gazetteer.find(text[:5000])
    ):
        return []
    if not names_workers(text, language):
        # no workers named anywhere: only the resolutions and designations it cites
        return find_sanctions(Document(text, published, language, gazetteer, source, light=True))
    doc = Document(text, published, language, gazetteer, source)
    findings = find_sanctions(doc)
    frames = find_deployments(doc)
    if frames or doc.labour_topic:
        findings.extend(deployment_findings(doc, frames))
        findings.extend(find_organizations(doc))
        findings.extend(find_controls(doc))
        findings.extend(find_payments(doc))
        findings.extend(find_relations(doc))
    for finding in findings:
        if finding.kind in ("control", "payment", "organization", "sanction"):
            describe_claim(doc, finding)
    return findings
