"""Dates: SPEC section 2 `when`, absolute and relative, in English, Korean and Russian."""

import pytest

from laborwatch.extract.dates import find_dates, infer_reference_date


def dates(text: str, published: str | None, lang: str = "en") -> list[tuple]:
    return [(d.value, d.precision, d.kind) for d in find_dates(text, published, lang)]


PUB = "2024-03-20"  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # absolute
        ("in January 2024", [("2024-01", "month", "point")]),
        ("in Jan. 2024", [("2024-01", "month", "point")]),
        ("on March 13, 2024", [("2024-03-13", "day", "point")]),
        ("on 13 March 2024", [("2024-03-13", "day", "point")]),
        ("on 2024-03-13", [("2024-03-13", "day", "point")]),
        ("on 27.12.2023 at noon", [("2023-12-27", "day", "point")]),
        ("in 2016", [("2016", "year", "point")]),
        ("the summer of 2016", [("2016", "year", "point")]),
        ("late 2017", [("2017", "year", "point")]),
        ("at the end of 2017", [("2017", "year", "point")]),
        ("mid-2023", [("2023", "year", "point")]),
        ("the first quarter of 2024", [("2024", "year", "point")]),
        ("the 2023-24 season", [("2023", "year", "span")]),
        ("between August and November 2016", [("2016", "year", "span")]),
        # SPEC: a span over two named months is the year
        ("flown in in March and April 2023", [("2023", "year", "span")]),
        ("in 2017 and 2018", [("2017", "year", "point"), ("2018", "year", "point")]),
        ("from July 20 to 27, 2023", [("2023-07", "month", "span")]),
        ("between 2016 and 2018", [("2016", "year", "span")]),
        # months and days without a year: the latest one up to publication
        ("in February", [("2024-02", "month", "point")]),
        ("in May", [("2023-05", "month", "point")]),
        ("in early March", [("2024-03", "month", "point")]),
        ("in mid-March", [("2024-03", "month", "point")]),
        ("next February", [("2025-02", "month", "point")]),
        ("this coming April", [("2024-04", "month", "point")]),
        ("last March", [("2023-03", "month", "point")]),
        ("on Feb. 5", [("2024-02-05", "day", "point")]),
        ("Sept. 13 last year", [("2023-09-13", "day", "point")]),
        ("in September last year", [("2023-09", "month", "point")]),
        ("on Thursday", [("2024-03-14", "day", "point")]),
        ("last winter", [("2023", "year", "point")]),
        # relative to publication
        ("last year", [("2023", "year", "point")]),
        ("this year", [("2024", "year", "point")]),
        ("next year", [("2025", "year", "point")]),
        ("last month", [("2024-02", "month", "point")]),
        ("earlier this month", [("2024-03", "month", "point")]),
        ("now", [("2024-03", "month", "point")]),
        ("currently", [("2024-03", "month", "point")]),
        ("recently", [(None, None, "point")]),
        ("two years ago", [("2022", "year", "point")]),
        ("last week", [("2024-03", "month", "point")]),
        ("yesterday", [("2024-03-19", "day", "point")]),
        ("a year earlier", [("2023", "year", "point")]),
        # since / by / until
        ("since 2019", [("2019", "year", "since")]),
        ("since September last year", [("2023-09", "month", "since")]),
        ("by 2020", [("2020", "year", "by")]),
        ("by the end of 2019", [("2019", "year", "by")]),
        ("until March 2021", [("2021-03", "month", "until")]),
        ("as of March 2019", [("2019-03", "month", "point")]),
        # not dates
        ("2,000 workers", []),
        ("2000 workers", []),
        ("about 2000 workers", []),
        ("the 1990s", []),
        ("workers may march on", []),
        ("Jan Egeland said", []),
        ("prices fall sharply", []),
        ("Resolution 2397", []),
    ],
)
def test_english_dates(text, expected):
    assert dates(text, PUB) == expected


def test_anchored_relatives_follow_the_previous_date():
    text = "21,400 held visas at the end of 2017 and 9,800 a year later; the same year, more left."
    assert dates(text, PUB) == [
        ("2017", "year", "point"),
        ("2018", "year", "point"),
        ("2018", "year", "point"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last year", [(None, None, "point")]),
        ("now", [(None, None, "point")]),
        ("in February", [(None, None, "point")]),
        ("on Thursday", [(None, None, "point")]),
        ("in 2016", [("2016", "year", "point")]),
        ("in March 2019", [("2019-03", "month", "point")]),
    ],
)
def test_without_publication_date(text, expected):
    assert dates(text, None) == expected


