"""Full-text search on both backends: ranking, snippets, filters and hostile queries."""

from __future__ import annotations

import pytest
from sqlalchemy import text

import laborwatch.store.search as search_module
from laborwatch.store import open_store
from laborwatch.store.models import Document
from laborwatch.store.search import (
    MAX_TERMS,
    SearchHit,
    parse_query,
    search,
    split_marked,
)

FILLER = [
    {"id": f"filler-{i}", "text": f"Weather report number {i}: rain over the harbour, calm seas."}
    for i in range(8)
]

DOCS = [
    {
        "id": "sawmill",
        "title": "Sawmill crews in Tynda",
        "text": "The sawmill in Tynda employs forty North Korean workers. "
        "The sawmill pays their wages to a state company.",
        "source": "dailynk.com",
        "language": "en",
        "published": "2024-03-21",
    },
    {
        "id": "seafood",
        "title": "Seafood plants",
        "text": "Seafood processing plants in Dandong employ North Korean women, "
        "a report says. One plant also runs a small sawmill for pallets, among many other "
        "businesses: trucking, packaging, cold storage and retail outlets in the city.",
        "source": "rfa.org",
        "language": "en",
        "published": "2023",
    },
    {
        "id": "construction",
        "title": "Builders in Vladivostok",
        "text": "Korean workers were sent to construction sites in Vladivostok last spring.",
        "source": "dailynk.com",
        "language": "en",
        "published": "2024-05",
    },
    {
        "id": "korean-language",
        "title": "건설 노동자",
        "text": "북한 노동자들이 러시아 건설 현장에 파견되었다.",
        "source": "dailynk.com",
        "language": "ko",
        "published": "2024",
    },
]


@pytest.fixture
def corpus(store, add_documents):  # type: ignore[no-untyped-def]
    add_documents(store, *FILLER, *DOCS)
    return store


def ids(hits: list[SearchHit]) -> list[str]:
    return [hit.id for hit in hits]


def test_ranking_prefers_title_and_repeated_matches(corpus) -> None:  # type: ignore[no-untyped-def]
    hits = search(corpus, "sawmill")
    assert ids(hits) == ["sawmill", "seafood"]
    assert hits[0].score > hits[1].score
    assert hits[0].title == "Sawmill crews in Tynda"
    assert (hits[0].source, hits[0].language, hits[0].published) == (
        "dailynk.com",
        "en",
        "2024-03-21",
    )


def test_snippet_highlights_the_matched_terms(corpus) -> None:  # type: ignore[no-untyped-def]
    [hit] = search(corpus, "dandong")
    assert "Dandong" in hit.snippet
    assert hit.highlights
    assert all(hit.snippet[s:e].lower() == "dandong" for s, e in hit.highlights)
    data = hit.to_dict()
    assert {"id", "title", "snippet", "score", "highlights"} <= data.keys()
    assert data["highlights"] == [list(span) for span in hit.highlights]


def test_title_only_match_gives_a_highlighted_title(corpus) -> None:  # type: ignore[no-untyped-def]
    [hit] = search(corpus, "builders")
    assert hit.snippet == "Builders in Vladivostok"
    assert hit.highlights == ((0, 8),)


def test_and_or_not_and_phrases(corpus) -> None:  # type: ignore[no-untyped-def]
    assert set(ids(search(corpus, "korean workers"))) == {"sawmill", "construction"}
    assert ids(search(corpus, '"north korean workers"')) == ["sawmill"]
    assert search(corpus, '"workers korean"') == []
    assert set(ids(search(corpus, "tynda OR dandong"))) == {"sawmill", "seafood"}
    assert ids(search(corpus, "korean -vladivostok -dandong")) == ["sawmill"]
    # (sawmill AND tynda) OR vladivostok
    assert set(ids(search(corpus, "sawmill tynda OR vladivostok"))) == {"sawmill", "construction"}
    assert search(corpus, "-sawmill") == []


def test_case_and_non_latin_scripts(corpus) -> None:  # type: ignore[no-untyped-def]
    assert ids(search(corpus, "TYNDA")) == ["sawmill"]
    [hit] = search(corpus, "노동자들이")
    assert hit.id == "korean-language"
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["노동자들이"]


DATE_CASES = [
    ("2024-03", None, {"sawmill", "construction", "korean-language"}),
    ("2024-04", None, {"construction", "korean-language"}),
    (None, "2024-03", {"sawmill", "seafood", "korean-language"}),
    (None, "2023-12-31", {"seafood"}),
    ("2024-03-21", "2024-03-21", {"sawmill", "korean-language"}),
    ("2023", "2023", {"seafood"}),
    ("2025", None, set()),
]


