"""Dates in article text (English, Korean, Russian), resolved against the publication date.

Values are ISO prefixes at the precision the text gives (``2024``, ``2024-03``, ``2024-03-13``),
as SPEC section 2 asks for ``when``. Relative expressions ("last year", "in February", "on
Thursday", "지난달", "в прошлом году") are resolved against the publication date; "a year
earlier" and "that year" against the date last mentioned before them. Without a publication
date they stay null, except that a ``reference`` year (see ``infer_reference_date``) resolves
the year-relative ones. Words live in ``data/lexicon/dates.yaml``; bare years come from the
quantity grammar, so "2,000" or "2000 workers" is never a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Any, Literal

from laborwatch.extract.quantities import (
    MAX_TEXT_CHARS,
    YEAR_MAX,
    YEAR_MIN,
    ByFirstCharacter,
    Trigger,
    alternation,
    find_quantities,
    load_table,
)

Precision = Literal["year", "month", "day"]
Kind = Literal["point", "since", "by", "until", "before", "after", "span"]
_KINDS = ("since", "by", "until", "before", "after")


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    value: str | None
    """ISO prefix: "2024", "2024-03" or "2024-03-13"; None when it cannot be resolved."""
    precision: Precision | None
    relative: bool
    """Whether the value depends on the publication date or an earlier date of the text."""
    kind: Kind
    """"point"; "since"/"by"/"until"/"before"/"after" X; "span" (its value is the year or
    month the span lies in, else the first year)."""
    text: str
    future_value: str | None = None
    """The value to use when the statement is a plan: it differs from ``value`` only when the
    date's own clause looks ahead ("will", "plans to" before it): "in February" written in
    January 2024 is 2023-02, "plans to send them in February" 2024-02."""


@dataclass(slots=True)
class _Raw:
    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    year_rel: tuple[int, bool] | None = None  # "last year" (-1, False), "that year" (0, True)
    month_rel: int | None = None  # "이달 7일": this month's 7th
    marker: str | None = None  # "past", "this", "future" before a month, season or weekday
    season: tuple[int, int] | None = None
    weekday: int | None = None
    rel: tuple[str, int, bool] | None = None  # whole relative phrase: (unit, offset, anchored)
    vague: bool = False  # "recently"
    kind: str = "point"
    end_year: int | None = None  # a range of years ("2016-2018")
    other: _Raw | None = None  # the end of a span


@dataclass(frozen=True, slots=True)
class _Ref:
    year: int | None
    month: int | None
    day: int | None

    def as_date(self) -> date | None:
        if self.year is None or self.month is None or self.day is None:
            return None
        return date(self.year, self.month, self.day)


_YEAR = r"(?P<y>19[5-9]\d|20\d\d|2100)(?!\d)"
_DAY = r"(?P<d>3[01]|[12]\d|0?[1-9])(?!\d)"
_DAY2 = r"(?P<d2>3[01]|[12]\d|0?[1-9])(?!\d)"


def _parse_ref(published: str | None, reference: str | None) -> _Ref:
    for value, full in ((published, True), (reference, False)):
        if not value:
            continue
        m = re.match(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", str(value))
        if m is None:
            continue
        year = int(m.group(1))
        month = int(m.group(2)) if full and m.group(2) else None
        day = int(m.group(3)) if full and month and m.group(3) else None
        try:
            if day is not None:
                date(year, month or 1, day)
        except ValueError:
            day = None
        if month is not None and not 1 <= month <= 12:
            month = day = None
        return _Ref(year, month, day)
    return _Ref(None, None, None)


class _Grammar:
    """The compiled date patterns of one language."""

    def __init__(self, lang: str) -> None:
        table = load_table("dates.yaml")
        if lang not in table:
            lang = "en"
        self.lang = lang
        self.ko = lang == "ko"
        data: dict[str, Any] = table[lang]
        numbers = load_table("numbers.yaml")
        dashes = numbers["common"]["range_dashes"]["terms"]
        self.dash = "[" + "".join(re.escape(d) for d in dashes) + "]"
        self._vocabulary(data, numbers.get(lang, {}))
        self._patterns(data)
        self._context(data)

    def _vocabulary(self, data: dict[str, Any], numbers: dict[str, Any]) -> None:
        """The words of dates as lookup tables: months, seasons, markers, relative phrases."""
        months = data.get("months", {})
        self.case_sensitive = bool(months.get("case_sensitive"))
        self.full_months = [str(k) for k in months.get("names", {})]
        self.all_months = self.full_months + [str(k) for k in months.get("abbreviations", {})]
        self.month_names = {
            str(k).lower(): int(v)
            for group in ("names", "abbreviations")
            for k, v in months.get(group, {}).items()
        }
        seasons = data.get("seasons", {})
        self.seasons = {str(k).lower(): (int(v[0]), int(v[1])) for k, v in seasons["names"].items()}
        self.season_alone = bool(seasons.get("alone"))
        self.season_after = [str(p) for p in seasons.get("after", [])]
        self.weekday_names = [str(k) for k in data.get("weekdays", {}).get("names", {})]
        self.weekdays = {
            str(k).lower(): int(v) for k, v in data.get("weekdays", {}).get("names", {}).items()
        }
        self.day_suffixes = data.get("days", {}).get("suffixes", [])
        markers = data.get("markers", {})
        self.markers = {
            _norm(t): kind for kind in ("past", "this", "future") for t in markers.get(kind, [])
        }
        self.of_words = markers.get("of", [])
        self.relative: dict[str, tuple[str, int, bool]] = {
            _norm(e["phrase"]): (e["unit"], int(e["offset"]), bool(e.get("anchored")))
            for e in data["relative"]["entries"]
        }
        ago = data.get("ago", {})
        self.ago_units = {_norm(k): v for k, v in ago.get("units", {}).items()}
        self.ago_dirs = {_norm(w): -1 for w in ago.get("words", [])}
        self.ago_dirs.update({_norm(w): -1 for w in ago.get("earlier_words", [])})
        self.ago_dirs.update({_norm(w): 1 for w in ago.get("later_words", [])})
        self.anchored_dirs = {
            _norm(w) for key in ("earlier_words", "later_words") for w in ago.get(key, [])
        }
        # counts ("two years ago") and the word after a year ("2016년", "2016 году") come from
        # the number lexicon
        self.numerals = {
            str(k).lower(): v for k, v in numbers.get("numerals", {}).get("values", {}).items()
        }
        self.indefinite = {
            str(w).lower() for w in numbers.get("indefinite_one", {}).get("terms", [])
        }
        self.numerals.update(dict.fromkeys(self.indefinite, 1))
        year_terms = [
            t for e in numbers.get("units_after", []) if e["unit"] == "year" for t in e["terms"]
        ]
        self.year_word_alt = alternation(year_terms, bounded=not self.ko)
        self.year_word = re.compile(r"\s*" + self.year_word_alt, re.IGNORECASE)

    def _patterns(self, data: dict[str, Any]) -> None:
        """The date patterns, most specific first, and where they can start."""
        ko, dash = self.ko, self.dash
        sep = r"\s*" if ko else r"\s+"
        scoped = "(?-i:{})" if self.case_sensitive else "{}"
        if ko:  # Korean writes months and days as numbers with 월 and 일
            month_any = r"(?<![\d.])(?P<m>1[0-2]|0?[1-9])\s*월(?!요일)"
            month_full = month_any
        else:
            month_any = rf"(?P<m>{scoped.format(alternation(self.all_months))})\.?"
            month_full = rf"(?P<m>{scoped.format(alternation(self.full_months))})"
        season = rf"(?P<s>{alternation(self.seasons, bounded=not ko)})"
        weekday = rf"(?P<wd>{scoped.format(alternation(self.weekday_names))})"
        marker = rf"(?P<mk>{alternation(self.markers, trail=not ko)})"
        units = {p: v[0] for p, v in self.relative.items()}
        rel_year = (
            rf"(?P<ry>{alternation([p for p, u in units.items() if u == 'year'], trail=not ko)})"
        )
        rel_month = (
            rf"(?P<rm>{alternation([p for p, u in units.items() if u == 'month'], trail=not ko)})"
        )
        rel_all = rf"(?P<rel>{alternation(self.relative, trail=not ko)})"
        num = rf"(?P<n>\d{{1,2}}|{alternation(self.numerals, trail=not ko)})"
        ago = (
            rf"{num}{sep}(?P<u>{alternation(self.ago_units, bounded=not ko)}){sep}"
            rf"(?P<dir>{alternation(self.ago_dirs, bounded=not ko)})"
        )
        year_word = "" if ko else rf"(?:\s*{self.year_word_alt})?"
        th = rf"(?:{alternation(self.day_suffixes, lead=False)})?" if self.day_suffixes else ""
        of = rf"(?:{alternation(self.of_words)}\s+)?" if self.of_words else ""
        span = data.get("span", {}).get("pairs", [])
        span_before = alternation([p["before"] for p in span if p.get("before")])
        to = rf"(?:{dash}|{alternation([p['joiner'] for p in span])})"

        patterns: list[str] = [
            r"(?<![\d-])(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d-])"
        ]
        if ko:
            patterns += [
                rf"{_YEAR}\.\s?(?P<m>1[0-2]|0?[1-9])\.\s?{_DAY}",
                rf"{_YEAR}\s*년\s*{month_any}\s*{_DAY}\s*일",
                rf"{_YEAR}\s*년\s*{month_any}",
                rf"(?:{_YEAR}\s*년\s*)?(?<!\d)(?P<m>1[0-2]|0?[1-9])\s*{dash}\s*"
                r"(?P<m2>1[0-2]|0?[1-9])\s*월",
                rf"{rel_year}\s*{month_any}(?:\s*{_DAY}\s*일)?",
                rf"{rel_month}\s*{_DAY}\s*일",
                rf"(?:{marker}\s*)?{month_any}(?:\s*{_DAY}\s*일)?",
                # a day alone is in the publication month; not "3일간" (for three days)
                rf"(?<![\d.]){_DAY}\s*일(?!\s*(?:간|동안|째|만))",
                rf"(?:{_YEAR}\s*년\s*|{rel_year}\s*|{marker}\s*|(?<![가-힣])){season}",
            ]
        else:
            parts_alt = alternation(data.get("parts", {}).get("terms", []))
            if self.season_alone:
                season_alone = rf"(?:{marker}\s+)?{season}(?:\s+{of}{rel_year})?"
            else:
                # one fixed-width look-behind per phrase: "in the summer", "during winter"
                after = "|".join(
                    r"(?<=\b" + r"\s".join(map(re.escape, p.split())) + r"\s)"
                    for p in self.season_after
                )
                season_alone = rf"(?:{marker}\s+|{after or '(?!x)x'}){season}(?:\s+{of}{rel_year})?"
            patterns += [
                rf"{parts_alt}\s*{_YEAR}{year_word}",  # "mid-2023": a year glued to its part
                rf"(?<![\d.]){_DAY}\.(?P<m>0?[1-9]|1[0-2])\.{_YEAR}(?![\d.])",
                rf"{month_any}\s+{_DAY}{th}(?![.,]?\d),?\s+{_YEAR}",
                # a span of days in one month: "July 20 to 27", "20-27 July 2024", "с 7 по 12 марта"
                rf"(?:{span_before}\s+)?{month_any}\s+{_DAY}{th}\s*{to}\s*{_DAY2}{th}"
                rf"(?:,?\s+{_YEAR}{year_word})?",
                rf"(?:{span_before}\s+)?{_DAY}{th}\s*{to}\s*{_DAY2}{th}\s+{of}{month_any}"
                rf"(?:,?\s+{_YEAR}{year_word})?",
                rf"{_DAY}{th}\s+{of}{month_any},?\s+{_YEAR}{year_word}",
                rf"{month_any},?\s+{of}{_YEAR}{year_word}",
                rf"{month_any}\s+{_DAY}{th}(?![.,]?\d)(?:,?\s+{rel_year})?",
                rf"{_DAY}{th}\s+{of}{month_any}(?:,?\s+{rel_year})?",
                rf"(?:{marker}\s+)?{month_full}(?:,?\s+{of}{rel_year})?",
                rf"{season}\s+{of}{_YEAR}{year_word}",
                season_alone,
            ]
            if self.case_sensitive:  # English numeric dates are month first: 3/13/2024
                patterns.append(
                    rf"(?<![\d/])(?P<m>0?[1-9]|1[0-2])/(?P<d>3[01]|[12]\d|0?[1-9])/{_YEAR}(?![\d/])"
                )
        patterns += [ago, rel_all, rf"(?:{marker}{sep})?{weekday}"]
        # one alternation, most specific first; each pattern's groups get the pattern's number
        # as a suffix ("y_3") so that names can repeat across patterns
        self.pattern = ByFirstCharacter(
            [
                f"(?P<p{i}>" + re.sub(r"\(\?P<(\w+)>", rf"(?P<\1_{i}>", p) + ")"
                for i, p in enumerate(patterns)
            ],
            re.IGNORECASE,
        )
        # each pattern's own groups by their short names ("y", "m"), to read a match by, in
        # each regex the patterns are tried with
        # (keyed by the regex's id: hashing a compiled pattern reads all of its code)
        self.pattern_groups: dict[int, dict[str, list[tuple[str, int]]]] = {}
        # where a date can start: a digit run or a word of the date vocabulary; the patterns are
        # tried only there, which is far cheaper than scanning the text with them
        vocabulary = [
            *self.month_names,
            *self.seasons,
            *self.weekdays,
            *self.markers,
            *self.relative,
            *(n for n in self.numerals if n not in self.indefinite),
            *(f"{n} {u}" for n in self.indefinite for u in self.ago_units),
            *data.get("parts", {}).get("terms", []),
            *(p["before"] for p in span if p.get("before")),
        ]
        self.trigger = Trigger(
            r"(?<![\d\w])\d|" + alternation(vocabulary, trail=not ko), vocabulary
        )

    def _context(self, data: dict[str, Any]) -> None:
        """Words around a date: parts ("late"), kinds ("since"), spans, future cues."""
        ko, flags = self.ko, re.IGNORECASE
        parts = data.get("parts", {}).get("terms", [])
        self.part_after = self.part_before = None
        if ko:
            self.part_after = re.compile(
                # "11월 중순", "2005년 말에", not "11월 중간선거" or "3월 말했다"
                rf"\s*{alternation(parts, bounded=False)}"
                r"(?!(?!에|부터|까지|께|경|의|로|으로|이|엔|쯤)[가-힣])",
                flags,
            )
        else:
            self.part_before = re.compile(rf"{alternation(parts)}\s*$", flags)

        kinds = data.get("kinds", {})
        kind_alt = "|".join(
            rf"(?P<{k}>{alternation(kinds.get(k, []), bounded=not ko)})"
            for k in _KINDS
            if kinds.get(k)
        )
        self.kind_after = self.kind_before = None
        if kind_alt and ko:
            self.kind_after = re.compile(rf"\s*(?:{kind_alt})", flags)
        elif kind_alt:
            self.kind_before = re.compile(rf"(?:{kind_alt})\s+$", flags)

        span = data.get("span", {})
        self.span_pairs = []
        for pair in span.get("pairs", []):
            before = (
                re.compile(rf"{alternation([pair['before']])}\s+$", flags)
                if pair.get("before")
                else None
            )
            gap = re.compile(rf"\s*{alternation([pair['joiner']], bounded=not ko)}\s*", flags)
            after = (
                re.compile(rf"\s*{alternation([pair['after']], bounded=False)}", flags)
                if pair.get("after")
                else None
            )
            # ``months_only``: a pair without a word before it joins two bare months ("in
            # March and April"), not two years or two days
            self.span_pairs.append((before, gap, after, bool(pair.get("months_only"))))
        self.span_dash = re.compile(rf"\s*{self.dash}\s*") if span.get("dash") else None

        cues = data.get("future_cues", {}).get("terms", [])
        self.future_cue = re.compile(alternation(cues), flags) if cues else None
        names = data.get("event_names", {}).get("before", [])
        self.event_name = re.compile(alternation(names) + r"\s+$", flags) if names else None

    # -- candidates ------------------------------------------------------------------------

    def raws(self, text: str) -> list[_Raw]:
        found: list[_Raw] = []
        for t in self.trigger.finditer(text):
            m = self.pattern.match(text, t.start())
            raw = self._raw(m) if m is not None else None
            if raw is not None:
                found.append(raw)
        for q in find_quantities(text, self.lang):
            value = q.min if q.min is not None else q.max
            if not q.is_year_like or value is None:
                continue
            if q.form == "range":
                found.append(_Raw(q.start, q.end, year=int(value), end_year=int(q.max or value)))
                continue
            digits = re.search(r"\d{4}", q.text)
            if digits is not None:
                start = q.start + digits.start()
                word = self.year_word.match(text, start + 4)
                found.append(_Raw(start, word.end() if word else start + 4, year=int(value)))
        # the longest candidate wins where candidates overlap
        found.sort(key=lambda r: (r.start, -(r.end - r.start)))
        chosen: list[_Raw] = []
        for raw in found:
            if chosen and raw.start < chosen[-1].end:
                continue
            chosen.append(raw)
        return chosen

    def _groups_of(self, regex: re.Pattern[str]) -> dict[str, list[tuple[str, int]]]:
        try:
            return self.pattern_groups[id(regex)]
        except KeyError:
            pass
        groups: dict[str, list[tuple[str, int]]] = {}
        for name, index in regex.groupindex.items():
            short, _, number = name.rpartition("_")
            if short:
                groups.setdefault(f"p{number}", []).append((short, index))
        self.pattern_groups[id(regex)] = groups  # the regexes live as long as the grammar
        return groups

    def _raw(self, m: re.Match[str]) -> _Raw | None:
        # the pattern's own group closes last, so it names the pattern that matched
        g = {
            short: value
            for short, index in self._groups_of(m.re)[m.lastgroup or ""]
            if (value := m.group(index)) is not None
        }
        raw = _Raw(m.start(), m.end())
        if "y" in g:
            raw.year = int(g["y"])
        if "m" in g:
            token = g["m"].lower().rstrip(".")
            raw.month = int(token) if token.isdigit() else self.month_names.get(token)
            if raw.month is None or not 1 <= raw.month <= 12:
                return None
        if "d" in g:
            raw.day = int(g["d"])
        if "d2" in g or "m2" in g:
            raw.kind = "span"
            raw.other = replace(raw, day=int(g["d2"]) if "d2" in g else raw.day)
            if "m2" in g:
                raw.other.month = int(g["m2"])
        if "ry" in g:
            unit, offset, anchored = self.relative[_norm(g["ry"])]
            raw.year_rel = (offset, anchored)
        if "rm" in g:
            raw.month_rel = self.relative[_norm(g["rm"])][1]
        if "mk" in g:
            raw.marker = self.markers.get(_norm(g["mk"]))
        if "s" in g:
            raw.season = self.seasons[_norm(g["s"])]
        if "wd" in g:
            raw.weekday = self.weekdays[g["wd"].lower()]
        if "rel" in g:
            raw.rel = self.relative[_norm(g["rel"])]
            raw.vague = raw.rel[0] == "vague"
        if "u" in g:
            n = g["n"].lower()
            count = int(n) if n.isdigit() else self.numerals.get(n)
            if not count:
                return None
            direction = _norm(g["dir"])
            raw.rel = (
                self.ago_units[_norm(g["u"])],
                self.ago_dirs[direction] * int(count),
                direction in self.anchored_dirs,
            )
        return raw

    # -- assembling ----------------------------------------------------------------------------

    def mentions(self, text: str, ref: _Ref) -> list[DateMention]:
        raws = [self._extend_parts(text, r) for r in self.raws(text)]
        raws = self._spans(text, raws)
        out: list[DateMention] = []
        anchor: int | None = None
        for raw in raws:
            raw = self._kind(text, raw)
            value, precision, future, relative = _resolve(raw, ref, anchor)
            if raw.other is not None:
                end_value, _, _, end_relative = _resolve(raw.other, ref, anchor)
                value, precision = _span_value(value, end_value)
                future, relative = value, relative or end_relative
            if future != value and not self.future_context(text, raw.start, raw.end):
                future = value  # "In December, officials said..." reports the past
            if value is not None:
                anchor = int(value[:4])
            out.append(
                DateMention(
                    raw.start,
                    raw.end,
                    value,
                    precision,
                    relative,
                    raw.kind,  # type: ignore[arg-type]
                    text[raw.start : raw.end],
                    future,
                )
            )
        return out

    def _extend_parts(self, text: str, raw: _Raw) -> _Raw:
        if raw.rel is not None or raw.weekday is not None:
            return raw
        if self.part_before is not None:
            m = self.part_before.search(text, max(0, raw.start - 32), raw.start)
            if m is not None:
                raw.start = m.start()
        if self.part_after is not None:
            m = self.part_after.match(text, raw.end)
            if m is not None:
                raw.end = m.end()
        return raw

    def _spans(self, text: str, raws: list[_Raw]) -> list[_Raw]:
        out: list[_Raw] = []
        i = 0
        while i < len(raws):
            a = raws[i]
            b = raws[i + 1] if i + 1 < len(raws) else None
            merged = self._span(text, a, b) if b is not None and _spannable(a, b) else None
            if merged is not None:
                out.append(merged)
                i += 2
            else:
                out.append(a)
                i += 1
        return out

    def _span(self, text: str, a: _Raw, b: _Raw) -> _Raw | None:
        gap = text[a.end : b.start]
        if len(gap) > 16:
            return None
        bounds = None
        for before, gap_re, after, months_only in self.span_pairs:
            if gap_re.fullmatch(gap) is None:
                continue
            if months_only and not (_bare_month(a) and _bare_month(b)):
                continue
            bm = before.search(text, max(0, a.start - 24), a.start) if before else None
            am = after.match(text, b.end) if after else None
            if (before is None or bm is not None) and (after is None or am is not None):
                bounds = (bm.start() if bm else a.start, am.end() if am else b.end)
                break
        if bounds is None and self.span_dash is not None and self.span_dash.fullmatch(gap):
            bounds = (a.start, b.end)
        if bounds is None:
            return None
        start, end = bounds
        first = replace(a, start=start, end=end, kind="span")
        # "between August and November 2016": the first part takes the year of the second
        if first.year is None and first.year_rel is None:
            if b.year is not None:
                later = first.month is not None and b.month is not None and first.month > b.month
                first.year = b.year - 1 if later else b.year
            first.year_rel = b.year_rel
            if first.month is None and first.month_rel is None:
                first.month, first.month_rel = b.month, b.month_rel
        if first.month is None and first.month_rel is None and first.day is not None:
            first.month, first.month_rel = b.month, b.month_rel
        second = replace(b)
        if second.month is None and second.month_rel is None and second.day is not None:
            second.month, second.month_rel = first.month, first.month_rel
            if second.year is None and second.year_rel is None:
                second.year, second.year_rel = first.year, first.year_rel
        first.other = second
        return first

    def _kind(self, text: str, raw: _Raw) -> _Raw:
        if raw.kind == "span" or raw.end_year is not None:
            raw.kind = "span"
            return raw
        if self.kind_before is not None:
            m = self.kind_before.search(text, max(0, raw.start - 32), raw.start)
            if m is not None and m.lastgroup:
                raw.kind = m.lastgroup
                raw.start = m.start()
        if self.kind_after is not None:
            m = self.kind_after.match(text, raw.end)
            if m is not None and m.lastgroup:
                raw.kind = m.lastgroup
                raw.end = m.end()
        return raw

    def dates_a_statement(self, text: str, mention: DateMention) -> bool:
        """Whether an explicit date places a past or present statement: not a plan ("will",
        "by 2030") nor an event's name ("the 2018 World Cup")."""
        if mention.relative or mention.value is None:
            return False
        if mention.kind not in ("point", "since", "span", "after"):
            return False
        name = self.event_name
        if name is not None and name.search(text, max(0, mention.start - 8), mention.start):
            return False
        return not self.future_context(text, mention.start, mention.end)

    def future_context(self, text: str, start: int, end: int) -> bool:
        """Whether the clause of a date speaks of the future ("will", "plans" before it; Korean
        endings after it)."""
        if self.future_cue is None:
            return False
        head = text[max(0, start - 80) : start]
        head = re.split(r"[.!?\n]", head)[-1]
        tail = text[end : end + 40]
        tail = re.split(r"[.!?\n]", tail)[0]
        return bool(
            self.future_cue.search(head) or (self.lang == "ko" and self.future_cue.search(tail))
        )


