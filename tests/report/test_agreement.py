"""Our scorer's figures equal the reference scorer's (``../shared/eval/score.py``).

Every gold file in ``../shared/eval`` is scored against itself and against perturbed copies
(dropped, shifted, mislabelled, spelled differently, invented); every figure and per-document
count must be equal.
"""

from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from laborwatch.report.evaluate import iter_findings_jsonl, score

pytestmark = pytest.mark.shared

Record = dict[str, Any]
Perturbation = Callable[[list[Record], random.Random], list[Record]]

STATUSES = ["planned", "sent", "ended", "unknown"]
SECTORS = ["construction", "it", "fishing_seafood", "manufacturing", "services", "military"]
ATTRIBUTIONS = ["anonymous_source", "government", "media", "outlet", "named_person"]


def _deployments(records: list[Record]) -> list[Record]:
    return [d for r in records for d in r["deployments"]]


def identity(records: list[Record], rng: random.Random) -> list[Record]:
    return records


def nothing(records: list[Record], rng: random.Random) -> list[Record]:
    return []


def dropped_deployments(records: list[Record], rng: random.Random) -> list[Record]:
    for record in records:
        record["deployments"] = record["deployments"][::2]
    return records


def wrong_status(records: list[Record], rng: random.Random) -> list[Record]:
    for i, d in enumerate(_deployments(records)):
        if i % 2 == 0:
            d["status"] = STATUSES[(STATUSES.index(d["status"]) + 1) % len(STATUSES)]
    return records


def shifted_counts(records: list[Record], rng: random.Random) -> list[Record]:
    factors = [1.05, 1.25, 0.85, 0.7, 1.0999, 2]
    for i, d in enumerate(_deployments(records)):
        if i % 4 == 3:  # open or stated where the gold is not
            d["workers_max"] = None if d["workers_max"] is not None else 100
            continue
        factor = factors[i % len(factors)]
        for key in ("workers_min", "workers_max"):
            if d[key] is not None:
                d[key] = round(d[key] * factor)
    return records


def invented(rng: random.Random) -> Record:
    return {
        "destination_country": rng.choice(["RU", "CN", "UA"]),
        "destination_area": None,
        "occupied": False,
        "workers_min": rng.choice([None, 100, 5000]),
        "workers_max": None,
        "status": rng.choice(STATUSES),
        "sector": "construction",
        "when": None,
        "attribution": "outlet",
        "evidence": "invented",
    }


def extra_deployments(records: list[Record], rng: random.Random) -> list[Record]:
    """Invented deployments, above all on negative documents."""
    for i, record in enumerate(records):
        if not record["deployments"] or i % 3 == 0:
            record["deployments"].append(invented(rng))
    return records


def when_precision(records: list[Record], rng: random.Random) -> list[Record]:
    for i, d in enumerate(_deployments(records)):
        when = d["when"]
        d["when"] = [
            when[:4] if when else "2024",  # coarser than the gold
            (when or "2024") + "-01",  # finer
            None,
            when,
        ][i % 4]
    return records


def spelling_variants(records: list[Record], rng: random.Random) -> list[Record]:
    orgs = [
        lambda o: o.replace("Labour", "Labor").replace("Defence", "Defense"),
        lambda o: "North Korea's " + o,
        lambda o: o.upper() + " (MSS)",
        lambda o: "the " + o.lower() + ".",
    ]
    for i, record in enumerate(records):
        record["organizations"] = [
            orgs[(i + j) % len(orgs)](o) for j, o in enumerate(record["organizations"])
        ]
        record["sanctions"] = [
            s.replace("UNSCR ", "Resolution ") if j % 2 else s.lower()
            for j, s in enumerate(record["sanctions"])
        ]
        record["controls"] = [f" {c.upper()}" for c in record["controls"]]
        record["payments"] = [{**p, "kind": p["kind"].upper()} for p in record["payments"]]
        for j, d in enumerate(record["deployments"]):
            area = d["destination_area"]
            if area:
                d["destination_area"] = [
                    f"the {area} region",
                    area.upper().replace(" ", "-"),
                    f"{area} Oblast",
                    area + "sk",
                ][j % 4]
            d["destination_country"] = d["destination_country"].lower()
    return records


def documents_missing_and_extra(records: list[Record], rng: random.Random) -> list[Record]:
    kept = records[1::2]
    extra = [{**copy.deepcopy(r), "doc": f"extra-{r['doc']}"} for r in records[:3]]
    repeated = [{**copy.deepcopy(r), "deployments": []} for r in kept[:2]]
    return kept + extra + repeated + kept[:1]  # the last line for a document wins


def shuffled_and_relabelled(records: list[Record], rng: random.Random) -> list[Record]:
    for record in records:
        rng.shuffle(record["deployments"])
        for d in record["deployments"]:
            if rng.random() < 0.3:
                d["destination_country"] = rng.choice(["RU", "CN", "KW", "QA", "UA"])
            if rng.random() < 0.3:
                d["sector"] = rng.choice(SECTORS)
            if rng.random() < 0.3:
                d["attribution"] = rng.choice(ATTRIBUTIONS)
            if rng.random() < 0.2:
                d["occupied"] = not d["occupied"]
    return records


