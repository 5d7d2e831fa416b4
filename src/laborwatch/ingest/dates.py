"""Publication dates as an ISO prefix with its precision ("2024-03" is precise to the month)."""

from __future__ import annotations

import re
from datetime import date

_ISO = re.compile(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][0-9:.]+(?:Z|[+-][0-9:]+)?)?\s*")


def parse_published(value: str | None) -> tuple[str | None, str | None]:
    """``(prefix, precision)`` of an ISO date or datetime, ``(None, None)`` when it is not one.

    A time of day is dropped: publication dates serve to place reported events in a month or
    on a day, and the extraction resolves relative dates against them.
    """
    if not value:
        return None, None
    match = _ISO.fullmatch(value)
    if not match:
        return None, None
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None, None
    if day:
        return f"{year}-{month}-{day}", "day"
    if month:
        return f"{year}-{month}", "month"
    return year, "year"
