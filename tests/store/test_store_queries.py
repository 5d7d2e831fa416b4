"""The read side: documents, original bytes, rejects and statistics on both backends."""

from __future__ import annotations

import hashlib
import zlib

import pytest

from laborwatch.errors import NotFound, StoreError
from laborwatch.store import queries
from laborwatch.store.models import Blob, Evidence, Finding, Reject

RAW = b"<html><body><p>Caf\xe9 workers in Tynda.</p></body></html>"


@pytest.fixture
def filled(store, add_documents):  # type: ignore[no-untyped-def]
    add_documents(
        store,
        {
            "id": "a",
            "title": "Workers in Tynda",
            "text": "Café workers in Tynda.",
            "source": "dailynk.com",
            "language": "en",
            "published": "2024-03-21",
            "published_precision": "day",
            "origin_format": "html",
            "origin": "pages/a.html",
            "tags": ["labour", "russia"],
            "raw": RAW,
        },
        {
            "id": "b",
            "text": "Second text.",
            "source": "dailynk.com",
            "language": "en",
            "published": "2024-05",
            "origin_format": "jsonl",
        },
        {"id": "c", "text": "Third.", "source": "rfa.org", "language": "ko", "published": "2023"},
        {"id": "d", "text": "Fourth, undated and unattributed."},
    )
    with store.session() as session:
        session.add_all(
            [
                Reject(origin="x.bin", reason="binary"),
                Reject(origin="y.bin", reason="binary", detail="NUL bytes"),
                Reject(origin="c.jsonl", origin_line=3, reason="bad_json", detail="line 3"),
            ]
        )
        finding = Finding(
            document_id="a", kind="deployment", key="k1", data={}, rule="r", extractor_version="1"
        )
        finding.evidence.append(Evidence(start=0, end=4, sentence_start=0, sentence_end=20))
        session.add_all(
            [
                finding,
                Finding(
                    document_id="a",
                    kind="employer",
                    key="k2",
                    data={},
                    rule="r",
                    extractor_version="1",
                ),
                Finding(
                    document_id="b",
                    kind="employer",
                    key="k3",
                    data={},
                    rule="r",
                    extractor_version="1",
                ),
            ]
        )
    return store


def test_get_document_with_its_source(filled) -> None:  # type: ignore[no-untyped-def]
    document = queries.get_document(filled, "a")
    assert document.title == "Workers in Tynda"
    assert document.source.name == "dailynk.com"  # loaded, though the session is closed
    data = queries.document_dict(document)
    assert data["source"] == "dailynk.com"
    assert data["tags"] == ["labour", "russia"]
    assert data["text"] == "Café workers in Tynda."
    assert "text" not in queries.document_dict(document, text=False)
    assert queries.document_dict(queries.get_document(filled, "d"))["source"] is None


def test_get_document_within_a_session(filled) -> None:  # type: ignore[no-untyped-def]
    with filled.session() as session:
        assert queries.get_document(session, "b").text == "Second text."


def test_unknown_document_raises_not_found(filled) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound, match="'nope'"):
        queries.get_document(filled, "nope")
    with pytest.raises(NotFound, match="'nope'"):
        queries.get_document_raw(filled, "nope")


def test_raw_bytes_come_back_exactly(filled) -> None:  # type: ignore[no-untyped-def]
    assert queries.get_document_raw(filled, "a") == RAW
    with pytest.raises(NotFound, match="no stored original bytes"):
        queries.get_document_raw(filled, "b")


def test_corrupt_or_unknown_blobs_are_reported(filled) -> None:  # type: ignore[no-untyped-def]
    sha = hashlib.sha256(RAW).hexdigest()
    with filled.session() as session:
        session.get(Blob, sha).data = zlib.compress(b"something else")
    with pytest.raises(StoreError, match="corrupt"):
        queries.get_document_raw(filled, "a")
    with filled.session() as session:
        session.get(Blob, sha).compression = "lzma-9000"
    with pytest.raises(StoreError, match="unknown compression"):
        queries.get_document_raw(filled, "a")
    with filled.session() as session:
        session.get(Blob, sha).compression = "zlib"
        session.get(Blob, sha).data = b"not zlib at all"
    with pytest.raises(StoreError, match="cannot be decompressed"):
        queries.get_document_raw(filled, "a")


def test_stats_counts_everything(filled) -> None:  # type: ignore[no-untyped-def]
    stats = queries.stats(filled)
    assert stats["documents"] == {
        "total": 4,
        "by_source": {"dailynk.com": 2, "rfa.org": 1, "unknown": 1},
        "by_language": {"en": 2, "ko": 1, "unknown": 1},
        "by_format": {"unknown": 2, "html": 1, "jsonl": 1},
        "by_year": {"2024": 2, "2023": 1, "unknown": 1},
    }
    assert stats["rejects"] == {"total": 3, "by_reason": {"binary": 2, "bad_json": 1}}
    assert stats["findings"] == {"total": 3, "by_kind": {"employer": 2, "deployment": 1}}
    assert list(stats["documents"]["by_source"]) == ["dailynk.com", "rfa.org", "unknown"]


def test_stats_of_an_empty_store(store) -> None:  # type: ignore[no-untyped-def]
    stats = queries.stats(store)
    assert stats["documents"]["total"] == 0
    assert stats["documents"]["by_source"] == {}
    assert stats["rejects"] == {"total": 0, "by_reason": {}}


def test_list_rejects_newest_first_and_filtered(filled) -> None:  # type: ignore[no-untyped-def]
    rejects = queries.list_rejects(filled)
    assert [r.origin for r in rejects] == ["c.jsonl", "y.bin", "x.bin"]
    assert [r.origin for r in queries.list_rejects(filled, reason="binary")] == ["y.bin", "x.bin"]
    assert len(queries.list_rejects(filled, limit=1)) == 1
    data = queries.reject_dict(rejects[0])
    assert data["origin_line"] == 3 and data["reason"] == "bad_json" and data["detail"] == "line 3"