def test_reference_year_resolves_only_year_relatives():
    found = find_dates("last year and in February", None, reference="2016")
    assert [(d.value, d.precision) for d in found] == [("2015", "year"), (None, None)]


@pytest.mark.parametrize(
    ("text", "published", "lang", "value", "future"),
    [
        ("Russia plans to bring them in February", "2024-01-10", "en", "2023-02", "2024-02"),
        ("In February, officials said more would come", "2024-01-10", "en", "2023-02", "2023-02"),
        ("The ministers will meet on Thursday", "2024-12-27", "en", "2024-12-26", "2025-01-02"),
        ("They left on Thursday", "2024-12-27", "en", "2024-12-26", "2024-12-26"),
        ("Work will resume in 2016", "2024-01-10", "en", "2016", "2016"),
        ("власти надеются, что рабочие приедут весной", "2026-02-15", "ru", "2025", "2026"),
        ("봄에 다시 오기를 바란다", "2026-02-16", "ko", "2025", "2026"),
        ("12월에 귀국했다", "2026-02-16", "ko", "2025-12", "2025-12"),
    ],
)
def test_future_reading(text, published, lang, value, future):
    (found,) = find_dates(text, published, lang)
    assert (found.value, found.future_value) == (value, future)


def test_published_datetime_and_relative_flag():
    (found,) = find_dates("last month", "2024-03-21T08:00:00+09:00")
    assert (found.value, found.relative) == ("2024-02", True)
    (found,) = find_dates("in March 2019", "2024-03-21")
    assert found.relative is False


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("2024년 3월", "2025-09-22", [("2024-03", "month", "point")]),
        ("2024년 3월 13일", "2025-09-22", [("2024-03-13", "day", "point")]),
        ("지난해", "2025-09-22", [("2024", "year", "point")]),
        ("작년", "2025-09-22", [("2024", "year", "point")]),
        ("올해", "2025-09-22", [("2025", "year", "point")]),
        ("내년", "2025-09-22", [("2026", "year", "point")]),
        ("지난달", "2025-09-22", [("2025-08", "month", "point")]),
        ("이달", "2025-09-22", [("2025-09", "month", "point")]),
        ("3월 초", "2025-09-22", [("2025-03", "month", "point")]),
        ("지난해 8월", "2025-09-22", [("2024-08", "month", "point")]),
        ("지난해 9월 말", "2025-09-22", [("2024-09", "month", "point")]),
        ("2008년 말", "2025-09-22", [("2008", "year", "point")]),
        ("2019년 상반기", "2025-09-22", [("2019", "year", "point")]),
        ("지난 5월", "2025-09-22", [("2025-05", "month", "point")]),
        ("12월에 귀국했다", "2026-02-16", [("2025-12", "month", "point")]),
        ("정부가 30일 발표했다", "2025-04-30", [("2025-04-30", "day", "point")]),
        ("이달 3일부터 9일 사이", "2025-09-22", [("2025-09", "month", "span")]),
        ("2019년부터", "2025-09-22", [("2019", "year", "since")]),
        ("2020년까지", "2025-09-22", [("2020", "year", "by")]),
        ("2년 전", "2025-09-22", [("2023", "year", "point")]),
        ("현재", "2025-09-22", [("2025-09", "month", "point")]),
        ("최근", "2025-09-22", [(None, None, "point")]),
        ("올봄", "2026-02-16", [("2026", "year", "point")]),
        ("2026.02.16 08:05", "2026-02-16", [("2026-02-16", "day", "point")]),
        ("11월 중간 점검", "2025-12-28", [("2025-11", "month", "point")]),
        ("돌봄 서비스", "2025-12-28", []),
        ("5,000여명", "2025-12-28", []),
    ],
)
def test_korean_dates(text, published, expected):
    assert dates(text, published, "ko") == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("в марте 2024 года", "2026-02-15", [("2024-03", "month", "point")]),
        ("13 марта 2024 г.", "2026-02-15", [("2024-03-13", "day", "point")]),
        ("в прошлом году", "2026-02-15", [("2025", "year", "point")]),
        ("в этом году", "2026-02-15", [("2026", "year", "point")]),
        ("в 2016 году", "2026-02-15", [("2016", "year", "point")]),
        ("с 2019 года", "2026-02-15", [("2019", "year", "since")]),
        ("к 2020 году", "2026-02-15", [("2020", "year", "by")]),
        ("к концу 2019 года", "2026-02-15", [("2019", "year", "by")]),
        ("до 22 декабря 2019 года", "2026-02-15", [("2019-12-22", "day", "until")]),
        ("в декабре вернулись", "2026-02-15", [("2025-12", "month", "point")]),
        ("к марту закончили", "2025-06-28", [("2025-03", "month", "by")]),
        ("в январе этого года", "2026-02-15", [("2026-01", "month", "point")]),
        ("осенью 2022 года", "2026-02-15", [("2022", "year", "point")]),
        ("весной", "2026-02-15", [("2025", "year", "point")]),
        ("в начале 2024 года", "2026-02-15", [("2024", "year", "point")]),
        ("с конца мая по начало июня", "2023-07-28", [("2023", "year", "span")]),
        ("с августа по ноябрь 2016 года", "2026-02-15", [("2016", "year", "span")]),
        ("два года назад", "2026-02-15", [("2024", "year", "point")]),
        ("сейчас", "2026-02-15", [("2026-02", "month", "point")]),
        ("недавно", "2026-02-15", [(None, None, "point")]),
        ("13.03.2024", "2026-02-15", [("2024-03-13", "day", "point")]),
        ("около 2000 человек", "2026-02-15", []),
    ],
)
def test_russian_dates(text, published, expected):
    assert dates(text, published, "ru") == expected


