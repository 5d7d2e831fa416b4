"""Fixtures of the report tests: a sample deployment and a way to store findings directly."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest

from laborwatch.store import Store
from laborwatch.store.models import Document, Finding

AddDocument = Callable[[Store, str, list[tuple[str, dict[str, Any]]]], None]


@pytest.fixture
def kursk() -> dict[str, Any]:
    """A SPEC deployment record."""
    return {
        "destination_country": "RU",
        "destination_area": "Kursk",
        "occupied": False,
        "workers_min": 1000,
        "workers_max": 2000,
        "status": "planned",
        "sector": "construction",
        "when": "2024-03",
        "attribution": "anonymous_source",
        "evidence": "send groups of 1,000-2,000 workers",
    }


def _add_document(store: Store, doc_id: str, findings: list[tuple[str, dict[str, Any]]]) -> None:
    text = f"text of {doc_id}"
    with store.session() as session:
        session.add(
            Document(id=doc_id, text=text, text_hash=hashlib.sha256(text.encode()).hexdigest())
        )
        session.flush()
        for n, (kind, data) in enumerate(findings):
            session.add(
                Finding(
                    document_id=doc_id,
                    kind=kind,
                    key=f"{doc_id}:{kind}:{n}",
                    data=data,
                    rule="test",
                    extractor_version="test-1",
                )
            )


@pytest.fixture
def add_document() -> AddDocument:
    """Store a document with findings of (kind, data), in that order."""
    return _add_document
