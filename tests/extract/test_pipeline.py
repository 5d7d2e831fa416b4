"""Extraction over stored documents: versions, re-runs, the CLI faces, analysts' gazetteers."""

import json

from sqlalchemy import func, select
from typer.testing import CliRunner

from laborwatch.cli import app
from laborwatch.extract import EXTRACTOR_VERSION
from laborwatch.extract.pipeline import extract_documents
from laborwatch.store.models import Document, Evidence, Finding

REPORT = (
    "About 400 North Korean workers arrived in Khabarovsk in March 2024 to build apartments, "
    "a source in the city told the newspaper.\n\n"
    "They are watched by officers of the Ministry of State Security, and their passports are "
    "held by managers. Resolution 2397 ordered all such workers home."
)


def _count(store, model):
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_extract_stores_findings_with_version_rule_and_evidence(store, add_documents):
    add_documents(
        store,
        {
            "id": "r1",
            "text": REPORT,
            "published": "2024-04-02",
            "language": "en",
            "source": "Test Wire",
        },
    )
    report = extract_documents(store)
    assert report.documents == 1
    assert report.findings["deployment"] == 1
    with store.session() as session:
        document = session.get(Document, "r1")
        assert document.extracted_version == EXTRACTOR_VERSION
        deployment = session.scalars(select(Finding).where(Finding.kind == "deployment")).one()
        assert deployment.extractor_version == EXTRACTOR_VERSION
        assert deployment.rule.startswith("sentence:")
        assert deployment.data["destination_area"] == "Khabarovsk"
        spans = [REPORT[e.start : e.end] for e in deployment.evidence]
        assert "About 400" in spans and "Khabarovsk" in spans
        for evidence in deployment.evidence:
            assert evidence.sentence_start <= evidence.start < evidence.end <= evidence.sentence_end
        kinds = set(session.scalars(select(Finding.kind)))
    assert kinds == {"deployment", "organization", "control", "sanction"}


def test_rerun_processes_only_new_documents_and_all_replaces(store, add_documents):
    add_documents(store, {"id": "r1", "text": REPORT, "published": "2024-04-02"})
    first = extract_documents(store)
    findings, evidence = _count(store, Finding), _count(store, Evidence)
    with store.session() as session:
        keys = sorted(session.scalars(select(Finding.key)))
    assert extract_documents(store).documents == 0
    again = extract_documents(store, reprocess_all=True)
    assert again.documents == first.documents
    assert (_count(store, Finding), _count(store, Evidence)) == (findings, evidence)
    with store.session() as session:
        assert sorted(session.scalars(select(Finding.key))) == keys  # stable across re-runs


def test_analysts_gazetteer_adds_a_place(sqlite_store, tmp_path, add_documents):
    add_documents(
        sqlite_store,
        {
            "id": "g1",
            "published": "2024-05-01",
            "text": "About 120 North Korean builders arrived in Testograd last month.",
        },
    )
    extract_documents(sqlite_store)
    with sqlite_store.session() as session:
        assert session.scalar(select(func.count()).where(Finding.kind == "deployment")) == 0
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "places:\n"
        "  - id: test-testograd\n    kind: city\n    name: Testograd\n    country: RU\n"
        "    names: {en: [Testograd]}\n    source: written for this test\n",
        encoding="utf-8",
    )
    extract_documents(sqlite_store, reprocess_all=True, gazetteer_files=[extra])
    with sqlite_store.session() as session:
        data = session.scalars(select(Finding.data).where(Finding.kind == "deployment")).one()
    assert (data["destination_country"], data["destination_area"]) == ("RU", "Testograd")
    assert (data["workers_min"], data["when"]) == (120, "2024-04")


def test_cli_extract_findings_and_hostile_text(sqlite_store, add_documents):
    hostile = "\x1b[31mRED\x1b[0m [bold]markup[/bold] " + REPORT
    add_documents(
        sqlite_store,
        {"id": "h1", "text": hostile, "published": "2024-04-02", "title": "\x1b]0;title\x07Report"},
    )
    url = str(sqlite_store.engine.url)
    runner = CliRunner()
    result = runner.invoke(app, ["--db", url, "extract", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["documents"] == 1
    shown = runner.invoke(app, ["--db", url, "findings", "h1"])
    assert shown.exit_code == 0, shown.output
    assert "\x1b" not in shown.output and "\x07" not in shown.output
    assert "[bold]markup[/bold]" in shown.output  # printed literally, never as markup
    assert "Khabarovsk" in shown.output
    as_json = json.loads(runner.invoke(app, ["--db", url, "findings", "h1", "--json"]).output)
    deployment = next(f for f in as_json["findings"] if f["kind"] == "deployment")
    assert any(e["text"] == "Khabarovsk" for e in deployment["evidence"])
    missing = runner.invoke(app, ["--db", url, "findings", "nope"])
    assert missing.exit_code != 0
