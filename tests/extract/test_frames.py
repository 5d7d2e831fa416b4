"""Frame rules on sentences written for these tests (not from any corpus)."""

import pytest

from laborwatch.extract.pipeline import extract_text

PUBLISHED = "2024-06-12"


def deployments(text, published=PUBLISHED):
    return [f.data for f in extract_text(text, published, "en") if f.kind == "deployment"]


def kinds(text, kind, field, published=PUBLISHED):
    return sorted(f.data[field] for f in extract_text(text, published, "en") if f.kind == kind)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "About 1,500 North Korean workers arrived in Vladivostok last month to build "
            "apartments, a source in the city told the newspaper.",
            {
                "destination_country": "RU",
                "destination_area": "Vladivostok",
                "workers_min": 1500,
                "workers_max": 1500,
                "status": "sent",
                "sector": "construction",
                "when": "2024-05",
                "attribution": "anonymous_source",
            },
        ),
        (
            "North Korea plans to send 2,000-3,000 workers to occupied Donetsk, South Korea's "
            "National Intelligence Service said.",
            {
                "destination_country": "UA",
                "destination_area": "Donetsk",
                "occupied": True,
                "workers_min": 2000,
                "workers_max": 3000,
                "status": "planned",
                "attribution": "government",
            },
        ),
        (
            "Some 300 North Korean loggers returned home from Amur Oblast in May 2023.",
            {
                "destination_country": "RU",
                "workers_min": 300,
                "status": "ended",
                "sector": "logging",
                "when": "2023-05",
                "attribution": "outlet",
            },
        ),
        (
            "More than 200 North Korean seafood workers are employed at plants in Dandong.",
            {
                "destination_country": "CN",
                "destination_area": "Dandong",
                "workers_min": 200,
                "workers_max": None,
                "status": "sent",
                "sector": "fishing_seafood",
                "when": "2024-06",
            },
        ),
        (
            "Thousands of North Korean military builders were sent to Kursk, Ukraine's defence "
            "intelligence said.",
            {
                "destination_country": "RU",
                "destination_area": "Kursk",
                "occupied": False,
                "workers_min": 2000,
                "workers_max": 9999,
                "status": "sent",
                "sector": "military",
                "attribution": "government",
            },
        ),
    ],
)
def test_single_deployment(text, expected):
    found = deployments(text)
    assert len(found) == 1, found
    for key, value in expected.items():
        assert found[0][key] == value, (key, found[0])


@pytest.mark.parametrize(
    "text",
    [
        "About 10,000 North Korean soldiers are fighting alongside Russian troops in Kursk.",
        "About 130 North Korean students are studying at universities in Moscow.",
        "Russia needs tens of thousands of builders to rebuild Mariupol, a minister said.",
        "North Korean workers abroad earn the regime about $500 million a year.",
        "The delegation of North Korean officials arrived in Moscow on Tuesday.",
        "Kim Jong Un sent a message of greetings to the Russian president.",
        # a rule about sending back is not a departure
        "Under the resolution, every North Korean earning money in China should have been sent "
        "back by the end of 2019.",
        # another country sending its own workers
        "Vietnam sent about 150,000 workers abroad last year, mostly to Japan, while North "
        "Korea was kept out of such markets by sanctions.",
    ],
)
def test_not_a_deployment(text):
    assert deployments(text) == []


def test_one_deployment_mentioned_twice_is_one_finding():
    text = (
        "About 500 North Korean workers arrived in Khabarovsk in March 2024. "
        "The 500 North Korean workers in Khabarovsk are building housing."
    )
    found = [f for f in extract_text(text, PUBLISHED, "en") if f.kind == "deployment"]
    assert len(found) == 1
    assert len({s.start for s in found[0].spans}) >= 2


def test_money_is_not_a_count_and_is_a_wage():
    text = "North Korean workers in Russia earn about $800 a month, the source said."
    found = deployments(text)
    assert found and found[0]["workers_min"] is None and found[0]["destination_country"] == "RU"
    assert kinds(text, "payment", "kind") == ["wages"]


def test_controls_payments_sanctions_and_organizations():
    text = (
        "North Korean workers sent to Russia must pass health checks and attend ideological "
        "training, and their passports are held by managers. Officers of the Ministry of State "
        "Security watch over the workers, and each worker hands over most of his pay as loyalty "
        "funds. Resolution 2397 ordered all such workers home."
    )
    assert kinds(text, "control", "type") == [
        "health_check",
        "ideological_training",
        "passport_confiscation",
        "surveillance",
    ]
    assert kinds(text, "payment", "kind") == ["state_share"]
    assert kinds(text, "sanction", "name") == ["UNSCR 2397"]
    assert kinds(text, "organization", "name") == ["Ministry of State Security"]


