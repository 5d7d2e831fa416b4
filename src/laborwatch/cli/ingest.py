"""``laborwatch ingest PATH...``: files and folders into the evidence base."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from sqlalchemy.engine import make_url

from laborwatch.cli import app, state
from laborwatch.cli.output import print_json, terminal_text
from laborwatch.ingest import IngestInterrupted, IngestProgress, IngestReport, ingest_paths
from laborwatch.store import Store

EXIT_INTERRUPTED = 130  # the shell's code for a command ended by Ctrl-C
SHOWN_REJECTS = 20
SHOWN_NEW = 20


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[Path], typer.Argument(metavar="PATH...", help="Files or folders (read recursively).")
    ],
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show what would be ingested; write nothing."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as one JSON object."),
    max_bytes: int | None = typer.Option(
        None, "--max-bytes", min=1, help="Size limit of a file (of a line in JSON Lines)."
    ),
) -> None:
    """Ingest corpus JSON Lines, aggregator text, HTML pages and plain text files."""
    settings = state(ctx).settings.with_overrides(max_bytes=max_bytes)
    store = _dry_run_store(ctx) if dry_run else state(ctx).store
    err = Console(stderr=True, highlight=False)
    show_progress = not as_json and err.is_terminal
    interrupted = False
    with ProgressBar(err, enabled=show_progress) as bar:
        try:
            report = ingest_paths(
                store,
                paths,
                dry_run=dry_run,
                max_bytes=settings.max_bytes,
                progress=bar.update if show_progress else None,
            )
        except IngestInterrupted as exc:
            report, interrupted = exc.report, True
    if as_json:
        print_json(report.as_dict())
    else:
        print_summary(Console(highlight=False), report)
    if interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)


def _dry_run_store(ctx: typer.Context) -> Store | None:
    """The database to check against, or None for a SQLite file that does not exist yet (a dry
    run must not create it)."""
    url = make_url(state(ctx).settings.db)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        if not Path(url.database).expanduser().exists():
            return None
    return state(ctx).store


class ProgressBar:
    """A rich progress bar over the input bytes (for the ETA) that shows documents/s."""

    def __init__(self, console: Console, *, enabled: bool) -> None:
        self.progress = Progress(
            TextColumn("ingest"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[documents]} docs, {task.fields[rate]} docs/s"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            disable=not enabled,
            transient=False,
        )
        self.task = self.progress.add_task("ingest", total=None, documents=0, rate="-")

    def __enter__(self) -> ProgressBar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def update(self, info: IngestProgress) -> None:
        task = self.progress.tasks[0]
        elapsed = task.elapsed or 0.0
        rate = f"{info.documents / elapsed:,.0f}" if elapsed > 0.5 else "-"
        self.progress.update(
            self.task,
            total=info.bytes_total or None,
            completed=info.bytes_done,
            documents=f"{info.documents:,}",
            rate=rate,
        )


def print_summary(console: Console, report: IngestReport) -> None:
    verb = "would be ingested" if report.dry_run else "ingested"
    head = "Dry run: nothing was written. " if report.dry_run else ""
    if report.interrupted:
        head += "Interrupted: the open batch was rolled back; run again to finish. "
    console.print(
        f"{head}{report.files} files: {report.ingested} {verb}, {report.duplicates} duplicates, "
        f"{report.rejected} rejected",
        markup=False,
    )
    if report.dry_run and report.new_ids:
        shown = report.new_ids[:SHOWN_NEW]
        more = len(report.new_ids) - len(shown)
        console.print(
            terminal_text("new: " + ", ".join(shown) + (f" … and {more} more" if more else ""))
        )
    if not report.rejected:
        return
    table = Table(title="rejected by reason")
    table.add_column("reason")
    table.add_column("count", justify="right")
    for reason, count in sorted(report.rejected_by_reason.items()):
        table.add_row(terminal_text(reason), str(count))
    console.print(table)
    rejects = Table(title=f"rejects (first {min(SHOWN_REJECTS, len(report.rejects))})")
    for column in ("origin", "line", "reason", "detail"):
        rejects.add_column(column, overflow="fold")
    for reject in report.rejects[:SHOWN_REJECTS]:
        rejects.add_row(
            terminal_text(reject.origin),
            str(reject.line or ""),
            terminal_text(reject.reason),
            terminal_text(reject.detail),
        )
    console.print(rejects)
