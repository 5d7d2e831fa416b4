"""The gazetteer: its packaged data, analysts' files, the name matcher and resolution citations.

Texts here are written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from laborwatch.errors import ExtractError
from laborwatch.extract.gazetteer import (
    Gazetteer,
    Organization,
    Person,
    Place,
    fold,
    load_gazetteer,
)
from laborwatch.extract.gazetteer_data import expand


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def found(gaz: Gazetteer, text: str) -> list[tuple[str, str, str]]:
    return [(m.surface, m.kind, m.entity_id) for m in gaz.find(text)]


# --- packaged data ---------------------------------------------------------------------------


def test_default_gazetteer_is_built_once(gaz):
    assert load_gazetteer() is gaz
    assert load_gazetteer([]) is gaz


def test_packaged_entries_hold_the_facts_the_engine_relies_on(gaz):
    kursk, donetsk, donbas = gaz.get("ru-kursk"), gaz.get("ua-donetsk"), gaz.get("ua-donbas")
    assert (kursk.name, kursk.country, kursk.occupied) == ("Kursk", "RU", False)
    assert (donetsk.country, donetsk.occupied, donetsk.parent) == ("UA", True, "ua-donbas")
    assert donbas.name == "Donbas" and donbas.occupied
    assert gaz.get("ru-rostov").country == "RU" and not gaz.get("ru-rostov").occupied
    assert gaz.get("ru-far-east").name == "the Russian Far East"
    gulf = gaz.get("multi-gulf")
    assert gulf.kind == "multi_country" and gulf.country is None
    assert gaz.country("KP").name == "North Korea"
    mss = gaz.get("dprk-mss")
    assert isinstance(mss, Organization) and "MSS" in mss.abbreviations
    assert mss.kind == "dprk_state" and mss.labour_role
    assert gaz.get("kr-nis").attribution == "government"
    assert gaz.get("ru-rosstat").attribution == "official_statistics"
    assert gaz.get("un-poe").attribution == "government"  # SPEC: international bodies of states
    assert gaz.get("media-yonhap").attribution == "media"
    shoigu = gaz.get("sergei-shoigu")
    assert isinstance(shoigu, Person) and shoigu.country == "RU"
    assert gaz.resolutions[2397].adopted == "2017-12-22"
    assert gaz.resolutions[2397].label == "UNSCR 2397"


def test_spec_organization_names_are_canonical(gaz):
    names = {o.name for o in gaz.organizations.values()}
    for spec_name in (
        "Ministry of State Security",
        "Ministry of Labour",
        "Ministry of National Defence",
        "Korea General Corporation for External Construction",
        "Ministry of External Economic Relations",
        "Ministry of Social Security",
        "External Construction Guidance Bureau",
    ):
        assert spec_name in names


def test_every_packaged_entry_is_well_formed(gaz):
    for place in gaz.places.values():
        assert place.source and place.name
        if place.kind == "multi_country":
            assert place.country is None
        else:
            assert place.country and len(place.country) == 2
        assert place.lat is not None and -90 <= place.lat <= 90
        assert place.lon is not None and -180 <= place.lon <= 180
    for entity in (*gaz.organizations.values(), *gaz.people.values()):
        assert entity.source and entity.name
    # the brief's host countries are all there
    for iso in (
        "RU",
        "CN",
        "MN",
        "KW",
        "QA",
        "AE",
        "PL",
        "MT",
        "LA",
        "VN",
        "KH",
        "NP",
        "AO",
        "SN",
        "GQ",
        "NG",
        "NA",
        "BJ",
        "CD",
        "OM",
        "LY",
        "DZ",
        "MY",
        "MM",
        "BY",
        "KZ",
        "UZ",
        "KG",
        "TR",
        "IR",
        "KP",
        "KR",
        "JP",
        "US",
        "UA",
        "DE",
        "GB",
    ):
        assert gaz.country(iso) is not None, iso


def test_mention_carries_its_entity(gaz):
    (mention,) = gaz.find("They went to Vladivostok.")
    assert isinstance(mention.entity, Place)
    assert mention.entity.parent == "ru-primorsky"
    assert gaz.get(mention.entity.parent).country == "RU"


# --- brace alternatives ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "forms"),
    [
        ("Кита{й,я,е}", ["Китай", "Китая", "Китае"]),
        ("Labo{u,}r", ["Labour", "Labor"]),
        ("{A,B} {x{1,2},y}", ["A x1", "A x2", "A y", "B x1", "B x2", "B y"]),
        ("Washington, D.C.", ["Washington, D.C."]),
    ],
)
def test_expand(pattern, forms):
    assert expand(pattern) == forms


@pytest.mark.parametrize("pattern", ["a{b", "a}b", "{a,b"])
def test_expand_rejects_unbalanced_braces(pattern):
    with pytest.raises(ValueError, match="unbalanced"):
        expand(pattern)


def test_fold_keeps_length_and_offsets():
    text = "İstanbul Straße — Russia’s ЁЛКА"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded[text.index("Russia") :].startswith("russia's")
    assert folded.endswith("елка")


# --- analysts' files -------------------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "extra.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


EXTRA = """
places:
  - id: ru-artyom
    kind: city
    name: Artyom
    country: RU
    parent: ru-primorsky
    names: {en: [Artyom, Artem], ru: ["Арт{е,ё}м{,а,е}"]}
    lat: 43.36
    lon: 132.19
    source: "analyst note: city near Vladivostok"
  - id: ru-kursk
    names: {en: ["Kurskaya"]}
    lat: 51.7
    source: "analyst note: transliteration seen in a local paper"
