"""Commands of the extraction stage: ``extract`` and ``findings``."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from laborwatch.cli import app, state
from laborwatch.cli.output import print_json, terminal_text
from laborwatch.errors import NotFound
from laborwatch.store.models import Document, Finding

ROLE_STYLES = {
    "workers": "bold yellow",
    "count": "bold yellow",
    "status": "bold green",
    "destination": "bold cyan",
}


@app.command()
def extract(
    ctx: typer.Context,
    all_documents: bool = typer.Option(False, "--all", help="Reprocess every document."),
    gazetteer: list[Path] = typer.Option(
        None, "--gazetteer", help="An extra gazetteer YAML file (repeatable)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Extract findings from documents not yet processed by this extractor version."""
    from laborwatch.extract.pipeline import extract_documents

    report = extract_documents(
        state(ctx).store, reprocess_all=all_documents, gazetteer_files=gazetteer or None
    )
    if as_json:
        print_json(report.to_dict())
        return
    console = Console()
    counts = ", ".join(f"{n} {kind}" for kind, n in sorted(report.findings.items())) or "none"
    console.print(
        f"extracted {report.documents} documents in {report.seconds:.2f}s; findings: {counts}",
        markup=False,
    )


@app.command()
def findings(
    ctx: typer.Context,
    document_id: str = typer.Argument(..., metavar="ID"),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON."),
) -> None:
    """Show a document with the evidence of its findings highlighted."""
    with state(ctx).store.session() as session:
        document = session.get(Document, document_id)
        if document is None:
            raise NotFound(f"no document {document_id!r}")
        rows = session.scalars(
            select(Finding)
            .where(Finding.document_id == document_id)
            .options(selectinload(Finding.evidence))
            .order_by(Finding.kind, Finding.id)
        ).all()
        if as_json:
            print_json(_as_json(document, rows))
            return
        _print_findings(document, rows)


def _as_json(document: Document, rows: list[Finding]) -> dict:
    def evidence(e) -> dict:  # type: ignore[no-untyped-def]
        return {
            "start": e.start,
            "end": e.end,
            "role": e.role,
            "text": document.text[e.start : e.end],
            "sentence": document.text[e.sentence_start : e.sentence_end],
        }

    return {
        "doc": document.id,
        "extractor_version": document.extracted_version,
        "findings": [
            {
                "kind": row.kind,
                "key": row.key,
                "rule": row.rule,
                "extractor_version": row.extractor_version,
                "data": row.data,
                "evidence": [evidence(e) for e in row.evidence],
            }
            for row in rows
        ],
    }


def _print_findings(document: Document, rows: list[Finding]) -> None:
    console = Console()
    # Text objects never interpret markup, so article text cannot inject styles
    body = terminal_text(document.text, multiline=True)
    for row in rows:
        for evidence in row.evidence:
            body.stylize("on grey23", evidence.sentence_start, evidence.sentence_end)
    for row in rows:
        for evidence in row.evidence:
            body.stylize(ROLE_STYLES.get(evidence.role, "underline"), evidence.start, evidence.end)
    console.print(terminal_text(document.title or document.id, style="bold"))
    console.print(body)
    if document.extracted_version is None:
        console.print("not extracted yet: run `laborwatch extract`", markup=False)
        return
    table = Table(title=f"{len(rows)} findings (extractor {document.extracted_version})")
    for column in ("kind", "what", "rule"):
        table.add_column(column)
    for row in rows:
        table.add_row(*(terminal_text(v) for v in (row.kind, _summary(row), row.rule)))
    console.print(table)


def _summary(row: Finding) -> str:
    data = row.data
    if row.kind == "deployment":
        count = _count(data.get("workers_min"), data.get("workers_max"))
        place = "/".join(
            str(v) for v in (data.get("destination_country"), data.get("destination_area")) if v
        )
        return (
            f"{place}: {count} workers, {data.get('status')}, {data.get('sector')}, "
            f"when {data.get('when') or '?'}, per {data.get('attribution')}"
        )
    return ", ".join(f"{k}={v}" for k, v in data.items() if k not in ("id",) and v)


def _count(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return "?"
    if low == high:
        return f"{low:,}"
    if high is None:
        return f"{low:,}+"
    if low is None:
        return f"up to {high:,}"
    return f"{low:,}-{high:,}"
