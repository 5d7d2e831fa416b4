"""Worker counts, percentages and money: SPEC section 2 forms in English, Korean and Russian."""

import re

import pytest

from laborwatch.extract.quantities import (
    Quantity,
    Trigger,
    _grammar,
    alternation,
    find_counts,
    find_money,
    find_quantities,
    load_table,
)


def counts(text: str, lang: str = "en") -> list[tuple]:
    return [(q.min, q.max, q.form) for q in find_counts(text, lang)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # exact and approximate: min = max
        ("150 workers arrived", [(150, 150, "exact")]),
        ("about 150 workers", [(150, 150, "approx")]),
        ("around 150 workers", [(150, 150, "approx")]),
        ("some 2,000 North Koreans", [(2000, 2000, "approx")]),
        ("roughly 150 workers", [(150, 150, "approx")]),
        ("approximately 150 workers", [(150, 150, "approx")]),
        ("nearly 2,000 workers", [(2000, 2000, "approx")]),
        ("almost 300 workers", [(300, 300, "approx")]),
        ("an estimated 150 workers", [(150, 150, "approx")]),
        ("About 30,000 North Koreans", [(30000, 30000, "approx")]),
        ("150 or so workers", [(150, 150, "approx")]),
        # ranges: hyphen, en dash, em dash, "to", "between X and Y"
        ("groups of 1,000-2,000 workers", [(1000, 2000, "range")]),
        ("groups of 1,000–2,000 workers", [(1000, 2000, "range")]),
        ("groups of 1,000—2,000 workers", [(1000, 2000, "range")]),
        ("1,000 to 2,000 workers", [(1000, 2000, "range")]),
        ("between 300 and 500 men", [(300, 500, "range")]),
        ("40-50 workers waited", [(40, 50, "range")]),
        ("5-7 thousand workers", [(5000, 7000, "range")]),
        # open bounds
        ("5,000 or more workers", [(5000, None, "lower")]),
        ("at least 4,000 workers", [(4000, None, "lower")]),
        ("more than 10,000 workers", [(10000, None, "lower")]),
        ("over 1,000 workers", [(1000, None, "lower")]),
        ("no fewer than 60 workers", [(60, None, "lower")]),
        ("upwards of 500 workers", [(500, None, "lower")]),
        ("a 5,000-plus workforce", [(5000, None, "lower")]),
        ("5,000+ workers", [(5000, None, "lower")]),
        ("up to 50,000 workers", [(None, 50000, "upper")]),
        ("as many as 50,000 workers", [(None, 50000, "upper")]),
        ("fewer than 4,000 workers", [(None, 4000, "upper")]),
        ("under 100 workers", [(None, 100, "upper")]),
        ("less than 100 workers", [(None, 100, "upper")]),
        ("no more than 20 workers", [(None, 20, "upper")]),
        ("at most 9 workers", [(None, 9, "upper")]),
        # vague words: SPEC ranges
        ("dozens of workers", [(24, 99, "vague")]),
        ("hundreds of workers", [(200, 999, "vague")]),
        ("several hundred workers", [(200, 999, "vague")]),
        ("thousands of workers", [(2000, 9999, "vague")]),
        ("several thousand workers", [(2000, 9999, "vague")]),
        ("tens of thousands of workers", [(20000, 99999, "vague")]),
        ("hundreds of thousands of workers", [(200000, 999999, "vague")]),
        ("a thousand workers", [(1000, 1000, "exact")]),
        ("a dozen workers", [(12, 12, "vague")]),
        ("more than a dozen workers", [(12, None, "lower")]),
        ("up to several thousand workers", [(None, 9999, "upper")]),
        # written forms and separators
        ("5K workers", [(5000, 5000, "exact")]),
        ("5k workers", [(5000, 5000, "exact")]),
        ("12,000 people", [(12000, 12000, "exact")]),
        ("1.5 million people", [(1500000, 1500000, "exact")]),
        ("five thousand workers", [(5000, 5000, "exact")]),
        ("Five thousand workers", [(5000, 5000, "exact")]),
        ("two hundred workers", [(200, 200, "exact")]),
        ("twenty-five workers", [(25, 25, "exact")]),
        ("two hundred and fifty thousand people", [(250000, 250000, "exact")]),
        ("seven more workers fled", [(7, 7, "exact")]),
        ("13\u2009221 citizens", [(13221, 13221, "exact")]),
        ("13\u202f221 citizens", [(13221, 13221, "exact")]),
        ("13\u00a0221 citizens", [(13221, 13221, "exact")]),
        ("13 221 citizens", [(13221, 13221, "exact")]),
        ("a 1,000-strong contingent", [(1000, 1000, "exact")]),
        ("About 2000 workers", [(2000, 2000, "approx")]),
        ("2000 North Korean workers", [(2000, 2000, "exact")]),
        # a space-grouped number needs a 1-3 digit head and 3-digit groups
        ("in 2016 150 workers went", [(150, 150, "exact")]),
        ("On December 13 221 workers arrived", [(221, 221, "exact")]),
        # "from X to Y" after a change verb is two figures, not a range
        (
            "fell from about 7,000 to roughly 3,000",
            [(7000, 7000, "approx"), (3000, 3000, "approx")],
        ),
        ("rose from 2,000 to 6,000", [(2000, 2000, "exact"), (6000, 6000, "exact")]),
        ("from 6,000 to 2,000", [(6000, 6000, "exact"), (2000, 2000, "exact")]),
    ],
)
def test_english_counts(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "in 2016",
        "the 1990s",
        "No. 2",
        "the 2215th Construction Brigade",
        "the 528th regiment",
        "call +7 423 222-33-44 now",
        "call 010-1234-5678 now",
        "on 2024-03-13",
        "at 12:30",
        "COVID-19",
        "the G20 summit",
        "24 hours",
        "a 24-hour shift",
        "Kim Jong Un's 20x10 policy",
        'the "20 X 10" policy',
        "Resolution 2397",
        "UNSCR 2375",
        "$500 million",
        "US$2.50",
        "62,000 rubles",
        "3,400 yuan",
        "70% of them",
        "30 percent",
        "70 per cent",
        "three-quarters of them",
        "sergeants in their mid-30s",
        "aged 19 to 27",
        "a 50-storey tower",
        "-0-",
        "by 2.5 times",
        "24/7",
        "December 31",
        "31 December",
        "the 2023-24 season",
        "between 2016 and 2018",
    ],
)
def test_english_non_counts(text):
    assert find_counts(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("노동자 1천~2천 명을 보낸다", [(1000, 2000, "range")]),
        ("수천 명이 일한다", [(2000, 9999, "vague")]),
        ("수 천명 규모", [(2000, 9999, "vague")]),
        ("수백 명", [(200, 999, "vague")]),
        ("수만 명", [(20000, 99999, "vague")]),
        ("5,000여명", [(5000, 5000, "approx")]),
        ("5천여 명", [(5000, 5000, "approx")]),
        ("만9천여 명", [(19000, 19000, "approx")]),
        ("천800여 명", [(1800, 1800, "approx")]),
        ("1만 명", [(10000, 10000, "exact")]),
        ("1만5천 명", [(15000, 15000, "exact")]),
        ("1만 5천 명", [(15000, 15000, "exact")]),
        ("4천210명", [(4210, 4210, "exact")]),
        ("약 1만5천 명", [(15000, 15000, "approx")]),
        ("2만~5만 명", [(20000, 50000, "range")]),
        ("5만~10만여명", [(50000, 100000, "range")]),
        ("300~500명", [(300, 500, "range")]),
        ("1만 2천 명에서 2만 명 사이", [(12000, 20000, "range")]),
        ("수천 명에서 최대 2만 명 규모로", [(2000, 20000, "range")]),
        ("420명가량", [(420, 420, "approx")]),
        ("3만 명 정도", [(30000, 30000, "approx")]),
        ("2만 명 안팎", [(20000, 20000, "approx")]),
        ("80명 미만", [(None, 80, "upper")]),
        ("1만 명 이상", [(10000, None, "lower")]),
        ("최대 4만 명까지", [(None, 40000, "upper")]),
        ("두 명이 숨졌다", [(2, 2, "exact")]),
        # a change, not a range
        ("4천210명에서 약 6천 명으로 늘었다", [(4210, 4210, "exact"), (6000, 6000, "approx")]),
    ],
)
def test_korean_counts(text, expected):
    assert counts(text, "ko") == expected


