"""Running the extraction over stored documents and storing what it finds.

Machine findings of a document are replaced as a whole each time it is (re)processed; analysts'
reviews live elsewhere and point at findings by their stable ``key``.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from laborwatch.extract import EXTRACTOR_VERSION
from laborwatch.extract.frames import Finding, extract_findings
from laborwatch.extract.gazetteer import Gazetteer, load_gazetteer
from laborwatch.store import Store
from laborwatch.store.models import Document
from laborwatch.store.models import Evidence as EvidenceRow
from laborwatch.store.models import Finding as FindingRow

BATCH = 200
KEY_SLOTS = {
    "deployment": (
        "destination_country",
        "destination_area",
        "status",
        "workers_min",
        "workers_max",
        "when",
    ),
    "organization": ("name",),
    "control": ("type",),
    "payment": ("kind", "payer"),
    "sanction": ("name",),
    "agreement": ("type", "parties", "when"),
    "meeting": ("parties", "when"),
}


@dataclass
class ExtractReport:
    documents: int = 0
    findings: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {
            "documents": self.documents,
            "findings": dict(self.findings),
            "seconds": round(self.seconds, 3),
            "extractor_version": EXTRACTOR_VERSION,
        }


def extract_text(
    text: str,
    published: str | None = None,
    language: str | None = "en",
    gazetteer: Gazetteer | None = None,
    source: str | None = None,
) -> list[Finding]:
    """Findings of one text (no database involved)."""
    return extract_findings(text, published, language, gazetteer or load_gazetteer(), source)


def finding_key(document_id: str, finding: Finding) -> str:
    """A key that survives re-extraction: document, kind and the normalized slots."""
    slots = KEY_SLOTS.get(finding.kind, tuple(sorted(finding.data)))
    values = [str(finding.data.get(slot) or "").casefold() for slot in slots]
    digest = hashlib.sha1(json.dumps(values).encode()).hexdigest()[:16]
    return f"{document_id}:{finding.kind}:{digest}"


def extract_documents(
    store: Store,
    *,
    reprocess_all: bool = False,
    ids: Sequence[str] | None = None,
    gazetteer_files: Iterable[Path] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExtractReport:
    """Extract new documents (never processed by this extractor version), or all of them."""
    gazetteer = load_gazetteer(list(gazetteer_files) if gazetteer_files else None)
    report = ExtractReport()
    started = time.perf_counter()
    with store.session() as session:
        query = select(Document.id).order_by(Document.id)
        if ids:
            query = query.where(Document.id.in_(list(ids)))
        elif not reprocess_all:
            query = query.where(
                (Document.extracted_version.is_(None))
                | (Document.extracted_version != EXTRACTOR_VERSION)
            )
        todo = list(session.scalars(query))
    for offset in range(0, len(todo), BATCH):
        batch = todo[offset : offset + BATCH]
        with store.session() as session:
            documents = session.scalars(
                select(Document)
                .where(Document.id.in_(batch))
                .options(selectinload(Document.source))
            ).all()
            session.execute(delete(FindingRow).where(FindingRow.document_id.in_(batch)))
            for document in documents:
                findings = extract_findings(
                    document.text,
                    document.published,
                    document.language,
                    gazetteer,
                    document.source.name if document.source else None,
                )
                for finding in findings:
                    session.add(_row(document.id, finding))
                    report.findings[finding.kind] += 1
                document.extracted_version = EXTRACTOR_VERSION
                report.documents += 1
        if progress:
            progress(min(offset + BATCH, len(todo)), len(todo))
    report.seconds = time.perf_counter() - started
    return report


def _row(document_id: str, finding: Finding) -> FindingRow:
    row = FindingRow(
        document_id=document_id,
        kind=finding.kind,
        key=finding_key(document_id, finding),
        data=finding.data,
        rule=finding.rule,
        extractor_version=EXTRACTOR_VERSION,
    )
    sentences = [finding.sentence, *finding.extra_sentences]
    for span in finding.spans:
        sentence = next((s for s in sentences if s.start <= span.start < s.end), finding.sentence)
        row.evidence.append(
            EvidenceRow(
                start=span.start,
                end=span.end,
                sentence_start=sentence.start,
                sentence_end=sentence.end,
                role=span.role,
            )
        )
    return row