organizations:
  - id: dprk-mss
    name: State Security (analyst label)
    source: "analyst note"
"""


def test_extra_file_adds_and_overrides_entries(gaz, tmp_path):
    custom = load_gazetteer([write(tmp_path, EXTRA)])
    artyom = custom.get("ru-artyom")
    assert (artyom.country, artyom.parent, artyom.kind) == ("RU", "ru-primorsky", "city")
    assert found(custom, "Workers arrived in Artyom and Артёме.") == [
        ("Artyom", "place", "ru-artyom"),
        ("Артёме", "place", "ru-artyom"),
    ]
    kursk = custom.get("ru-kursk")
    assert kursk.lat == 51.7 and kursk.name == "Kursk" and kursk.country == "RU"
    assert "Kurskaya" in kursk.names["en"] and "Kursk Oblast" in kursk.names["en"]
    assert kursk.source.endswith("analyst note: transliteration seen in a local paper")
    assert found(custom, "in Kurskaya") == [("Kurskaya", "place", "ru-kursk")]
    assert custom.get("dprk-mss").name == "State Security (analyst label)"
    # the shared default gazetteer is untouched
    assert "ru-artyom" not in gaz and gaz.get("ru-kursk").lat != 51.7
    assert gaz.get("dprk-mss").name == "Ministry of State Security"
    assert found(gaz, "in Artyom") == []


def test_extra_file_can_replace_an_entry(tmp_path):
    path = write(
        tmp_path,
        """
places:
  - id: ua-donbas
    replace: true
    kind: area
    name: Donbass region
    country: UA
    occupied: true
    names: {en: [Donbass region]}
    source: "analyst note"
