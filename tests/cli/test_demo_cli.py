"""``laborwatch demo`` (what ``make run`` runs) on a fresh SQLite file."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from laborwatch.cli import app


@pytest.mark.parametrize("columns", [80, 130])
def test_demo_ingests_extracts_and_fits_the_terminal(tmp_path, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    result = CliRunner().invoke(app, ["--db", db, "demo"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "14 ingested" in result.output
    assert any("deployments" in line for line in lines)
    assert any("claimed by" in line for line in lines)
    assert ("source" in lines[lines.index(next(x for x in lines if "claimed by" in x))]) == (
        columns > 100
    )
    assert max(len(line.rstrip()) for line in lines if "database:" not in line) <= columns
    # a second run finds everything stored and extracted already
    again = CliRunner().invoke(app, ["--db", db, "demo"])
    assert "0 ingested, 14 already stored" in again.output
