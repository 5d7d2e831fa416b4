"""Benchmarks: ``python -m benchmarks [names...]`` runs each ``bench_*.py`` module's ``run()``.

Each ``run()`` returns a dict of figures (nested dicts allowed); nothing is asserted. Large
generated inputs are cached under ``benchmarks/out/``.
"""

from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
