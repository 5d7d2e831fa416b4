"""documents and findings, with full-text search

Revision ID: 0001
Revises:
Create Date: 2026-11-29 10:38:36.884031

Full-text search is not in the models (env.py's include_object hides it from autogenerate):

- SQLite: ``documents_fts``, an FTS5 external-content table over documents.title and
  documents.text keyed by the documents rowid, kept in step by triggers. documents has a text
  primary key, so its rowid is implicit: a later migration that rebuilds ``documents`` (batch
  mode) must recreate the triggers and run ``INSERT INTO documents_fts(documents_fts)
  VALUES('rebuild')``.
- PostgreSQL: ``documents_fts``, a table of one weighted tsvector per document (plus copies
  of the filtered columns) with a GIN index, kept in step by the trigger function
  documents_fts_sync (deletes cascade).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_FTS = [
    """
    CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text,
        content='documents', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END
    """,
    """
    CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END
    """,
    """
    CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END
    """,
]

# One row per document: its tsvector (title weighted A, text D), so searches neither
# recompute it per matching row nor rank without it, and copies of the columns search filters
# on, so filtering needs no join. seq is the ingest order: the newest matches of an
# unselective query are ranked first. left() keeps a huge text under PostgreSQL's 1 MB
# tsvector limit instead of failing the insert.
POSTGRESQL_FTS = [
    """
    CREATE TABLE documents_fts (
        document_id VARCHAR(200) PRIMARY KEY
            REFERENCES documents (id) ON DELETE CASCADE ON UPDATE CASCADE,
        seq BIGINT GENERATED ALWAYS AS IDENTITY,
        source_id INTEGER,
        language VARCHAR(16),
        published VARCHAR(32),
        vector TSVECTOR NOT NULL
    )
    """,
    "CREATE INDEX documents_fts_gin ON documents_fts USING gin (vector)",
    "CREATE INDEX documents_fts_seq ON documents_fts (seq)",
    """
    CREATE FUNCTION documents_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO documents_fts (document_id, source_id, language, published, vector)
        VALUES (
            NEW.id, NEW.source_id, NEW.language, NEW.published,
            setweight(to_tsvector('simple'::regconfig, coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('simple'::regconfig, left(NEW.text, 500000)), 'D')
        )
        ON CONFLICT (document_id) DO UPDATE SET
            source_id = EXCLUDED.source_id,
            language = EXCLUDED.language,
            published = EXCLUDED.published,
            vector = EXCLUDED.vector;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER documents_fts_sync
    AFTER INSERT OR UPDATE OF title, text, source_id, language, published ON documents
    FOR EACH ROW EXECUTE FUNCTION documents_fts_sync()
    """,
]


def upgrade() -> None:
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("compression", sa.String(length=16), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("canonical_url", sa.String(length=2000), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.String(length=32), nullable=True),
        sa.Column("published_precision", sa.String(length=8), nullable=True),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("blob_sha256", sa.String(length=64), nullable=True),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.Column("origin_kind", sa.String(length=16), nullable=True),
        sa.Column("origin_format", sa.String(length=16), nullable=True),
        sa.Column("origin_line", sa.Integer(), nullable=True),
        sa.Column("extracted_version", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["blob_sha256"], ["blobs.sha256"]),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("text_hash"),
    )
    op.create_index("ix_documents_canonical_url", "documents", ["canonical_url"])
    op.create_index("ix_documents_extracted_version", "documents", ["extracted_version"])
    op.create_index("ix_documents_language", "documents", ["language"])
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_index("ix_documents_source_id", "documents", ["source_id"])

    op.create_table(
        "rejects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("origin_line", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("blob_sha256", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["blob_sha256"], ["blobs.sha256"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_rejects_reason", "rejects", ["reason"])

    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=500), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("rule", sa.String(length=100), nullable=False),
        sa.Column("extractor_version", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_findings_document_kind", "findings", ["document_id", "kind"])
    op.create_index("ix_findings_key", "findings", ["key"])

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("sentence_end", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["finding_id"], ["findings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_evidence_finding_id", "evidence", ["finding_id"])

    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_FTS, "postgresql": POSTGRESQL_FTS}.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS documents_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS documents_fts")  # its shadow tables go with it
    else:
        op.execute("DROP TRIGGER IF EXISTS documents_fts_sync ON documents")
        op.execute("DROP FUNCTION IF EXISTS documents_fts_sync()")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    op.drop_table("evidence")
    op.drop_table("findings")
    op.drop_table("rejects")
    op.drop_table("documents")
    op.drop_table("sources")
    op.drop_table("blobs")
