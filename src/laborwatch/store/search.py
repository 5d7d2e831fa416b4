"""Ranked full-text search over documents: SQLite FTS5 or PostgreSQL full text, one function.

User queries are plain words, "quoted phrases", ``OR`` and ``-exclusion``. They are parsed here
and re-rendered for the backend with every term quoted, so no query can raise a syntax error.
``a b OR c`` means (a AND b) OR c on both backends; an excluded term excludes a document whatever
the grouping. A query with nothing to look for (only exclusions or punctuation) finds nothing.

Ranking: bm25 (SQLite, title weighted) or ts_rank (PostgreSQL, title weighted A). Ranking
every match of a very common word is too slow, so a query matching more than RANK_WINDOW
documents is ranked among its newest (last ingested) matches; selective queries are ranked
exactly. On SQLite older windows are read while too few hits pass the filters; on PostgreSQL
the window holds the newest matches that pass them.

Snippets come from the database (FTS5 ``snippet()``, PostgreSQL ``ts_headline``) with markers
that carry a random nonce, so article text cannot forge a highlight; they are returned as plain
text plus highlight spans.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from laborwatch.errors import StoreError
from laborwatch.store.database import Store
from laborwatch.store.models import Source
from laborwatch.store.queries import using_session

MAX_QUERY_CHARS = 1000  # longer queries are cut: they are hostile or a mistake
MAX_TERMS = 32
SNIPPET_TOKENS = 24  # FTS5 snippet length in tokens
# Queries matching more documents than this are ranked among their newest matches: ranking
# every match of a very common word costs too much (see _ranked_sqlite, _search_postgresql).
# Ranking a match costs PostgreSQL several times what it costs SQLite.
RANK_WINDOW = {"sqlite": 10_000, "postgresql": 2_000}
TITLE_WEIGHT = 4.0  # a match in the title counts this many times one in the text (SQLite bm25)
PG_HEADLINE_OPTIONS = 'MaxFragments=2, MaxWords=24, MinWords=12, FragmentDelimiter=" … "'

_TOKEN = re.compile(r'(?P<neg>-)?(?:"(?P<phrase>[^"]*)(?:"|$)|(?P<word>[^\s"]+))')
# control characters that are not white space, and bidi controls that can reorder a line
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True)
class SearchHit:
    """One ranked document. ``score``: higher is better; its scale depends on the backend.

    ``snippet`` is plain text; ``highlights`` are (start, end) character spans of it that
    matched the query.
    """

    id: str
    title: str | None
    snippet: str
    score: float
    published: str | None
    source: str | None
    language: str | None
    highlights: tuple[tuple[int, int], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["highlights"] = [list(span) for span in self.highlights]
        return data


@dataclass(frozen=True)
class ParsedQuery:
    """``groups`` are alternatives (OR) of terms that must all match (AND); a term is one
    word or a phrase of words separated by single spaces. ``excluded`` terms must not match."""

    groups: tuple[tuple[str, ...], ...]
    excluded: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.groups)

    def fts5(self) -> str:
        """The query in FTS5 syntax: every term a quoted string."""
        positive = " OR ".join(" AND ".join(f'"{t}"' for t in group) for group in self.groups)
        if not self.excluded:
            return positive
        return f"({positive})" + "".join(f' NOT "{t}"' for t in self.excluded)

    def websearch(self) -> tuple[str, str]:
        """Positive and excluded parts, each for PostgreSQL's websearch_to_tsquery."""
        positive = " or ".join(" ".join(f'"{t}"' for t in group) for group in self.groups)
        return positive, " or ".join(f'"{t}"' for t in self.excluded)


def parse_query(query: str) -> ParsedQuery:
    """Parse a user query; never fails. Terms keep only their letters, digits and marks."""
    query = unicodedata.normalize("NFC", clean_text(query[:MAX_QUERY_CHARS]))
    groups: list[list[str]] = [[]]
    excluded: list[str] = []
    pending_or = False
    for match in _TOKEN.finditer(query):
        raw = match["phrase"] if match["phrase"] is not None else match["word"]
        if match["phrase"] is None and not match["neg"] and raw.upper() == "OR":
            pending_or = bool(groups[-1])
            continue
        term = " ".join(_words(raw)).lower()
        if not term:
            continue
        if len(excluded) + sum(map(len, groups)) >= MAX_TERMS:
            break
        if match["neg"]:
            excluded.append(term)
            continue
        if pending_or:
            groups.append([])
            pending_or = False
        groups[-1].append(term)
    return ParsedQuery(tuple(tuple(g) for g in groups if g), tuple(excluded))