def test_irrelevant_text_finds_nothing():
    text = "The Ministry of State Security was mentioned in a novel about Seoul in 2016."
    assert extract_text(text, PUBLISHED, "en") == []


def test_evidence_spans_point_into_the_text():
    text = "A source said 120 North Korean builders arrived in Irkutsk in April 2024."
    (finding,) = [f for f in extract_text(text, PUBLISHED, "en") if f.kind == "deployment"]
    assert finding.data["evidence"] in text
    for span in finding.spans:
        assert 0 <= span.start < span.end <= len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Some 5,000 North Korean workers are currently in Mongolia, the labour ministry said.",
            [("MN", 5000, 5000, "sent", "government")],
        ),
        (
            "Around 3,000 North Korean IT workers are operating in China and Russia.",
            [("CN", 3000, 3000, "sent", "outlet"), ("RU", 3000, 3000, "sent", "outlet")],
        ),
        (
            "About 50 North Korean women were sent to work at a seafood plant in Hunchun.",
            [("CN", 50, 50, "sent", "outlet")],
        ),
        (
            "The number of North Korean workers in Russia rose to about 15,000 last year.",
            [("RU", 15000, 15000, "sent", "outlet")],
        ),
        (
            "Hundreds of North Korean workers have returned home from Kuwait, diplomats said.",
            [("KW", 200, 999, "ended", "government")],
        ),
        (
            "North Korea has sent 400 doctors to Angola and Nigeria.",
            [("AO", 400, 400, "sent", "outlet"), ("NG", 400, 400, "sent", "outlet")],
        ),
        ("The North has deployed about 11,000 soldiers to Russia to fight Ukraine.", []),
        ("Kim Jong Un met the Russian president in Vladivostok on Thursday.", []),
    ],
)
def test_deployment_table(text, expected):
    found = [
        (
            d["destination_country"],
            d["workers_min"],
            d["workers_max"],
            d["status"],
            d["attribution"],
        )
        for d in deployments(text)
    ]
    assert found == expected


def test_agreements_meetings_and_modality():
    text = (
        "Russia and North Korea signed an agreement in 2007 on the temporary labour activity "
        "of each other's citizens. In March 2024, officials discussed the dispatch of 2,000 "
        "North Korean builders to Russia, a source said. North Korean workers have reportedly "
        "been handing over most of their pay as loyalty funds."
    )
    found = extract_text(text, "2024-04-01", "en")
    relations = sorted(
        (f.data["type"], tuple(f.data["parties"]), f.data["when"])
        for f in found
        if f.kind == "agreement"
    )
    assert relations == [
        ("agreement", ("KP", "RU"), "2007"),
        ("negotiation", ("KP", "RU"), "2024-03"),
    ]
    (deployment,) = [f.data for f in found if f.kind == "deployment"]
    assert (deployment["status"], deployment["modality"]) == ("planned", "planned")
    assert deployment["attribution"] == "anonymous_source"
    (payment,) = [f.data for f in found if f.kind == "payment"]
    assert (payment["kind"], payment["modality"]) == ("state_share", "hedged")


def test_a_bare_quantifier_moving_the_group_on_is_another_deployment():
    text = (
        "Some 6,000 North Koreans were employed at textile plants in Hunchun last year, the "
        "agency said. Most have returned home since March, a trader in the city said."
    )
    found = deployments(text)
    assert [(d["status"], d["workers_min"]) for d in found] == [("sent", 6000), ("ended", None)]
    ended = found[1]
    assert ended["destination_area"] == "Hunchun"
    assert ended["sector"] == "manufacturing"  # the group's, from the sentence before
    assert ended["when"] == "2024-03"


def test_a_look_back_at_the_same_group_is_not_another_deployment():
    text = (
        "About 900 North Korean workers left the Chinese city of Hunchun in April, a source "
        "said. Most of them had worked in seafood plants there."
    )
    found = deployments(text)
    assert [(d["status"], d["workers_min"]) for d in found] == [("ended", 900)]
    assert found[0]["sector"] == "fishing_seafood"


def test_many_as_a_determiner_is_not_a_subject():
    text = (
        "About 400 North Korean workers arrived in Khabarovsk in May, the ministry said. Many "
        "analysts have left the city's forums unconvinced."
    )
    assert [d["status"] for d in deployments(text)] == ["sent"]


