"""Corpus JSON Lines (SPEC section 1): one article a line, read as a stream.

A record keeps its ``id``; fields the SPEC does not name are kept in ``meta``. Each line is
parsed on its own, so a bad line is one reject and the rest of the file goes on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

from laborwatch.errors import IngestError
from laborwatch.ingest.dates import parse_published
from laborwatch.ingest.fields import canonical_url, clean_source, clean_tags, clean_title, clean_url
from laborwatch.ingest.model import ParsedDocument
from laborwatch.ingest.text import normalize_text

FORMAT = "jsonl"
MAX_ID = 200  # the documents.id column
MAX_LANGUAGE = 16  # the documents.language column
_OPTIONAL_STRINGS = ("title", "url", "source", "published", "language")
_KNOWN = {"id", "text", "tags", *_OPTIONAL_STRINGS}
_CHUNK = 1 << 16
_SNIFF_LINES = 5
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*")
# one line of printable text (no controls, no lone surrogates)
_ID = re.compile(r"[^\x00-\x1f\x7f-\x9f\ud800-\udfff]+")


def looks_like(head: bytes) -> bool:
    """JSON Lines: the file opens a JSON object and one of its first lines is a whole object
    (a pretty-printed JSON document has none), or its first line is longer than ``head``."""
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if head[:1] != b"{":
        return False
    lines = head.split(b"\n")
    if len(lines) == 1:
        return True
    for line in [line for line in lines[:-1] if line.strip()][:_SNIFF_LINES]:
        try:
            if isinstance(json.loads(line), dict):
                return True
        except (ValueError, UnicodeDecodeError):
            continue
    return False


def iter_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line without its line break)`` for each non-blank line; ``None`` for a
    line longer than ``limit`` bytes, which is skipped without being held in memory."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(_CHUNK)
            yield number, None
            continue
        line = line.rstrip(b"\r\n")
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if line.strip():
            yield number, line


def parse_record(line: bytes, number: int) -> ParsedDocument:
    """The document of one JSON line. Raises ``IngestError`` (undecodable, malformed_json,
    invalid_record, empty_text)."""
    try:
        raw_text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError("undecodable", f"line {number} is not UTF-8: {exc.reason}") from exc
    try:
        record = json.loads(raw_text)
    except json.JSONDecodeError as exc:
        raise IngestError(
            "malformed_json", f"line {number}, column {exc.colno}: {exc.msg}"
        ) from exc
    if not isinstance(record, dict):
        raise IngestError("invalid_record", f"line {number}: a JSON object is expected")
    doc_id = _record_id(record, number)
    text = record.get("text")
    if not isinstance(text, str):
        raise IngestError("invalid_record", f"line {number}: 'text' must be a string")
    for name in _OPTIONAL_STRINGS:
        if record.get(name) is not None and not isinstance(record[name], str):
            raise IngestError("invalid_record", f"line {number}: '{name}' must be a string")
    text = normalize_text(text)
    if not text:
        raise IngestError("empty_text", f"line {number}: the record's text is empty")

    meta: dict[str, Any] = {k: v for k, v in record.items() if k not in _KNOWN}
    tags = record.get("tags")
    if isinstance(tags, list) and all(isinstance(tag, str) for tag in tags):
        tags = clean_tags(tags)
    else:
        if tags is not None:
            meta["tags"] = tags
        tags = []
    published, precision = parse_published(record.get("published"))
    if record.get("published") and published != record["published"]:
        meta["published_raw"] = record["published"]
    language = (record.get("language") or "").strip().lower()
    if len(language) > MAX_LANGUAGE or not _LANGUAGE.fullmatch(language):
        if language:
            meta["language_raw"] = record["language"]
        language = None  # detected instead
    url = clean_url(record.get("url"))
    return ParsedDocument(
        id=doc_id,
        text=text,
        title=clean_title(record.get("title")),
        url=url,
        canonical_url=canonical_url(url),
        source=clean_source(record.get("source")),
        published=published,
        published_precision=precision,
        language=language,
        tags=tags,
        meta=meta,
        origin_line=number,
    )


def _record_id(record: dict[str, Any], number: int) -> str:
    value = record.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise IngestError("invalid_record", f"line {number}: 'id' must be a non-empty string")
    value = value.strip()
    if len(value) > MAX_ID or not _ID.fullmatch(value):
        raise IngestError(
            "invalid_record", f"line {number}: 'id' must be one line of at most {MAX_ID} chars"
        )
    return value