@pytest.mark.parametrize(
    "text",
    [
        "2024년 3월 13일",
        "20~35세 남성",
        "결의 2397호",
        "제317공병연대",
        "12개 분야",
        "3~4배",
        "월 700달러가량",
        "20~40%",
        "만 3년 10개월째",
        "2개 여단",
        "2010년대",
        "3만1천200ha",
    ],
)
def test_korean_non_counts(text):
    assert find_counts(text, "ko") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("около 5 тыс. рабочих", [(5000, 5000, "approx")]),
        ("13 221 человек", [(13221, 13221, "exact")]),
        ("7,8 тыс. человек", [(7800, 7800, "exact")]),
        ("24,2 тыс. человек", [(24200, 24200, "exact")]),
        ("1,5 млн", [(1500000, 1500000, "exact")]),
        ("1,5 тысячи рабочих", [(1500, 1500, "exact")]),
        ("несколько тысяч рабочих", [(2000, 9999, "vague")]),
        ("сотни рабочих", [(200, 999, "vague")]),
        ("тысячи рабочих", [(2000, 9999, "vague")]),
        ("десятки тысяч рабочих", [(20000, 99999, "vague")]),
        ("до 10 тысяч человек", [(None, 10000, "upper")]),
        ("более 1000 человек", [(1000, None, "lower")]),
        ("свыше 1,5 млн", [(1500000, None, "lower")]),
        ("не менее 60 рабочих", [(60, None, "lower")]),
        ("менее 100 человек", [(None, 100, "upper")]),
        ("от 1000 до 2000 человек", [(1000, 2000, "range")]),
        ("около тысячи строителей", [(1000, 1000, "approx")]),
        ("более тысячи рабочих", [(1000, None, "lower")]),
        ("от нескольких тысяч до 20 тысяч человек", [(2000, 20000, "range")]),
        ("3,5–4 тысяч", [(3500, 4000, "range")]),
        ("две тысячи рабочих", [(2000, 2000, "exact")]),
        ("полторы тысячи рабочих", [(1500, 1500, "exact")]),
        ("двести пятьдесят человек", [(250, 250, "exact")]),
        ("50 000 рабочих", [(50000, 50000, "exact")]),
        ("2000 человек", [(2000, 2000, "exact")]),
    ],
)
def test_russian_counts(text, expected):
    assert counts(text, "ru") == expected


