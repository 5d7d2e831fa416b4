import pytest

from laborwatch.extract.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.", ["One.", "Two."]),
        (
            "They arrived on Feb. 5 in Vladivostok. Then more came.",
            ["They arrived on Feb. 5 in Vladivostok.", "Then more came."],
        ),
        (
            "The U.S. Treasury acted. It named firms.",
            ["The U.S. Treasury acted.", "It named firms."],
        ),
        (
            "He said: “We sent them.” The source added more.",
            ["He said: “We sent them.”", "The source added more."],
        ),
        (
            "First paragraph without stop\n\nSecond one.",
            ["First paragraph without stop", "Second one."],
        ),
        (
            "St. Petersburg hosts crews. Dr. Kim said so.",
            ["St. Petersburg hosts crews.", "Dr. Kim said so."],
        ),
        ("노동자들이 파견됐다. 소식통이 전했다.", ["노동자들이 파견됐다.", "소식통이 전했다."]),
        ("Рабочие прибыли. Источник сообщил.", ["Рабочие прибыли.", "Источник сообщил."]),
        ("", []),
    ],
)
def test_split_sentences(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


def test_offsets_point_into_the_text():
    text = "  Workers arrived.\n\n  More followed in March.  "
    sentences = split_sentences(text)
    assert [text[s.start : s.end] for s in sentences] == [s.text for s in sentences]
    assert [s.paragraph for s in sentences] == [0, 1]
