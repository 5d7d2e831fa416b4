"""Extraction throughput on one core: relevant articles vs. the irrelevant stream.

Documents: the shared dev articles (written reports of deployments) repeated, and the real
negatives (state media, unrelated news), >= 5,000 in all. Figures are printed, never asserted.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

from laborwatch.extract.gazetteer import load_gazetteer
from laborwatch.extract.pipeline import extract_text

SHARED = Path(
    os.environ.get("LABORWATCH_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared")
)
TOTAL = int(os.environ.get("LABORWATCH_BENCH_EXTRACT_DOCS", "5000"))
# the machine is shared and noisy: each set is timed this many times and the fastest run
# kept, as timeit does (the least disturbed run is the best estimate of the cost)
REPEATS = int(os.environ.get("LABORWATCH_BENCH_REPEATS", "5"))


def _load(name: str) -> list[dict]:
    with open(SHARED / "corpus" / f"{name}.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _measure(documents: list[dict], gazetteer) -> dict:  # type: ignore[no-untyped-def]
    words = sum(len(d["text"].split()) for d in documents)
    runs = []
    for _ in range(max(1, REPEATS)):
        started = time.process_time()
        for d in documents:
            extract_text(d["text"], d.get("published"), d.get("language") or "en", gazetteer)
        runs.append(time.process_time() - started)
    seconds = min(runs)
    return {
        "documents": len(documents),
        "words": words,
        "seconds": round(seconds, 3),
        "docs_per_s": round(len(documents) / seconds, 1),
        "words_per_s": round(words / seconds),
        "slowest_run_docs_per_s": round(len(documents) / max(runs), 1),
    }


def _padded(documents: list[dict], filler: list[dict], words: int) -> list[dict]:
    """Relevant articles grown to exactly ``words`` words with paragraphs of other news, the
    way a long report mixes the deployment with background."""
    padded = []
    for n, document in enumerate(documents):
        text = document["text"]
        k = n
        while len(text.split()) < words:
            text += "\n\n" + filler[k % len(filler)]["text"]
            k += 1
        ends = [m.end() for m in re.finditer(r"\S+", text)]
        padded.append({**document, "text": text[: ends[words - 1]]})
    return padded


def run() -> dict:
    if not (SHARED / "corpus").is_dir():
        return {"skipped": "../shared is absent"}
    gazetteer = load_gazetteer()
    relevant = _load("dev-written") + _load("seed")
    negatives = _load("real-dev")
    half = TOTAL // 2
    relevant_docs = (relevant * (half // len(relevant) + 1))[:half]
    negative_docs = (negatives * (half // len(negatives) + 1))[:half]
    # grammars and automata are built on first use: not part of the per-document cost
    extract_text(relevant[0]["text"], relevant[0].get("published"), "en", gazetteer)
    rel = _measure(relevant_docs, gazetteer)
    neg = _measure(negative_docs, gazetteer)
    long_docs = _padded(relevant_docs[: max(1, half // 2)], negatives, 800)
    long = _measure(long_docs, gazetteer)
    rel_cost = rel["seconds"] / rel["words"]
    neg_cost = neg["seconds"] / max(neg["words"], 1)
    return {
        "relevant": rel,
        "relevant_800_words": long,
        "irrelevant": neg,
        "all_docs_per_s": round(
            (rel["documents"] + neg["documents"]) / (rel["seconds"] + neg["seconds"]), 1
        ),
        "irrelevant_cheaper_per_word_x": round(rel_cost / neg_cost, 1) if neg_cost else None,
        "mean_words_relevant": rel["words"] // rel["documents"],
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
