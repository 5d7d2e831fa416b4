"""Normalization, hashing, dates, field cleaning, decoding and language detection."""

from __future__ import annotations

import gzip

import pytest

from laborwatch.errors import IngestError
from laborwatch.ingest.dates import parse_published
from laborwatch.ingest.decode import decode_bytes, gunzip, looks_binary
from laborwatch.ingest.fields import canonical_url, clean_tags, hostname
from laborwatch.ingest.language import detect_language
from laborwatch.ingest.text import normalize_text, stable_id, text_hash


def test_normalize_paragraphs_and_whitespace() -> None:
    raw = "  First\u00a0 line\r\nstill first  \r\n\r\n\r\n\tSecond\x00 para\u2028third\x1b[31m "
    assert normalize_text(raw) == "First line\nstill first\n\nSecond para\nthird[31m"


def test_normalize_single_lines_become_paragraphs() -> None:
    assert normalize_text("one\ntwo\n  \nthree") == "one\ntwo\n\nthree"
    assert normalize_text("one\ntwo\nthree") == "one\n\ntwo\n\nthree"
    assert normalize_text("one\n\ntwo\nthree", line_paragraphs=True) == "one\n\ntwo\n\nthree"


def test_normalize_is_idempotent_and_drops_surrogates() -> None:
    text = normalize_text("Caf\u0065\u0301 \ud800ok\n\n\n  next ")
    assert text == "Café ok\n\nnext"
    assert normalize_text(text) == text
    assert normalize_text(" \n\t\n") == ""


def test_text_hash_ignores_case_and_spacing() -> None:
    assert text_hash("North Korean  workers\n\nsent") == text_hash("north korean workers sent")
    assert text_hash("workers sent") != text_hash("workers kept")
    assert stable_id(text_hash("x")) == stable_id(text_hash("X"))
    assert stable_id(text_hash("x")).startswith("doc-")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-21", ("2024-03-21", "day")),
        ("2024-03-21T08:00:00+09:00", ("2024-03-21", "day")),
        ("2024-03", ("2024-03", "month")),
        ("2024", ("2024", "year")),
        ("2024-02-30", (None, None)),
        ("March 2024", (None, None)),
        (None, (None, None)),
    ],
)
def test_parse_published(value: str | None, expected: tuple) -> None:
    assert parse_published(value) == expected


def test_canonical_url_and_hostname() -> None:
    url = "HTTPS://WWW.Example.org:443/a/b?utm_source=x&id=3#frag"
    assert canonical_url(url) == "https://www.example.org/a/b?id=3"
    assert canonical_url("javascript:alert(1)") is None
    assert canonical_url("x" * 3000) is None
    assert hostname("https://www.example.org/a") == "example.org"
    assert clean_tags([" a ", "b", "a", "", "c\x00d"]) == ["a", "b", "cd"]


def test_decode_utf8_bom_and_legacy_encodings() -> None:
    assert decode_bytes("Ünïcode".encode()) == "Ünïcode"
    assert decode_bytes("\ufeffbom".encode()) == "bom"
    assert decode_bytes("Рабочие на стройке".encode("utf-16")) == "Рабочие на стройке"
    text = "Северокорейские рабочие прибыли на стройку в марте, сообщил источник. " * 8
    assert decode_bytes(text.encode("cp1251")) == text
    page = '<html><head><meta charset="windows-1251"></head><body>Привет</body></html>'
    assert decode_bytes(page.encode("cp1251"), html=True) == page


def test_decode_rejects_binary_and_undecodable() -> None:
    for data in (b"\x89PNG\r\n\x1a\n\x00\x00", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", b"abc\x00def"):
        assert looks_binary(data)
        with pytest.raises(IngestError) as caught:
            decode_bytes(data)
        assert caught.value.reason == "binary"
    broken = ("Привет мир " * 30).encode()[:-1] + b"\xff\xc3\x28 ok"
    with pytest.raises(IngestError) as caught:
        decode_bytes(broken)
    assert caught.value.reason == "undecodable"


def test_decode_rejects_noise_behind_a_utf16_bom() -> None:
    import codecs
    import random

    rng = random.Random(7)
    # random 16-bit units outside the surrogate range: valid UTF-16 that is no language
    units = [
        rng.choice((rng.randrange(0x100, 0xD800), rng.randrange(0xE000, 0x10000)))
        for _ in range(2000)
    ]
    data = codecs.BOM_UTF16_LE + b"".join(u.to_bytes(2, "little") for u in units)
    data.decode("utf-16")  # it does decode
    with pytest.raises(IngestError) as caught:
        decode_bytes(data)
    assert caught.value.reason == "binary"
    # real Chinese and Korean text behind the same BOM is text
    for text in ("朝鲜工人在丹东的工厂工作。" * 40, "북한 노동자들이 러시아에 파견되었다. " * 40):
        assert decode_bytes(text.encode("utf-16")) == text


def test_gunzip_limits_output() -> None:
    data = gzip.compress(b"a" * 10_000)
    assert gunzip(data, 10_000) == b"a" * 10_000
    with pytest.raises(IngestError) as caught:
        gunzip(data, 9_999)
    assert caught.value.reason == "too_large"
    with pytest.raises(IngestError) as caught:
        gunzip(data[:20] + b"garbage", 10_000)
    assert caught.value.reason == "undecodable"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("북한 노동자들이 러시아 건설 현장에 파견되었다고 소식통이 전했다.", "ko"),
        ("Северокорейские рабочие прибыли на стройку в марте, сообщил источник.", "ru"),
        ("Північнокорейські робітники прибули на будівництво в березні, повідомило джерело.", "uk"),
        ("North Korean workers arrived at the construction site in March, a source said.", "en"),
        ("Nordkoreanische Arbeiter kamen im März auf der Baustelle an, sagte eine Quelle.", "de"),
        ("OK", None),
        ("12345 --- 678", None),
    ],
)
def test_detect_language(text: str, language: str | None) -> None:
    assert detect_language(text) == language
