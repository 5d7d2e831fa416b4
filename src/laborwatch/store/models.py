"""The schema. Alembic migrations in ``migrations/`` must match it (a test checks).

Machine output (findings, evidence) is disposable and replaced on re-extraction; documents,
blobs and rejects are what was ingested and are never rewritten by later stages.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Source(Base):
    """An outlet (``dailynk.com``, ``KCNA (kcna.kp)``)."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Blob(Base):
    """Raw input bytes exactly as ingested, compressed, keyed by SHA-256 of the raw bytes."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    compression: Mapped[str] = mapped_column(String(16), default="zlib")
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(String(2000), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    # ISO prefix at its precision: "2024", "2024-03", "2024-03-21"
    published: Mapped[str | None] = mapped_column(String(32), index=True)
    published_precision: Mapped[str | None] = mapped_column(String(8))
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    language: Mapped[str | None] = mapped_column(String(16), index=True)
    text: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    text_hash: Mapped[str] = mapped_column(String(64), unique=True)
    blob_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    origin: Mapped[str | None] = mapped_column(Text)  # file path, feed URL or page URL
    origin_kind: Mapped[str | None] = mapped_column(String(16))  # file, feed, url
    origin_format: Mapped[str | None] = mapped_column(String(16))  # jsonl, aggregator, html, text
    origin_line: Mapped[int | None] = mapped_column(Integer)
    # extractor version that last processed this document; NULL means never extracted
    extracted_version: Mapped[str | None] = mapped_column(String(32), index=True)

    source: Mapped[Source | None] = relationship()
    findings: Mapped[list[Finding]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )


class Reject(Base):
    """An input that could not be ingested, with why. The raw bytes are kept when readable."""

    __tablename__ = "rejects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    origin: Mapped[str] = mapped_column(Text)
    origin_line: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(64), index=True)
    detail: Mapped[str | None] = mapped_column(Text)
    blob_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Finding(Base):
    """One extracted fact of a document (SPEC section 2), machine output.

    ``key`` is stable across re-extraction (document, kind, normalized slots), so analysts'
    reviews can point at it.
    """

    __tablename__ = "findings"
    __table_args__ = (Index("ix_findings_document_kind", "document_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=False
    )
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(500), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    rule: Mapped[str] = mapped_column(String(100))
    extractor_version: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    document: Mapped[Document] = relationship(back_populates="findings")
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="finding",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Evidence.start",
    )


class Evidence(Base):
    """A character span of the stored document text that supports a finding."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("findings.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(32), default="statement")

    finding: Mapped[Finding] = relationship(back_populates="evidence")
