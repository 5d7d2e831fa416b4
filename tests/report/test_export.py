"""SPEC section 2 export of stored findings."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest

from laborwatch.errors import LaborwatchError
from laborwatch.report.evaluate import score
from laborwatch.report.export import export_findings, findings_record, iter_findings_records
from laborwatch.store import Store

AddDocument = Callable[[Store, str, list[tuple[str, dict[str, Any]]]], None]

# written out here, not imported: the test checks the code against the SPEC
SPEC_KEYS = ["doc", "deployments", "organizations", "controls", "payments", "sanctions"]
SPEC_DEPLOYMENT_KEYS = [
    "destination_country",
    "destination_area",
    "occupied",
    "workers_min",
    "workers_max",
    "status",
    "sector",
    "when",
    "attribution",
    "evidence",
]


def exported(store: Store) -> list[dict[str, Any]]:
    out = io.StringIO()
    count = export_findings(store, out)
    lines = out.getvalue().splitlines()
    assert count == len(lines)
    return [json.loads(line) for line in lines]


def test_every_document_gets_a_line_in_id_order(
    store: Store, add_document: AddDocument, kursk: dict
) -> None:
    add_document(store, "b-empty", [])
    add_document(store, "a-full", [("deployment", kursk), ("sanction", {"name": "UNSCR 2375"})])
    add_document(store, "c-other-kinds", [("agreement", {"parties": ["RU", "KP"]})])
    records = exported(store)
    assert [r["doc"] for r in records] == ["a-full", "b-empty", "c-other-kinds"]
    for r in records:
        assert list(r) == SPEC_KEYS
    empty = {"deployments": [], "organizations": [], "controls": [], "payments": []}
    assert records[1] == {"doc": "b-empty", **empty, "sanctions": []}
    assert records[2] == {"doc": "c-other-kinds", **empty, "sanctions": []}
    assert records[0]["deployments"] == [kursk]
    assert records[0]["sanctions"] == ["UNSCR 2375"]


def test_deployment_has_exactly_the_spec_keys_in_order(
    store: Store, add_document: AddDocument, kursk: dict
) -> None:
    shuffled = dict(reversed(list(kursk.items())))
    extra = {**shuffled, "speaker": "Kim", "modality": "hedged"}
    sparse = {"destination_country": "UA", "status": "sent"}
    add_document(store, "d", [("deployment", extra), ("deployment", sparse)])
    (record,) = exported(store)
    first, second = record["deployments"]
    assert list(first) == SPEC_DEPLOYMENT_KEYS
    assert first == kursk
    assert list(second) == SPEC_DEPLOYMENT_KEYS
    assert second["destination_country"] == "UA"
    assert second["occupied"] is False and second["workers_min"] is None


def test_lists() -> None:
    class F:
        def __init__(self, kind: str, data: dict[str, Any]) -> None:
            self.kind, self.data = kind, data

    findings = [
        F("organization", {"name": "Ministry of State Security", "aliases": ["MSS"]}),
        F("organization", {"name": "Korea General Corporation for External Construction"}),
        F("organization", {"name": "Ministry of State Security"}),
        F("control", {"type": "surveillance"}),
        F("control", {"type": "ideological_training"}),
        F("control", {"type": "surveillance"}),
        F("payment", {"kind": "in_kind", "payer": "RU", "items": ["food"], "note": "x"}),
        F("payment", {"kind": "wages", "amount": None, "currency_code": "USD"}),
        F("payment", {"kind": "in_kind", "payer": "RU", "items": ["food"]}),
        F("payment", {"amount": 5}),  # no kind: not a SPEC payment
        F("sanction", {"name": "UNSCR 2397"}),
        F("sanction", {"name": "UNSCR 2397"}),
        F("meeting", {"name": "summit"}),
    ]
    record = findings_record("doc-1", findings)
    assert record["organizations"] == [
        "Korea General Corporation for External Construction",
        "Ministry of State Security",
    ]
    assert record["controls"] == ["surveillance", "ideological_training"]
    assert record["payments"] == [
        {"kind": "in_kind", "payer": "RU", "items": ["food"]},
        {"kind": "wages", "currency_code": "USD"},
    ]
    assert record["sanctions"] == ["UNSCR 2397"]
    assert record["deployments"] == []


def test_batches_keep_every_document_and_its_findings(
    sqlite_store: Store, add_document: AddDocument
) -> None:
    for n in range(7):
        add_document(sqlite_store, f"doc-{n}", [("sanction", {"name": f"UNSCR {2300 + n}"})] * n)
    records = list(iter_findings_records(sqlite_store, batch_size=2))
    assert [r["doc"] for r in records] == [f"doc-{n}" for n in range(7)]
    assert [r["sanctions"] for r in records] == [[]] + [[f"UNSCR {2300 + n}"] for n in range(1, 7)]


def test_line_separators_in_text_stay_on_one_line(
    sqlite_store: Store, add_document: AddDocument, kursk: dict
) -> None:
    hostile = {**kursk, "evidence": "one\u2028two\u2029three\nfour"}
    add_document(sqlite_store, "x", [("deployment", hostile)])
    out = io.StringIO()
    export_findings(sqlite_store, out)
    assert len(out.getvalue().splitlines()) == 1
    assert json.loads(out.getvalue())["deployments"][0]["evidence"] == hostile["evidence"]


def test_export_scores_perfectly_against_itself(
    sqlite_store: Store, add_document: AddDocument, kursk: dict
) -> None:
    add_document(sqlite_store, "a", [("deployment", kursk), ("control", {"type": "surveillance"})])
    add_document(sqlite_store, "b", [])
    records = exported(sqlite_store)
    report = score(records, iter_findings_records(sqlite_store))
    assert report.headline == 1.0 and report.strict.tp == 1
    assert report.sets["controls"].tp == 1


def test_unknown_format(sqlite_store: Store) -> None:
    with pytest.raises(LaborwatchError, match="unsupported findings format"):
        export_findings(sqlite_store, io.StringIO(), format="xml")