@pytest.mark.parametrize(
    ("text", "status", "area"),
    [
        (
            "About 200 North Korean workers left Vladivostok in May, a source said.",
            "ended",
            "Vladivostok",
        ),
        (
            "Some 150 North Korean builders fled the construction site in Nakhodka in May.",
            "ended",
            "Nakhodka",
        ),
        (
            "About 200 North Korean workers left for Russia's Amur region in May, a source said.",
            "sent",
            "Amur Oblast",
        ),
    ],
)
def test_leaving_a_place_ends_and_leaving_for_one_sends(text, status, area):
    (found,) = deployments(text)
    assert (found["status"], found["destination_area"], found["workers_min"]) == (
        status,
        area,
        int(text.split()[1]),
    )


@pytest.mark.parametrize(
    "text",
    [
        "Under the resolution, all North Korean laborers should have left Russia by 2019.",
        "It is a workforce that never entirely left Russia, a researcher said.",
        "North Korean workers were supposed to leave China by the end of 2019.",
    ],
)
def test_rules_and_negated_departures_are_not_deployments(text):
    assert deployments(text) == []


def test_a_date_opening_the_sentence_before_frames_an_undated_report():
    text = (
        "By early March 2024, 12 states had filed their reports. Malaysia said it had sent "
        "back 300 North Korean workers."
    )
    (found,) = deployments(text)
    assert (found["destination_country"], found["status"], found["when"]) == (
        "MY",
        "ended",
        "2024-03",
    )


def test_a_date_in_another_paragraph_does_not_carry_over():
    text = (
        "By early March 2024, 12 states had filed their reports.\n\n"
        "Malaysia said it had sent back 300 North Korean workers."
    )
    (found,) = deployments(text)
    assert found["when"] is None


LABOUR_LEAD = "About 300 North Korean workers arrived in Khabarovsk in May, a source said. "


@pytest.mark.parametrize(
    ("sentence", "control"),
    [
        ("They are counted at the gate and again before lights out.", "surveillance"),
        ("A security man from their embassy travels with each crew.", "surveillance"),
        ("A North Korean manager collects their passports on arrival.", "passport_confiscation"),
        ("They never go into town on their own.", "movement_restriction"),
        ("The staff do not leave the premises unaccompanied.", "movement_restriction"),
        ("They eat at separate tables from the Russian staff.", "segregation"),
        ("Each evening ends with a self-criticism session.", "ideological_training"),
        ("All had passed medical screenings before selection.", "health_check"),
        ("A minder watches who the men talk to after work.", "surveillance"),
        ("Calls home are made from the office, with the manager listening.", "surveillance"),
        ("They may not leave the camp on their own.", "movement_restriction"),
        ("They are allowed outside the compound only on Sundays.", "movement_restriction"),
        ("They eat separately and sleep in their own building.", "segregation"),
        ("The crew is housed in a separate block of the dormitory.", "segregation"),
        ("The foreman keeps all the men's passports in a safe.", "passport_confiscation"),
        ("Every evening they must confess their shortcomings.", "ideological_training"),
        ("Attendance at the political hour is compulsory.", "ideological_training"),
        ("New restrictions were imposed on the crew after the escape.", "defection_prevention"),
        (
            "The women go out only together, always accompanied by the manager.",
            "movement_restriction",
        ),
        ("Their foreman holds all their documents.", "passport_confiscation"),
        (
            "Their passports, which the manager has always kept, were moved to the embassy.",
            "passport_confiscation",
        ),
        (
            "Two men slipped away in July, prompting officials to impose new restrictions.",
            "defection_prevention",
        ),
    ],
)
def test_controls_in_the_words_reporting_uses(sentence, control):
    assert control in kinds(LABOUR_LEAD + sentence, "control", "type")


