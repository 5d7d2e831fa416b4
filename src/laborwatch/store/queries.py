"""Read side of the store: one document, its original bytes, rejects and corpus statistics.

Every function takes a :class:`~laborwatch.store.Store` or an open ``Session``. Objects
returned from a Store are detached from their (closed) session, with what callers read loaded.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from laborwatch.errors import NotFound, StoreError
from laborwatch.store.database import Store
from laborwatch.store.models import Blob, Document, Finding, Reject, Source

UNKNOWN = "unknown"  # the key for a missing source, language, format or year in stats

_DECOMPRESS = {
    "zlib": zlib.decompress,
    "gzip": gzip.decompress,
    "none": bytes,
    "": bytes,
}


@contextmanager
def using_session(session_or_store: Session | Store) -> Iterator[Session]:
    """The session passed in, or a new one of the store (closed afterwards)."""
    if isinstance(session_or_store, Session):
        yield session_or_store
        return
    with session_or_store.session() as session:
        yield session


def get_document(session_or_store: Session | Store, document_id: str) -> Document:
    """The document with this id, its source loaded; raises NotFound."""
    with using_session(session_or_store) as session:
        document = session.scalar(
            select(Document).options(joinedload(Document.source)).where(Document.id == document_id)
        )
        if document is None:
            raise NotFound(f"no document with id {document_id!r}")
        return document


def get_document_raw(session_or_store: Session | Store, document_id: str) -> bytes:
    """The bytes the document was ingested from, exactly; raises NotFound when none were kept."""
    with using_session(session_or_store) as session:
        sha256 = session.scalar(select(Document.blob_sha256).where(Document.id == document_id))
        if sha256 is None:
            if session.get(Document, document_id) is None:
                raise NotFound(f"no document with id {document_id!r}")
            raise NotFound(f"document {document_id!r} has no stored original bytes")
        blob = session.get(Blob, sha256)
        if blob is None:
            raise StoreError(f"blob {sha256} of document {document_id!r} is missing")
        return blob_bytes(blob)


def blob_bytes(blob: Blob) -> bytes:
    """A blob's raw bytes, decompressed and checked against its SHA-256."""
    decompress = _DECOMPRESS.get(blob.compression or "")
    if decompress is None:
        raise StoreError(f"blob {blob.sha256}: unknown compression {blob.compression!r}")
    try:
        data = decompress(blob.data)
    except (zlib.error, OSError, EOFError) as exc:
        raise StoreError(f"blob {blob.sha256} cannot be decompressed: {exc}") from exc
    if hashlib.sha256(data).hexdigest() != blob.sha256:
        raise StoreError(f"blob {blob.sha256} is corrupt: its bytes do not match the hash")
    return data


def list_rejects(
    session_or_store: Session | Store, *, reason: str | None = None, limit: int | None = None
) -> list[Reject]:
    """Rejected inputs, newest first."""
    query = select(Reject).order_by(Reject.created_at.desc(), Reject.id.desc())
    if reason is not None:
        query = query.where(Reject.reason == reason)
    if limit is not None:
        query = query.limit(limit)
    with using_session(session_or_store) as session:
        return list(session.scalars(query))


def _counts(session: Session, key: Any, query: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value, n in session.execute(query.add_columns(func.count()).group_by(key)):
        name = UNKNOWN if value is None else str(value)
        counts[name] = counts.get(name, 0) + n
    # most frequent first
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def stats(session_or_store: Session | Store) -> dict[str, Any]:
    """Counts of documents (by source, language, format, year), rejects and findings."""
    year = func.substr(Document.published, 1, 4)
    with using_session(session_or_store) as session:
        documents = session.scalar(select(func.count()).select_from(Document)) or 0
        rejects = session.scalar(select(func.count()).select_from(Reject)) or 0
        findings = session.scalar(select(func.count()).select_from(Finding)) or 0
        by_source = select(Source.name).select_from(Document).outerjoin(Source)
        return {
            "documents": {
                "total": documents,
                "by_source": _counts(session, Source.name, by_source),
                "by_language": _counts(session, Document.language, select(Document.language)),
                "by_format": _counts(
                    session, Document.origin_format, select(Document.origin_format)
                ),
                "by_year": _counts(session, year, select(year)),
            },
            "rejects": {
                "total": rejects,
                "by_reason": _counts(session, Reject.reason, select(Reject.reason)),
            },
            "findings": {
                "total": findings,
                "by_kind": _counts(session, Finding.kind, select(Finding.kind)),
            },
        }


def document_dict(document: Document, *, text: bool = True) -> dict[str, Any]:
    """A document as plain JSON-ready data (without its raw bytes)."""
    data: dict[str, Any] = {
        "id": document.id,
        "title": document.title,
        "source": document.source.name if document.source else None,
        "url": document.url,
        "canonical_url": document.canonical_url,
        "published": document.published,
        "published_precision": document.published_precision,
        "language": document.language,
        "tags": list(document.tags or []),
        "ingested_at": document.ingested_at.isoformat() if document.ingested_at else None,
        "origin": document.origin,
        "origin_kind": document.origin_kind,
        "origin_format": document.origin_format,
        "origin_line": document.origin_line,
        "blob_sha256": document.blob_sha256,
        "text_hash": document.text_hash,
        "extracted_version": document.extracted_version,
        "meta": dict(document.meta or {}),
    }
    if text:
        data["text"] = document.text
    return data


def reject_dict(reject: Reject) -> dict[str, Any]:
    return {
        "id": reject.id,
        "origin": reject.origin,
        "origin_line": reject.origin_line,
        "reason": reject.reason,
        "detail": reject.detail,
        "blob_sha256": reject.blob_sha256,
        "created_at": reject.created_at.isoformat() if reject.created_at else None,
    }
