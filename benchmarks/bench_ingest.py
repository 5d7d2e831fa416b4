"""Ingest throughput and memory on generated plain-text articles (default 10,000).

Articles of 300-800 words (a headline line, then paragraphs) are written as .txt files into a
temporary folder and ingested by ``ingest_paths`` into a fresh SQLite database: decoding, format
detection, normalization, language detection, hashing, blobs and the FTS index all run, on one
core. Resident memory is read at 2,500, 5,000 and 10,000 documents to show that it stays flat.
A second run over the same folder measures the duplicate path (nothing new to store).

Environment: LABORWATCH_BENCH_INGEST_DOCS (default 10000).
"""

from __future__ import annotations

import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from laborwatch.ingest import IngestProgress, ingest_paths
from laborwatch.store import open_store

DOCS = int(os.environ.get("LABORWATCH_BENCH_INGEST_DOCS", "10000"))
MIN_WORDS, MAX_WORDS = 300, 800
SEED = 20240913
TARGET_DOCS_PER_S = 500
# English function words keep the generated text English to the language detector; the content
# words are drawn from the field's vocabulary so the text resembles the corpus
FUNCTION_WORDS = (
    "the of and to in a that is was for on are with as by it from at have this be which or "
    "had not but were they their has been its also more than who after into about said would"
).split()
CONTENT_WORDS = (
    "north korean workers russia construction site source ministry labour wages quota state "
    "security overseas dispatched sent planned hundreds thousands region province company "
    "contract official report border agency sanctions resolution reconstruction donbas "
    "vladivostok shipyard logging fishing restaurant factory training surveillance defection "
    "passport dormitory salary currency loyalty payment earnings government intelligence "
    "service lawmakers statistics entry visa student trainee permit employer project city"
).split()


def _rss_mb() -> float:
    """Current resident memory (Linux /proc; peak memory elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return round(pages * os.sysconf("SC_PAGE_SIZE") / 1e6, 1)
    except (OSError, ValueError, IndexError):
        return _peak_rss_mb()


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1e6 if sys.platform == "darwin" else 1e3), 1)


def _sentence(rng: random.Random) -> str:
    words = [
        rng.choice(FUNCTION_WORDS if rng.random() < 0.45 else CONTENT_WORDS)
        for _ in range(rng.randint(8, 24))
    ]
    return " ".join(words).capitalize() + "."


def _article(rng: random.Random, number: int) -> str:
    target = rng.randint(MIN_WORDS, MAX_WORDS)
    paragraphs, words = [], 0
    while words < target:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    title = f"Report {number}: " + " ".join(rng.choice(CONTENT_WORDS) for _ in range(6))
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def generate(folder: Path, count: int, seed: int = SEED) -> int:
    """Write ``count`` articles into ``folder`` (100 per subfolder); returns their bytes."""
    rng = random.Random(seed)
    total = 0
    for number in range(count):
        sub = folder / f"{number // 100:04d}"
        sub.mkdir(exist_ok=True)
        data = _article(rng, number).encode("utf-8")
        (sub / f"article-{number:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def run() -> dict[str, Any]:
    checkpoints = sorted({DOCS // 4, DOCS // 2, DOCS})
    with tempfile.TemporaryDirectory(prefix="laborwatch-bench-ingest-") as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        started = time.perf_counter()
        size = generate(folder, DOCS)
        generated_s = time.perf_counter() - started
        store = open_store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        rss: dict[str, float] = {"before": _rss_mb()}

        def progress(info: IngestProgress) -> None:
            while checkpoints and info.documents >= checkpoints[0]:
                rss[f"at_{checkpoints.pop(0)}_docs"] = _rss_mb()

        started = time.perf_counter()
        first = ingest_paths(store, [folder], progress=progress)
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        again = ingest_paths(store, [folder])
        again_s = time.perf_counter() - started
        store.close()
    docs_per_s = first.ingested / first_s
    return {
        "corpus": {
            "documents": DOCS,
            "megabytes": round(size / 1e6, 1),
            "words_per_document": f"{MIN_WORDS}-{MAX_WORDS}",
            "generated_in_s": round(generated_s, 1),
        },
        "ingest": {
            "ingested": first.ingested,
            "rejected": first.rejected,
            "seconds": round(first_s, 2),
            "documents_per_s": round(docs_per_s),
            "target_documents_per_s": TARGET_DOCS_PER_S,
            "meets_target": docs_per_s >= TARGET_DOCS_PER_S,
        },
        "reingest_all_duplicates": {
            "duplicates": again.duplicates,
            "seconds": round(again_s, 2),
            "documents_per_s": round(again.duplicates / again_s),
        },
        "rss_mb": rss,
        "peak_rss_mb": _peak_rss_mb(),
    }


if __name__ == "__main__":
    print(run())
