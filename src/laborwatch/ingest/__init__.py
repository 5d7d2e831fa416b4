"""Ingest: local files (corpus JSON Lines, aggregator text, HTML, plain text) into documents.

One module per input format turns bytes into :class:`ParsedDocument`; ``pipeline`` walks the
paths, detects each file's format by its shape and hands documents and rejects to the store's
writer.
"""

from laborwatch.ingest.model import (
    IngestInterrupted,
    IngestProgress,
    IngestReport,
    ParsedDocument,
    RejectInfo,
)
from laborwatch.ingest.pipeline import ingest_paths

__all__ = [
    "IngestInterrupted",
    "IngestProgress",
    "IngestReport",
    "ParsedDocument",
    "RejectInfo",
    "ingest_paths",
]
