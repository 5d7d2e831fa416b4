"""The ingest batch: walk paths, read each file by its shape, store documents and rejects.

Nothing in the input aborts a run: every file or line that cannot become a document is a
reject with a reason code. Batches are committed as they fill (see ``store/writer.py``).
"""

from __future__ import annotations

import io
import json
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from laborwatch.config import DEFAULT_MAX_BYTES
from laborwatch.errors import IngestError
from laborwatch.ingest import aggregator, html, jsonl, plaintext
from laborwatch.ingest.decode import GZIP_MAGIC, decode_bytes, gunzip
from laborwatch.ingest.language import detect_language
from laborwatch.ingest.model import (
    IngestInterrupted,
    IngestProgress,
    IngestReport,
    ParsedDocument,
    RejectInfo,
)
from laborwatch.ingest.text import stable_id, text_hash
from laborwatch.store.database import Store
from laborwatch.store.writer import BATCH_SIZE, DocumentWriter, NewDocument, NewReject, Outcome

Item = NewDocument | NewReject
ProgressCallback = Callable[[IngestProgress], None]
_HEAD = 1 << 16
_PROGRESS_EVERY = 100  # JSON lines between progress calls inside one file


@dataclass
class _Cursor:
    """Where reading stands, for progress inside a large file."""

    bytes_done: int = 0
    position: int = 0
    documents: int = 0


def ingest_paths(
    store: Store | None,
    paths: Iterable[str | os.PathLike[str]],
    *,
    dry_run: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: ProgressCallback | None = None,
    batch_size: int = BATCH_SIZE,
) -> IngestReport:
    """Ingest files and folders (recursively, hidden ones skipped, in name order).

    ``store`` may be None only with ``dry_run`` (a database that does not exist yet).
    ``max_bytes`` limits a file (a line for JSON Lines, which are read as a stream).
    Ctrl-C rolls back the open batch and raises :class:`IngestInterrupted` with the report of
    what was committed.
    """
    report = IngestReport(dry_run=dry_run)
    writer = DocumentWriter(store, dry_run=dry_run, batch_size=batch_size)
    try:
        with _ctrl_c_between_documents() as check_interrupt:
            _run(writer, report, list(_walk_all(paths)), max_bytes, progress, check_interrupt)
    except KeyboardInterrupt:
        writer.discard()
        report.interrupted = True
        raise IngestInterrupted(report) from None
    return report


def _run(
    writer: DocumentWriter,
    report: IngestReport,
    entries: list[tuple[Path, int] | NewReject],
    max_bytes: int,
    progress: ProgressCallback | None,
    check_interrupt: Callable[[], None],
) -> None:
    files = [entry for entry in entries if isinstance(entry, tuple)]
    total = sum(size for _, size in files)
    cursor = _Cursor()

    def tick() -> None:
        if progress is not None:
            progress(
                IngestProgress(
                    files_done=report.files,
                    files_total=len(files),
                    bytes_done=min(total, cursor.bytes_done + cursor.position),
                    bytes_total=total,
                    documents=cursor.documents,
                )
            )

    for entry in entries:
        if isinstance(entry, NewReject):
            writer.add(entry)
            continue
        path, size = entry
        for item in read_file(path, max_bytes, cursor):
            check_interrupt()
            writer.add(item)
            cursor.documents += 1
            if writer.full:
                _fold(report, writer.flush())
            if cursor.documents % _PROGRESS_EVERY == 0:
                tick()
        cursor.bytes_done += size
        cursor.position = 0
        report.files += 1
        tick()
    check_interrupt()
    _fold(report, writer.flush())


@contextmanager
def _ctrl_c_between_documents() -> Iterator[Callable[[], None]]:
    """Ctrl-C takes effect at the next document, never between a batch's commit and its count in
    the report; a second Ctrl-C interrupts at once. Only where Python's own handler is in place
    (the main thread, no handler of the caller's)."""
    requested = False

    def check() -> None:
        if requested:
            raise KeyboardInterrupt

    def handler(signum: int, frame: object) -> None:
        nonlocal requested
        if requested:
            raise KeyboardInterrupt
        requested = True

    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield check
        return
    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield check
    finally:
        signal.signal(signal.SIGINT, previous)


