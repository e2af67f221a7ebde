"""The rules in the source documents, as the demo data encodes them: one table row per rule.

Norrbotten: Sjukvårdsberedningens verksamhetsrapport 2022 (seed 004). Dalarna: the commission
description (seed 000) and Region Dalarna's pages. National law: HSL, 2017:612, 2018:222.
"""

import itertools
from datetime import date

import pytest

from pathways import phone
from pathways.answer import build_map
from pathways.catalog import catalog_for_municipality
from pathways.models import Municipality
from pathways.situation import Situation

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 23)

LULEA, BODEN, KIRUNA, JOKKMOKK, PAJALA = "2580", "2582", "2584", "2510", "2521"
FALUN, MORA, ALVDALEN, VANSBRO = "2080", "2062", "2039", "2021"

HOME_ALONE = {"reaches_health_centre": "nej"}
SPECIAL = {"housing": "sarskilt"}
CHILD_AT_HOME = {"reaches_health_centre": "nej", "age_group": "barn"}
IN_HOSPITAL = {"in_hospital": "ja"}


def patient_map(code, **situation):
    return build_map(Situation(code, **situation), catalog_for_municipality(code), DAY)


def responsibility(code, topic, **situation):
    entry = patient_map(code, **situation).responsibility(topic)
    assert entry is not None, f"no {topic} rule for {code} {situation}"
    return entry


