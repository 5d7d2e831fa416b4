"""ingest_paths against a real database: storage, duplicates, bad input, dry runs."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import zlib
from pathlib import Path

from sqlalchemy import func, select

from laborwatch.ingest import IngestProgress, ingest_paths
from laborwatch.store import Store
from laborwatch.store.models import Blob, Document, Reject, Source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
GOOD_FIXTURES = ["corpus.jsonl", "aggregator.txt", "aggregator-variant.txt", "note.txt"]


def count(store: Store, model: type) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def documents(store: Store) -> dict[str, Document]:
    with store.session() as session:
        return {doc.id: doc for doc in session.scalars(select(Document))}


def copy_fixtures(target: Path, names: list[str]) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(FIXTURES / name, target / name)
    return target


def test_ingest_stores_documents_blobs_and_sources(sqlite_store: Store, tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path / "in", [*GOOD_FIXTURES, "article.html"])
    report = ingest_paths(sqlite_store, [folder])
    assert (report.ingested, report.duplicates, report.rejected, report.files) == (7, 0, 0, 5)
    docs = documents(sqlite_store)
    assert {"fx-001", "fx-002", "fx-003"} <= docs.keys()
    assert set(report.new_ids) == set(docs)
    formats = sorted(doc.origin_format for doc in docs.values())
    assert formats == ["aggregator", "aggregator", "html", "jsonl", "jsonl", "jsonl", "text"]
    with sqlite_store.session() as session:
        fx1 = session.get(Document, "fx-001")
        assert fx1.source.name == "harbour-courier.example"
        assert fx1.origin == str(folder / "corpus.jsonl") and fx1.origin_kind == "file"
        blob = session.get(Blob, fx1.blob_sha256)
        assert zlib.decompress(blob.data) == (folder / "corpus.jsonl").read_bytes().splitlines()[0]
        page = session.scalars(select(Document).where(Document.origin_format == "html")).one()
        assert (
            zlib.decompress(session.get(Blob, page.blob_sha256).data)
            == (folder / "article.html").read_bytes()
        )
        names = set(session.scalars(select(Source.name)))
    # one row per outlet, shared by its documents
    assert names == {"harbour-courier.example", "Steppe Daily", "taiga-herald.example"}
    assert count(sqlite_store, Source) == 3


def test_reingest_is_idempotent_on_both_backends(store: Store, tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path / "in", [*GOOD_FIXTURES, "bad.jsonl"])
    first = ingest_paths(store, [folder])
    assert (first.ingested, first.duplicates, first.rejected) == (8, 0, 4)
    before = {model: count(store, model) for model in (Document, Blob, Source, Reject)}
    again = ingest_paths(store, [folder], batch_size=3)
    assert (again.ingested, again.duplicates, again.rejected) == (0, 8, 4)
    assert {model: count(store, model) for model in before} == before
    assert again.new_ids == []


def test_same_text_and_same_canonical_url_are_duplicates(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = "North Korean welders were seen at the shipyard, a worker said.\n\nThey left in May."
    (folder / "a.txt").write_text(text)
    (folder / "b.txt").write_text("  " + text.upper().replace(" ", "   ") + "\n")
    records = [
        {"id": "u1", "url": "https://news.example/story?utm_campaign=x", "text": "First version."},
        {"id": "u2", "url": "https://NEWS.example/story#comments", "text": "Updated version."},
    ]
    (folder / "c.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    report = ingest_paths(store, [folder])
    assert (report.ingested, report.duplicates, report.rejected) == (2, 2, 0)
    assert set(documents(store)) == {report.new_ids[0], "u1"}


def test_corpus_id_with_another_text_is_a_conflict_not_an_overwrite(
    sqlite_store: Store, tmp_path: Path
) -> None:
    ingest_paths(sqlite_store, [FIXTURES / "corpus.jsonl"])
    changed = tmp_path / "changed.jsonl"
    changed.write_text(json.dumps({"id": "fx-001", "text": "A different text entirely."}) + "\n")
    report = ingest_paths(sqlite_store, [changed])
    assert (report.ingested, report.rejected_by_reason) == (0, {"id_conflict": 1})
    assert documents(sqlite_store)["fx-001"].text.startswith("A seafood processing plant")
    with sqlite_store.session() as session:
        reject = session.scalars(select(Reject).where(Reject.reason == "id_conflict")).one()
    assert (reject.origin, reject.origin_line) == (str(changed), 1)
    assert reject.blob_sha256 is not None


def test_every_bad_input_is_a_reject_and_the_batch_goes_on(
    sqlite_store: Store, tmp_path: Path
) -> None:
    folder = copy_fixtures(tmp_path / "in", ["no-text.html", "bad.jsonl", "note.txt"])
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b" \n\t\n")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "mixed.txt").write_bytes(("Привет мир " * 30).encode()[:-1] + b"\xff\xc3\x28 ok")
    (folder / "big.txt").write_text("Long text. " * 200)
    (folder / "big.html.gz").write_bytes(gzip.compress(b"<html><body>" + b"x" * 5000))
    (folder / "dump.json").write_text('{\n  "not": "corpus records"\n}\n')
    (folder / os.fsdecode(b"name-\xff.txt")).write_bytes(b"")  # a file name that is not UTF-8
    report = ingest_paths(sqlite_store, [folder, tmp_path / "missing.txt"], max_bytes=1500)
    assert report.ingested == 3  # note.txt and the two good lines of bad.jsonl
    assert report.rejected_by_reason == {
        "binary": 1,
        "empty_file": 3,
        "empty_text": 1,
        "invalid_record": 2,
        "malformed_json": 1,
        "no_article_text": 1,
        "not_found": 1,
        "too_large": 2,
        "undecodable": 1,
        "unsupported_format": 1,
    }
    with sqlite_store.session() as session:
        rows = {(Path(r.origin).name, r.reason): r for r in session.scalars(select(Reject))}
    assert len(rows) == report.rejected - 1  # two lines of bad.jsonl share a reason
    assert rows[("big.txt", "too_large")].blob_sha256 is None  # oversize: bytes not kept
    assert rows[("big.html.gz", "too_large")].blob_sha256 is None
    assert rows[("mixed.txt", "undecodable")].blob_sha256 is not None
    assert rows[("image.png", "binary")].blob_sha256 is not None
    assert rows[("no-text.html", "no_article_text")].blob_sha256 is not None
    assert rows[("bad.jsonl", "malformed_json")].origin_line == 2
    assert ("name-\ufffd.txt", "empty_file") in rows
    assert "line 2" in rows[("bad.jsonl", "malformed_json")].detail


def test_folders_walk_in_order_and_skip_hidden(sqlite_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "b").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    for path in ("b/2.txt", "b/1.txt", "a.txt", ".secret.txt", ".hidden/x.txt"):
        (folder / path).write_text(f"Article from {path}, with some words in it to read.\n")
    report = ingest_paths(sqlite_store, [folder, folder / "a.txt"])
    assert report.files == 3
    origins = [documents(sqlite_store)[doc_id].origin for doc_id in report.new_ids]
    assert [Path(o).relative_to(folder).as_posix() for o in origins] == [
        "a.txt",
        "b/1.txt",
        "b/2.txt",
    ]


def test_dry_run_writes_nothing_and_predicts_the_real_run(
    sqlite_store: Store, tmp_path: Path
) -> None:
    folder = copy_fixtures(tmp_path / "in", [*GOOD_FIXTURES, "bad.jsonl"])
    (folder / "copy.txt").write_bytes((folder / "note.txt").read_bytes())
    dry = ingest_paths(sqlite_store, [folder], dry_run=True, batch_size=2)
    assert all(count(sqlite_store, model) == 0 for model in (Document, Blob, Source, Reject))
    without_db = ingest_paths(None, [folder], dry_run=True)
    real = ingest_paths(sqlite_store, [folder])
    for report in (dry, without_db):
        assert report.dry_run
        assert (report.ingested, report.duplicates, report.rejected) == (8, 1, 4)
        assert report.new_ids == real.new_ids
    assert (real.ingested, real.duplicates, real.rejected) == (8, 1, 4)


def test_progress_reports_documents_and_bytes(sqlite_store: Store, tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path / "in", GOOD_FIXTURES)
    seen: list[IngestProgress] = []
    ingest_paths(sqlite_store, [folder], progress=seen.append)
    assert [info.files_done for info in seen] == [1, 2, 3, 4]
    last = seen[-1]
    assert last.bytes_done == last.bytes_total == sum(p.stat().st_size for p in folder.iterdir())
    assert last.documents == 6


def test_hostile_record_fields_are_cleaned_or_rejected(store: Store, tmp_path: Path) -> None:
    lines = [
        {"id": "ok\ud800", "text": "An id with a lone surrogate cannot be stored."},
        {
            "id": "nul",
            "title": "A \x00title\x1b[31m with\u0085 controls",
            "source": "\ud800 outlet \x00",
            "language": "en\x00; DROP TABLE",
            "text": "Text with a NUL\x00 byte and a lone \udfff surrogate in it, still stored.",
            "extra": {"k\x00": "v\ud800"},
        },
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    report = ingest_paths(store, [path])
    assert (report.ingested, report.rejected_by_reason) == (1, {"invalid_record": 1})
    with store.session() as session:
        doc = session.get(Document, "nul")
        assert doc.title == "A title[31m with controls"
        assert doc.source.name == "outlet"
        assert doc.text == "Text with a NUL byte and a lone surrogate in it, still stored."
        assert doc.language == "en"  # the given code is not one: detected
        assert doc.meta["language_raw"] == "en\x00; DROP TABLE"
