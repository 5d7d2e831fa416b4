"""Text normalization, done once at ingest: later stages cite character offsets into its output.

Stored text has ``\\n`` newlines only, no control characters, single spaces inside lines, no
leading or trailing blanks on a line, and paragraphs separated by exactly one blank line.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NEWLINE = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028]")
# C0/C1 controls (tab and newline excepted), BOM, non-characters and lone surrogates: they
# break terminals, PostgreSQL (NUL) or UTF-8 encoding (surrogates)
_JUNK = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")
_HSPACE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def clean_line(value: str) -> str:
    """One line of display text (titles, names): junk removed, all whitespace collapsed."""
    value = _JUNK.sub("", unicodedata.normalize("NFC", value))
    return " ".join(value.split())


def normalize_text(text: str, *, line_paragraphs: bool = False) -> str:
    """Article text in the stored form (see the module docstring).

    Blank lines separate paragraphs; a text with no blank line but several lines, or any text
    with ``line_paragraphs`` (as extractors and aggregators write it), gets one paragraph per
    line.
    """
    text = _NEWLINE.sub("\n", text).replace("\u2029", "\n\n")
    text = _JUNK.sub("", unicodedata.normalize("NFC", text))
    blocks: list[list[str]] = [[]]
    for raw in text.split("\n"):
        line = _HSPACE.sub(" ", raw).strip()
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    blocks = [block for block in blocks if block]
    if line_paragraphs or len(blocks) == 1:
        blocks = [[line] for block in blocks for line in block]
    paragraphs = ["\n".join(block) for block in blocks]
    return "\n\n".join(paragraphs)


def text_hash(text: str) -> str:
    """SHA-256 of the text casefolded with whitespace collapsed: the duplicate key."""
    return hashlib.sha256(" ".join(text.casefold().split()).encode("utf-8")).hexdigest()


def stable_id(hash_hex: str) -> str:
    """Document id for inputs that bring none: the same text always gets the same id."""
    return f"doc-{hash_hex[:20]}"