RULES = [
    # --- threshold principle (tröskelprincipen), both ways, both regions
    ("tröskel: tar sig till hälsocentralen", LULEA, {}, "rehabilitering", "region", "halsocentral"),
    ("tröskel: tar sig inte", LULEA, HOME_ALONE, "rehabilitering", "kommun", "kommunal_rehab"),
    ("tröskel: vårdcentral", FALUN, {}, "rehabilitering", "region", "halsocentral"),
    (
        "tröskel: tar sig inte, Dalarna",
        FALUN,
        HOME_ALONE,
        "rehabilitering",
        "kommun",
        "kommunal_rehab",
    ),
    ("tröskel följs upp, region", KIRUNA, {}, "uppfoljning", "region", "halsocentral"),
    ("tröskel följs upp, kommun", KIRUNA, HOME_ALONE, "uppfoljning", "kommun", "kommunal_rehab"),
    # --- special housing: always the municipality
    ("särskilt boende", PAJALA, SPECIAL, "rehabilitering", "kommun", "kommunal_rehab"),
    ("särskilt boende, Dalarna", MORA, SPECIAL, "rehabilitering", "kommun", "kommunal_rehab"),
    ("särskilt boende, hjälpmedel", PAJALA, SPECIAL, "hjalpmedel", "kommun", "kommunal_rehab"),
    # --- children: Norrbotten's home health care is 18+, Dalarna's (older page) all ages
    ("barn hemma, Norrbotten", JOKKMOKK, CHILD_AT_HOME, "rehabilitering", "region", "halsocentral"),
    ("barn hemma, Dalarna", ALVDALEN, CHILD_AT_HOME, "rehabilitering", "region", "halsocentral"),
    ("barn, hjälpmedel, Norrbotten", JOKKMOKK, CHILD_AT_HOME, "hjalpmedel", "region", "hjalpmedel"),
    (
        "barn, hjälpmedel, Dalarna",
        ALVDALEN,
        CHILD_AT_HOME,
        "hjalpmedel",
        "region",
        "hjalpmedel",
    ),
    (
        "barn i särskilt boende, Norrbotten",
        JOKKMOKK,
        {**SPECIAL, "age_group": "barn"},
        "rehabilitering",
        "region",
        "halsocentral",
    ),
    (
        "barn som tar sig dit",
        ALVDALEN,
        {"age_group": "barn"},
        "rehabilitering",
        "region",
        "halsocentral",
    ),
    # --- aids follow the threshold principle
    ("hjälpmedel, tar sig dit", BODEN, {}, "hjalpmedel", "region", "hjalpmedel"),
    ("hjälpmedel, Luleå kommun", LULEA, {}, "hjalpmedel", "kommun", "kommunal_rehab"),
    (
        "hjälpmedel, barn i Luleå",
        LULEA,
        {"age_group": "barn"},
        "hjalpmedel",
        "region",
        "hjalpmedel",
    ),
    ("hjälpmedel, hemsjukvård", LULEA, HOME_ALONE, "hjalpmedel", "kommun", "kommunal_rehab"),
    ("hjälpmedel, Dalarna", FALUN, {}, "hjalpmedel", "region", "hjalpmedel"),
    # --- home adaptation: always the municipality (2018:222)
    ("bostadsanpassning", LULEA, {}, "bostadsanpassning", "kommun", "bostadsanpassning"),
    (
        "bostadsanpassning inlagd",
        FALUN,
        IN_HOSPITAL,
        "bostadsanpassning",
        "kommun",
        "bostadsanpassning",
    ),
    # No grant in special housing (2018:222; prop. 2017/18:80): the home's staff, the municipality's.
    (
        "bostadsanpassning, särskilt boende",
        FALUN,
        {**IN_HOSPITAL, **SPECIAL},
        "bostadsanpassning",
        "kommun",
        "kommunal_rehab",
    ),
    (
        "bostadsanpassning, särskilt boende, Norrbotten",
        PAJALA,
        SPECIAL,
        "bostadsanpassning",
        "kommun",
        "kommunal_rehab",
    ),
    # Habilitering in special housing is the municipality's (HSL 12 kap. 5 §), the region's elsewhere.
    ("habilitering, särskilt boende", PAJALA, SPECIAL, "habilitering", "kommun", "kommunal_rehab"),
    (
        "habilitering, särskilt boende, Dalarna",
        FALUN,
        SPECIAL,
        "habilitering",
        "kommun",
        "kommunal_rehab",
    ),
    # Prescriptions in special housing: the region's doctor, with the home's nurse.
    ("läkemedel, särskilt boende", PAJALA, SPECIAL, "lakemedel", "region", "halsocentral"),
    # Who gives the rehabilitation follows it up: at level 2 and 3 the region, even at home.
    (
        "uppföljning nivå 2, hemsjukvård",
        PAJALA,
        {**HOME_ALONE, "level": 2},
        "uppfoljning",
        "region",
        "sjukhusrehab",
    ),
    (
        "uppföljning nivå 3, Dalarna",
        FALUN,
        {**HOME_ALONE, "level": 3},
        "uppfoljning",
        "region",
        "specialiserad_rehab",
    ),
    (
        "bostadsanpassning barn",
        KIRUNA,
        {"age_group": "barn"},
        "bostadsanpassning",
        "kommun",
        "bostadsanpassning",
    ),
    # --- sick travel: always the region
    ("sjukresor", PAJALA, {}, "sjukresor", "region", "sjukresor"),
    ("sjukresor, särskilt boende", PAJALA, SPECIAL, "sjukresor", "region", "sjukresor"),
    ("sjukresor, Dalarna", VANSBRO, HOME_ALONE, "sjukresor", "region", "sjukresor"),
    # --- prescriptions: physicians are the region's, also in municipal home care
    ("recept", LULEA, {}, "lakemedel", "region", "halsocentral"),
    ("recept i hemsjukvård", LULEA, HOME_ALONE, "lakemedel", "region", "halsocentral"),
    ("recept i särskilt boende, Dalarna", MORA, SPECIAL, "lakemedel", "region", "halsocentral"),
    # --- levels
    ("nivå 2", BODEN, {"level": 2}, "rehabilitering", "region", "sjukhusrehab"),
    (
        "nivå 2 i hemsjukvård",
        BODEN,
        {**HOME_ALONE, "level": 2},
        "rehabilitering",
        "region",
        "sjukhusrehab",
    ),
    (
        "nivå 1 är tröskelprincipen",
        BODEN,
        {**HOME_ALONE, "level": 1},
        "rehabilitering",
        "kommun",
        "kommunal_rehab",
    ),
    ("nivå 3", KIRUNA, {"level": 3}, "rehabilitering", "region", "specialiserad_rehab"),
    (
        "nivå 3, särskilt boende",
        KIRUNA,
        {**SPECIAL, "level": 3},
        "rehabilitering",
        "region",
        "specialiserad_rehab",
    ),
    ("nivå 3, Dalarna", FALUN, {"level": 3}, "rehabilitering", "region", "specialiserad_rehab"),
    # --- in hospital now: the hospital, and the region's outpatient care leads the discharge
    ("inlagd", LULEA, IN_HOSPITAL, "rehabilitering", "region", "sjukhusrehab"),
    (
        "inlagd från särskilt boende",
        LULEA,
        {**IN_HOSPITAL, **SPECIAL},
        "rehabilitering",
        "region",
        "sjukhusrehab",
    ),
    (
        "inlagd, nivå 3",
        LULEA,
        {**IN_HOSPITAL, "level": 3},
        "rehabilitering",
        "region",
        "specialiserad_rehab",
    ),
    (
        "samordnad utskrivning",
        LULEA,
        {**IN_HOSPITAL, **HOME_ALONE},
        "samordning",
        "region",
        "halsocentral",
    ),
    ("samordnad utskrivning, Dalarna", MORA, IN_HOSPITAL, "samordning", "region", "halsocentral"),
]