def test_date_filters_compare_iso_prefixes(corpus) -> None:  # type: ignore[no-untyped-def]
    """A document dated only "2024" may fall in March 2024: kept for since/until 2024-03."""
    query = "sawmill OR korean OR 노동자들이"
    for since, until, expected in DATE_CASES:
        got = set(ids(search(corpus, query, since=since, until=until)))
        assert got == expected, (since, until)


def test_undated_documents_are_left_out_by_date_filters(store, add_documents) -> None:  # type: ignore[no-untyped-def]
    add_documents(store, {"id": "undated", "text": "A sawmill without a date."})
    assert ids(search(store, "sawmill")) == ["undated"]
    assert search(store, "sawmill", since="2000") == []


def test_source_and_language_filters(corpus) -> None:  # type: ignore[no-untyped-def]
    query = "sawmill OR korean OR 노동자들이"
    assert set(ids(search(corpus, query, source="DailyNK.com"))) == {
        "sawmill",
        "construction",
        "korean-language",
    }
    assert ids(search(corpus, query, source="rfa.org")) == ["seafood"]
    assert search(corpus, query, source="nobody") == []
    assert ids(search(corpus, query, language="ko")) == ["korean-language"]
    assert ids(search(corpus, query, source="dailynk.com", language="en", until="2024-04")) == [
        "sawmill"
    ]


def test_limit_and_offset_page_through_hits(corpus) -> None:  # type: ignore[no-untyped-def]
    every = ids(search(corpus, "rain", limit=100))
    assert len(every) == len(FILLER)
    pages = [ids(search(corpus, "rain", limit=3, offset=o)) for o in (0, 3, 6)]
    assert [i for page in pages for i in page] == every
    assert search(corpus, "rain", limit=0) == []


def test_bad_arguments_raise_value_error(corpus) -> None:  # type: ignore[no-untyped-def]
    for kwargs in ({"since": "2024-3"}, {"until": "March"}, {"limit": -1}, {"offset": -5}):
        with pytest.raises(ValueError):
            search(corpus, "sawmill", **kwargs)


HOSTILE = [
    '"unbalanced',
    'unbalanced"',
    '"',
    '""',
    "NEAR(",
    "NEAR(sawmill tynda, 2)",
    "*",
    "saw*",
    "-",
    "--",
    "- -",
    "OR",
    "AND",
    "NOT",
    "sawmill OR",
    "OR OR sawmill",
    "sawmill AND NOT",
    "(sawmill",
    "title:sawmill",
    "^sawmill",
    "sawmill'",
    "' OR 1=1 --",
    "'; DROP TABLE documents; --",
    "%",
    "_",
    "\\",
    "\x00sawmill",
    "\x02sawmill\x03",
    "!!sawmill & | <->",
    "sawmill:*",
    "🙂",
    "x" * 100_000,
    "sawmill " * 5_000,
    " ".join(f"w{i}" for i in range(500)),
    " OR ".join(f"w{i}" for i in range(500)),
    "",
    "   ",
]


def test_hostile_queries_never_raise(corpus) -> None:  # type: ignore[no-untyped-def]
    # one database for all queries: a loop, not parametrize, keeps the PostgreSQL half fast
    for query in HOSTILE:
        assert isinstance(search(corpus, query), list), repr(query[:40])
    with corpus.session() as session:
        assert session.query(Document).count() == len(FILLER) + len(DOCS)


def test_words_inside_syntax_are_still_found(corpus) -> None:  # type: ignore[no-untyped-def]
    queries = ['"sawmill', "sawmill OR", "OR OR sawmill", "(sawmill", "^sawmill", "sawmill'"]
    queries += ["sawmill:*", "\x00sawmill", "\x02sawmill\x03", "!!sawmill & | <->"]
    for query in [*queries, "sawmill " * 5_000]:
        assert ids(search(corpus, query)) == ["sawmill", "seafood"], repr(query[:40])


def test_index_follows_updates_and_deletes(corpus) -> None:  # type: ignore[no-untyped-def]
    with corpus.session() as session:
        document = session.get(Document, "sawmill")
        document.text = "The lumber yard was closed."
        document.title = "Closed"
    assert ids(search(corpus, "lumber")) == ["sawmill"]
    assert ids(search(corpus, "tynda")) == []
    with corpus.session() as session:  # filtered columns changed: filters follow
        document = session.get(Document, "sawmill")
        document.language = "ru"
        document.published = "2019-01"
        document.source_id = session.get(Document, "seafood").source_id
    assert ids(search(corpus, "lumber", language="ru", until="2019", source="rfa.org")) == [
        "sawmill"
    ]
    assert search(corpus, "lumber", language="en") == []
    assert search(corpus, "lumber", since="2020") == []
    with corpus.session() as session:
        session.delete(session.get(Document, "sawmill"))
    assert search(corpus, "lumber") == []
    assert ids(search(corpus, "sawmill")) == ["seafood"]