def _words(raw: str) -> list[str]:
    """Runs of letters, digits and combining marks: what FTS5's unicode61 tokenizer keeps."""
    kept = "".join(ch if unicodedata.category(ch)[0] in "LNM" else " " for ch in raw)
    return kept.split()


def check_date(value: str | None, name: str = "date") -> str | None:
    """An ISO date prefix (2024, 2024-03, 2024-03-21) or None; raises ValueError otherwise."""
    if value is None:
        return None
    if not _DATE.fullmatch(value.strip()):
        raise ValueError(
            f"invalid {name} {value!r}: expected an ISO date or prefix (2024, 2024-03, 2024-03-21)"
        )
    return value.strip()


def _filters(
    dialect: str,
    table: str,
    source_ids: list[int] | None,
    language: str | None,
    since: str | None,
    until: str | None,
) -> tuple[str, dict[str, Any]]:
    """SQL conditions on the columns of ``table`` (an alias), and their parameters.

    Dates are ISO prefixes of different precision, compared as strings: ``since`` keeps
    documents whose period ends on or after its start (a document dated "2024" is kept for
    since=2024-03), ``until`` keeps those whose period starts on or before its end.
    """
    collate = ' COLLATE "C"' if dialect == "postgresql" else ""
    conditions: list[str] = []
    params: dict[str, Any] = {}
    if source_ids is not None:  # integers read from the database: safe to inline
        ids = ", ".join(str(int(i)) for i in source_ids)
        conditions.append(f"{table}.source_id IN ({ids})")
    if language is not None:
        conditions.append(f"lower({table}.language) = :language")
        params["language"] = language.lower()
    if since is not None:
        conditions.append(
            f"{table}.published{collate}"
            f" >= substr(CAST(:since AS VARCHAR), 1, length({table}.published))"
        )
        params["since"] = since
    if until is not None:
        conditions.append(f"substr({table}.published, 1, :until_len){collate} <= :until")
        params["until"] = until
        params["until_len"] = len(until)
    return "".join(f" AND {c}" for c in conditions), params


def _markers() -> tuple[str, str]:
    nonce = secrets.token_hex(8)
    return f"\x02{nonce}\x02", f"\x03{nonce}\x03"


