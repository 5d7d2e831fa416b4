"""An ingest killed (SIGKILL) or interrupted (SIGINT) mid-way leaves a consistent database, and a
re-run finishes the job without duplicates."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from laborwatch.store.writer import BATCH_SIZE

FILES = 2000
WORDS = (
    "the workers were sent to a site in the region and a source said that they would stay "
    "until the end of the year while the company paid the state a share of their wages"
).split()
CLI = "from laborwatch.cli import main; main()"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def make_corpus(folder: Path, count: int = FILES) -> None:
    rng = random.Random(7)
    for number in range(count):
        sub = folder / f"{number // 250:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        body = " ".join(rng.choice(WORDS) for _ in range(120))
        text = f"Report number {number}\n\nArticle {number}: {body}.\n\nEnd of article {number}.\n"
        (sub / f"{number:05d}.txt").write_text(text)


def start(database: Path, folder: Path, *extra: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", CLI, "--db", f"sqlite:///{database}", "ingest", str(folder)]
    return subprocess.Popen(
        [*command, *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def stored(database: Path) -> int:
    if not database.exists():
        return 0
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)
    try:
        return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0
    finally:
        connection.close()


def interrupt_after_first_batch(process: subprocess.Popen[str], database: Path, sig: int) -> int:
    deadline = time.monotonic() + 60
    while stored(database) == 0:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no batch was committed within a minute"
        time.sleep(0.02)
    process.send_signal(sig)
    process.wait(timeout=60)
    return stored(database)


def check_consistent(database: Path) -> int:
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        # raises when the full-text index and the documents table disagree
        connection.execute("INSERT INTO documents_fts(documents_fts) VALUES('integrity-check')")
        count = connection.execute("SELECT count(*) FROM documents").fetchone()[0]
        indexed = connection.execute("SELECT count(*) FROM documents_fts_docsize").fetchone()[0]
        assert indexed == count
        orphans = connection.execute(
            "SELECT count(*) FROM documents d LEFT JOIN blobs b ON b.sha256 = d.blob_sha256 "
            "WHERE b.sha256 IS NULL OR d.text = ''"
        ).fetchone()[0]
        assert orphans == 0
        distinct = connection.execute("SELECT count(DISTINCT text_hash) FROM documents").fetchone()
        assert distinct[0] == count
        return count
    finally:
        connection.close()


def rerun_completes(database: Path, folder: Path, committed: int) -> None:
    process = start(database, folder, "--json")
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    summary = json.loads(out)
    assert summary["ingested"] == FILES - committed
    assert summary["duplicates"] == committed and summary["rejected"] == 0
    assert check_consistent(database) == FILES


def test_kill_9_mid_way_then_rerun(tmp_path: Path) -> None:
    folder, database = tmp_path / "in", tmp_path / "db.sqlite"
    make_corpus(folder)
    process = start(database, folder)
    committed = interrupt_after_first_batch(process, database, signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL
    assert 0 < committed < FILES, "the kill came after the run had finished"
    assert committed % BATCH_SIZE == 0  # whole batches only
    assert check_consistent(database) == committed
    rerun_completes(database, folder, committed)


def test_ctrl_c_mid_way_prints_summary_then_rerun(tmp_path: Path) -> None:
    folder, database = tmp_path / "in", tmp_path / "db.sqlite"
    make_corpus(folder)
    process = start(database, folder, "--json")
    interrupt_after_first_batch(process, database, signal.SIGINT)
    out, err = process.communicate()
    assert process.returncode == 130, err
    summary = json.loads(out)
    assert summary["interrupted"] is True
    committed = check_consistent(database)
    assert summary["ingested"] == committed < FILES
    assert committed % BATCH_SIZE == 0
    rerun_completes(database, folder, committed)