@pytest.mark.parametrize(
    ("code", "situation", "topic", "principal", "unit_kind"),
    [row[1:] for row in RULES],
    ids=[row[0] for row in RULES],
)
def test_the_documents_rule_decides_the_principal(code, situation, topic, principal, unit_kind):
    entry = responsibility(code, topic, **situation)
    assert entry.principal == principal
    assert entry.units, "the map must say where to turn"
    assert {unit.kind for unit in entry.units} == {unit_kind}


def test_the_municipality_is_named_as_principal_in_its_genitive_form():
    entry = responsibility(FALUN, "rehabilitering", **HOME_ALONE)
    assert entry.principal_name == "Falu kommun"
    assert responsibility(FALUN, "rehabilitering").principal_name == "Region Dalarna"


def test_level_three_in_norrbotten_names_sunderby_and_garnis():
    names = {unit.name for unit in responsibility(JOKKMOKK, "rehabilitering", level=3).units}
    assert names == {"Rehabiliteringsmedicin, Sunderby sjukhus", "Garnis rehabcenter, Boden"}


@pytest.mark.parametrize(
    ("code", "hospital"),
    [
        (KIRUNA, "Rehabilitering vid Kiruna sjukhus"),
        (LULEA, "Rehabilitering vid Sunderby sjukhus"),
        (PAJALA, "Rehabilitering vid Gällivare sjukhus"),  # none in Pajala: the nearest
        (ALVDALEN, "Rehabilitering vid Mora lasarett"),
    ],
)
def test_level_two_names_the_hospital_in_or_nearest_the_municipality(code, hospital):
    names = [unit.name for unit in responsibility(code, "rehabilitering", level=2).units]
    assert names == [hospital]


def test_an_inpatient_sees_the_relevant_hospital_not_all_five():
    names = [
        u.name for u in responsibility(KIRUNA, "rehabilitering", **IN_HOSPITAL, **HOME_ALONE).units
    ]
    assert names == ["Rehabilitering vid Kiruna sjukhus"]


def test_the_explanation_says_why_in_plain_swedish():
    entry = responsibility(LULEA, "rehabilitering", **HOME_ALONE)
    assert entry.explanation.startswith("Du kan inte ta dig till hälsocentralen, varken själv")
    assert "tröskelprincipen" not in entry.explanation
    dalarna = responsibility(FALUN, "rehabilitering", **HOME_ALONE)
    assert "vårdcentralen" in dalarna.explanation


def test_children_get_rehabilitation_from_the_region_in_both_regions_and_the_data_says_why():
    norrbotten = responsibility(KIRUNA, "rehabilitering", **CHILD_AT_HOME)
    dalarna = responsibility(MORA, "rehabilitering", **CHILD_AT_HOME)
    assert (norrbotten.principal, dalarna.principal) == ("region", "region")
    assert "18 år" in norrbotten.explanation
    assert "(rapport 2022)" in norrbotten.source.title
    assert "8 kap. 7 §" in dalarna.source.title


@pytest.mark.parametrize(
    ("code", "booking"),
    [(LULEA, "020-96 00 96"), (FALUN, "Dalatrafik")],
)
def test_sick_travel_names_the_regions_booking(code, booking):
    entry = responsibility(code, "sjukresor")
    assert booking in entry.text
    assert booking in " ".join(f"{unit.name} {phone.display(unit.phone)}" for unit in entry.units)


def test_dalarna_sick_travel_rules_are_valid_from_may_2024():
    assert responsibility(FALUN, "sjukresor").source.valid_from == date(2024, 5, 1)
    before = build_map(Situation(FALUN), catalog_for_municipality(FALUN), date(2024, 4, 30))
    assert "sjukresor" not in before.sections


@pytest.mark.parametrize(
    ("code", "fee"),
    [(LULEA, "300 kronor"), (FALUN, "250 kronor")],
)
def test_aid_fees_are_regional(code, fee):
    texts = [entry.text for entry in patient_map(code).sections["hjalpmedel"]]
    assert any(fee in text for text in texts)


def test_the_discharge_section_appears_only_in_hospital():
    assert "utskrivning" not in patient_map(LULEA).sections
    discharge = patient_map(LULEA, **IN_HOSPITAL).sections["utskrivning"]
    assert any("2017:612" in entry.source.title for entry in discharge)
    assert any("3 kap. 2 b §" in entry.source.title for entry in discharge)


@pytest.mark.parametrize(
    ("situation", "expected"),
    [({"process": "plotslig"}, "plötslig"), ({"process": "langvarig"}, "långvarig")],
)
def test_what_to_expect_follows_the_process(situation, expected):
    (entry,) = [
        e
        for e in patient_map(BODEN, **situation).sections["forvanta"]
        if "Efter" in e.title or "Vid" in e.title
    ]
    assert expected in entry.title.lower()


def test_what_is_expected_follows_the_role():
    patient = patient_map(MORA).sections["forvantas"]
    relative = patient_map(MORA, role="narstaende").sections["forvantas"]
    assert patient[0].title != relative[0].title
    assert "närstående" in relative[0].title


