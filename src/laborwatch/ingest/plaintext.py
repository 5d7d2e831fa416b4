"""Plain text: paragraphs separated by blank lines; a first line that reads like a headline is
the title."""

from __future__ import annotations

from laborwatch.errors import IngestError
from laborwatch.ingest.fields import clean_title
from laborwatch.ingest.model import ParsedDocument
from laborwatch.ingest.text import normalize_text

FORMAT = "text"
_MAX_TITLE_CHARS = 200
_MAX_TITLE_WORDS = 30
_SENTENCE_END = (".", ",", ";", ":")


def _is_title(paragraph: str) -> bool:
    return (
        "\n" not in paragraph
        and len(paragraph) <= _MAX_TITLE_CHARS
        and len(paragraph.split()) <= _MAX_TITLE_WORDS
        and not paragraph.endswith(_SENTENCE_END)
    )


def parse(text: str) -> ParsedDocument:
    """Raises ``IngestError("empty_text")`` for a text of blanks only."""
    text = normalize_text(text)
    if not text:
        raise IngestError("empty_text", "the file has no text")
    first, _, rest = text.partition("\n\n")
    if rest and _is_title(first):
        return ParsedDocument(text=rest, title=clean_title(first))
    return ParsedDocument(text=text)
