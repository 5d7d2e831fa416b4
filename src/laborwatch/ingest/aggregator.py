"""News-aggregator text exports: outlet line, title, optional tag line, body, boilerplate.

Recognized by shape, not by file name: a short outlet line and a headline, then a comma-separated
tag line, trailing link boilerplate ("Read in Korean") or an outlet that is a domain name. Blank
lines between the parts are optional; every body line is a paragraph. Boilerplate patterns are
data (``data/ingest/aggregator.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from pathlib import Path

import yaml

from laborwatch.errors import IngestError
from laborwatch.ingest.fields import clean_source, clean_tags, clean_title
from laborwatch.ingest.model import ParsedDocument
from laborwatch.ingest.text import clean_line, normalize_text

FORMAT = "aggregator"
DATA = Path(__file__).resolve().parents[1] / "data" / "ingest" / "aggregator.yaml"
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}", re.I)
_SENTENCE_END = (".", ",", ";", ":")
_MAX_OUTLET = 100
_MAX_HEADLINE = 300
_MAX_TAG_LINE = 400
# outlet and headline lines are short, so the third line is whole or longer than a tag line
_PEEK = 2000
_PEEK_TAIL = 500


@cache
def _boilerplate() -> re.Pattern[str]:
    entries = yaml.safe_load(DATA.read_text(encoding="utf-8"))["boilerplate"]
    return re.compile("|".join(f"(?:{entry['pattern']})" for entry in entries), re.I)


def is_boilerplate(line: str) -> bool:
    return _boilerplate().fullmatch(line.strip()) is not None


def _lines(text: str) -> list[str]:
    return [line for line in normalize_text(text, line_paragraphs=True).split("\n") if line]


def _is_outlet(line: str) -> bool:
    return len(line) <= _MAX_OUTLET and len(line.split()) <= 8 and not line.endswith(_SENTENCE_END)


def _is_headline(line: str) -> bool:
    return len(line) <= _MAX_HEADLINE and not line.endswith(_SENTENCE_END)


def _is_tag_line(line: str) -> bool:
    """Comma-separated keywords ("russia, north korea, overseas workers"), or one lower-case
    keyword."""
    if len(line) > _MAX_TAG_LINE or line.endswith(_SENTENCE_END):
        return False
    items = [item.strip() for item in line.split(",")]
    if not all(items) or any(len(item) > 40 or len(item.split()) > 4 for item in items):
        return False
    return len(items) >= 2 or (line.islower() and len(line.split()) <= 3)


def _non_blank(lines: Iterable[str]) -> Iterator[str]:
    return (line for line in lines if line.strip())


def _head_tail(text: str) -> tuple[list[str], str]:
    """The first three and the last non-blank lines, read from the ends of the text only."""
    head = [clean_line(line) for line in islice(_non_blank(text[:_PEEK].splitlines()), 3)]
    last = next(_non_blank(reversed(text[-_PEEK_TAIL:].splitlines())), "")
    return head, clean_line(last)


def looks_like(text: str) -> bool:
    head, last = _head_tail(text)
    if len(head) < 3 or not (_is_outlet(head[0]) and _is_headline(head[1])):
        return False
    return _is_tag_line(head[2]) or is_boilerplate(last) or _DOMAIN.fullmatch(head[0]) is not None


def parse(text: str) -> ParsedDocument:
    """Raises ``IngestError("empty_text")`` when no body is left."""
    lines = _lines(text)
    if len(lines) < 3:
        raise IngestError("empty_text", "an aggregator export needs outlet, title and body")
    outlet, title, rest = lines[0], lines[1], lines[2:]
    tags: list[str] = []
    if _is_tag_line(rest[0]):
        tags = clean_tags(rest[0].split(","))
        rest = rest[1:]
    while rest and is_boilerplate(rest[-1]):
        rest.pop()
    if not rest:
        raise IngestError("empty_text", "the aggregator export has no body")
    return ParsedDocument(
        text="\n\n".join(rest),
        title=clean_title(title),
        source=clean_source(outlet),
        tags=tags,
    )