def many_deployments(records: list[Record], rng: random.Random) -> list[Record]:
    """More than six deployments a side, where the pairing turns greedy."""
    for record in records:
        base = record["deployments"] or [invented(rng)]
        record["deployments"] = [copy.deepcopy(rng.choice(base)) for _ in range(rng.randint(5, 12))]
    return shuffled_and_relabelled(wrong_status(records, rng), rng)


def tied_candidates(records: list[Record], rng: random.Random) -> list[Record]:
    """Two equally good candidates per gold deployment: the tie-break decides strict pairs."""
    for record in records:
        pairs = []
        for d in record["deployments"][:3]:
            wrong_status = {**d, "status": "unknown" if d["status"] != "unknown" else "sent"}
            wrong_sector = {**d, "sector": "other" if d["sector"] != "other" else "it"}
            pairs += [wrong_status, wrong_sector]
        record["deployments"] = pairs
    return records


def random_mix(records: list[Record], rng: random.Random) -> list[Record]:
    """Each document gets a random pile of the perturbations above (many ties in pairing)."""
    out = []
    steps = [
        dropped_deployments,
        wrong_status,
        shifted_counts,
        extra_deployments,
        when_precision,
        spelling_variants,
        shuffled_and_relabelled,
    ]
    for record in records:
        doc_records = [record]
        for step in rng.sample(steps, rng.randint(1, 4)):
            doc_records = step(doc_records, rng)
        if rng.random() < 0.3:  # the same deployment twice
            record["deployments"] += copy.deepcopy(record["deployments"][:2])
        if rng.random() < 0.1:
            continue
        out.extend(doc_records)
    return out


PERTURBATIONS: list[Perturbation] = [
    identity,
    nothing,
    dropped_deployments,
    wrong_status,
    shifted_counts,
    extra_deployments,
    when_precision,
    spelling_variants,
    documents_missing_and_extra,
    shuffled_and_relabelled,
    many_deployments,
    tied_candidates,
]
RANDOM_SEEDS = range(4)


def gold_files(shared: Path) -> list[Path]:
    files = sorted((shared / "eval").rglob("*gold*.jsonl"))
    if not files:
        pytest.skip(f"no gold files under {shared / 'eval'}")
    return files


def reference_figures(scorer: Path, gold: Path, pred: Path) -> dict[str, Any]:
    run = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(run.stdout)


def our_figures(gold: Path, pred: Path) -> dict[str, Any]:
    limit = 10_000_000
    report = score(
        iter_findings_jsonl(gold, max_line_bytes=limit),
        iter_findings_jsonl(pred, max_line_bytes=limit),
    )
    return report.to_dict()


def assert_same_figures(ours: dict[str, Any], reference: dict[str, Any], label: str) -> None:
    for key, expected in reference.items():
        if key == "per_doc":
            assert ours[key].keys() == expected.keys(), label
            for doc, counts in expected.items():
                mine = {k: ours[key][doc][k] for k in counts}
                assert mine == counts, f"{label} document {doc}"
        else:
            assert ours[key] == expected, f"{label}: {key}"


def _check(shared: Path, tmp_path: Path, make: Callable[[list[Record]], list[Record]]) -> None:
    scorer = shared / "eval" / "score.py"
    jobs = []
    for gold in gold_files(shared):
        records = [json.loads(line) for line in gold.read_text("utf-8").splitlines() if line]
        pred = tmp_path / f"{gold.parent.name}-{gold.name}"
        lines = [json.dumps(r, ensure_ascii=False) for r in make(copy.deepcopy(records))]
        pred.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        jobs.append((gold, pred))
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        references = list(pool.map(lambda job: reference_figures(scorer, *job), jobs))
    for (gold, pred), reference in zip(jobs, references, strict=True):
        assert_same_figures(our_figures(gold, pred), reference, f"{gold.name}")


@pytest.mark.parametrize("perturb", PERTURBATIONS, ids=lambda p: p.__name__)
def test_figures_equal_reference(perturb: Perturbation, shared_dir: Path, tmp_path: Path) -> None:
    _check(shared_dir, tmp_path, lambda records: perturb(records, random.Random(7)))


@pytest.mark.parametrize("seed", RANDOM_SEEDS)
def test_random_mix_equals_reference(seed: int, shared_dir: Path, tmp_path: Path) -> None:
    _check(shared_dir, tmp_path, lambda records: random_mix(records, random.Random(seed)))


def test_perturbations_change_figures(shared_dir: Path, tmp_path: Path) -> None:
    """The comparisons above are not vacuous: perturbed predictions score below perfect."""
    gold = shared_dir / "eval" / "dev-written-gold.jsonl"
    if not gold.is_file():
        pytest.skip(f"{gold} not found")
    records = [json.loads(line) for line in gold.read_text("utf-8").splitlines() if line]
    pred = tmp_path / "pred.jsonl"
    for perturb in (wrong_status, shifted_counts, extra_deployments, dropped_deployments):
        perturbed = perturb(copy.deepcopy(records), random.Random(7))
        pred.write_text("".join(json.dumps(r) + "\n" for r in perturbed), encoding="utf-8")
        assert our_figures(gold, pred)["strict_deployment"]["f1"] < 1.0, perturb.__name__
