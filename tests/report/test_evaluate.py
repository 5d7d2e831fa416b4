"""SPEC section 3 scoring rules, case by case."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path
from typing import Any

import pytest

from laborwatch.report.evaluate import (
    EvalInputError,
    counts_compatible,
    iter_findings_jsonl,
    normalize_area,
    normalize_organization,
    normalize_sanction,
    pair_deployments,
    score,
    slot_results,
    when_matches,
)


def dep(country: str = "RU", low: int | None = 100, high: int | None = 100, **slots: Any) -> dict:
    base = {
        "destination_country": country,
        "destination_area": None,
        "occupied": False,
        "workers_min": low,
        "workers_max": high,
        "status": "sent",
        "sector": "construction",
        "when": None,
        "attribution": "outlet",
        "evidence": "",
    }
    return {**base, **slots}


def record(doc: str, deployments: list[dict] | None = None, **lists: list) -> dict:
    return {
        "doc": doc,
        "deployments": deployments or [],
        "organizations": [],
        "controls": [],
        "payments": [],
        "sanctions": [],
        **lists,
    }


@pytest.mark.parametrize(
    ("gold", "pred", "compatible"),
    [
        ((100, 100), (109, 109), True),  # each bound widened by 10%
        ((100, 100), (122, 122), True),  # 122 * 0.9 = 109.8 <= 110
        ((100, 100), (123, 123), False),  # 110.7 > 110
        ((1000, 2000), (2400, 2400), True),  # 2160 <= 2200
        ((1000, 2000), (2500, 2500), False),
        ((1000, None), (None, 950), True),  # "more than 1,000" vs "up to 950": 900 <= 1045
        ((1000, None), (None, 800), False),
        ((1000, None), (50000, 50000), True),  # an open bound is open
        ((None, None), (None, None), True),  # unstated on both sides
        ((None, None), (100, 100), False),
        ((100, 100), (None, None), False),
        ((2000, 9999), (1000, 1000), False),  # "thousands" is not 1,000
        ((200, 999), (150, 150), False),
        ((200, 999), (170, 170), True),
    ],
)
def test_counts_compatible(gold: tuple, pred: tuple, compatible: bool) -> None:
    assert counts_compatible(dep("RU", *gold), dep("RU", *pred)) is compatible


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Primorsky Krai", "primorsky"),
        ("the Russian Far East", "Russian Far East"),
        ("Rostov-on-Don", "rostov on don"),
        ("Leningrad Oblast", "Leningrad region"),
        ("Donetsk People's Republic", "Donetsk"),
        ("Amur Province", "AMUR"),
    ],
)
def test_area_variants_are_equal(a: str, b: str) -> None:
    assert normalize_area(a) == normalize_area(b)
    assert slot_results(dep(destination_area=a), dep(destination_area=b))["area"]


def test_areas_differ_and_empty_is_none() -> None:
    assert normalize_area("Kursk") != normalize_area("Kursk Oblast town")
    assert normalize_area("Theodosia") == "theodosia"  # "the" only as a word
    assert normalize_area("the region") is None
    assert normalize_area(None) is None


@pytest.mark.parametrize(
    ("gold", "pred", "equal"),
    [
        ("2024-03", "2024-03-13", True),  # finer than the gold is fine
        ("2024-03", "2024", False),  # coarser is not
        ("2024", "2024-11", True),
        ("2024-03", "2024-04", False),
        (None, None, True),
        (None, "2024", False),
        ("2024", None, False),
    ],
)
def test_when_at_gold_precision(gold: str | None, pred: str | None, equal: bool) -> None:
    assert when_matches(gold, pred) is equal


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ministry of Labour", "Ministry of Labor"),
        ("Ministry of National Defence", "North Korea's Ministry of National Defense"),
        ("Ministry of State Security", "Ministry of State Security (MSS)"),
        ("Ministry of State Security", "the ministry of state security."),
    ],
)
def test_organization_spelling_variants(a: str, b: str) -> None:
    assert normalize_organization(a) == normalize_organization(b)
    report = score([record("d", organizations=[a])], [record("d", organizations=[b])])
    assert report.sets["organizations"].f1 == 1.0


def test_different_organizations_stay_different() -> None:
    assert normalize_organization("Ministry of Labour") != normalize_organization(
        "Ministry of State Security"
    )


def test_sanction_names() -> None:
    assert normalize_sanction("Resolution 2397") == "UNSCR 2397"
    assert normalize_sanction("UNSCR 2375") == "UNSCR 2375"
    assert normalize_sanction(" ofac ") == "OFAC"


def test_pairing_needs_equal_country() -> None:
    assert pair_deployments([dep("RU")], [dep("CN")]) == []
    assert pair_deployments([dep("RU")], [dep("ru")]) == [(0, 0)]


def _agreement(golds: list[dict], preds: list[dict], pairs: list[tuple[int, int]]) -> int:
    return sum(sum(slot_results(golds[g], preds[p]).values()) for g, p in pairs)


def _brute_force_best(golds: list[dict], preds: list[dict]) -> tuple[int, int]:
    """(pairs, agreement) of the best one-to-one pairing, by trying every assignment."""
    best = (0, 0)
    slots = list(range(len(preds))) + [None] * len(golds)
    for assignment in set(itertools.permutations(slots, len(golds))):
        pairs = [
            (g, p)
            for g, p in enumerate(assignment)
            if p is not None and golds[g]["destination_country"] == preds[p]["destination_country"]
        ]
        if len(pairs) == sum(p is not None for p in assignment):
            best = max(best, (len(pairs), _agreement(golds, preds, pairs)))
    return best


def _random_dep(rng: random.Random) -> dict:
    return dep(
        rng.choice(["RU", "CN"]),
        rng.choice([None, 100, 1000]),
        rng.choice([None, 1000]),
        status=rng.choice(["sent", "planned"]),
        sector=rng.choice(["construction", "it"]),
        when=rng.choice([None, "2024"]),
    )


@pytest.mark.parametrize("seed", range(30))
def test_exact_pairing_is_optimal(seed: int) -> None:
    rng = random.Random(seed)
    golds = [_random_dep(rng) for _ in range(rng.randint(0, 5))]
    preds = [_random_dep(rng) for _ in range(rng.randint(0, 5))]
    pairs = pair_deployments(golds, preds)
    assert len({g for g, _ in pairs}) == len({p for _, p in pairs}) == len(pairs)
    assert (len(pairs), _agreement(golds, preds, pairs)) == _brute_force_best(golds, preds)


def test_best_total_agreement_beats_best_single_pair() -> None:
    # g0 (100-300) fits both predictions; g1 (100) only the first. Taking the first good pair
    # found (g0-p0) would leave g1 with p1; the best total pairs g0-p1 and g1-p0.
    golds = [dep(low=100, high=300), dep(low=100, high=100)]
    preds = [dep(low=100, high=100), dep(low=300, high=300)]
    assert sorted(pair_deployments(golds, preds)) == [(0, 1), (1, 0)]
    assert score([record("d", golds)], [record("d", preds)]).strict.tp == 2


def test_strict_needs_counts_and_status() -> None:
    gold = [record("d", [dep(low=1000, high=2000), dep("CN", status="planned")])]
    pred = [record("d", [dep(low=1500, high=1500), dep("CN", status="sent")])]
    report = score(gold, pred)
    assert (report.lenient.tp, report.lenient.fp, report.lenient.fn) == (2, 0, 0)
    assert (report.strict.tp, report.strict.fp, report.strict.fn) == (1, 1, 1)
    assert report.headline == pytest.approx(0.5)
    assert report.slot_accuracy["status"] == 0.5
    assert report.slot_accuracy["count"] == 1.0
    (mismatch,) = report.per_doc["d"].mismatches
    assert mismatch.slots == ("status",) and not mismatch.strict


def test_negatives_matter() -> None:
    """A deployment predicted on a document without any is a false positive."""
    gold = [record("pos", [dep()]), record("neg")]
    pred = [record("pos", [dep()]), record("neg", [dep("CN")])]
    report = score(gold, pred)
    assert (report.strict.tp, report.strict.fp, report.strict.fn) == (1, 1, 0)
    assert report.per_doc["neg"].spurious == [dep("CN")]
    assert report.to_dict()["per_doc"]["neg"]["false_positives"] == [dep("CN")]


def test_nothing_to_find_and_nothing_found_is_perfect() -> None:
    report = score([record("a"), record("b")], [record("a"), record("b")])
    assert report.strict.to_dict() == {"p": 1.0, "r": 1.0, "f1": 1.0, "tp": 0, "fp": 0, "fn": 0}
    assert report.slot_accuracy["status"] is None


def test_missing_and_extra_documents() -> None:
    gold = [record("a", [dep()]), record("b", sanctions=["UNSCR 2397"])]
    pred = [record("a", [dep()]), record("x", [dep()]), record("y")]
    report = score(gold, pred)
    assert report.missing_docs_in_pred == 1
    assert report.extra_docs_in_pred == 2
    assert report.strict.fp == 0  # predictions outside the gold are ignored
    assert report.sets["sanctions"].fn == 1
    assert any("2 predicted document(s)" in w for w in report.warnings)


def test_repeated_document_last_line_wins() -> None:
    report = score([record("a", [dep()])], [record("a"), record("a", [dep()])])
    assert report.strict.tp == 1
    assert any("repeated" in w for w in report.warnings)


def test_set_errors_keep_the_record_spelling() -> None:
    gold = [record("a", organizations=["Ministry of Labour"], controls=["surveillance"])]
    pred = [
        record(
            "a",
            organizations=["Ministry of Labor", "Korea Kumsan"],
            controls=["SURVEILLANCE ", "health_check"],
            payments=[{"kind": "wages"}],
        )
    ]
    report = score(gold, pred)
    errors = report.per_doc["a"].set_errors
    assert errors["organizations"] == (["Korea Kumsan"], [])
    assert errors["controls"] == (["health_check"], [])
    assert errors["payments"] == (["wages"], [])
    assert report.sets["organizations"].tp == 1 and report.sets["controls"].tp == 1


def test_hostile_values_do_not_crash() -> None:
    gold = [record("a", [dep(low=100, high=100)])]
    pred = [{"doc": "a", "deployments": [dep(low="many", high=True), "junk"], "payments": ["x"]}]
    report = score(gold, pred)
    assert report.lenient.tp == 1 and report.strict.tp == 0


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_read_jsonl(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "g.jsonl", [json.dumps(record("a")), "", json.dumps(record(1))])
    assert [r["doc"] for r in iter_findings_jsonl(path, max_line_bytes=1000)] == ["a", 1]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"deployments": []}', "no doc id"),
        ('{"doc": "a", "controls": "surveillance"}', "controls is not a list"),
        ('{"doc": "a", "deployments": [1]}', "deployments holds"),
        ('{"doc": "a", "text": "' + "x" * 300 + '"}', "line longer than 150 bytes"),
    ],
)
def test_read_jsonl_rejects_malformed_lines(tmp_path: Path, line: str, problem: str) -> None:
    path = write_lines(tmp_path / "g.jsonl", [json.dumps(record("ok")), line])
    with pytest.raises(EvalInputError, match=f":2: {problem}"):
        list(iter_findings_jsonl(path, max_line_bytes=150))
