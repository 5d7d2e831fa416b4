"""Sentence splitting with character offsets into the stored text."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from laborwatch.extract.lexicon import load_lexicon


class Sentence(NamedTuple):
    """One sentence: its number, its paragraph's, where it lies in the text, and its words.
    (A tuple: an article has dozens, made fast.)"""

    index: int
    paragraph: int
    start: int
    end: int
    text: str


_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\S)")
# the pattern opens with one punctuation character (not a repeat or a choice), so the engine
# scans for that character quickly; "다." and "요." end Korean sentences
_BOUNDARY = re.compile(
    r"[.!?…](?:[.!?…]*[\"'”’»)]*\s+(?=[\"'“‘«(]?[A-ZА-ЯЁ0-9가-힣])|(?<=[다요]\.)\s+)"
)


@cache
def _abbreviations(lang: str) -> frozenset[str]:
    return frozenset(load_lexicon(lang).get("sentences", {}).get("abbreviations", []))


def split_sentences(text: str, lang: str = "en") -> list[Sentence]:
    """Sentences of ``text``; paragraph breaks always end a sentence."""
    abbreviations = _abbreviations(lang)
    sentences: list[Sentence] = []
    paragraph_start = 0
    paragraph = 0
    for match in [*_PARAGRAPH.finditer(text), None]:
        paragraph_end = match.start() if match else len(text)
        _split_paragraph(text, paragraph_start, paragraph_end, paragraph, abbreviations, sentences)
        if match is None:
            break
        paragraph_start = match.end()
        paragraph += 1
    return sentences


def _split_paragraph(
    text: str, start: int, end: int, paragraph: int, abbreviations: frozenset[str], out: list
) -> None:
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        if match.group().startswith("."):
            # "Mr. Kim", "U.S. officials", "N. Korea": a full stop that ends no sentence
            words = text[cursor : match.start()].rsplit(None, 1)
            last_word = _LAST_WORD.search(words[-1]) if words else None
            if last_word and (
                last_word.group().rstrip(".") in abbreviations or len(last_word.group()) == 1
            ):
                continue
        _add(text, cursor, match.end(), paragraph, out)
        cursor = match.end()
    _add(text, cursor, end, paragraph, out)


_LAST_WORD = re.compile(r"[\w.]+$")


def _add(text: str, start: int, end: int, paragraph: int, out: list) -> None:
    piece = text[start:end]
    words = piece.strip()
    if words:
        start += len(piece) - len(piece.lstrip())
        out.append(Sentence(len(out), paragraph, start, start + len(words), words))
