"""The ``laborwatch`` command: a thin face over the library.

Commands live in modules by pipeline stage and register themselves on ``app``.
"""

from __future__ import annotations

import typer

from laborwatch.config import Settings, load_settings
from laborwatch.errors import LaborwatchError
from laborwatch.store import Store, open_store

app = typer.Typer(
    help="Evidence base on North Korean overseas labour, built from news reports.",
    no_args_is_help=True,
    add_completion=False,
)


class State:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.settings.db)
        return self._store


@app.callback()
def _root(
    ctx: typer.Context,
    db: str = typer.Option(
        None, "--db", help="Database URL (default: LABORWATCH_DB or the user data folder)."
    ),
) -> None:
    ctx.obj = State(load_settings(db=db))


def state(ctx: typer.Context) -> State:
    return ctx.find_root().obj


def main() -> None:
    try:
        app()
    except LaborwatchError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from exc


# command modules register themselves on ``app``
from laborwatch.cli import corpus, demo, findings, ingest, report  # noqa: E402,F401
