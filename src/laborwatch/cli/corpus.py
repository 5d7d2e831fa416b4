"""Reading the evidence base: ``search``, ``show``, ``stats`` and ``rejects``.

Article text is hostile: it is printed through ``cli.output`` only.
"""

from __future__ import annotations

import json
import sys

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from laborwatch.cli import app, state
from laborwatch.cli.output import print_json, terminal_text
from laborwatch.errors import NotFound
from laborwatch.store import queries
from laborwatch.store.search import check_date, search

HIGHLIGHT = "bold yellow"
DETAIL_CHARS = 200


def _console() -> Console:
    return Console(highlight=False, emoji=False)


def _fail(message: str) -> typer.Exit:
    Console(stderr=True, highlight=False).print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(1)


def _date_option(value: str | None) -> str | None:
    try:
        return check_date(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


@app.command("search")
def search_command(
    ctx: typer.Context,
    query: str = typer.Argument(
        ..., help='Words, "quoted phrases", OR between alternatives, -word to exclude.'
    ),
    source: str | None = typer.Option(None, "--source", help="Only this source (outlet name)."),
    language: str | None = typer.Option(
        None, "--language", help="Only this language code, e.g. en."
    ),
    since: str | None = typer.Option(
        None, "--since", callback=_date_option, help="Published on or after: 2024, 2024-03, …"
    ),
    until: str | None = typer.Option(
        None, "--until", callback=_date_option, help="Published on or before: 2024, 2024-03, …"
    ),
    limit: int = typer.Option(20, "--limit", min=1, max=1000, help="Number of hits."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (a list of hits)."),
) -> None:
    """Full-text search, best matches first, with the matches highlighted."""
    hits = search(
        state(ctx).store,
        query,
        source=source,
        language=language,
        since=since,
        until=until,
        limit=limit,
    )
    if as_json:
        print_json([hit.to_dict() for hit in hits])
        return
    console = _console()
    if not hits:
        console.print("No documents match.")
        return
    table = Table(show_lines=True)
    for name in ("id", "published", "source", "title / snippet"):
        table.add_column(name, overflow="fold")
    for hit in hits:
        snippet = terminal_text(hit.snippet)
        if snippet.plain == hit.snippet:  # spans index the snippet as returned
            for start, end in hit.highlights:
                snippet.stylize(HIGHLIGHT, start, end)
        body = Text("\n").join([terminal_text(hit.title or "(untitled)", style="bold"), snippet])
        table.add_row(
            terminal_text(hit.id), terminal_text(hit.published), terminal_text(hit.source), body
        )
    console.print(table)


@app.command("show")
def show_command(
    ctx: typer.Context,
    document_id: str = typer.Argument(..., metavar="ID", help="Document id."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (metadata and text)."),
    raw: bool = typer.Option(False, "--raw", help="Write the original ingested bytes."),
) -> None:
    """One document: metadata and text, or the exact bytes it was ingested from."""
    if raw and as_json:
        raise typer.BadParameter("choose one of --raw and --json")
    store = state(ctx).store
    try:
        if raw:
            data = queries.get_document_raw(store, document_id)
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return
        document = queries.get_document(store, document_id)
    except NotFound as exc:
        raise _fail(str(exc)) from exc
    data = queries.document_dict(document)
    if as_json:
        print_json(data)
        return
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for key, value in data.items():
        if key == "text" or value in (None, [], {}):
            continue
        if isinstance(value, list | dict):
            value = json.dumps(value, ensure_ascii=False)
        table.add_row(key, terminal_text(value))
    console = _console()
    console.print(table)
    console.rule()
    console.print(terminal_text(document.text, multiline=True))


def _count_table(counts: dict[str, int], label: str) -> Table:
    table = Table()
    table.add_column(label, overflow="fold")
    table.add_column("count", justify="right")
    for name, count in counts.items():
        table.add_row(terminal_text(name), str(count))
    return table


@app.command("stats")
def stats_command(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """What the evidence base holds: documents, rejects and findings, broken down."""
    data = queries.stats(state(ctx).store)
    if as_json:
        print_json(data)
        return
    console = _console()
    documents, rejects, findings = data["documents"], data["rejects"], data["findings"]
    console.print(
        f"[bold]{documents['total']}[/bold] documents, [bold]{rejects['total']}[/bold] rejects,"
        f" [bold]{findings['total']}[/bold] findings"
    )
    sections = [
        ("Documents by source", documents["by_source"], "source"),
        ("Documents by language", documents["by_language"], "language"),
        ("Documents by format", documents["by_format"], "format"),
        ("Documents by year published", documents["by_year"], "year"),
        ("Rejects by reason", rejects["by_reason"], "reason"),
        ("Findings by kind", findings["by_kind"], "kind"),
    ]
    for title, counts, label in sections:
        if counts:
            console.print(f"\n[bold]{title}[/bold]")
            console.print(_count_table(counts, label))


@app.command("rejects")
def rejects_command(
    ctx: typer.Context,
    reason: str | None = typer.Option(None, "--reason", help="Only rejects with this reason."),
    limit: int | None = typer.Option(
        None, "--limit", min=1, help="At most this many, newest first."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (a list of rejects)."),
) -> None:
    """Inputs that could not be ingested, and why."""
    rejects = queries.list_rejects(state(ctx).store, reason=reason, limit=limit)
    if as_json:
        print_json([queries.reject_dict(r) for r in rejects])
        return
    console = _console()
    if not rejects:
        console.print("No rejects.")
        return
    table = Table()
    for name in ("id", "when", "reason", "origin", "detail"):
        table.add_column(name, overflow="fold")
    for reject in rejects:
        origin = reject.origin + (f":{reject.origin_line}" if reject.origin_line else "")
        detail = reject.detail or ""
        if len(detail) > DETAIL_CHARS:
            detail = detail[:DETAIL_CHARS] + "…"
        when = reject.created_at.strftime("%Y-%m-%d %H:%M") if reject.created_at else ""
        table.add_row(
            str(reject.id),
            when,
            terminal_text(reject.reason),
            terminal_text(origin),
            terminal_text(detail),
        )
    console.print(table)
