"""``laborwatch export ...`` and ``laborwatch eval``: findings out, and scored against gold."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from laborwatch.cli import app, state
from laborwatch.cli.output import terminal_text
from laborwatch.report.evaluate import SET_KINDS, EvalReport, iter_findings_jsonl, score
from laborwatch.report.export import export_findings, iter_findings_records
from laborwatch.store import Store

export_app = typer.Typer(help="Write the evidence base out in other formats.", no_args_is_help=True)
app.add_typer(export_app, name="export")


class FindingsFormat(StrEnum):
    jsonl = "jsonl"


@export_app.command("findings")
def export_findings_command(
    ctx: typer.Context,
    format: Annotated[
        FindingsFormat,
        typer.Option("--format", "-f", help="Output format (SPEC section 2 records)."),
    ] = FindingsFormat.jsonl,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, help="File (default: standard output)."),
    ] = None,
) -> None:
    """Findings of every stored document, one line each, ordered by document id."""
    store = state(ctx).store
    if output is None:
        count = export_findings(store, sys.stdout, format=format.value)
    else:
        with output.open("w", encoding="utf-8", newline="\n") as out:
            count = export_findings(store, out, format=format.value)
    Console(stderr=True).print(Text(f"exported {count} document(s)"))


def _ingest_and_extract(store: Store, corpus: Path) -> None:
    # imported here: ingest and extraction are heavy and not needed to score a --pred file
    from laborwatch.extract.pipeline import extract_documents
    from laborwatch.ingest import ingest_paths

    ingest_paths(store, [corpus])
    extract_documents(store)


@app.command("eval")
def eval_command(
    ctx: typer.Context,
    gold: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Gold findings JSONL.")],
    corpus: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="Ingest and extract this corpus first."),
    ] = None,
    pred: Annotated[
        Path | None,
        typer.Option(
            exists=True, dir_okay=False, help="Score this findings JSONL, not the stored findings."
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the figures as one JSON object.")
    ] = False,
    errors: Annotated[
        bool, typer.Option("--errors", help="List every error, document by document.")
    ] = False,
) -> None:
    """Score findings against a gold standard (SPEC section 3); headline: strict deployment F1."""
    if corpus is not None and pred is not None:
        raise typer.BadParameter("--corpus extracts into the store; --pred scores a file instead")
    st = state(ctx)
    limit = st.settings.max_bytes
    gold_records = iter_findings_jsonl(gold, max_line_bytes=limit)
    if pred is not None:
        report = score(gold_records, iter_findings_jsonl(pred, max_line_bytes=limit))
    else:
        if corpus is not None:
            _ingest_and_extract(st.store, corpus)
        report = score(gold_records, iter_findings_records(st.store))
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        console = Console()
        print_report(console, report)
        if errors:
            print_errors(console, report)
    warn = Console(stderr=True)
    for warning in report.warnings:
        warn.print(Text(f"warning: {warning}", style="yellow"))


# --- rendering ---------------------------------------------------------------------------

SET_LABELS = {"payments": "payment kinds"}


def _plain(text: str, style: str = "") -> Text:
    """Article-derived text as one safe line (see ``cli.output``)."""
    return terminal_text(text, style=style)


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def print_report(console: Console, report: EvalReport) -> None:
    console.print(
        Text.assemble(
            ("Strict deployment F1 ", "bold"),
            (f"{report.headline:.3f}", "bold green"),
            f"  over {report.documents} document(s)",
        )
    )
    table = Table(title="Findings against gold", title_justify="left")
    table.add_column("what")
    for name in ("P", "R", "F1", "TP", "FP", "FN"):
        table.add_column(name, justify="right")
    rows = [("deployments, strict", report.strict), ("deployments, lenient", report.lenient)]
    rows += [(SET_LABELS.get(kind, kind), report.sets[kind]) for kind in SET_KINDS]
    for name, prf in rows:
        table.add_row(
            name,
            _ratio(prf.precision),
            _ratio(prf.recall),
            _ratio(prf.f1),
            str(prf.tp),
            str(prf.fp),
            str(prf.fn),
        )
    console.print(table)
    slots = Table(title="Slots of lenient pairs", title_justify="left")
    slots.add_column("slot")
    slots.add_column(f"accuracy ({report.pairs} pairs)", justify="right")
    for slot, accuracy in report.slot_accuracy.items():
        slots.add_row(slot, _ratio(accuracy))
    console.print(slots)
    if report.missing_docs_in_pred:
        console.print(Text(f"{report.missing_docs_in_pred} gold document(s) had no predictions"))


def _count(deployment: Mapping[str, Any]) -> str:
    low, high = deployment.get("workers_min"), deployment.get("workers_max")
    if low is None and high is None:
        return "?"
    if low == high:
        return str(low)
    if high is None:
        return f"{low}+"
    return f"<={high}" if low is None else f"{low}-{high}"


def describe_deployment(deployment: Mapping[str, Any]) -> str:
    """A one-line summary: country, area, count, status, sector, when, attribution."""
    parts = [
        str(deployment.get("destination_country") or "?"),
        str(deployment.get("destination_area") or "-"),
        _count(deployment),
        str(deployment.get("status")),
        str(deployment.get("sector")),
        str(deployment.get("when") or "-"),
        f"({deployment.get('attribution')})",
    ]
    return " ".join(parts)


def _slot_value(deployment: Mapping[str, Any], slot: str) -> str:
    key = {"count": None, "area": "destination_area"}.get(slot, slot)
    return _count(deployment) if key is None else str(deployment.get(key))


def print_errors(console: Console, report: EvalReport) -> None:
    """Every missed, spurious or wrong finding, document by document."""
    for doc, result in report.per_doc.items():
        if not result.has_errors:
            continue
        console.print()
        console.print(_plain(doc, "bold"))
        for deployment in result.missed:
            console.print(_plain("  missed      " + describe_deployment(deployment), "red"))
        for deployment in result.spurious:
            console.print(_plain("  spurious    " + describe_deployment(deployment), "red"))
        for mismatch in result.mismatches:
            label = "  wrong       " if mismatch.strict else "  not strict  "
            details = "; ".join(
                f"{slot}: {_slot_value(mismatch.gold, slot)} -> {_slot_value(mismatch.pred, slot)}"
                for slot in mismatch.slots
            )
            console.print(_plain(f"{label}{describe_deployment(mismatch.gold)}: {details}"))
        for kind, (false_pos, false_neg) in result.set_errors.items():
            label = SET_LABELS.get(kind, kind)
            if false_neg:
                console.print(_plain(f"  {label} missed: {', '.join(false_neg)}", "yellow"))
            if false_pos:
                console.print(_plain(f"  {label} spurious: {', '.join(false_pos)}", "yellow"))