@pytest.mark.parametrize(
    ("sentence", "payment"),
    [
        ("Their manager sends a fixed sum to Pyongyang every month.", "state_share"),
        ("The state withholds up to 90 percent of their wages.", "state_share"),
        ("Each had to meet a monthly quota of $700.", "state_share"),
        ("They are paid about 2,600 yuan a month.", "wages"),
        ("They will be paid in dollars, about $700 a month each.", "wages"),
        ("Russia pays for the labour partly with deliveries of oil.", "in_kind"),
        ("Each man must hand over a fixed sum to the company every year.", "state_share"),
        ("Their pay is transferred to the North Korean company that supplies them.", "state_share"),
        ("The company gave the men about $120 and kept the rest.", "state_share"),
        ("Most of their earnings were confiscated by the state.", "state_share"),
        ("They receive only a fraction of the money in cash.", "state_share"),
        ("Their pay goes mostly to the state as loyalty fees.", "state_share"),
        ("They earned the equivalent of about $200 a month.", "wages"),
        ("Farms will pay each worker 45,000 rubles a month.", "wages"),
        ("The rest of the wages is paid in rubles to the company.", "wages"),
        ("The women earn about 2,300 yuan a month each.", "wages"),
        ("Part of the crew's pay will be settled in soybeans.", "in_kind"),
    ],
)
def test_payments_in_the_words_reporting_uses(sentence, payment):
    assert payment in kinds(LABOUR_LEAD + sentence, "payment", "kind")


@pytest.mark.parametrize(
    "sentence",
    [
        "Russia sets a quota of foreign workers for each region every year.",
        "They were paid in rubles, officials said.",
    ],
)
def test_a_host_quota_or_a_currency_alone_is_no_payment_finding(sentence):
    found = kinds(LABOUR_LEAD + sentence, "payment", "kind")
    assert "state_share" not in found and "wages" not in found


def test_a_state_revenue_figure_is_not_wages():
    text = (
        LABOUR_LEAD + "The State Department estimated that North Korea earns $500 million a year."
    )
    assert "wages" not in kinds(text, "payment", "kind")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (
            "North Korea intends to send about 6,000 more workers to Amur Oblast, where they "
            "would work at sawmills, officials said.",
            "planned",
        ),
        (
            "Pyongyang has agreed to send a further 2,000 to 3,000 builders to Donetsk to work "
            "on roads, the agency said.",
            "planned",
        ),
        ("Some 5,000 North Koreans are to be put to work at a plant in Tatarstan.", "planned"),
        (
            "Plans call for up to 500 North Korean workers to arrive in Novosibirsk by December.",
            "planned",
        ),
        ("About 300 North Korean workers went to work at a shipyard in Nakhodka.", "sent"),
        (
            "The region is discussing the arrival of North Korean builders, who could come "
            "to Donetsk in August.",
            "planned",
        ),
    ],
)
def test_the_verb_that_governs_the_group_sets_its_status(text, status):
    assert [d["status"] for d in deployments(text)] == [status]


def test_a_count_after_the_group():
    text = (
        "Since early March, North Korean women have been brought to seafood plants in Hunchun "
        "in groups of 50-60, a source said."
    )
    (found,) = deployments(text, "2025-04-14")
    assert (found["workers_min"], found["workers_max"], found["when"]) == (50, 60, "2025-03")


def test_a_team_size_under_a_rule_is_not_a_count():
    text = "North Korean workers in Russia must work in teams of 10 to 20 under mutual watch."
    assert all(d["workers_min"] != 10 for d in deployments(text))


def test_another_estimate_of_the_same_workforce_is_one_deployment():
    text = (
        "In mid-2017, inspectors counted about 450 North Koreans employed at shipyards in "
        "Gdynia. Researchers put the number of North Korean workers in Gdynia at up to 800 "
        "in 2017."
    )
    assert [(d["workers_min"], d["workers_max"]) for d in deployments(text)] == [(450, 450)]


def test_a_change_in_one_sentence_is_two_deployments():
    text = (
        "The number of North Korean workers in Amur Oblast fell from 6,000 to 2,000 in 2019, "
        "officials said."
    )
    counts = sorted(d["workers_min"] for d in deployments(text))
    assert counts == [2000, 6000]


def test_the_site_points_back_to_the_place_of_the_article():
    text = (
        "About 300 North Korean workers were sent to a fish plant in Hunchun in March, a "
        "source said. The plant runs day and night.\n\nThe owners are worried. Two workers "
        "fled the site in late March, the source said."
    )
    ended = [d for d in deployments(text, "2025-04-14") if d["status"] == "ended"]
    assert [(d["destination_area"], d["workers_min"]) for d in ended] == [("Hunchun", 2)]


