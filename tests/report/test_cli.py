"""``laborwatch export findings`` and ``laborwatch eval`` through the command line."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from laborwatch.cli import app
from laborwatch.store import Store, open_store

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("LABORWATCH_CONFIG", str(tmp_path / "no-config.toml"))
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture
def filled(db: str, add_document: Callable[..., None], kursk: dict[str, Any]) -> str:
    store: Store = open_store(db)
    try:
        add_document(store, "a", [("deployment", kursk), ("sanction", {"name": "UNSCR 2397"})])
        add_document(store, "b", [])
    finally:
        store.close()
    return db


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def invoke(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result


def test_export_findings_to_stdout_and_file(filled: str, tmp_path: Path, kursk: dict) -> None:
    result = invoke("--db", filled, "export", "findings", "--format", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["doc"] for r in records] == ["a", "b"]
    assert records[0]["deployments"] == [kursk]

    out = tmp_path / "findings.jsonl"
    invoke("--db", filled, "export", "findings", "-o", str(out))
    assert [json.loads(line) for line in out.read_text("utf-8").splitlines()] == records


def test_export_rejects_unknown_format(filled: str) -> None:
    result = runner.invoke(app, ["--db", filled, "export", "findings", "--format", "xml"])
    assert result.exit_code != 0


@pytest.fixture
def gold_records(kursk: dict[str, Any]) -> list[dict[str, Any]]:
    empty = {"organizations": [], "controls": [], "payments": [], "sanctions": []}
    other = {**kursk, "destination_country": "CN", "destination_area": "Dandong"}
    return [
        {"doc": "a", "deployments": [kursk, other], **empty, "sanctions": ["UNSCR 2397"]},
        {"doc": "b", "deployments": [], **empty},
    ]


def test_eval_stored_findings_json(filled: str, tmp_path: Path, gold_records: list) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", gold_records)
    result = invoke("--db", filled, "eval", str(gold), "--json")
    figures = json.loads(result.stdout)
    assert figures["documents"] == 2
    strict = figures["strict_deployment"]
    assert (strict["tp"], strict["fp"], strict["fn"]) == (1, 0, 1)
    assert strict["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert figures["sets"]["sanctions"]["f1"] == 1.0
    assert figures["per_doc"]["a"]["false_negatives"][0]["destination_area"] == "Dandong"


def test_eval_pred_file_table_and_errors(
    db: str, tmp_path: Path, gold_records: list, kursk: dict
) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", gold_records)
    pred_records = copy.deepcopy(gold_records)
    pred_records[0]["deployments"][0]["status"] = "sent"
    pred_records[1]["deployments"] = [{**kursk, "destination_country": "UA"}]
    pred = write_jsonl(tmp_path / "pred.jsonl", pred_records)
    result = invoke("--db", db, "eval", str(gold), "--pred", str(pred), "--errors")
    out = result.stdout
    assert "Strict deployment F1 0.400" in out  # 1 of 3 predictions, 1 of 2 gold
    assert "deployments, lenient" in out and "payment kinds" in out
    assert "not strict" in out and "status: planned -> sent" in out
    assert "spurious    UA Kursk 1000-2000" in out
    assert not Path(db.removeprefix("sqlite:///")).exists()  # --pred never opens the store


def test_eval_errors_print_hostile_text_inert(db: str, tmp_path: Path, kursk: dict) -> None:
    hostile = "[bold red]x[/] \x1b[2J\u202e"
    gold = write_jsonl(tmp_path / "gold.jsonl", [{"doc": hostile, "deployments": [kursk]}])
    pred = write_jsonl(tmp_path / "pred.jsonl", [{"doc": "other"}])
    result = invoke("--db", db, "eval", str(gold), "--pred", str(pred), "--errors")
    assert "[bold red]x[/]" in result.stdout  # shown literally, not as markup
    assert "\x1b[2J" not in result.stdout and "\u202e" not in result.stdout
    assert "1 predicted document(s) not in the gold" in result.stderr


def test_eval_bad_gold_is_a_clear_error(db: str, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "a"}\nnot json\n', encoding="utf-8")
    result = runner.invoke(app, ["--db", db, "eval", str(gold), "--pred", str(gold)])
    assert result.exit_code != 0
    assert "gold.jsonl:2: not JSON" in str(result.exception)


def test_eval_corpus_and_pred_exclude_each_other(
    db: str, tmp_path: Path, gold_records: list
) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", gold_records)
    args = ["--db", db, "eval", str(gold), "--pred", str(gold), "--corpus", str(gold)]
    assert runner.invoke(app, args).exit_code == 2


def test_eval_with_corpus_ingests_and_extracts(db: str, shared_dir: Path) -> None:
    try:  # the ingest and extraction libraries are separate stages, built separately
        from laborwatch.extract.pipeline import extract_documents  # noqa: F401
        from laborwatch.ingest import ingest_paths  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"ingest or extraction library not available: {exc}")
    corpus = shared_dir / "corpus" / "seed.jsonl"
    gold = shared_dir / "eval" / "seed-gold.jsonl"
    result = invoke("--db", db, "eval", str(gold), "--corpus", str(corpus), "--json")
    figures = json.loads(result.stdout)
    assert figures["documents"] == 1
    assert figures["missing_docs_in_pred"] == 0  # the corpus document was stored under its id