@pytest.mark.parametrize(
    "text",
    [
        "в 2016 году",
        "с 2019 года",
        "2215-я бригада",
        "1990-х годов",
        "мужчин двадцати–тридцати лет",
        "10–12 часов",
        "62 тыс. рублей",
        "70 процентов",
        "резолюции 2397",
        "12,5 тыс. га",
        "13.03.2024",
    ],
)
def test_russian_non_counts(text):
    assert find_counts(text, "ru") == []


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("70% construction workers, 30% soldiers", "en", [(70, 70), (30, 30)]),
        ("30 percent and 70 per cent", "en", [(30, 30), (70, 70)]),
        ("more than 80 percent of their wages", "en", [(80, None)]),
        ("20~40%", "ko", [(20, 40)]),
        ("70 процентов", "ru", [(70, 70)]),
    ],
)
def test_percentages_are_compositions(text, lang, expected):
    found = [q for q in find_quantities(text, lang) if q.form == "percent"]
    assert [(q.min, q.max) for q in found] == expected
    assert all(q.unit == "percent" and not q.is_count for q in found)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("$500 million", "en", [(500000000, 500000000, "USD", None)]),
        ("US$2.50 an hour", "en", [(2.5, 2.5, "USD", "hour")]),
        ("62,000 rubles a month", "en", [(62000, 62000, "RUB", "month")]),
        ("3,400 yuan per month", "en", [(3400, 3400, "CNY", "month")]),
        ("US$400–900/month", "en", [(400, 900, "USD", "month")]),
        ("$300 million to $600 million a year", "en", [(300000000, 600000000, "USD", "year")]),
        ("$1.5bn", "en", [(1500000000, 1500000000, "USD", None)]),
        ("about 350,000 won", "en", [(350000, 350000, "KRW", None)]),
        ("월 700달러가량", "ko", [(700, 700, "USD", "month")]),
        ("월 150~300달러", "ko", [(150, 300, "USD", "month")]),
        ("3,400위안", "ko", [(3400, 3400, "CNY", None)]),
        ("62 тыс. рублей в месяц", "ru", [(62000, 62000, "RUB", "month")]),
        ("3 тыс. долларов в месяц", "ru", [(3000, 3000, "USD", "month")]),
        ("150 workers", "en", []),
    ],
)
def test_money(text, lang, expected):
    found = find_money(text, lang)
    assert [(m.amount, m.amount_max, m.currency_code, m.per) for m in found] == expected


