"""``laborwatch demo``: the main job on the bundled sample corpus (what ``make run`` runs)."""

from __future__ import annotations

from importlib import resources

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text
from sqlalchemy import func, select

from laborwatch.cli import app, state
from laborwatch.cli.findings import _count
from laborwatch.cli.output import terminal_text
from laborwatch.store.models import Document, Finding, Source

SAMPLE_PARTS = ("corpus.jsonl", "aggregator", "pages", "notes")


@app.command()
def demo(ctx: typer.Context) -> None:
    """Ingest the bundled sample corpus (demonstration text), extract it, print what it found."""
    from laborwatch.extract.pipeline import extract_documents
    from laborwatch.ingest import ingest_paths

    console = Console()
    settings = state(ctx).settings
    store = state(ctx).store
    sample = resources.files("laborwatch") / "data" / "sample"
    with resources.as_file(sample) as folder:
        # the gold files beside the articles are answers, not articles
        paths = [folder / name for name in SAMPLE_PARTS]
        ingested = ingest_paths(store, paths, max_bytes=settings.max_bytes)
    console.print(
        f"database: {settings.db}\n"
        f"sample corpus: {ingested.ingested} ingested, {ingested.duplicates} already stored, "
        f"{ingested.rejected} rejected",
        markup=False,
    )
    report = extract_documents(store)
    console.print(f"extracted {report.documents} documents in {report.seconds:.2f}s", markup=False)
    print_deployments(console, store)


def print_deployments(console: Console, store) -> None:  # type: ignore[no-untyped-def]
    with store.session() as session:
        rows = session.execute(
            select(Finding, Source.name)
            .join(Document, Finding.document_id == Document.id)
            .outerjoin(Source, Document.source_id == Source.id)
            .where(Finding.kind == "deployment")
            .order_by(Document.published, Finding.document_id, Finding.id)
        ).all()
        kinds = session.execute(
            select(Finding.kind, func.count()).group_by(Finding.kind).order_by(Finding.kind)
        ).all()
    # fits the terminal: short cells keep their width, the place wraps, long names are cut;
    # under about 100 columns the source column gives way (``findings ID`` shows it)
    fixed = {"workers": 13, "status": 7, "sector": 12, "when": 7, "claimed by": 12}
    gaps = 3 * len(fixed)  # a rule and a space either side between columns
    spare = console.width - sum(fixed.values()) - gaps
    with_source = spare >= 32
    destination = min(26, spare * 3 // 5) if with_source else max(10, spare)
    table = Table(
        title=f"{len(rows)} deployments",
        caption="* occupied territory",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
    )
    table.add_column("destination", width=destination)
    for name, width in fixed.items():
        table.add_column(name, width=width, no_wrap=True, overflow="ellipsis")
    if with_source:
        table.add_column("source", width=min(22, spare - destination - 3), no_wrap=True)
    for finding, source in rows:
        data = finding.data
        place = data.get("destination_country") or "?"
        if data.get("destination_area"):
            place += f" {data['destination_area']}"
        if data.get("occupied"):
            place += "*"
        table.add_row(
            terminal_text(place),
            Text(_count(data.get("workers_min"), data.get("workers_max"))),
            Text(str(data.get("status"))),
            Text(str(data.get("sector")).replace("_", "/")),
            Text(str(data.get("when") or "")),
            Text(str(data.get("attribution")).replace("_", " ")),
            *([terminal_text(source or finding.document_id)] if with_source else []),
        )
    console.print(table)
    summary = Table(title="findings by kind")
    summary.add_column("kind")
    summary.add_column("count", justify="right")
    for kind, count in kinds:
        summary.add_row(Text(kind), str(count))
    console.print(summary)
