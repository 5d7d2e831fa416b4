"""``laborwatch search/show/stats/rejects`` through the command line, on both backends."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from laborwatch.cli import app
from laborwatch.store.models import Reject

RAW = "Nguồn: Café workers\r\n".encode() + b"\x00binary tail \xff\xfe"  # not valid UTF-8
HOSTILE_TITLE = "[bold red]Fake[/] \x1b[31mred\x1b[0m :smile: \u202eevil"


@pytest.fixture
def db(store, db_url, add_documents):  # type: ignore[no-untyped-def]
    add_documents(
        store,
        {
            "id": "tynda-1",
            "title": "Sawmill crews in Tynda",
            "text": "The sawmill in Tynda employs forty North Korean workers.\n\nSecond paragraph.",
            "source": "dailynk.com",
            "language": "en",
            "published": "2024-03-21",
            "raw": RAW,
        },
        {
            "id": "hostile",
            "title": HOSTILE_TITLE,
            "text": "A sawmill [link=file:///etc]x[/link] \x1b]0;pwned\x07 text.",
            "source": "rfa.org",
            "language": "en",
            "published": "2023",
        },
    )
    with store.session() as session:
        session.add(Reject(origin="bad.jsonl", origin_line=7, reason="bad_json", detail="[red]x"))
    return db_url


def run(db: str, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["--db", db, *args])


def test_search_table(db: str) -> None:
    result = run(db, "search", "sawmill")
    assert result.exit_code == 0, result.output
    assert "Sawmill crews in Tynda" in result.stdout
    assert "tynda-1" in result.stdout


def test_search_json(db: str) -> None:
    result = run(db, "search", "tynda", "--json")
    assert result.exit_code == 0, result.output
    [hit] = json.loads(result.stdout)
    assert hit["id"] == "tynda-1"
    assert hit["title"] == "Sawmill crews in Tynda"
    assert "Tynda" in hit["snippet"]
    assert [hit["snippet"][s:e] for s, e in hit["highlights"]] == ["Tynda"]


def test_search_filters_and_limit(db: str) -> None:
    def found(*args: str) -> list[str]:
        result = run(db, "search", "sawmill", "--json", *args)
        assert result.exit_code == 0, result.output
        return [hit["id"] for hit in json.loads(result.stdout)]

    assert sorted(found()) == ["hostile", "tynda-1"]
    assert found("--source", "rfa.org") == ["hostile"]
    assert found("--since", "2024") == ["tynda-1"]
    assert found("--until", "2023-12") == ["hostile"]
    assert found("--language", "ko") == []
    assert len(found("--limit", "1")) == 1


def test_search_rejects_a_bad_date(db: str) -> None:
    result = run(db, "search", "sawmill", "--since", "21/03/2024")
    assert result.exit_code == 2
    assert "ISO date" in result.output


def test_search_with_hostile_query_and_no_hits(db: str) -> None:
    for query in ['"unbalanced', "NEAR(", "*", "-", "' OR 1=1 --"]:
        result = run(db, "search", query)
        assert result.exit_code == 0, (query, result.output)
        assert "No documents match" in result.stdout
        result = run(db, "search", query, "--json")
        assert json.loads(result.stdout) == []


def test_article_text_is_printed_literally_and_safely(db: str) -> None:
    for args in (["search", "sawmill"], ["show", "hostile"]):
        result = run(db, *args)
        assert result.exit_code == 0, result.output
        assert "[bold red]Fake[/]" in result.stdout  # markup shown, not interpreted
        assert ":smile:" in result.stdout  # no emoji substitution
        assert not any(ch in result.stdout for ch in "\x1b\x07\u202e")
    assert "[link=file:///etc]x[/link]" in run(db, "show", "hostile").stdout


def test_json_escapes_terminal_control_characters(db: str) -> None:
    result = run(db, "show", "hostile", "--json")
    assert result.exit_code == 0, result.output
    assert not any(ch in result.stdout for ch in "\x1b\x07\u202e")
    assert json.loads(result.stdout)["title"] == HOSTILE_TITLE


def test_show_document(db: str) -> None:
    result = run(db, "show", "tynda-1")
    assert result.exit_code == 0, result.output
    assert "dailynk.com" in result.stdout
    assert "Second paragraph." in result.stdout
    data = json.loads(run(db, "show", "tynda-1", "--json").stdout)
    assert data["id"] == "tynda-1"
    assert data["source"] == "dailynk.com"
    assert data["text"].endswith("Second paragraph.")


def test_show_raw_writes_the_original_bytes(db: str) -> None:
    result = run(db, "show", "tynda-1", "--raw")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == RAW


def test_show_unknown_id_fails_clearly(db: str) -> None:
    for args in (["show", "nope"], ["show", "nope", "--json"], ["show", "nope", "--raw"]):
        result = run(db, *args)
        assert result.exit_code == 1
        assert "no document with id 'nope'" in result.stderr
        assert result.stdout == ""
    result = run(db, "show", "hostile", "--raw")
    assert result.exit_code == 1
    assert "no stored original bytes" in result.stderr


def test_stats(db: str) -> None:
    result = run(db, "stats")
    assert result.exit_code == 0, result.output
    assert "2 documents, 1 rejects, 0 findings" in result.stdout
    assert "rfa.org" in result.stdout
    data = json.loads(run(db, "stats", "--json").stdout)
    assert data["documents"]["total"] == 2
    assert data["documents"]["by_year"] == {"2023": 1, "2024": 1}
    assert data["rejects"]["by_reason"] == {"bad_json": 1}


def test_rejects(db: str) -> None:
    result = run(db, "rejects")
    assert result.exit_code == 0, result.output
    assert "bad.jsonl:7" in result.stdout
    assert "[red]x" in result.stdout
    [reject] = json.loads(run(db, "rejects", "--json").stdout)
    assert reject["reason"] == "bad_json"
    assert reject["origin_line"] == 7
    assert json.loads(run(db, "rejects", "--json", "--reason", "binary").stdout) == []
