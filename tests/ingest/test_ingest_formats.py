"""Each input format, from fixtures written for this project (tests/fixtures/ingest)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from laborwatch.errors import IngestError
from laborwatch.ingest import aggregator, html, jsonl, plaintext
from laborwatch.ingest.pipeline import read_file
from laborwatch.store.writer import NewDocument, NewReject

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def read(name: str) -> list[NewDocument | NewReject]:
    return list(read_file(FIXTURES / name))


def test_jsonl_records_keep_ids_fields_and_extras() -> None:
    first, second, third = read("corpus.jsonl")
    assert [d.id for d in (first, second, third)] == ["fx-001", "fx-002", "fx-003"]
    assert all(d.origin_format == "jsonl" for d in (first, second, third))
    assert [d.origin_line for d in (first, second, third)] == [1, 2, 3]
    assert first.title == "Fish plant in a border city takes on 300 North Korean women"
    assert first.source == "harbour-courier.example"
    assert first.url.endswith("?utm_source=feed#top")
    assert first.canonical_url == "https://harbour-courier.example/news/fish-plant"
    assert (first.published, first.published_precision) == ("2024-05-14", "day")
    assert first.meta == {"desk": "business", "wordcount": 38}
    assert first.raw == (FIXTURES / "corpus.jsonl").read_bytes().splitlines()[0]
    # whitespace and CRLF normalized once; month precision kept; language detected when absent
    assert second.text == (
        "Residents reported seeing about 40 North Korean builders at a housing site on the edge "
        "of the city.\n\nThe builders were working late into the night."
    )
    assert (second.published, second.published_precision) == ("2023-11", "month")
    assert second.language == "en"
    assert third.language == "ru"
    assert third.tags == ["logging", "far east"]
    assert third.published is None and third.meta == {"published_raw": "2022-02-30"}


def test_jsonl_bad_lines_are_rejected_with_line_numbers_and_the_rest_goes_on() -> None:
    items = read("bad.jsonl")
    docs = [item for item in items if isinstance(item, NewDocument)]
    rejects = [item for item in items if isinstance(item, NewReject)]
    assert [d.id for d in docs] == ["bad-1", "bad-6"]
    assert [(r.line, r.reason) for r in rejects] == [
        (2, "malformed_json"),
        (4, "invalid_record"),
        (5, "empty_text"),
        (6, "invalid_record"),
    ]
    assert all(r.origin == str(FIXTURES / "bad.jsonl") for r in rejects)
    assert rejects[0].detail.startswith("line 2, column")
    assert rejects[0].raw == b'{"id": "bad-2", "text": "this line is cut off'


def test_jsonl_sniffing_and_long_lines() -> None:
    assert jsonl.looks_like(b'\xef\xbb\xbf {"id": "a", "text": "b"}\n')
    assert not jsonl.looks_like(b'{\n  "a": {"b": 1},\n  "c": 2\n}\n')  # pretty-printed JSON
    assert not jsonl.looks_like(b"Plain text {with braces}\n")
    stream = io.BytesIO(b'{"a": 1}\n' + b"x" * 50 + b"\n\n" + b'{"b": 2}')
    assert list(jsonl.iter_lines(stream, 20)) == [(1, b'{"a": 1}'), (2, None), (4, b'{"b": 2}')]


def test_aggregator_export_parts_and_boilerplate() -> None:
    (doc,) = read("aggregator.txt")
    assert doc.origin_format == "aggregator"
    assert doc.source == "harbour-courier.example"
    assert doc.title == "Shipyard in the Far East said to employ North Korean welders"
    assert doc.tags == ["shipbuilding", "north korea", "overseas workers", "far east"]
    assert doc.text.startswith("A shipyard in a Far Eastern port city")
    assert doc.text.endswith("“They never speak to us,” one of them said.")
    assert "Read in Korean" not in doc.text and "source page" not in doc.text
    assert doc.text.count("\n\n") == 3


def test_aggregator_variant_without_blank_lines_or_tag_line() -> None:
    (doc,) = read("aggregator-variant.txt")
    assert doc.origin_format == "aggregator"
    assert (doc.source, doc.tags) == ("Steppe Daily", [])
    assert doc.title == "Canteen staff return home after contract ends"
    assert doc.text == (
        "About 25 North Korean canteen workers returned home last month after their contract "
        "ended, an official said.\n\nThe canteen had served a construction site for two years."
    )


@pytest.mark.parametrize(
    ("text", "is_aggregator"),
    [
        ("example.org\nHeadline\nBody sentence one. Body sentence two.\n", True),
        ("Outlet\n\nHeadline\n\nalpha, beta\n\nBody.\n", True),
        ("Outlet\nHeadline\nBody.\nRead more at Outlet\n", True),
        ("A headline\n\nThe first paragraph ends here.\n\nAnd the second one.\n", False),
        ("Just one paragraph of text, nothing else.", False),
    ],
)
def test_aggregator_detected_by_shape(text: str, is_aggregator: bool) -> None:
    assert aggregator.looks_like(text) is is_aggregator


def test_plain_text_title_when_it_looks_like_one() -> None:
    (doc,) = read("note.txt")
    assert doc.origin_format == "text"
    assert doc.title == "Field notes: a visit to the housing site"
    assert doc.text.startswith("We visited the housing site twice")
    assert doc.id.startswith("doc-")
    no_title = plaintext.parse("This first line is a sentence.\n\nAnd a second paragraph.")
    assert no_title.title is None and no_title.text.startswith("This first line")
    with pytest.raises(IngestError):
        plaintext.parse(" \n ")


def test_html_main_text_and_metadata() -> None:
    (doc,) = read("article.html")
    assert doc.origin_format == "html"
    assert doc.title == "Logging camp workers moved to new site"
    assert doc.url == doc.canonical_url == "https://taiga-herald.example/2024/03/logging-camp-moved"
    assert doc.source == "taiga-herald.example"
    assert (doc.published, doc.published_precision) == ("2024-03-18", "day")
    assert doc.tags == ["logging", "north korea"]
    assert doc.meta["sitename"] == "Taiga Herald"
    assert doc.text.startswith("About 120 North Korean loggers")  # headline is the title
    assert doc.text.count("\n\n") == 2
    for noise in ("Reader comment", "Home", "Copyright"):
        assert noise not in doc.text
    assert doc.raw == (FIXTURES / "article.html").read_bytes()


def test_html_without_article_text_is_rejected() -> None:
    (reject,) = read("no-text.html")
    assert isinstance(reject, NewReject)
    assert reject.reason == "no_article_text"
    assert reject.raw == (FIXTURES / "no-text.html").read_bytes()
    assert html.looks_like("<!-- saved -->\n<!DOCTYPE html><html>")
    assert not html.looks_like("A text that mentions <html> later")
