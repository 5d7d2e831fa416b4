"""Bytes to text: gzip, binary detection and encoding detection (charset-normalizer).

Every failure is an :class:`IngestError` whose ``reason`` becomes the reject's reason code.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zlib

import charset_normalizer

from laborwatch.errors import IngestError

GZIP_MAGIC = b"\x1f\x8b"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# formats that can be free of NUL bytes at their start yet are not text
_BINARY_SIGNATURES = (b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04")
_HTML_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{2,40})""", re.I
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SNIFF = 8192


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompress a gzip file, refusing output over ``limit`` bytes (a decompression bomb)."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise IngestError("undecodable", f"bad gzip stream: {exc}") from exc
    if len(out) > limit:
        raise IngestError("too_large", f"more than {limit} bytes once decompressed")
    return out


def _bom_codec(data: bytes) -> str | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a known binary signature near the start (text with a UTF-16/32 BOM is not
    binary)."""
    if _bom_codec(data):
        return False
    head = data[:_SNIFF]
    return b"\x00" in head or head.lstrip().startswith(_BINARY_SIGNATURES)


def decode_bytes(data: bytes, *, html: bool = False) -> str:
    """Text of ``data``: BOM, else strict UTF-8, else an HTML page's declared charset, else what
    charset-normalizer finds. Raises ``IngestError`` (binary, undecodable)."""
    if looks_binary(data):
        raise IngestError("binary", "binary content (NUL bytes or a binary file signature)")
    codec = _bom_codec(data)
    if codec:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise IngestError("undecodable", f"invalid {codec}: {exc.reason}") from exc
        return _checked(text)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _declared(data) if html else None
        if text is None:
            best = charset_normalizer.from_bytes(data).best()
            if best is None:
                raise IngestError(
                    "undecodable", "not UTF-8 and no character encoding fits"
                ) from None
            text = str(best)
    return _checked(text)


def _checked(text: str) -> str:
    """``text``, unless it is bytes that merely happened to decode."""
    sample = text[:_SNIFF]
    if sample and len(_CONTROL.findall(sample)) > len(sample) // 20:
        raise IngestError("binary", "mostly control characters")
    if sample and _not_text(sample) > len(sample) // 20:
        # bytes that happen to decode (noise behind a UTF-16 BOM) give unassigned and
        # private-use code points, which no written language uses
        raise IngestError("binary", "decodes to unassigned or private-use characters")
    return text


def _not_text(sample: str) -> int:
    if sample.isascii():
        return 0
    return sum(
        1 for char in sample if char > "\x7f" and unicodedata.category(char) in ("Cn", "Co", "Cs")
    )


def _declared(data: bytes) -> str | None:
    """Decode with the charset an HTML page declares, when it names a codec that fits."""
    match = _HTML_CHARSET.search(data[:_SNIFF])
    if not match:
        return None
    try:
        return data.decode(match.group(1).decode("ascii"))
    except (LookupError, UnicodeDecodeError):
        return None
