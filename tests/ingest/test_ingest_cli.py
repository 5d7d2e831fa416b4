"""``laborwatch ingest`` through the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from laborwatch.cli import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def run(db_url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", db_url, "ingest", *args])
    return result.exit_code, result.stdout


def test_json_summary_and_idempotent_rerun(db_url: str) -> None:
    code, out = run(db_url, str(FIXTURES), "--json")
    assert code == 0
    summary = json.loads(out)
    assert (summary["ingested"], summary["duplicates"], summary["rejected"]) == (9, 0, 5)
    assert summary["rejected_by_reason"] == {
        "empty_text": 1,
        "invalid_record": 2,
        "malformed_json": 1,
        "no_article_text": 1,
    }
    assert {"fx-001", "fx-002", "fx-003", "bad-1", "bad-6"} <= set(summary["new_ids"])
    malformed = next(r for r in summary["rejects"] if r["reason"] == "malformed_json")
    assert malformed["origin"].endswith("bad.jsonl") and malformed["line"] == 2
    code, out = run(db_url, str(FIXTURES), "--json")
    again = json.loads(out)
    assert (code, again["ingested"], again["duplicates"], again["rejected"]) == (0, 0, 9, 5)


def test_text_summary_escapes_hostile_names(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURES / "note.txt", folder / "note.txt")
    (folder / "[bold red]boom.txt").write_bytes(b"")
    code, out = run(f"sqlite:///{tmp_path / 'db.sqlite'}", str(folder))
    assert code == 0
    assert "2 files: 1 ingested, 0 duplicates, 1 rejected" in out
    assert "empty_file" in out
    assert "[boldred]boom.txt" in out.replace("\n", "").replace("│", "").replace(" ", "")


def test_dry_run_creates_no_database(tmp_path: Path) -> None:
    database = tmp_path / "never.sqlite"
    code, out = run(f"sqlite:///{database}", str(FIXTURES / "corpus.jsonl"), "--dry-run")
    assert code == 0
    assert "Dry run: nothing was written" in out and "3 would be ingested" in out
    assert not database.exists()
    code, out = run(f"sqlite:///{database}", str(FIXTURES / "corpus.jsonl"), "--dry-run", "--json")
    assert json.loads(out)["dry_run"] is True and not database.exists()


def test_max_bytes_option(tmp_path: Path) -> None:
    code, out = run(
        f"sqlite:///{tmp_path / 'db.sqlite'}", str(FIXTURES), "--json", "--max-bytes", "300"
    )
    summary = json.loads(out)
    assert code == 0
    assert summary["rejected_by_reason"]["too_large"] >= 4  # the big fixtures and long lines
    assert all(r["reason"] != "too_large" or "300 bytes" in r["detail"] for r in summary["rejects"])
