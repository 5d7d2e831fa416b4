"""What the format parsers produce and what an ingest run reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ParsedDocument:
    """One article as a parser read it; ``text`` is already normalized (see ``text.py``)."""

    text: str
    id: str | None = None  # kept when the input brings one (corpus records)
    title: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    source: str | None = None
    published: str | None = None  # ISO prefix: "2024", "2024-03", "2024-03-21"
    published_precision: str | None = None  # year, month, day
    language: str | None = None
    tags: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    origin_line: int | None = None


@dataclass(frozen=True)
class RejectInfo:
    origin: str
    line: int | None
    reason: str
    detail: str


@dataclass
class IngestProgress:
    """Passed to the ``progress`` callback of :func:`ingest_paths` as the work goes on."""

    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    documents: int  # inputs handled so far: ingested, duplicate or rejected


@dataclass
class IngestReport:
    files: int = 0
    ingested: int = 0
    duplicates: int = 0
    rejected: int = 0
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    new_ids: list[str] = field(default_factory=list)
    rejects: list[RejectInfo] = field(default_factory=list)
    dry_run: bool = False
    interrupted: bool = False

    @property
    def documents(self) -> int:
        return self.ingested + self.duplicates + self.rejected

    def as_dict(self) -> dict[str, Any]:
        return {
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "rejected_by_reason": dict(sorted(self.rejected_by_reason.items())),
            "files": self.files,
            "dry_run": self.dry_run,
            "interrupted": self.interrupted,
            "new_ids": list(self.new_ids),
            "rejects": [
                {"origin": r.origin, "line": r.line, "reason": r.reason, "detail": r.detail}
                for r in self.rejects
            ],
        }


class IngestInterrupted(KeyboardInterrupt):
    """Ctrl-C during :func:`ingest_paths`: the open batch was rolled back, ``report`` holds what
    was committed before."""

    def __init__(self, report: IngestReport) -> None:
        super().__init__("ingest interrupted")
        self.report = report