@pytest.mark.parametrize(
    "text",
    [
        # another nationality's workers, in an article about North Korean labour
        "North Korean workers are in Russia, officials say.\n\nSouth Korean construction firms "
        "are preparing to send about 300 engineers to Kyiv next year.",
        # workers wanted, not sent
        "The region has a shortage of 5,000 construction workers, and North Korea is one "
        "possible source, officials in Novosibirsk said.",
        # troops
        "About 11,000 North Korean soldiers fought in Kursk last winter, and several thousand "
        "remain on guard duty there.",
        # a noun later in the sentence is no event of this group
        "North Korean labourers were still working in the United Arab Emirates last year, two "
        "years after the deadline for their repatriation.",
        "Oman reported that no North Korean nationals held work permits there.",
    ],
)
def test_not_deployments_of_north_korean_workers(text):
    found = deployments(text)
    assert not [d for d in found if d["status"] == "ended" or d["workers_min"] in (300, 5000)]
    if "Oman" in text or "Kursk" in text:
        assert found == []


def test_the_sources_are_not_a_group():
    text = (
        "Dozens of North Korean workers remain at a hospital site in Kuwait City, two people "
        "who work on the project told the newspaper."
    )
    assert [d["workers_min"] for d in deployments(text)] == [24]


def test_a_breakdown_by_origin_is_one_deployment():
    text = (
        "About 350 North Korean women arrived in Dandong last week to work in garment "
        "factories, 200 of them from Sinuiju and 150 from Sonchon county, a source said."
    )
    found = deployments(text)
    assert [(d["workers_min"], d["status"]) for d in found] == [(350, "sent")]


def test_a_change_in_the_number_present_is_two_sent_deployments():
    text = (
        "In Sakhalin, the number of North Korean construction workers fell from 1,200 in 2017 "
        "to 300 in 2019, according to the regional labour department."
    )
    found = sorted((d["workers_min"], d["status"], d["when"]) for d in deployments(text))
    assert found == [(300, "sent", "2019"), (1200, "sent", "2017")]


def test_permits_a_ministry_issued_count_in_the_country_the_article_is_about():
    text = (
        "Russian statistics tell the story of North Korean labour in Russia.\n\nThe Interior "
        "Ministry issued 1,320 new work permits to North Korean citizens in 2024."
    )
    (found,) = deployments(text)
    assert (found["destination_country"], found["workers_min"], found["when"]) == (
        "RU",
        1320,
        "2024",
    )


@pytest.mark.parametrize(
    ("text", "attribution"),
    [
        (
            "About 60 North Korean builders arrived in Vladivostok in April, Andrei Volkov, "
            "who runs a finishing firm, said.",
            "named_person",
        ),
        (
            "About 450 North Koreans were employed at shipyards in Gdynia in 2017, Polish labour "
            "inspectors found.",
            "government",
        ),
        (
            "The women sleep in dormitories. About 60 North Korean workers arrived in Hunchun "
            "in March. They work long shifts, the source said.",
            "anonymous_source",
        ),
    ],
)
def test_who_asserts_it(text, attribution):
    assert [d["attribution"] for d in deployments(text)] == [attribution]


@pytest.mark.parametrize(
    ("text", "status", "area"),
    [
        (
            "Occupation authorities were preparing to bring a second group, of between 300 and "
            "400 North Koreans, to the occupied part of the Zaporizhzhia region to work on "
            "power lines.",
            "planned",
            "Zaporizhzhia",
        ),
        (
            "A group of North Korean woodcutters is preparing to leave North Korea for "
            "Khabarovsk in June, a source in the Russian Far East who trades with the camps said.",
            "planned",
            "Khabarovsk",
        ),
    ],
)
def test_preparing_to_bring_or_leave_is_planned(text, status, area):
    (found,) = deployments(text)
    assert (found["status"], found["destination_area"]) == (status, area)
    if "woodcutters" in text:
        assert found["attribution"] == "anonymous_source"


def test_an_estimate_at_the_same_time_is_the_same_deployment():
    text = (
        "Park Ji-hoon, a senior fellow, estimates that between 12,000 and 15,000 North Korean "
        "workers were in Russia at the end of June 2025. South Korean intelligence put the "
        "figure at about 15,000 at the same time.\n\nPark estimates that no more than 4,000 "
        "North Koreans were working in Russia in October 2024."
    )
    found = deployments(text, "2025-07-15")
    assert [(d["workers_min"], d["workers_max"], d["attribution"]) for d in found] == [
        (12000, 15000, "named_person"),
        (None, 4000, "named_person"),
    ]


def test_a_list_of_dated_figures_is_one_deployment_a_row():
    text = (
        "Statistics brief\n\nNorth Korean citizens holding valid work permits in Kazakhstan "
        "(migration service)\n\n31 December 2016: 1,200\n31 December 2017: 950\n"
        "End of 2018: 310\n\nThe service stopped publishing the series in 2019."
    )
    found = deployments(text, "2024-02-01")
    assert [(d["workers_min"], d["when"], d["destination_country"]) for d in found] == [
        (1200, "2016-12-31", "KZ"),
        (950, "2017-12-31", "KZ"),
        (310, "2018-12", "KZ"),
    ]
    assert {d["attribution"] for d in found} == {"official_statistics"}


