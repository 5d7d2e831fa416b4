"""Search latency on a SQLite database of generated articles (default 100,000).

Articles are 300-800 words drawn from a Zipf-distributed vocabulary of made-up words, inserted
in bulk through the real schema (so the FTS triggers index them). The database is cached under
benchmarks/out/, keyed by the parameters. Queries: 1-3 terms, each frequent, medium or rare,
timed through ``search()`` itself (ranking and snippets included), without and with filters.

Environment: LABORWATCH_BENCH_SEARCH_DOCS (default 100000), LABORWATCH_BENCH_SEARCH_QUERIES
(default 200). With LABORWATCH_BENCH_PG (the URL of a PostgreSQL database used only to create
and drop another), the same documents are also copied into a throwaway PostgreSQL database and
measured there (this takes minutes).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, literal_column, select, text
from sqlalchemy.engine import make_url

from benchmarks import OUT
from laborwatch.store import Store, open_store
from laborwatch.store.models import Document, Source
from laborwatch.store.search import RANK_WINDOW, parse_query, search

WINDOW = RANK_WINDOW["sqlite"]

DOCS = int(os.environ.get("LABORWATCH_BENCH_SEARCH_DOCS", "100000"))
QUERIES = int(os.environ.get("LABORWATCH_BENCH_SEARCH_QUERIES", "200"))
PG_ADMIN = os.environ.get("LABORWATCH_BENCH_PG")
MIN_WORDS, MAX_WORDS = 300, 800
VOCABULARY = 30_000
SEED = 20240321
SOURCES = 25
LANGUAGES = ["en"] * 6 + ["ko", "ru", "zh"]
BATCH = 2_000
TARGET_P95_MS = 50.0
# frequency bands by vocabulary rank: frequent words are in most documents, rare in few
BANDS = {"frequent": (0, 100), "medium": (100, 3_000), "rare": (3_000, VOCABULARY)}
SYLLABLES = [c + v for c in "bdgjklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]


def _vocabulary(rng: random.Random) -> list[str]:
    words: dict[str, None] = {}
    while len(words) < VOCABULARY:
        words["".join(rng.choices(SYLLABLES, k=rng.randint(1, 4)))] = None
    return list(words)


def _word_pool(rng: random.Random, vocabulary: list[str], size: int) -> list[str]:
    """A long Zipf-distributed word stream; documents are slices of it (fast to generate)."""
    weights = list(itertools.accumulate(1.0 / rank for rank in range(1, len(vocabulary) + 1)))
    return rng.choices(vocabulary, cum_weights=weights, k=size)


def _published(rng: random.Random) -> str:
    year = rng.randint(2015, 2025)
    precision = rng.random()
    if precision < 0.1:
        return str(year)
    if precision < 0.25:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _build(path: Path, log: Any) -> float:
    """Generate the database at ``path``; returns seconds taken."""
    started = time.perf_counter()
    rng = random.Random(SEED)
    vocabulary = _vocabulary(rng)
    pool = _word_pool(rng, vocabulary, 2_000_000)
    tmp = path.with_suffix(".building")
    for leftover in tmp.parent.glob(tmp.name + "*"):
        leftover.unlink()
    store = open_store(f"sqlite:///{tmp}")
    try:
        with store.engine.begin() as connection:
            connection.execute(
                insert(Source), [{"name": f"outlet-{i}.example"} for i in range(SOURCES)]
            )
            source_ids = [row[0] for row in connection.execute(text("SELECT id FROM sources"))]
        for first in range(0, DOCS, BATCH):
            rows = []
            for i in range(first, min(first + BATCH, DOCS)):
                n = rng.randint(MIN_WORDS, MAX_WORDS)
                start = rng.randrange(len(pool) - n)
                body = " ".join(pool[start : start + n])
                title_start = rng.randrange(len(pool) - 10)
                rows.append(
                    {
                        "id": f"gen-{i:06d}",
                        "source_id": rng.choice(source_ids),
                        "title": " ".join(pool[title_start : title_start + rng.randint(4, 10)]),
                        "published": _published(rng),
                        "language": rng.choice(LANGUAGES),
                        "text": body,
                        "tags": [],
                        "meta": {},
                        "text_hash": hashlib.sha256(f"{i}:{body}".encode()).hexdigest(),
                        "origin_format": "text",
                    }
                )
            with store.engine.begin() as connection:
                connection.execute(insert(Document), rows)
            done = first + len(rows)
            rate = done / (time.perf_counter() - started)
            log(f"\r  built {done:,}/{DOCS:,} documents ({rate:,.0f}/s)")
        log("\n")
    finally:
        store.close()
    tmp.replace(path)
    return time.perf_counter() - started


def _log(message: str) -> None:
    sys.stderr.write(message)
    sys.stderr.flush()


def _database() -> tuple[Path, float | None]:
    key = f"v1-{DOCS}-{MIN_WORDS}-{MAX_WORDS}-{VOCABULARY}-{SEED}"
    path = OUT / f"search-{key}.db"
    if path.exists():
        return path, None
    OUT.mkdir(parents=True, exist_ok=True)
    return path, _build(path, _log)


def _queries(rng: random.Random, vocabulary_ranked: list[str]) -> list[tuple[str, str]]:
    """(query, description) pairs: 1-3 terms, each from a random frequency band."""
    queries = []
    for _ in range(QUERIES):
        bands = [rng.choice(list(BANDS)) for _ in range(rng.randint(1, 3))]
        terms = [vocabulary_ranked[rng.randrange(*BANDS[band])] for band in bands]
        queries.append((" ".join(terms), "+".join(bands)))
    return queries


def _latencies(store: Store, queries: list[str], **filters: Any) -> dict[str, Any]:
    for query in queries[:20]:  # warm the page cache
        search(store, query, **filters)
    timings = []
    hits = 0
    for query in queries:
        started = time.perf_counter()
        hits += len(search(store, query, **filters))
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 2),
        "max_ms": round(timings[-1], 2),
        "mean_hits": round(hits / len(queries), 1),
    }


def _windowed(store: Store, queries: list[str]) -> int:
    """How many queries match more documents than RANK_WINDOW (ranked window by window)."""
    count = text(
        "SELECT count(*) FROM (SELECT rowid FROM documents_fts"
        " WHERE documents_fts MATCH :q LIMIT :window + 1)"
    )
    with store.engine.connect() as connection:
        return sum(
            connection.execute(count, {"q": parse_query(q).fts5(), "window": WINDOW}).scalar_one()
            > WINDOW
            for q in queries
        )


def _measure(store: Store, queries: list[str]) -> dict[str, Any]:
    return {
        "no_filter": _latencies(store, queries),
        "language_en_since_2020": _latencies(store, queries, language="en", since="2020"),
        "source_until_2022_06": _latencies(
            store, queries, source="outlet-3.example", until="2022-06"
        ),
    }


def _postgresql(path: Path, queries: list[str]) -> dict[str, Any]:
    """The same documents and queries on a throwaway PostgreSQL database."""
    admin_url = make_url(PG_ADMIN or "")
    if admin_url.drivername == "postgresql":
        admin_url = admin_url.set(drivername="postgresql+psycopg")
    name = f"laborwatch_bench_{os.getpid()}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        started = time.perf_counter()
        store = open_store(admin_url.set(database=name).render_as_string(hide_password=False))
        source = open_store(f"sqlite:///{path}", migrate_schema=False)
        try:
            with source.engine.connect() as reader, store.engine.begin() as writer:
                rows = reader.execute(text("SELECT id, name FROM sources"))
                writer.execute(insert(Source), [dict(row._mapping) for row in rows])
            with source.engine.connect() as reader:
                # in ingest order, so "newest" means the same on both backends
                result = reader.execution_options(yield_per=BATCH).execute(
                    select(Document.__table__).order_by(literal_column("rowid"))
                )
                done = 0
                for batch in result.mappings().partitions():
                    with store.engine.begin() as writer:
                        writer.execute(insert(Document), [dict(row) for row in batch])
                    done += len(batch)
                    _log(f"\r  copied {done:,} documents to PostgreSQL")
            _log("\n")
            with store.engine.connect() as connection:
                connection.execute(text("ANALYZE"))
            load_seconds = time.perf_counter() - started
            figures = _measure(store, queries)
        finally:
            source.close()
            store.close()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return {"load_seconds": round(load_seconds, 1), **figures}


def run() -> dict[str, Any]:
    path, build_seconds = _database()
    vocabulary = _vocabulary(random.Random(SEED))  # same as built: index = frequency rank
    queries = [q for q, _ in _queries(random.Random(SEED + 1), vocabulary)]
    store = open_store(f"sqlite:///{path}")
    try:
        with store.engine.connect() as connection:
            documents = connection.execute(text("SELECT count(*) FROM documents")).scalar_one()
        windowed = _windowed(store, queries)
        sqlite = _measure(store, queries)
    finally:
        store.close()
    worst = max(figures["p95_ms"] for figures in sqlite.values())
    result = {
        "documents": documents,
        "words_per_document": f"{MIN_WORDS}-{MAX_WORDS}",
        "database_mb": round(path.stat().st_size / 1e6, 1),
        "build_seconds": round(build_seconds, 1) if build_seconds is not None else "cached",
        "queries": len(queries),
        "queries_over_sqlite_rank_window": f"{windowed} (window {WINDOW:,} matches)",
        **sqlite,
        "target_p95_ms": TARGET_P95_MS,
        "target_met": worst < TARGET_P95_MS,
    }
    if PG_ADMIN:
        result["postgresql"] = _postgresql(path, queries)
    return result