def test_article_text_cannot_forge_highlights(store, add_documents) -> None:  # type: ignore[no-untyped-def]
    add_documents(
        store,
        {
            "id": "forger",
            "title": "\x02fake\x03 title",
            "text": "Plain \x02fake\x03 words \x1b[31mred\x1b[0m and \u202eevil; the harbour.",
        },
    )
    [hit] = search(store, "harbour")
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["harbour"]
    assert not any(ch in hit.snippet for ch in "\x02\x03\x1b\u202e")
    assert "fake" in hit.snippet


def test_split_marked_spans_and_cleaning() -> None:
    start, end = "<S>", "<E>"
    plain, spans = split_marked("  a <S>b<E>\n\n c\x07 <S>d e<E>  ", start, end)
    assert plain == "a b c d e"
    assert [plain[s:e] for s, e in spans] == ["b", "d e"]
    assert split_marked("no match", start, end) == ("no match", ())


def test_parse_query_grammar() -> None:
    parsed = parse_query('Korean "forced  Labour" OR sawmill -Tynda -"cold storage"')
    assert parsed.groups == (("korean", "forced labour"), ("sawmill",))
    assert parsed.excluded == ("tynda", "cold storage")
    assert parsed.fts5() == (
        '("korean" AND "forced labour" OR "sawmill") NOT "tynda" NOT "cold storage"'
    )
    assert parsed.websearch() == (
        '"korean" "forced labour" or "sawmill"',
        '"tynda" or "cold storage"',
    )
    assert not parse_query('* - "" OR')
    assert parse_query('NEAR("x"').groups == (("near", "x"),)
    many = parse_query(" ".join(f"w{i}" for i in range(1000)))
    assert sum(map(len, many.groups)) == MAX_TERMS


def test_diacritics_are_folded_on_sqlite(sqlite_store, add_documents) -> None:  # type: ignore[no-untyped-def]
    add_documents(sqlite_store, {"id": "cafe", "text": "Workers met at the Café Résumé."})
    assert ids(search(sqlite_store, "cafe resume")) == ["cafe"]
    assert ids(search(sqlite_store, "café")) == ["cafe"]


@pytest.mark.postgres
def test_postgresql_search_uses_the_gin_index(pg_url: str) -> None:
    store = open_store(pg_url)
    try:
        with store.engine.begin() as connection:
            connection.execute(text("SET LOCAL enable_seqscan = off"))
            plan = connection.execute(
                text(
                    "EXPLAIN SELECT document_id FROM documents_fts"
                    " WHERE vector @@ websearch_to_tsquery('simple'::regconfig, :q)"
                ),
                {"q": "sawmill"},
            ).scalars()
            assert "documents_fts_gin" in "\n".join(plan)
    finally:
        store.close()


def test_unselective_queries_are_ranked_among_the_newest_matches(
    store, add_documents, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """With more matches than RANK_WINDOW, the newest matches are ranked; a page is never
    cut short by the window."""
    docs = [
        {"id": f"n{i}", "text": "harbour " * (1 + i % 3) + "x" * i, "source": f"s{i % 2}"}
        for i in range(10)
    ]
    docs[0]["title"] = "Harbour"  # the best match overall is the oldest
    add_documents(store, *docs)
    exact = ids(search(store, "harbour"))
    assert exact[0] == "n0" and len(exact) == 10
    monkeypatch.setitem(search_module.RANK_WINDOW, store.dialect, 2)
    assert ids(search(store, "harbour")) == exact
    assert ids(search(store, "harbour", limit=1)) in (["n8"], ["n9"])
    assert ids(search(store, "harbour", source="s0")) == [i for i in exact if int(i[1:]) % 2 == 0]
    assert ids(search(store, "harbour", source="s0", limit=1)) in (["n8"], ["n6"])


def test_source_filter_ignores_case_beyond_ascii(store, add_documents) -> None:  # type: ignore[no-untyped-def]
    add_documents(
        store,
        {"id": "ru", "text": "Рабочие на стройке.", "source": "Радио Свобода"},
        {"id": "en", "text": "Рабочие тоже.", "source": "RFA"},
    )
    assert ids(search(store, "рабочие", source="радио свобода")) == ["ru"]
    assert ids(search(store, "РАБОЧИЕ", source="rfa")) == ["en"]