def test_a_single_date_and_figure_line_or_an_unrelated_list_is_not():
    single = "North Korean workers in Kazakhstan, migration service\n\n31 December 2016: 1,200"
    assert all(d["workers_min"] != 1200 for d in deployments(single, "2024-02-01"))
    scores = "Football results in Kazakhstan\n\n1 May 2024: 3\n2 May 2024: 1\n"
    assert deployments(scores, "2024-06-01") == []


def test_the_same_crew_before_leaving_and_coming_back():
    text = (
        "A crew of 85 North Korean builders left Novosibirsk for home last month, said Igor "
        "Shatalov, who employed them.\n\nThe men had been working since 2023 on a housing "
        "estate. Shatalov said he expects all 85 to come back in March."
    )
    found = deployments(text, "2024-12-10")
    assert sorted((d["status"], d["workers_min"], d["when"]) for d in found) == [
        ("ended", 85, "2024-11"),
        ("planned", 85, "2025-03"),
        ("sent", 85, "2023"),
    ]


def test_the_day_a_deportation_was_announced_is_no_other_time():
    text = (
        "Cambodia deported 18 North Korean workers last month, officials said. They had been "
        "working without permits at a restaurant in Siem Reap, the ministry said on Tuesday."
    )
    assert [d["status"] for d in deployments(text, "2023-06-08")] == ["ended"]


def test_a_place_inside_a_named_region_is_the_area():
    text = (
        "Some 12,000 North Korean workers are to be put to work at Tatarstan's Alabuga special "
        "economic zone, the agency said."
    )
    (found,) = deployments(text)
    assert (found["destination_area"], found["status"]) == ("Alabuga", "planned")


@pytest.mark.parametrize(
    ("sentence", "kind", "value"),
    [
        ("Each team must send Pyongyang $7,000 a year for every worker.", "payment", "state_share"),
        ("Only a fraction of the money ever reaches the workers.", "payment", "state_share"),
        ("The company, which keeps most of it, pays them late.", "payment", "state_share"),
        ("Managers change the rubles into US dollars before sending it.", "payment", "currency"),
        ("Part of their pay is issued as coupons for state shops.", "payment", "in_kind"),
        (
            "Their relatives would be punished if anyone tried to escape.",
            "control",
            "defection_prevention",
        ),
        (
            "His passport had been locked in the manager's office.",
            "control",
            "passport_confiscation",
        ),
        (
            "They may leave only with the team leader's permission.",
            "control",
            "movement_restriction",
        ),
        (
            "On Sundays they attend political lessons in the compound.",
            "control",
            "ideological_training",
        ),
        ("The camp is fenced off from the other labourers' compounds.", "control", "segregation"),
    ],
)
def test_more_ways_reporting_tells_controls_and_payments(sentence, kind, value):
    field = "kind" if kind == "payment" else "type"
    assert value in kinds(LABOUR_LEAD + sentence, kind, field)


def test_a_group_at_work_in_a_place_is_sent():
    text = "About 1,000 North Korean women are still sewing clothes at factories in Hunchun."
    (found,) = deployments(text)
    assert (found["status"], found["destination_area"], found["workers_min"]) == (
        "sent",
        "Hunchun",
        1000,
    )


@pytest.mark.parametrize(
    ("text", "area"),
    [
        (
            "The factory sits on the edge of Hunchun, where the borders of China, Russia and "
            "North Korea meet. Its gates face the highway. About 300 North Korean women work "
            "there, a local trader said.",
            "Hunchun",
        ),
        (
            "The yard lies in Bolshoy Kamen, across the bay from Vladivostok, Japan's Kyodo "
            "reported. Work there has grown. The shipyard asked for 400 North Korean workers "
            "last year.",
            "Bolshoy Kamen",
        ),
    ],
)
def test_a_place_anaphor_points_back_to_the_place_a_recent_sentence_is_about(text, area):
    (found,) = deployments(text)
    assert found["destination_area"] == area
    assert found["workers_min"] in (300, 400)


