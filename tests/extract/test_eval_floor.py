"""The extraction quality floor on the shared dev data and on the probe sets, end to end
through the store.

Ingest the corpus, extract, export findings and score them against gold (SPEC section 3).
The pins only go up: raise them as the engine improves, never lower them silently.

The probe sets (tests/data/probe*-written.jsonl) are articles written for testing by people
who did not see the rules, in styles the shared dev data lacks. `probe` is studied to find what
the rules miss; `probe2` is held out (its errors are not studied; only its score was watched
while rules changed); `probe3` has never been studied, only scored; `probe4`
(studied) is about how workers are controlled and paid; `probe5` (many counts per article,
statistics in running text, places named a sentence before) and `probe6` (other nationalities,
troops, state media and long histories) were written later and studied. `probe7` (wire,
regional and government reports, features, a third of them negatives or mixed) was written
last; a few of its misses were studied.
"""

import json
from pathlib import Path

import pytest

from laborwatch.extract.pipeline import extract_documents
from laborwatch.ingest import ingest_paths
from laborwatch.report.evaluate import score
from laborwatch.report.export import iter_findings_records

# measured on the dev data when pinned: dev-written strict 0.98 / lenient 0.98, seed 1.0,
# real-dev no deployment at all; the floors leave a little room for harmless changes
FLOORS = {
    "dev-written": {
        "strict": 0.95,
        "lenient": 0.95,
        "organizations": 0.95,
        "controls": 0.95,
        "sanctions": 0.95,
        "payments": 0.9,
    },
    "seed": {
        "strict": 0.99,
        "lenient": 0.99,
        "organizations": 0.99,
        "controls": 0.99,
        "sanctions": 0.99,
        "payments": 0.99,
    },
}


# measured when pinned: probe strict 0.82, probe2 0.80, probe3 0.81 (never studied), probe4
# 0.75, probe5 0.75 and probe6 0.80 (both studied; written to be harder); probe7 0.76
# (0.71 when first scored); probe2 0.81 later
PROBE_FLOORS = {
    "probe": {
        "strict": 0.78,
        "lenient": 0.83,
        "organizations": 0.9,
        "controls": 0.94,
        "sanctions": 0.95,
        "payments": 0.9,
    },
    "probe4": {
        "strict": 0.72,
        "lenient": 0.84,
        "organizations": 0.95,
        "controls": 0.88,
        "sanctions": 0.95,
        "payments": 0.82,
    },
    "probe3": {
        "strict": 0.78,
        "lenient": 0.8,
        "organizations": 0.95,
        "controls": 0.7,
        "sanctions": 0.92,
        "payments": 0.72,
    },
    "probe2": {
        "strict": 0.77,
        "lenient": 0.8,
        "organizations": 0.95,
        "controls": 0.79,
        "sanctions": 0.92,
        "payments": 0.78,
    },
    "probe5": {
        "strict": 0.71,
        "lenient": 0.75,
        "organizations": 0.85,
        "controls": 0.85,
        "sanctions": 0.94,
        "payments": 0.9,
    },
    "probe6": {
        "strict": 0.76,
        "lenient": 0.81,
        "organizations": 0.77,
        "controls": 0.87,
        "sanctions": 0.92,
        "payments": 0.7,
    },
    "probe7": {
        "strict": 0.73,
        "lenient": 0.8,
        "organizations": 0.86,
        "controls": 0.8,
        "sanctions": 0.92,
        "payments": 0.74,
    },
}
PROBES = Path(__file__).resolve().parents[1] / "data"


def _score_corpora(db_path: Path, corpora: dict[str, tuple[Path, Path]]) -> dict:
    from laborwatch.store import open_store

    store = open_store(f"sqlite:///{db_path}")
    ingest_paths(store, [corpus for corpus, _ in corpora.values()])
    extract_documents(store)
    predicted = list(iter_findings_records(store))
    results = {}
    for name, (_, gold_path) in corpora.items():
        with open(gold_path, encoding="utf-8") as handle:
            gold = [json.loads(line) for line in handle]
        ids = {g["doc"] for g in gold}
        results[name] = score(gold, [p for p in predicted if p["doc"] in ids])
    return results


@pytest.fixture(scope="module")
def scored(shared_dir, tmp_path_factory):
    names = ["seed", "dev-written", "real-dev"]
    corpora = {
        name: (shared_dir / "corpus" / f"{name}.jsonl", shared_dir / "eval" / f"{name}-gold.jsonl")
        for name in names
    }
    return _score_corpora(tmp_path_factory.mktemp("floor") / "floor.db", corpora)


@pytest.fixture(scope="module")
def scored_probes(tmp_path_factory):
    corpora = {
        name: (PROBES / f"{name}-written.jsonl", PROBES / f"{name}-written-gold.jsonl")
        for name in PROBE_FLOORS
    }
    return _score_corpora(tmp_path_factory.mktemp("probes") / "probes.db", corpora)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_quality_floor(scored, name):
    _assert_floor(scored[name], FLOORS[name], name)


@pytest.mark.parametrize("name", sorted(PROBE_FLOORS))
def test_probe_quality_floor(scored_probes, name):
    _assert_floor(scored_probes[name], PROBE_FLOORS[name], name)


def _assert_floor(report, floors: dict, name: str) -> None:
    figures = {
        "strict": report.strict.f1,
        "lenient": report.lenient.f1,
        **{
            kind: report.sets[kind].f1
            for kind in ("organizations", "controls", "sanctions", "payments")
        },
    }
    below = {k: round(v, 4) for k, v in figures.items() if v < floors[k]}
    assert not below, f"{name} below its floor: {below} (floors {floors})"


def test_no_deployment_on_real_negatives(scored):
    report = scored["real-dev"]
    assert report.strict.fp == 0 and report.lenient.fp == 0