def _norm(phrase: str) -> str:
    return re.sub(r"\s+", " ", str(phrase).strip().lower())


def _bare_month(raw: _Raw) -> bool:
    return raw.month is not None and raw.day is None and raw.month_rel is None


def _spannable(a: _Raw, b: _Raw) -> bool:
    if a.rel is not None or b.rel is not None or a.weekday is not None or a.end_year is not None:
        return False
    if a.other is not None or b.other is not None:
        return False
    if b.end_year is not None or b.weekday is not None:
        return False
    return True


def _span_value(first: str | None, second: str | None) -> tuple[str | None, Precision | None]:
    """A span lies in one month, else one year (SPEC), else it starts in a year."""
    if first is None:
        return None, None
    if second is not None and len(first) >= 7 and first[:7] == second[:7]:
        return first[:7], "month"
    return first[:4], "year"


def _shift_month(year: int, month: int, offset: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + offset
    return index // 12, index % 12 + 1


def _month_year(month: int, marker: str | None, ref: _Ref) -> tuple[int, int] | None:
    """(value year, future year) of a month named without a year."""
    if ref.year is None or ref.month is None:
        return None
    y, m = ref.year, ref.month
    if marker == "past":
        return (y, y) if month < m else (y - 1, y - 1)
    if marker == "this":
        return y, y
    if marker == "future":
        return (y, y) if month > m else (y + 1, y + 1)
    return (y if month <= m else y - 1), (y if month >= m else y + 1)


def _fmt(year: int, month: int | None = None, day: int | None = None) -> tuple[str, Precision]:
    if month is None:
        return f"{year:04d}", "year"
    if day is not None:
        try:
            date(year, month, day)
        except ValueError:
            day = None
    if day is None:
        return f"{year:04d}-{month:02d}", "month"
    return f"{year:04d}-{month:02d}-{day:02d}", "day"


def _resolve(
    raw: _Raw, ref: _Ref, anchor: int | None
) -> tuple[str | None, Precision | None, str | None, bool]:
    """(value, precision, future value, relative) of one raw mention."""
    if raw.vague:
        return None, None, None, True
    today = ref.as_date()
    if raw.rel is not None:
        unit, offset, anchored = raw.rel
        base = anchor if anchored and anchor is not None else ref.year
        value: tuple[str, Precision] | None = None
        if unit == "year" and base is not None:
            value = _fmt(base + offset)
        elif unit == "month" and ref.year is not None and ref.month is not None:
            value = _fmt(*_shift_month(ref.year, ref.month, offset))
        elif unit in ("week", "day") and today is not None:
            day = today + timedelta(days=offset * (7 if unit == "week" else 1))
            value = _fmt(day.year, day.month, day.day if unit == "day" else None)
        elif unit == "now" and ref.year is not None:
            value = _fmt(ref.year, ref.month)
        if value is None:
            return None, None, None, True
        return value[0], value[1], value[0], True
    if raw.weekday is not None:
        if today is None:
            return None, None, None, True
        back = (today.weekday() - raw.weekday) % 7
        ahead = (raw.weekday - today.weekday()) % 7
        if raw.marker == "past":
            back = back or 7
        if raw.marker == "future":
            ahead = ahead or 7
        past_day, next_day = today - timedelta(days=back), today + timedelta(days=ahead)
        chosen = next_day if raw.marker == "future" else past_day
        value_s, precision = _fmt(chosen.year, chosen.month, chosen.day)
        return value_s, precision, _fmt(next_day.year, next_day.month, next_day.day)[0], True

    relative = False
    year, future_year = raw.year, raw.year
    if year is None and raw.year_rel is not None:
        offset, anchored = raw.year_rel
        base = anchor if anchored and anchor is not None else ref.year
        if base is None:
            return None, None, None, True
        year = future_year = base + offset
        relative = True
    month = raw.month
    if raw.month_rel is not None:
        if ref.year is None or ref.month is None:
            return None, None, None, True
        year, month = _shift_month(ref.year, ref.month, raw.month_rel)
        future_year, relative = year, True
    if raw.season is not None:
        if year is None:
            years = _month_year(raw.season[0], raw.marker, ref)
            if years is None:
                return None, None, None, True
            year, future_year = years
            relative = True
        return f"{year:04d}", "year", f"{future_year:04d}", relative
    if month is None and raw.day is not None:
        # a day of the month alone ("30일"): in the publication month unless still to come
        if today is None:
            return None, None, None, True
        year, month = today.year, today.month
        if raw.day > today.day:
            year, month = _shift_month(year, month, -1)
        future_year, relative = year, True
    if year is None and month is not None:
        years = _month_year(month, raw.marker, ref)
        if years is None:
            return None, None, None, True
        year, future_year = years
        relative = True
    if year is None:
        return None, None, None, relative
    value_s, precision = _fmt(year, month, raw.day)
    future_s = _fmt(future_year if future_year is not None else year, month, raw.day)[0]
    return value_s, precision, future_s, relative


@cache
def _grammar(lang: str) -> _Grammar:
    return _Grammar(lang)


def find_dates(
    text: str, published: str | None, lang: str = "en", *, reference: str | None = None
) -> list[DateMention]:
    """Every date expression of ``text`` in order, resolved against ``published``.

    ``reference`` is a year to resolve year-relative words ("last year") against when there is
    no publication date, e.g. from ``infer_reference_date``; months without a year stay null.
    """
    ref = _parse_ref(published, reference)
    return _grammar(lang).mentions(text[:MAX_TEXT_CHARS], ref)


def infer_reference_date(text: str, lang: str = "en") -> str | None:
    """The year the article's own dated statements point to, when it has no publication date.

    Conservative: the latest explicit year of a statement that is not about the future (no
    "by 2030", no "will" or "plans" before it) and not later than today; None when there is none.
    """
    grammar = _grammar(lang)
    this_year = date.today().year
    text = text[:MAX_TEXT_CHARS]
    years = [
        int(m.value[:4])
        for m in grammar.mentions(text, _Ref(None, None, None))
        if grammar.dates_a_statement(text, m)
        and YEAR_MIN <= int(m.value[:4]) <= min(YEAR_MAX, this_year)
    ]
    return f"{max(years):04d}" if years else None