@pytest.mark.parametrize(
    ("text", "status", "area", "count"),
    [
        (
            "A team of 15 North Korean programmers has been based in Vientiane since 2022.",
            "sent",
            "Vientiane",
            15,
        ),
        (
            "A bus carrying about 40 North Korean farm workers pulled into Khorol in May.",
            "sent",
            "Khorol",
            40,
        ),
        (
            "A farmer near Khorol said he would ask for another 60 North Korean workers.",
            "planned",
            "Khorol",
            60,
        ),
        (
            "Uganda said it had sent home 19 North Korean medical instructors last year.",
            "ended",
            None,
            19,
        ),
        (
            "About 300 North Korean military engineers have been moved from Russia's Kursk "
            "region to the occupied Zaporizhzhia region.",
            "sent",
            "Zaporizhzhia",
            300,
        ),
        (
            "A witness said he had seen dozens of North Korean workers at building sites in "
            "Osh in March.",
            "sent",
            "Osh",
            24,
        ),
        (
            'A trader said he had seen "hundreds" of North Korean workers at building sites in '
            "Osh in March.",
            "sent",
            "Osh",
            200,
        ),
        (
            "Some 70 North Korean builders boarded a flight from Vladivostok to Pyongyang on "
            "Friday.",
            "ended",
            "Vladivostok",
            70,
        ),
        (
            "Two North Korean construction workers slipped away from a site in Moscow in June.",
            "ended",
            "Moscow",
            2,
        ),
        (
            "The company sent its crew of 45 North Korean welders home from Doha in 2017.",
            "ended",
            "Doha",
            45,
        ),
    ],
)
def test_the_verbs_reporting_uses_for_coming_and_going(text, status, area, count):
    (found,) = deployments(text)
    assert (found["status"], found["destination_area"], found["workers_min"]) == (
        status,
        area,
        count,
    )


@pytest.mark.parametrize(
    "text",
    [
        "A video showed North Korean workers at a housing site built by the developer Samolet "
        "and the shipbuilder said it had sent 40 South Korean engineers to Bolshoy Kamen.",
    ],
)
def test_companies_named_by_trade_are_not_workers(text):
    assert [d["workers_min"] for d in deployments(text)] in ([], [None])


@pytest.mark.parametrize(
    ("text", "status", "count"),
    [
        (
            "About 400 North Korean workers reached Khabarovsk in May. Another 600 or so are due "
            "to follow by June.",
            "planned",
            600,
        ),
        (
            "About 300 North Korean seamstresses arrived in Dandong in April. In May, roughly 500 "
            "more crossed the bridge into Dandong.",
            "sent",
            500,
        ),
        (
            "About 700 North Korean seamstresses have worked in Tumen since January. Another "
            "500 are expected by July.",
            "planned",
            500,
        ),
    ],
)
def test_a_bare_count_moving_on_is_a_further_group(text, status, count):
    found = deployments(text)
    assert (status, count) in [(d["status"], d["workers_min"]) for d in found]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (
            "Farmers in Primorye expect to bring in up to 500 workers from the DPRK in April.",
            "planned",
        ),
        ("Russia sent about 1,000 North Korean workers home last year.", "ended"),
    ],
)
def test_more_ways_of_planning_and_ending(text, status):
    (found,) = deployments(text)
    assert found["status"] == status


def test_a_worker_noun_opening_the_story_after_its_dateline_is_read():
    text = (
        "MOSCOW, Dec. 13 (Wire) - Sappers of the Korean People's Army have finished clearing "
        "mines in the Kursk region and returned to North Korea, the ministry said."
    )
    (found,) = deployments(text, "2025-12-13")
    assert (found["destination_area"], found["status"]) == ("Kursk", "ended")


def test_another_country_sending_its_own_workers_after_a_dateline():
    text = (
        "HANOI, Jan 8 (Wire) - Vietnam sent about 150,000 workers abroad in 2024, the labour "
        "ministry said. It has held no talks with North Korea on sending workers there."
    )
    assert deployments(text, "2025-01-08") == []


def test_the_peninsula_points_back_to_the_place_named_before():
    text = (
        "About 400 North Korean builders arrived in Sevastopol in May. Officials plan to bring "
        "roughly 1,000 more North Koreans to the peninsula by September."
    )
    found = {(d["workers_min"], d["status"]): d["destination_country"] for d in deployments(text)}
    assert found[(1000, "planned")] == "UA"


@pytest.mark.parametrize(
    "text",
    [
        "The restaurant in Siem Reap kept operating, although Cambodia was required to send all "
        "North Korean workers home by December 2019.",
        "North Korean waitresses work at a restaurant in Shenyang. The waitresses live behind "
        "the restaurant and may go out only in pairs.",
    ],
)
def test_rules_and_permissions_are_no_further_deployment(text):
    assert [d["status"] for d in deployments(text)] in ([], ["sent"])


