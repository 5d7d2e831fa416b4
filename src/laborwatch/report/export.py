"""Stored findings as SPEC section 2 records: one JSON line for every document.

The record shape is a contract shared with the gold standard and outside scorers, so the keys
and their order are fixed here and nowhere else; extra keys the extractor keeps in a finding's
data (speaker, modality, ...) are left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Protocol, TextIO

from sqlalchemy import select

from laborwatch.errors import LaborwatchError
from laborwatch.store import Store
from laborwatch.store.models import Document, Finding

RECORD_KEYS = ("doc", "deployments", "organizations", "controls", "payments", "sanctions")
DEPLOYMENT_KEYS = (
    "destination_country",
    "destination_area",
    "occupied",
    "workers_min",
    "workers_max",
    "status",
    "sector",
    "when",
    "attribution",
    "evidence",
)
PAYMENT_KEYS = ("kind", "payer", "items", "amount", "currency_code", "change")
# finding kinds that appear in the SPEC record; others (agreement, meeting...) are not exported
EXPORTED_KINDS = ("deployment", "organization", "control", "payment", "sanction")
FORMATS = ("jsonl",)
BATCH_SIZE = 500


class FindingLike(Protocol):
    """What a record needs of a finding: an ORM ``Finding`` or a selected row both fit."""

    kind: str
    data: Mapping[str, Any]


def _unique(values: Iterable[Any]) -> list[Any]:
    """Values without repeats, first occurrence first (works for unhashable dicts too)."""
    out: list[Any] = []
    for value in values:
        if value not in out:
            out.append(value)
    return out


def _text(value: Any) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _deployment(data: Mapping[str, Any]) -> dict[str, Any]:
    record = {key: data.get(key) for key in DEPLOYMENT_KEYS}
    record["occupied"] = bool(record["occupied"])
    return record


def _payment(data: Mapping[str, Any]) -> dict[str, Any] | None:
    if not _text(data.get("kind")):
        return None
    return {key: data[key] for key in PAYMENT_KEYS if data.get(key) is not None}


def findings_record(document_id: str, findings: Iterable[FindingLike]) -> dict[str, Any]:
    """The SPEC section 2 line of one document from its findings (in extraction order)."""
    deployments: list[dict[str, Any]] = []
    organizations: set[str] = set()
    controls: list[str] = []
    payments: list[dict[str, Any]] = []
    sanctions: list[str] = []
    for finding in findings:
        data = finding.data if isinstance(finding.data, Mapping) else {}
        if finding.kind == "deployment":
            deployments.append(_deployment(data))
        elif finding.kind == "organization" and (name := _text(data.get("name"))):
            organizations.add(name)
        elif finding.kind == "control" and (control := _text(data.get("type"))):
            controls.append(control)
        elif finding.kind == "payment" and (payment := _payment(data)):
            payments.append(payment)
        elif finding.kind == "sanction" and (sanction := _text(data.get("name"))):
            sanctions.append(sanction)
    return {
        "doc": document_id,
        "deployments": deployments,
        "organizations": sorted(organizations),
        "controls": _unique(controls),
        "payments": _unique(payments),
        "sanctions": _unique(sanctions),
    }


def iter_findings_records(store: Store, *, batch_size: int = BATCH_SIZE) -> Iterator[dict]:
    """SPEC records of every stored document, ordered by id, one batch of documents at a time."""
    after: str | None = None
    while True:
        with store.session() as session:
            query = select(Document.id).order_by(Document.id).limit(batch_size)
            if after is not None:
                query = query.where(Document.id > after)
            ids = list(session.scalars(query))
            if not ids:
                return
            rows = session.execute(
                select(Finding.document_id, Finding.kind, Finding.data)
                .where(Finding.document_id.in_(ids), Finding.kind.in_(EXPORTED_KINDS))
                .order_by(Finding.document_id, Finding.id)
            ).all()
        by_document: dict[str, list[Any]] = {doc_id: [] for doc_id in ids}
        for row in rows:
            by_document[row.document_id].append(row)
        for doc_id in ids:
            yield findings_record(doc_id, by_document[doc_id])
        after = ids[-1]


def json_line(record: Mapping[str, Any]) -> str:
    """One JSON line; U+2028/U+2029 are escaped so that no line splitter breaks a record."""
    text = json.dumps(record, ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def export_findings(store: Store, out: TextIO, *, format: str = "jsonl") -> int:
    """Write one SPEC findings line per stored document to ``out``; returns the line count."""
    if format not in FORMATS:
        raise LaborwatchError(
            f"unsupported findings format {format!r}: use one of {', '.join(FORMATS)}"
        )
    count = 0
    for record in iter_findings_records(store):
        out.write(json_line(record) + "\n")
        count += 1
    return count