def split_marked(marked: str, start: str, end: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Plain text and highlight spans from text where matches sit between start/end markers.

    Control characters of the article text are dropped and white space collapsed.
    """
    parts = re.split(f"({re.escape(start)}.*?{re.escape(end)})", marked, flags=re.DOTALL)
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    after_space = True  # no leading space, no double spaces across parts
    for part in parts:
        highlighted = part.startswith(start) and part.endswith(end)
        if highlighted:
            part = part[len(start) : -len(end)]
        part = clean_text(part)
        if after_space:
            part = part.lstrip(" ")
        if not part:
            continue
        if highlighted:
            spans.append((length, length + len(part)))
        pieces.append(part)
        length += len(part)
        after_space = part.endswith(" ")
    plain = "".join(pieces).rstrip(" ")
    return plain, tuple((s, min(e, len(plain))) for s, e in spans if s < len(plain))


def clean_text(value: str) -> str:
    """``value`` on one line, safe to display: control characters dropped, white space runs
    made one space."""
    return _SPACE.sub(" ", _CONTROL.sub("", value))


def search(
    store: Store | Session,
    query: str,
    *,
    source: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[SearchHit]:
    """Documents matching ``query``, best first, with highlighted snippets.

    Filters: ``source`` (source name, any case), ``language`` (code), ``since``/``until``
    (ISO date prefixes on the publication date, inclusive; undated documents are left out).
    Raises ValueError for a malformed date or a negative limit/offset.
    """
    since = check_date(since, "since")
    until = check_date(until, "until")
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")
    parsed = parse_query(query)
    if not parsed or limit == 0:
        return []
    with using_session(store) as session:
        dialect = session.get_bind().dialect.name
        source_ids = None
        if source is not None:
            source_ids = _source_ids(session, source)
            if not source_ids:
                return []
        # SQLite filters on the documents row; PostgreSQL on documents_fts' copies
        table = "d" if dialect == "sqlite" else "f"
        where, params = _filters(dialect, table, source_ids, language, since, until)
        params.update(limit=limit, offset=offset)
        if dialect == "sqlite":
            return _search_sqlite(session, parsed, where, params)
        if dialect == "postgresql":
            return _search_postgresql(session, parsed, where, params)
    raise StoreError(f"search is not supported on {dialect}")


def _source_ids(session: Session, name: str) -> list[int]:
    """Ids of the sources called ``name`` in any case (SQL lower() is ASCII-only on SQLite)."""
    wanted = name.strip().casefold()
    return [i for i, n in session.execute(select(Source.id, Source.name)) if n.casefold() == wanted]


def _search_sqlite(
    session: Session, parsed: ParsedQuery, where: str, params: dict[str, Any]
) -> list[SearchHit]:
    params["q"] = parsed.fts5()
    offset = params.pop("offset")
    rows = _ranked_sqlite(session, where, params, params.pop("limit") + offset)[offset:]
    if not rows:
        return []
    # snippet() is costly: only for the page of hits, not for every match
    start, end = _markers()
    snippets = {
        rid: (body, title)
        for rid, body, title in session.execute(
            text(
                "SELECT rowid, snippet(documents_fts, 1, :start, :end, '…', :tokens),"
                " highlight(documents_fts, 0, :start, :end)"
                " FROM documents_fts WHERE documents_fts MATCH :q AND rowid IN :rids"
            ).bindparams(bindparam("rids", expanding=True)),
            {
                "q": params["q"],
                "start": start,
                "end": end,
                "tokens": SNIPPET_TOKENS,
                "rids": [row.rid for row in rows],
            },
        )
    }
    return [_hit(row, -row.raw_score, snippets.get(row.rid), start, end) for row in rows]


def _ranked_sqlite(session: Session, where: str, params: dict[str, Any], wanted: int) -> list[Any]:
    """The best ``wanted`` matches, best first.

    bm25 costs grow with the number of matches, so a query matching more than RANK_WINDOW
    documents is ranked among its newest matches (highest rowids): one window, then older
    windows of doubling size until ``wanted`` hits have passed the filters. Queries with
    fewer matches are ranked exactly. Scores are comparable across windows (bm25's IDF is
    corpus-wide).
    """
    columns = "d.rowid AS rid, d.id, d.title, d.published, d.language, s.name AS source"
    score = f"bm25(documents_fts, {TITLE_WEIGHT}, 1.0)"
    rows = "LEFT JOIN sources s ON s.id = d.source_id"
    hits: list[Any] = []
    bounds: dict[str, int] = {}  # rowid bounds of the window: lower < rowid < upper
    window = RANK_WINDOW["sqlite"]
    while True:
        bounds["lower"] = session.execute(
            text(
                "SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q"
                + (" AND rowid < :upper" if "upper" in bounds else "")
                + " ORDER BY rowid DESC LIMIT 1 OFFSET :window"
            ),
            {"q": params["q"], "window": window, **bounds},
        ).scalar()
        in_window = "".join(
            f" AND documents_fts.rowid {op} :{name}"
            for name, op in (("lower", ">"), ("upper", "<"))
            if bounds.get(name) is not None
        )
        if where:  # the filters need each match's document row
            ranked = (
                f"SELECT {columns}, {score} AS raw_score FROM documents_fts"
                f" JOIN documents d ON d.rowid = documents_fts.rowid {rows}"
                f" WHERE documents_fts MATCH :q{in_window}{where}"
                " ORDER BY raw_score, rid LIMIT :wanted"
            )
        else:  # rank in the index alone, then read the rows of the best only
            ranked = (
                f"SELECT {columns}, r.raw_score FROM ("
                f" SELECT rowid, {score} AS raw_score FROM documents_fts"
                f" WHERE documents_fts MATCH :q{in_window}"
                " ORDER BY raw_score, rowid LIMIT :wanted"
                f") r JOIN documents d ON d.rowid = r.rowid {rows}"
            )
        hits += session.execute(text(ranked), {**params, **bounds, "wanted": wanted}).all()
        if bounds["lower"] is None or len(hits) >= wanted:
            break
        bounds["upper"] = bounds["lower"] + 1
        window *= 2
    hits.sort(key=lambda row: (row.raw_score, row.rid))
    return hits[:wanted]


def _search_postgresql(
    session: Session, parsed: ParsedQuery, where: str, params: dict[str, Any]
) -> list[SearchHit]:
    positive, excluded = parsed.websearch()
    tsquery = "websearch_to_tsquery('simple'::regconfig, :positive)"
    if excluded:
        tsquery = f"({tsquery} && !! websearch_to_tsquery('simple'::regconfig, :excluded))"
        params["excluded"] = excluded
    params["positive"] = positive
    # The newest matches that pass the filters (at most RANK_WINDOW of them) are ranked:
    # exact for selective queries, bounded work for unselective ones.
    # The planner ignores the cost of reading each out-of-line tsvector, so it would scan
    # documents_fts rather than use its GIN index, even for a rare word.
    session.execute(text("SET LOCAL enable_seqscan = off"))
    rows = session.execute(
        text(
            # MATERIALIZED: all matches from the GIN index first, not a walk down seq
            "WITH matches AS MATERIALIZED (SELECT f.document_id, f.seq FROM documents_fts f"
            f" WHERE f.vector @@ {tsquery}{where}),"
            " newest AS MATERIALIZED"
            " (SELECT document_id FROM matches ORDER BY seq DESC LIMIT :window)"
            " SELECT d.id, d.title, d.published, d.language, s.name AS source,"
            f" ts_rank(f.vector, {tsquery}, 1) AS raw_score"
            " FROM newest n JOIN documents_fts f ON f.document_id = n.document_id"
            " JOIN documents d ON d.id = n.document_id"
            " LEFT JOIN sources s ON s.id = d.source_id"
            " ORDER BY raw_score DESC, d.id LIMIT :limit OFFSET :offset"
        ),
        {
            **params,
            "window": max(RANK_WINDOW["postgresql"], params["limit"] + params["offset"]),
        },
    ).all()
    session.execute(text("SET LOCAL enable_seqscan TO DEFAULT"))
    if not rows:
        return []
    start, end = _markers()
    options = f'StartSel="{start}", StopSel="{end}", {PG_HEADLINE_OPTIONS}'
    headlines = {
        row.id: (row.body, row.title)
        for row in session.execute(
            text(
                "SELECT d.id,"
                f" ts_headline('simple'::regconfig, left(d.text, 500000), {tsquery}, :options)"
                " AS body,"
                f" ts_headline('simple'::regconfig, coalesce(d.title, ''), {tsquery}, :options)"
                " AS title"
                " FROM documents d WHERE d.id IN :ids"
            ).bindparams(bindparam("ids", expanding=True)),
            {
                **{k: v for k, v in params.items() if k in ("positive", "excluded")},
                "options": options,
                "ids": [row.id for row in rows],
            },
        )
    }
    return [_hit(row, row.raw_score, headlines.get(row.id), start, end) for row in rows]


def _hit(
    row: Any, score: float, marked: tuple[str | None, str | None] | None, start: str, end: str
) -> SearchHit:
    body, title = (part or "" for part in marked or ("", ""))
    # the text's fragment, or the title when only the title matched
    snippet, spans = split_marked(
        title if start not in body and start in title else body, start, end
    )
    return SearchHit(
        id=row.id,
        title=row.title,
        snippet=snippet,
        score=float(score),
        published=row.published,
        source=row.source,
        language=row.language,
        highlights=spans,
    )


__all__: Sequence[str] = [
    "ParsedQuery",
    "SearchHit",
    "clean_text",
    "parse_query",
    "search",
    "split_marked",
]