def _fold(report: IngestReport, outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        if outcome.kind == "new" and outcome.doc_id is not None:
            report.ingested += 1
            report.new_ids.append(outcome.doc_id)
        elif outcome.kind == "duplicate":
            report.duplicates += 1
        elif outcome.reject is not None:
            reject = outcome.reject
            report.rejected += 1
            report.rejected_by_reason[reject.reason] = (
                report.rejected_by_reason.get(reject.reason, 0) + 1
            )
            report.rejects.append(
                RejectInfo(reject.origin, reject.line, reject.reason, reject.detail)
            )


# --- walking -----------------------------------------------------------------------------


def _walk_all(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[Path, int] | NewReject]:
    """Files as ``(absolute path, size)`` in a deterministic order, each once; paths that cannot
    be read as rejects."""
    seen: set[Path] = set()
    for given in paths:
        path = Path(os.path.abspath(given))
        for entry in _walk(path, top=True):
            if isinstance(entry, tuple):
                if entry[0] in seen:
                    continue
                seen.add(entry[0])
            yield entry


def _walk(path: Path, *, top: bool = False) -> Iterator[tuple[Path, int] | NewReject]:
    try:
        if path.is_dir():
            # a named folder is walked even when hidden; inside it, hidden entries are skipped
            with os.scandir(path) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    yield from _walk(Path(entry.path))
                elif entry.is_file():
                    yield Path(entry.path), entry.stat().st_size
        elif path.is_file():
            yield path, path.stat().st_size
        elif top:
            reason = "not_found" if not path.exists() else "unreadable"
            yield NewReject(origin_of(path), None, reason, "no such file or folder")
    except OSError as exc:
        yield NewReject(origin_of(path), None, "unreadable", exc.strerror or str(exc))


def origin_of(path: Path) -> str:
    """The path as stored text: a file name that is not valid UTF-8 gets U+FFFD in place of the
    bad bytes (the database takes no lone surrogates)."""
    return os.fsencode(path).decode("utf-8", "replace")


# --- reading one file --------------------------------------------------------------------


def read_file(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES, cursor: _Cursor | None = None
) -> Iterator[Item]:
    """The documents and rejects of one file, whatever its format."""
    origin = origin_of(path)
    cursor = cursor or _Cursor()
    try:
        with path.open("rb") as stream:
            head = stream.read(_HEAD)
            if jsonl.looks_like(head):
                stream.seek(0)
                yield from _read_jsonl(stream, origin, max_bytes, cursor)
                return
            if os.fstat(stream.fileno()).st_size > max_bytes:
                yield NewReject(origin, None, "too_large", f"over the limit of {max_bytes} bytes")
                return
            data = head + stream.read()
    except OSError as exc:
        yield NewReject(origin, None, "unreadable", exc.strerror or str(exc))
        return
    yield from read_bytes(data, origin, max_bytes, cursor)


def read_bytes(
    data: bytes, origin: str, max_bytes: int = DEFAULT_MAX_BYTES, cursor: _Cursor | None = None
) -> Iterator[Item]:
    """The documents and rejects of a whole file's bytes (gzip-compressed or not)."""
    content = data
    if data.startswith(GZIP_MAGIC):
        try:
            content = gunzip(data, max_bytes)
        except IngestError as exc:
            raw = None if exc.reason == "too_large" else data
            yield NewReject(origin, None, exc.reason, exc.detail, raw)
            return
        if jsonl.looks_like(content[:_HEAD]):
            yield from _read_jsonl(io.BytesIO(content), origin, max_bytes, cursor or _Cursor())
            return
    if not content.strip():
        yield NewReject(origin, None, "empty_file", "the file has no content", data or None)
        return
    try:
        fmt, parsed = _parse_text(content)
    except IngestError as exc:
        yield NewReject(origin, None, exc.reason, exc.detail, data)
        return
    yield _new_document(parsed, data, origin, fmt)


def _parse_text(content: bytes) -> tuple[str, ParsedDocument]:
    # markup is ASCII in every encoding a page may declare: sniff before decoding
    maybe_html = html.looks_like(content[:4096].decode("latin-1"))
    text = decode_bytes(content, html=maybe_html)
    if text.lstrip()[:1] in ("{", "[") and _is_json(text):
        raise IngestError(
            "unsupported_format", "a JSON document: corpus records are JSON Lines, one a line"
        )
    if html.looks_like(text):
        return html.FORMAT, html.parse(text)
    if aggregator.looks_like(text):
        return aggregator.FORMAT, aggregator.parse(text)
    return plaintext.FORMAT, plaintext.parse(text)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _read_jsonl(stream: IO[bytes], origin: str, max_bytes: int, cursor: _Cursor) -> Iterator[Item]:
    for number, line in jsonl.iter_lines(stream, max_bytes):
        cursor.position = stream.tell()
        if line is None:
            detail = f"line {number} is over the limit of {max_bytes} bytes"
            yield NewReject(origin, number, "too_large", detail)
            continue
        try:
            parsed = jsonl.parse_record(line, number)
        except IngestError as exc:
            yield NewReject(origin, number, exc.reason, exc.detail, line)
            continue
        yield _new_document(parsed, line, origin, jsonl.FORMAT)


def _new_document(parsed: ParsedDocument, raw: bytes, origin: str, fmt: str) -> NewDocument:
    hash_hex = text_hash(parsed.text)
    return NewDocument(
        id=parsed.id or stable_id(hash_hex),
        text=parsed.text,
        text_hash=hash_hex,
        raw=raw,
        origin=origin,
        origin_format=fmt,
        origin_line=parsed.origin_line,
        title=parsed.title,
        url=parsed.url,
        canonical_url=parsed.canonical_url,
        source=parsed.source,
        published=parsed.published,
        published_precision=parsed.published_precision,
        language=parsed.language or detect_language(parsed.text),
        tags=parsed.tags,
        meta=parsed.meta,
    )
