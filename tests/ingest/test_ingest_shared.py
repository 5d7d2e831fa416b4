"""Ingesting the corpora in ../shared (others' text, read in place, never copied)."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from laborwatch.ingest import ingest_paths
from laborwatch.ingest.pipeline import read_file
from laborwatch.store import Store
from laborwatch.store.models import Document

pytestmark = pytest.mark.shared
CORPORA = {
    "corpus/seed.jsonl": 1,
    "corpus/dev-written.jsonl": 28,
    "corpus/real-dev.jsonl": 99,
    "corpus/ko/real-ko-dev.jsonl": 54,
    "corpus/ko/written-ko-dev.jsonl": 16,
    "corpus/ru/written-ru-dev.jsonl": 16,
}
HTML_PAGES = 6


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def test_corpus_records_keep_their_ids(sqlite_store: Store, shared_dir: Path) -> None:
    paths = [shared_dir / name for name in CORPORA]
    report = ingest_paths(sqlite_store, paths)
    assert report.rejected == 0
    assert report.ingested + report.duplicates == sum(CORPORA.values())
    with sqlite_store.session() as session:
        stored = {doc.id: doc for doc in session.scalars(select(Document))}
    for name in CORPORA:
        for record in records(shared_dir / name):
            doc = stored.get(record["id"])
            if doc is None:  # a record whose text another file already holds
                continue
            assert doc.title == (" ".join((record.get("title") or "").split()) or None)
            assert doc.origin_format == "jsonl"
            assert doc.language == (record.get("language") or doc.language)
            assert " ".join(doc.text.split()) == " ".join(record["text"].split())
    languages = Counter(doc.language for doc in stored.values())
    assert languages["ko"] >= 70 and languages["ru"] >= 16


def test_aggregator_file_matches_the_seed_record(sqlite_store: Store, shared_dir: Path) -> None:
    (aggregated,) = list(read_file(next((shared_dir / "corpus" / "aggregator").glob("*.txt"))))
    (seed,) = records(shared_dir / "corpus" / "seed.jsonl")
    assert aggregated.origin_format == "aggregator"
    assert aggregated.source == seed["source"] == "dailynk.com"
    assert aggregated.title == seed["title"]
    assert aggregated.tags == ["russia", "north korea", "surveillance", "overseas workers", "putin"]
    assert "Read in Korean" not in aggregated.text
    assert "Read full news" not in aggregated.text
    assert aggregated.text.endswith("don’t cross paths,” the source said.")
    # the same article: stored once, whichever comes first
    report = ingest_paths(sqlite_store, [shared_dir / "corpus" / "seed.jsonl"])
    again = ingest_paths(sqlite_store, [shared_dir / "corpus" / "aggregator"])
    assert (report.ingested, again.ingested, again.duplicates) == (1, 0, 1)


def _f1(got: str, want: str) -> float:
    got_tokens = Counter(re.findall(r"\w+", got.lower()))
    want_tokens = Counter(re.findall(r"\w+", want.lower()))
    common = sum((got_tokens & want_tokens).values())
    if not common:
        return 0.0
    precision = common / sum(got_tokens.values())
    recall = common / sum(want_tokens.values())
    return 2 * precision * recall / (precision + recall)


def test_html_benchmark_pages(sqlite_store: Store, shared_dir: Path, tmp_path: Path) -> None:
    root = shared_dir / "html-benchmark" / "scrapinghub"
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    keys = sorted(truth)[:: len(truth) // HTML_PAGES][:HTML_PAGES]
    # gzipped pages are read as they are; uncompressed copies go through the same path
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / f"{keys[0]}.html").write_bytes(
        gzip.decompress((root / "html" / f"{keys[0]}.html.gz").read_bytes())
    )
    paths = [root / "html" / f"{key}.html.gz" for key in keys]
    report = ingest_paths(sqlite_store, [*paths, plain])
    assert (report.ingested, report.duplicates, report.rejected) == (HTML_PAGES, 1, 0)
    with sqlite_store.session() as session:
        docs = {Path(d.origin).name.split(".")[0]: d for d in session.scalars(select(Document))}
    for key in keys:
        doc = docs[key]
        assert doc.origin_format == "html" and doc.title
        assert doc.canonical_url and doc.source_id
        assert _f1(doc.text, truth[key]["articleBody"]) > 0.8, key
        assert "\n\n" in doc.text