@pytest.mark.parametrize(
    ("text", "lang", "year"),
    [
        ("in 2016", "en", 2016),
        ("over 2016", "en", 2016),
        ("2016년", "ko", 2016),
        ("в 2016 году", "ru", 2016),
        ("до 2019 года", "ru", 2019),
    ],
)
def test_years_are_flagged(text, lang, year):
    found = find_quantities(text, lang)
    assert [q.is_year_like for q in found] == [True]
    assert year in (found[0].min, found[0].max)


def test_spans_point_into_the_text():
    text = "Officials said some 2,000 North Koreans, paid US$400–900/month, left."
    for q in find_quantities(text):
        assert isinstance(q, Quantity)
        assert text[q.start : q.end] == q.text
    for m in find_money(text):
        assert text[m.start : m.end] == m.text


def test_hostile_input_is_bounded():
    text = "1 " * 5000 + "9" * 50_000 + "1-" * 5000
    found = find_quantities(text)
    assert all(q.end - q.start < 200 for q in found)
    assert find_quantities("") == []


TRIGGER_TEXTS = [
    "About a thousand workers, then a  thousand more, and tens of thousands in 2023.",
    "(A thousand) came; Q2 2024: 1,117; G7 and COVID-19; someone, often, attention.",
    "The year before, a year earlier; late this year\nand so far this year.",
    "Около тысячи рабочих; 5 тысяч.",
    "약3천 명, 수 천 명과 수천 명, 2만여 명.",
]


@pytest.mark.parametrize("text", TRIGGER_TEXTS)
@pytest.mark.parametrize("tight", [False, True])
def test_trigger_finds_what_the_pattern_finds_outside_words(text, tight):
    vocabulary = [
        "a thousand",
        "tens of thousands",
        "the year before",
        "a year earlier",
        "late this year",
        "so far this year",
        "thousands",
        "тысячи",
        "수천",
        "약",
    ]
    pattern = r"(?<!\d)\d|" + alternation(vocabulary, tight=tight)
    trigger = Trigger(pattern, vocabulary, tight=tight)
    expected = [
        m.span()
        for m in re.finditer(pattern, text, re.IGNORECASE)
        # what the trigger leaves out: a digit right after a Latin letter or a digit
        if not (m.start() and re.match(r"[A-Za-z0-9_]", text[m.start() - 1]))
    ]
    assert [m.span() for m in trigger.finditer(text)] == expected


def _missing_sources(node, path: str) -> list[str]:
    """Groups and entries of a lexicon that carry no ``source`` note."""
    if isinstance(node, list):
        return [f"{path}[{i}]" for i, e in enumerate(node) if "source" not in e]
    if "source" in node:
        return []
    if node and all(isinstance(v, list) for v in node.values()):  # e.g. modifiers by kind
        return [m for k, v in node.items() for m in _missing_sources(v, f"{path}.{k}")]
    return [path]


@pytest.mark.parametrize("name", ["numbers.yaml", "dates.yaml"])
def test_lexicon_entries_carry_sources(name):
    table = load_table(name)
    missing = [
        m
        for lang, groups in table.items()
        for group, node in groups.items()
        for m in _missing_sources(node, f"{lang}.{group}")
    ]
    assert missing == []


BEFORE_TEXTS = [
    "about ",
    "US$",
    "HK$",
    "U.S.$",
    "No. ",
    "(est.) ",
    "#",
    "№ ",
    "more than ",
    "aged ",
    "Unit ",
    "January ",
    "Sept. ",
    "some  ",
    "paid CN¥",
    "около ",
    "резолюции ",
    "약 ",
    "Resolution ",
    "the ",
    "",
    "   ",
    "$ ",
    "x-about ",
    "upto ",
    "марта ",
]


@pytest.mark.parametrize("lang", ["en", "ru", "ko"])
def test_words_before_a_number_are_found_as_the_pattern_finds_them(lang):
    grammar = _grammar(lang)
    gates = [grammar.mod_before, grammar.cur_before_re, grammar.unit_before_re]
    for before in BEFORE_TEXTS:
        text = "Officials said " + before + "5 workers"
        end = text.index("5 workers")
        for gate in [*gates, grammar.month_before]:
            found, expected = gate.search(text, 0, end), gate.regex.search(text, 0, end)
            assert (found and found.span()) == (expected and expected.span()), (before, gate)
