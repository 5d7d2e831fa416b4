"""Printing untrusted text. Article text, titles, file names and reasons are hostile: they reach
the terminal only as rich ``Text`` (never parsed as markup) with control and bidirectional-override
characters replaced, and JSON output escapes what a terminal may act on.
"""

from __future__ import annotations

import json
import re
from typing import Any

import typer
from rich.text import Text

# C0/C1 controls except newline and tab, and the bidi controls that can reorder a line
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029\x85]")
# characters JSON leaves raw but a terminal may act on
JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_text(value: object, *, multiline: bool = False, style: str = "") -> Text:
    """Untrusted text as a literal rich Text, safe to print; one line unless ``multiline``.

    Unsafe characters are replaced one for one, so offsets into a multiline text stay valid
    for highlighting spans in it.
    """
    if value is None:
        return Text("")
    raw = str(value)
    if not multiline:
        raw = LINE_BREAKS.sub(" ", raw)
    return Text(UNSAFE.sub("\ufffd", raw), style=style)


def print_json(data: Any) -> None:
    """JSON on stdout, readable (non-ASCII kept) but with terminal-active characters escaped."""
    dumped = json.dumps(data, ensure_ascii=False, indent=2)
    typer.echo(JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped))