def test_relatives_support_is_on_every_relatives_map_and_for_patients_who_ask():
    def titles(**answers):
        return [e.title for e in patient_map(MORA, **answers).sections["forvantas"]]

    support = set(titles(needs=frozenset({"narstaende"}))) - set(titles())
    assert len(support) == 1  # a patient who asks for it gets it
    assert support <= set(titles(role="narstaende"))  # a relative without ticking the need
    assert titles(role="narstaende") == titles(role="narstaende", needs=frozenset({"narstaende"}))


@pytest.mark.parametrize("code", [KIRUNA, FALUN])
def test_work_guidance_is_on_every_map_and_more_for_those_who_need_it(code):
    titles = [e.title for e in patient_map(code).sections["arbete"]]
    assert any("rehabiliteringskoordinator" in e.text for e in patient_map(code).sections["arbete"])
    needed = [e.title for e in patient_map(code, needs=frozenset({"arbete"})).sections["arbete"]]
    assert len(needed) > len(titles)
    assert any("Arbetsförmedlingen" in title for title in needed)


@pytest.mark.parametrize("code", [LULEA, FALUN])
def test_the_medicine_cap_shows_no_unsourced_figure_but_says_where_to_check(code):
    (entry,) = [e for e in patient_map(code).sections["lakemedel"] if "Högkostnad" in e.title]
    assert "kontrollera aktuellt belopp" in entry.text
    assert not any(figure in entry.text for figure in ("2 850", "2 900"))
    assert entry.source.url.startswith("https://lagen.nu/2002:160")


@pytest.mark.parametrize(
    ("code", "marker"),
    [(LULEA, "Luleå kommuns hemsjukvård"), (MORA, "Mora lasarett")],
)
def test_a_municipality_own_text_replaces_the_regions(code, marker):
    situation = HOME_ALONE if code == LULEA else {}
    texts = " ".join(
        entry.text
        for entries in patient_map(code, **situation).sections.values()
        for entry in entries
    )
    assert marker in texts
    neighbour = BODEN if code == LULEA else FALUN
    others = " ".join(
        entry.text
        for entries in patient_map(neighbour, **situation).sections.values()
        for entry in entries
    )
    assert marker not in others


@pytest.mark.parametrize(
    ("code", "language"), [(KIRUNA, "meänkieli"), (ALVDALEN, "samiska"), (BODEN, None)]
)
def test_minority_language_rights_are_shown_where_they_apply(code, language):
    texts = " ".join(e.text for e in patient_map(code).sections.get("rattigheter", []))
    if language:
        assert language in texts
    else:
        assert "förvaltningsområdet" not in texts


def test_private_physiotherapists_fall_back_to_the_nearest_municipality():
    here = patient_map(LULEA)
    assert here.physiotherapists and here.physiotherapists_elsewhere is None
    pajala = patient_map(PAJALA)  # no private physiotherapist in May 2022
    assert pajala.physiotherapists
    assert pajala.physiotherapists_elsewhere is not None
    assert pajala.physiotherapists_elsewhere.code != PAJALA


def test_national_advice_lines_are_on_every_map():
    names = {unit.name for unit in patient_map(VANSBRO).national_units}
    assert "1177 Vårdguiden" in names


SITUATIONS = [
    {
        "in_hospital": in_hospital,
        "housing": housing,
        "reaches_health_centre": reaches,
        "age_group": age,
        "level": level,
    }
    for in_hospital, housing, reaches, age, level in itertools.product(
        ("ja", "nej"), ("ordinart", "sarskilt"), ("ja", "nej"), ("vuxen", "barn"), (None, 1, 2, 3)
    )
]


@pytest.mark.parametrize(
    "code",
    [
        "2506",
        "2505",
        "2582",
        "2523",
        "2583",
        "2510",
        "2514",
        "2584",
        "2580",
        "2521",
        "2581",
        "2560",
        "2513",
        "2518",
        "2021",
        "2023",
        "2026",
        "2029",
        "2031",
        "2034",
        "2039",
        "2061",
        "2062",
        "2080",
        "2081",
        "2082",
        "2083",
        "2084",
        "2085",
    ],
)
def test_every_municipality_and_situation_gets_a_main_responsibility_with_a_unit(code):
    assert Municipality.objects.filter(code=code).exists()
    catalog = catalog_for_municipality(code)
    for situation in SITUATIONS:
        patient = build_map(Situation(code, **situation), catalog, DAY)
        assert patient.main is not None, situation
        assert patient.main.units, situation
        assert {entry.topic.slug for entry in patient.responsibilities} == {
            topic.slug for topic in catalog.topics
        }, situation
        assert all(entry.units for entry in patient.responsibilities), situation