def test_the_country_points_back_to_the_host_named_before():
    text = (
        "Namibia's government ordered North Korean firms to stop work in 2016. In October 2017 "
        "its deputy prime minister said all North Korean workers had left the country."
    )
    found = [(d["destination_country"], d["status"]) for d in deployments(text, "2018-01-10")]
    assert ("NA", "ended") in found


@pytest.mark.parametrize(
    "text",
    [
        "The ministry said that no North Korean national holds a valid work permit in Dubai.",
        "The Labour Ministry in Moscow says it issues no work permits to North Korean citizens.",
        "Russia says it has not issued work permits to North Koreans since 2017.",
        "The company hands each worker in Khabarovsk a small allowance; the rest must be sent "
        "back to Pyongyang.",
    ],
)
def test_denials_and_single_workers_are_no_deployment(text):
    assert deployments(text, "2024-11-20") == []


def test_another_group_goes_where_the_group_before_is():
    text = (
        "About 70 North Korean farm workers arrived in Khorol in April, the farmer said. He said "
        "he planned to ask for another 50 workers next spring."
    )
    found = {(d["workers_min"], d["status"]): d["destination_area"] for d in deployments(text)}
    assert found == {(70, "sent"): "Khorol", (50, "planned"): "Khorol"}


def test_soldiers_named_by_their_labour_are_the_article_s_workers():
    text = (
        "North Korea would send 5,000 military builders to restore the Kursk region, an official "
        "said in June. Military builders sent under that agreement remain at work in the Kursk "
        "region, officials said on Friday."
    )
    statuses = sorted(d["status"] for d in deployments(text, "2025-12-13"))
    assert statuses == ["planned", "sent"]


def test_workers_who_went_to_a_place_were_sent_there():
    found = deployments(
        "About 150 North Korean workers went to the Donbas in January to rebuild schools.",
        "2025-06-20",
    )
    assert [(d["destination_area"], d["workers_min"], d["status"]) for d in found] == [
        ("Donbas", 150, "sent")
    ]
    assert deployments("Most of the money went to the state, the North Korean workers said.") == []


def test_workers_kept_from_going_home_are_still_there():
    found = deployments(
        "In Nigeria, a group of North Korean doctors and nurses was still working in 2021, "
        "unable to go home because the border was closed.",
        "2025-06-20",
    )
    assert [(d["destination_country"], d["status"]) for d in found] == [("NG", "sent")]


def test_the_country_points_back_to_a_country_not_to_its_city():
    text = (
        "WARSAW - The number of North Koreans working in Poland has fallen, officials said.\n\n"
        "The government estimated in July 2016 that about 550 North Koreans were employed in "
        "the country."
    )
    found = [d for d in deployments(text, "2017-03-01") if d["workers_min"] == 550]
    assert [(d["destination_country"], d["destination_area"]) for d in found] == [("PL", None)]


def test_a_number_that_rose_to_a_peak_is_a_count():
    text = (
        "Government data showed 1,749 North Koreans holding work permits in Mongolia in July "
        "2013, and the number rose to a peak of 2,123 later that year."
    )
    counts = sorted(d["workers_min"] for d in deployments(text, "2018-02-10"))
    assert counts == [1749, 2123]


def test_money_sent_back_is_no_group_going_home():
    text = (
        "Hundreds of North Korean IT workers were working in China in March 2020. The teams "
        "earned more than $100,000 a month, nearly all of which was sent back to Pyongyang."
    )
    assert [d["status"] for d in deployments(text, "2025-06-20")] == ["sent"]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # what a group built stands where it worked
        (
            "In 2016 North Korean builders put up a school in Nakhodka, the town's mayor said.",
            "2019-01-24",
            ("Nakhodka", "sent", "construction"),
        ),
        # a group found at work, in a trade, is there
        (
            "In 2017, reporters found North Korean women processing seafood in Hunchun.",
            "2025-10-20",
            ("Hunchun", "sent", "fishing_seafood"),
        ),
    ],
)
def test_a_group_at_work_on_something_is_where_it_works(text, published, expected):
    found = deployments(text, published)
    assert [(d["destination_area"], d["status"], d["sector"]) for d in found] == [expected]


def test_a_finding_of_a_study_is_no_group_found_somewhere():
    assert deployments("A study found that North Korean people in Seoul earn less.") == []
