"""Run benchmarks and print their figures: a table each, then one JSON line each.

``python -m benchmarks`` runs every ``benchmarks/bench_*.py``; ``python -m benchmarks search``
(or ``bench_search``) only the ones named. A failing benchmark is reported and the others go on;
the exit status is 1 when any failed.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

HERE = Path(__file__).resolve().parent


def available() -> list[str]:
    return sorted(path.stem.removeprefix("bench_") for path in HERE.glob("bench_*.py"))


def flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested figures as dotted keys: {"a": {"b": 1}} -> {"a.b": 1}."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def run_one(name: str) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        figures = module.run()
    except Exception as exc:  # one broken benchmark must not stop the others
        return {
            "benchmark": name,
            "error": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc(),
            "seconds": round(time.perf_counter() - started, 2),
        }
    return {
        "benchmark": name,
        "seconds": round(time.perf_counter() - started, 2),
        "figures": figures,
    }


def show(console: Console, result: dict[str, Any]) -> None:
    if "error" in result:
        console.print(f"[bold red]{result['benchmark']}: failed[/]")
        console.print(result["traceback"], markup=False, highlight=False)
        return
    table = Table(title=f"{result['benchmark']} ({result['seconds']} s)", title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in flatten(result["figures"]).items():
        table.add_row(Text(key), Text(str(value)))  # literal, never rich markup
    console.print(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (of {', '.join(available())})")
    args = parser.parse_args(argv)
    names = [name.removeprefix("bench_") for name in args.names] or available()
    unknown = sorted(set(names) - set(available()))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    console = Console()
    progress = Console(stderr=True)
    results = []
    for name in names:
        progress.print(f"[bold]running {name}…[/]")
        result = run_one(name)
        show(console, result)
        results.append(result)
    for result in results:
        line = {k: v for k, v in result.items() if k != "traceback"}
        print(json.dumps(line, ensure_ascii=False, default=str))
    return 1 if any("error" in result for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
