"""Cleaning of the short fields every format fills: sizes bounded, junk removed."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

import courlan

from laborwatch.ingest.text import clean_line

MAX_TITLE = 1000
MAX_SOURCE = 300  # the sources.name column
MAX_URL = 2000  # the documents.canonical_url column
MAX_TAG = 100
MAX_TAGS = 100


def _bounded(value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    value = clean_line(value)
    return value[:limit] or None


def clean_title(value: str | None) -> str | None:
    return _bounded(value, MAX_TITLE)


def clean_source(value: str | None) -> str | None:
    return _bounded(value, MAX_SOURCE)


def clean_tags(values: Iterable[str]) -> list[str]:
    """Tags trimmed, empty and repeated ones dropped, order kept."""
    tags: dict[str, None] = {}
    for value in values:
        tag = _bounded(value, MAX_TAG)
        if tag:
            tags.setdefault(tag, None)
        if len(tags) >= MAX_TAGS:
            break
    return list(tags)


def clean_url(value: str | None) -> str | None:
    """A URL as given (no whitespace inside), or None when it is too long to be one."""
    if value is None:
        return None
    value = "".join(clean_line(value).split())
    return value if value and len(value) <= MAX_URL else None


def canonical_url(value: str | None) -> str | None:
    """The duplicate key of a web address: scheme and host lower-cased, default port, fragment
    and tracking parameters dropped (courlan). None for anything but http(s) URLs."""
    url = clean_url(value)
    if not url:
        return None
    try:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return None
        normalized = courlan.normalize_url(url, strict=True)
    except ValueError:
        return None
    return normalized if len(normalized) <= MAX_URL else None


def hostname(url: str | None) -> str | None:
    """Host of a URL without ``www.``: the source name when a page names no other."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")