def test_spans_point_into_the_text():
    text = "Since September last year, about 4,000 arrived; by the end of 2019 others left."
    for d in find_dates(text, PUB):
        assert text[d.start : d.end] == d.text


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Workers arrived in 2016. More came in March 2017.", "en", "2017"),
        ("Workers arrived in 2016. By 2030 the plan will be finished.", "en", "2016"),
        ("Workers arrived in 2016. The firm will hire more in 2027.", "en", "2016"),
        ("Workers arrived last year.", "en", None),
        ("2,000 workers arrived.", "en", None),
        ("Work will start in 2099.", "en", None),
        ("They built the stadium in 2015 for the 2018 World Cup.", "en", "2015"),
        ("노동자들이 2016년에 도착했다.", "ko", "2016"),
        ("Рабочие прибыли в 2016 году.", "ru", "2016"),
    ],
)
def test_infer_reference_date(text, lang, expected):
    assert infer_reference_date(text, lang) == expected


def test_hostile_input_is_bounded():
    text = "March 5 " * 2000 + "1 " * 2000 + "지난해 " * 500
    assert len(find_dates(text, PUB)) > 0
    assert find_dates("", PUB) == []


@pytest.mark.parametrize("lang", ["en", "ko", "ru"])
def test_patterns_tried_by_first_character_match_as_the_whole_alternation(lang, shared_dir):
    """At every place a date can start, the patterns that can open with the character found
    there give exactly the match of all the patterns."""
    import json

    from laborwatch.extract.dates import _grammar

    folder = shared_dir / "corpus" / ("" if lang == "en" else lang)
    texts = [
        json.loads(line)["text"]
        for path in sorted(folder.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    texts.append("Sept. 13 last year, ſummer 2023, K-pop, 3/13/2024, ٣ March 2024, 2024-03-13")
    grammar = _grammar(lang)
    tried = 0
    for text in texts:
        for trigger in grammar.trigger.finditer(text):
            for pos in (trigger.start(), trigger.start() + 1):
                fast = grammar.pattern.match(text, pos)
                whole = grammar.pattern.whole.match(text, pos)
                assert (fast and (fast.span(), fast.lastgroup)) == (
                    whole and (whole.span(), whole.lastgroup)
                ), text[pos : pos + 40]
                tried += 1
    assert tried > 200


def test_a_documents_dates_are_the_same_whichever_sentence_is_asked_first():
    """Dates are read a stretch about workers at a time: what a date resolves to ("a year
    earlier") never depends on which sentence a rule asks about first."""
    from laborwatch.extract.document import Document
    from laborwatch.extract.gazetteer import load_gazetteer

    text = (
        "In March 2019, 300 North Korean workers arrived in Vladivostok. A year earlier, "
        "200 workers had come. In May 2020 the workers moved to Nakhodka. Since last year "
        "about 500 workers have been building apartments. The workers will leave in June."
    )
    gazetteer = load_gazetteer()
    forward = Document(text, "2024-06-12", "en", gazetteer)
    backward = Document(text, "2024-06-12", "en", gazetteer)
    read_forward = [[d.value for d in forward.dates_in(s)] for s in forward.sentences]
    read_backward = [[d.value for d in backward.dates_in(s)] for s in backward.sentences[::-1]]
    assert read_forward == read_backward[::-1]
    assert read_forward == [["2019-03"], ["2018"], ["2020-05"], ["2023"], ["2024-06"]]


def test_two_days_joined_by_and_stay_two_dates():
    found = find_dates("on March 3 and April 5", PUB)
    assert [(d.precision, d.kind) for d in found] == [("day", "point"), ("day", "point")]