""",
    )
    custom = load_gazetteer([path])
    donbas = custom.get("ua-donbas")
    assert donbas.name == "Donbass region" and donbas.names == {"en": ("Donbass region",)}
    assert donbas.lat is None and donbas.source == "analyst note"
    assert found(custom, "Donbas") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("places: [unclosed", "not valid YAML"),
        ("- just a list", "expected sections"),
        ("towns: []", "unknown section"),
        ("places: {id: x}", "must be a list"),
        ("resolution_words:\n  intro: {en: [motion]}\n  colour: red", "unknown key 'colour'"),
    ],
)
def test_malformed_files_are_rejected(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ExtractError, match=message) as caught:
        load_gazetteer([path])
    assert str(path) in str(caught.value)


PLACE = {"id": "x", "kind": "city", "name": "X", "country": "RU", "source": "s"}
ORG = {"id": "x", "kind": "media", "name": "X", "source": "s"}


@pytest.mark.parametrize(
    ("section", "entry", "message"),
    [
        ("places", {**PLACE, "source": None}, "entry x: missing 'source'"),
        ("places", {**PLACE, "name": None}, "entry x: missing 'name'"),
        ("places", {**PLACE, "id": None}, "entry #1: missing 'id'"),
        ("places", {**PLACE, "kind": "town"}, "kind must be one of"),
        ("places", {**PLACE, "country": "Russia"}, "ISO 3166-1"),
        ("places", {**PLACE, "country": None}, "needs 'country'"),
        ("places", {**PLACE, "lat": 123}, "lat must be a number"),
        ("places", {**PLACE, "colour": "red"}, "unknown field\\(s\\) colour"),
        ("places", {**PLACE, "names": {"en": ["Ber{lin"]}}, "unbalanced braces"),
        ("places", {**PLACE, "parent": "nowhere"}, "parent 'nowhere' is not a known place"),
        ("places", {**PLACE, "kind": "multi_country"}, "no single country"),
        ("places", {**PLACE, "country": "UA", "parent": "ru-primorsky"}, "differs from parent"),
        ("places", {**PLACE, "kind": "region", "demonyms": {"en": ["Xian"]}}, "demonyms belong"),
        ("organizations", {**ORG, "id": "ru"}, "id is already used"),
        ("organizations", {**ORG, "attribution": "rumour"}, "attribution must be one of"),
        (
            "people",
            {"id": "x", "name": "X", "organization": "nobody", "source": "s"},
            "organization 'nobody' is not known",
        ),
        ("resolutions", {"number": 9999, "summary": "X"}, "entry 9999: missing 'source'"),
        (
            "resolutions",
            {"number": 9999, "summary": "X", "adopted": "soon", "source": "s"},
            "ISO date",
        ),
    ],
)
def test_bad_entries_are_rejected_with_file_and_entry(tmp_path, section, entry, message):
    entry = {k: v for k, v in entry.items() if v is not None}
    path = write(tmp_path, yaml.safe_dump({section: [entry]}, allow_unicode=True))
    with pytest.raises(ExtractError, match=message) as caught:
        load_gazetteer([path])
    assert str(path) in str(caught.value)


def test_an_id_twice_in_one_file_is_rejected(tmp_path):
    path = write(tmp_path, yaml.safe_dump({"places": [PLACE, {**PLACE, "name": "Y"}]}))
    with pytest.raises(ExtractError, match="places entry x appears twice"):
        load_gazetteer([path])


def test_unreadable_file_is_rejected(tmp_path):
    with pytest.raises(ExtractError, match="cannot read"):
        load_gazetteer([tmp_path / "missing.yaml"])


# --- matching ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # longest match wins
        ("North Korea sent workers.", [("North Korea", "place", "kp")]),
        ("South Korea's spies", [("South Korea", "place", "kr")]),
        ("Korea is divided.", [("Korea", "place", "korea")]),
        (
            "the Ministry of State Security",
            [("Ministry of State Security", "organization", "dprk-mss")],
        ),
        ("in the Russian Far East", [("Russian Far East", "place", "ru-far-east")]),
        ("in Russia's Far East", [("Russia's Far East", "place", "ru-far-east")]),
        ("in Russia’s Far East", [("Russia’s Far East", "place", "ru-far-east")]),
        ("Inner Mongolia", [("Inner Mongolia", "place", "cn-inner-mongolia")]),
        ("South Africa", [("South Africa", "place", "za")]),
        ("Equatorial Guinea", [("Equatorial Guinea", "place", "gq")]),
        ("Voice of America", [("Voice of America", "organization", "media-voa")]),
        # possessives and hyphens
        ("Russia's economy", [("Russia", "place", "ru")]),
        ("a Dandong-based firm", [("Dandong", "place", "cn-dandong")]),
        ("Russia-North Korea ties", [("Russia", "place", "ru"), ("North Korea", "place", "kp")]),
        # demonyms are marked as such
        ("Russian officials", [("Russian", "demonym", "ru")]),
        (
            "North Koreans and Chinese",
            [("North Koreans", "demonym", "kp"), ("Chinese", "demonym", "cn")],
        ),
        ("Omani firms", [("Omani", "demonym", "om")]),
        # word boundaries
        ("a woman in Romania", []),
        ("Nigerian workers", [("Nigerian", "demonym", "ng")]),
        ("Kurskaya street", []),
        # case rules: names fold, abbreviations and '=' names do not
        ("NORTH KOREA", [("NORTH KOREA", "place", "kp")]),
        ("the US said", [("US", "place", "us")]),
        ("let us go", []),
        ("US$500 a month", []),
        ("the MSS said", [("MSS", "organization", "dprk-mss")]),
        ("the mss said", []),
        ("Turkey and Iran", [("Turkey", "place", "tr"), ("Iran", "place", "ir")]),
        ("roast turkey", []),
        ("polish the floor", []),
        ("Polish shipyards", [("Polish", "demonym", "pl")]),
        # ambiguous words stay out
        ("Georgia, Jordan, Chad, Niger, Guinea and Congo", []),
        ("the Republic of Chad", [("Republic of Chad", "place", "td")]),
        # places the SPEC singles out
        ("in Kursk", [("Kursk", "place", "ru-kursk")]),
        ("Rostov Oblast", [("Rostov Oblast", "place", "ru-rostov")]),
        ("the DPR and the LPR", [("DPR", "place", "ua-donetsk"), ("LPR", "place", "ua-luhansk")]),
        ("Donetsk People's Republic", [("Donetsk People's Republic", "place", "ua-donetsk")]),
        (
            "St. Petersburg, Saint Petersburg",
            [
                ("St. Petersburg", "place", "ru-st-petersburg"),
                ("Saint Petersburg", "place", "ru-st-petersburg"),
            ],
        ),
        ("the Gulf states", [("Gulf states", "place", "multi-gulf")]),
        # organizations and people
        ("Ministry of Labor", [("Ministry of Labor", "organization", "dprk-labour")]),
        ("Russia's Labour Ministry", [("Russia's Labour Ministry", "organization", "ru-mintrud")]),
        (
            "Ministry of National Defense",
            [("Ministry of National Defense", "organization", "dprk-mnd")],
        ),
        (
            "Kim Jong-un met Kim Jong Un",
            [("Kim Jong-un", "person", "kim-jong-un"), ("Kim Jong Un", "person", "kim-jong-un")],
        ),
        ("1718 Committee", [("1718 Committee", "organization", "un-1718-committee")]),
    ],
)
def test_find_english(gaz, text, expected):
    assert found(gaz, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("러시아에 파견된 북한 노동자", [("러시아", "place", "ru"), ("북한", "place", "kp")]),
        ("블라디보스토크의 건설 현장", [("블라디보스토크", "place", "ru-vladivostok")]),
        ("친러시아 성향", []),  # inside a word: no left boundary
        ("남북한 관계", [("남북한", "place", "korea")]),
        ("국가보위성 요원", [("국가보위성", "organization", "dprk-mss")]),
        ("북한 국방성은", [("북한 국방성", "organization", "dprk-mnd")]),
        ("미 국방성은", [("미 국방성", "organization", "us-dod")]),
        ("이란 정부", [("이란", "place", "ir")]),
        ("'홍길동'이란 인물", []),
        ("카타르시스를 느꼈다", []),
        ("쿠르스크주에서 지뢰 제거", [("쿠르스크주", "place", "ru-kursk")]),
        ("NIS는 밝혔다", [("NIS", "organization", "kr-nis")]),
        ("안보리 결의", [("안보리", "organization", "unsc")]),
    ],
)
def test_find_korean(gaz, text, expected):
    assert found(gaz, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("рабочие в Китае и России", [("Китае", "place", "cn"), ("России", "place", "ru")]),
        ("в Приморском крае", [("Приморском крае", "place", "ru-primorsky")]),
        ("Курской области", [("Курской области", "place", "ru-kursk")]),
        ("в ДНР", [("ДНР", "place", "ua-donetsk")]),
        ("северокорейские рабочие", [("северокорейские", "demonym", "kp")]),
        ("Находка и находка", [("Находка", "place", "ru-nakhodka")]),
        ("Иранский танкер", []),  # a longer word
        ("по данным Ёнхап", [("Ёнхап", "organization", "media-yonhap")]),
        ("до того как", []),
        ("Сергей Шойгу заявил", [("Сергей Шойгу", "person", "sergei-shoigu")]),
    ],
)
def test_find_russian(gaz, text, expected):
    assert found(gaz, text) == expected


def test_ambiguous_abbreviation_prefers_the_body_named_in_full(gaz):
    (alone,) = gaz.find("The MSS sent agents.")
    assert alone.entity_id == "dprk-mss" and alone.alternatives == ("dprk-social-security",)
    mentions = gaz.find("The Ministry of Social Security (MSS) sent police. The MSS denied it.")
    assert [m.entity_id for m in mentions] == ["dprk-social-security"] * 3
    assert mentions[1].alternatives == ("dprk-mss",)
    both = gaz.find("Ministry of State Security and Ministry of Social Security; the MSS")
    assert both[-1].entity_id == "dprk-mss"  # both named in full: keep the usual reading
    south = gaz.find("South Korea's Ministry of National Defense (MND) said")
    assert [m.entity_id for m in south] == ["kr-mnd", "kr-mnd"]


def test_offsets_hold_after_length_changing_characters(gaz):
    text = "İİİ Straße 🙂 — workers in Khabarovsk and 블라디보스톡에"
    mentions = gaz.find(text)
    assert [m.surface for m in mentions] == ["Khabarovsk", "블라디보스톡"]
    for m in mentions:
        assert text[m.start : m.end] == m.surface


def test_not_mentions_block_only_their_phrase(gaz):
    assert found(gaz, "국위 선양") == []
    assert found(gaz, "선양 영사관") == [("선양", "place", "cn-shenyang")]


# --- resolutions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("under Resolution 2375, states", ["UNSCR 2375"]),
        ("resolution 2397 (2017) requires", ["UNSCR 2397"]),
        ("resolutions 2375 and 2397", ["UNSCR 2375", "UNSCR 2397"]),
        ("resolutions 2371, 2375 and 2397", ["UNSCR 2371", "UNSCR 2375", "UNSCR 2397"]),
        ("UNSCR 2397", ["UNSCR 2397"]),
        ("UNSC Resolution 2321", ["UNSCR 2321"]),
        ("Security Council resolution No. 2371", ["UNSCR 2371"]),
        ("the resolution 2428 on another country", ["UNSCR 2428"]),
        ("유엔 안보리 결의 2397호에 따라", ["UNSCR 2397"]),
        ("결의 제2375호와 2397호", ["UNSCR 2375", "UNSCR 2397"]),
        ("2397호 위반", ["UNSCR 2397"]),
        ("резолюция 2397 требует", ["UNSCR 2397"]),
        ("резолюции СБ ООН 2375", ["UNSCR 2375"]),
        ("2397 obliges states", ["UNSCR 2397"]),
        # not citations
        ("in 2017 and 2019", []),
        ("about 2,397 workers and 1,874 more", []),
        ("the 1718 Committee met", []),
        ("2428 workers", []),
        ("US$2397 a month", []),
        ("a 12397-page file, 2397.5 tonnes", []),
        ("the resolution 2019 deadline", []),
        ("1874년", []),
    ],
)
def test_find_resolutions(gaz, text, labels):
    assert [r.label for r in gaz.find_resolutions(text)] == labels


def test_resolution_spans_point_into_the_text(gaz):
    text = "It breaches Resolution 2375 and resolutions 2321 and 2397 (2017)."
    refs = gaz.find_resolutions(text)
    assert [text[r.start : r.end] for r in refs] == [
        "Resolution 2375",
        "resolutions 2321",
        "2397 (2017)",
    ]
    start, end, label = refs[0]
    assert (start, end, label) == (12, 27, "UNSCR 2375")
