"""Shared fixtures: databases on both backends and the read-only ``../shared`` folder.

``db_url`` / ``store`` run a test on SQLite and on PostgreSQL; the PostgreSQL half needs
``LABORWATCH_TEST_PG`` (a URL of an existing database used only to create and drop a throwaway
one per test) and is skipped without it.
"""

from __future__ import annotations

import hashlib
import os
import uuid
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from laborwatch.store import Store, open_store
from laborwatch.store.models import Blob, Document, Source

PG_ENV = "LABORWATCH_TEST_PG"
SHARED_ENV = "LABORWATCH_SHARED"


def shared_path() -> Path:
    """``../shared`` beside the project, or ``$LABORWATCH_SHARED``."""
    explicit = os.environ.get(SHARED_ENV)
    if explicit:
        return Path(explicit)
    return Path(__file__).resolve().parents[1] / ".." / "shared"


def _admin_url() -> URL:
    raw = os.environ.get(PG_ENV)
    if not raw:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (e.g. postgresql+psycopg://user@host/test)")
    url = make_url(raw)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url


def sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory / 'laborwatch.db'}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A throwaway PostgreSQL database, created for the test and dropped afterwards."""
    admin_url = _admin_url()
    name = f"laborwatch_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # server down or no permission: say so rather than error
        admin.dispose()
        pytest.skip(f"cannot create a PostgreSQL test database via {PG_ENV}: {exc}")
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            # FORCE ends connections a failed test may have left open
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database URL, once per backend."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A migrated store, once per backend."""
    opened = open_store(db_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """A migrated SQLite store, for tests that need only one backend."""
    opened = open_store(sqlite_url(tmp_path))
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only ``../shared`` folder (others' text: read at run time, never copied)."""
    path = shared_path()
    if not path.is_dir():
        pytest.skip(f"shared material not found at {path} (set {SHARED_ENV})")
    return path.resolve()


def insert_documents(store: Store, *documents: dict[str, Any]) -> list[str]:
    """Insert documents with the ORM (bypassing ingest); returns their ids.

    Each dict holds Document fields; ``source`` is a source name (created when new) and
    ``raw`` the original bytes (stored as a zlib blob). ``text_hash`` defaults to the text's.
    """
    ids = []
    with store.session() as session:
        for fields in documents:
            fields = dict(fields)
            source_name = fields.pop("source", None)
            if source_name is not None:
                source = session.query(Source).filter_by(name=source_name).one_or_none()
                fields["source"] = source or Source(name=source_name)
            raw = fields.pop("raw", None)
            if raw is not None:
                sha256 = hashlib.sha256(raw).hexdigest()
                if session.get(Blob, sha256) is None:
                    session.add(Blob(sha256=sha256, size=len(raw), data=zlib.compress(raw)))
                fields["blob_sha256"] = sha256
            fields.setdefault("text_hash", hashlib.sha256(fields["text"].encode()).hexdigest())
            session.add(Document(**fields))
            session.flush()  # new sources become visible to the next lookup
            ids.append(fields["id"])
    return ids


@pytest.fixture
def add_documents() -> Callable[..., list[str]]:
    """``add_documents(store, {"id": ..., "text": ..., "source": "name", ...}, ...)``."""
    return insert_documents
