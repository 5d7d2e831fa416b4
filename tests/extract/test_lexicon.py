import json
import re
from importlib import resources

import pytest

from laborwatch.extract.lexicon import alternation, load_lexicon, pattern, stems_of


def test_case_insensitive_group_matches_any_case_and_keeps_offsets():
    regex = alternation(["North Korean workers?", "laborers?"])
    text = "Some NORTH KOREAN Workers and Laborers arrived."
    assert [m.span() for m in regex.finditer(text)] == [(5, 25), (30, 38)]
    assert regex.search(text).group() == "north korean workers"  # lower-cased words


def test_escapes_keep_their_case():
    regex = alternation([r"sent\W+home", r"\d+ (?:Men|WOMEN)"])
    assert regex.search("They were SENT  home.")
    assert regex.search("about 300 women")
    assert not regex.search("sent-a-home")  # \W+ is not \w+


def test_whole_words_only():
    regex = alternation(["men"])
    assert regex.search("the men left")
    assert not regex.search("the government")
    assert not regex.search("pre-men")


def test_case_sensitive_group():
    regex = alternation(["workers"], flags=0)
    assert regex.search("the workers left")
    assert not regex.search("the Workers' Party")


def test_stems_occur_in_every_match():
    regex = alternation(["(?:will|would) (?:be )?sent", "dispatch(?:ed)?"])
    stems = stems_of(regex)
    assert stems
    for text in ("would be sent", "WILL SENT", "Dispatched"):
        match = regex.search(text)
        assert match and any(stem in match.group() for stem in stems)


def _groups(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "source" and isinstance(value, (dict, list)):
                yield from _groups(value, (*path, key))
    elif isinstance(node, list) and path and all(isinstance(t, str) for t in node):
        yield path, node


def _sample_texts() -> list[str]:
    corpus = resources.files("laborwatch") / "data" / "sample" / "corpus.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.read_text("utf-8").splitlines()]
    assert texts
    return texts


@pytest.mark.parametrize("path", [p for p, _ in _groups(load_lexicon("en"))], ids="/".join)
def test_lowered_group_finds_what_ignorecase_finds(path):
    """Compiling a group in lower case is an optimisation: it must match exactly what the
    same terms match with IGNORECASE."""
    terms = next(t for p, t in _groups(load_lexicon("en")) if p == path)
    ordered = sorted(set(terms), key=len, reverse=True)
    reference = re.compile(
        r"(?<![\w-])(?:" + "|".join(ordered) + r")(?:(?<![\w-])|(?![\w-]))", re.IGNORECASE
    )
    lexeme = pattern("en", *path)
    for text in _sample_texts():
        assert [m.span() for m in lexeme.finditer(text)] == [
            m.span() for m in reference.finditer(text)
        ]


def _terms(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "source":
                yield from _terms(value, (*path, key))
    elif isinstance(node, list):
        for term in node:
            yield path, term


@pytest.mark.parametrize("lang", ["en"])
def test_every_term_is_a_pattern_string(lang):
    """An unquoted term holding ": " ("(?: (?:a|b))") reads as a YAML mapping, not a term."""
    for path, term in _terms(load_lexicon(lang)):
        if path[:1] == ("sentences",):
            continue
        assert isinstance(term, str), (path, term)
        re.compile(term)


def test_groups_opening_with_literals_match_what_the_plain_alternation_matches():
    """Terms written to open with a literal character (the word boundary checked after it)
    find exactly what ``(?<![\\w-])(?:terms)`` finds, on the probe articles."""
    from pathlib import Path

    from laborwatch.extract.gazetteer import lowercase
    from laborwatch.extract.lexicon import _bounded, _lower_literals

    data = Path(__file__).resolve().parents[1] / "data"
    texts = [
        lowercase(json.loads(line)["text"])
        for name in ("probe", "probe5", "probe6")
        for line in (data / f"{name}-written.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    checked = 0
    for path, terms in _term_lists(load_lexicon("en")):
        ordered = sorted({_lower_literals(str(t)) for t in terms}, key=len, reverse=True)
        fast = re.compile(_bounded(ordered))
        plain = re.compile(r"(?<![\w-])(?:" + "|".join(ordered) + r")(?:(?<![\w-])|(?![\w-]))")
        checked += fast.pattern != plain.pattern
        for text in texts:
            assert [m.span() for m in fast.finditer(text)] == [
                m.span() for m in plain.finditer(text)
            ], path
    assert checked > 40  # most groups take the fast form


def test_a_search_started_where_the_seeker_points_finds_what_a_whole_search_finds():
    """The fast first scan of a group (a character before a word, then a term) never
    points past a match: searching from there finds every match a whole search finds,
    on sentences of the probe articles, hostile characters included."""
    from pathlib import Path

    from laborwatch.extract.sentences import split_sentences

    data = Path(__file__).resolve().parents[1] / "data"
    sentences = [
        s.text
        for name in ("probe", "probe5", "probe6")
        for line in (data / f"{name}-written.jsonl").read_text(encoding="utf-8").splitlines()
        for s in split_sentences(json.loads(line)["text"])
    ]
    sentences += ["café-workers\u00e9sent home", "über workers", "(workers) «sent home»", ""]
    seeking = 0
    for path, _terms in _term_lists(load_lexicon("en")):
        group = pattern("en", *path)
        seeking += group.seeker is not None
        for sentence in sentences:
            text = group.prepare(sentence)
            start = group.where_from(text)
            whole = [m.span() for m in group.regex.finditer(text)]
            if start is None:
                assert whole == [], (path, sentence)
            else:
                assert [m.span() for m in group.regex.finditer(text, start)] == whole, path
    assert seeking > 40


def _term_lists(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in ("source", "sentences"):
                yield from _term_lists(value, (*path, key))
    elif isinstance(node, list):
        yield path, node
