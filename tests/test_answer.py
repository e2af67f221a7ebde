"""What the map leads with (pathways.answer): whom to contact first, with a number known from a
source, and the next steps. Pure functions over a small hand-made catalog: no database."""

from dataclasses import replace
from datetime import date

import pytest

from pathways import answer, values
from pathways.rules import decide
from pathways.situation import Situation
from pathways.values import (
    Catalog,
    GuidanceOutcome,
    MunicipalityInfo,
    RegionInfo,
    ResponsibilityOutcome,
    Rule,
    Source,
    TopicInfo,
    UnitInfo,
)

DAY = date(2026, 12, 1)
SOURCE = Source("Regionens sida om rehabilitering", "https://example.org/rehab", DAY)
KIRUNA = "2584"


def unit(id, name, kind, principal, *, code=KIRUNA, phone="", national=False, **details):
    return UnitInfo(
        id=id,
        name=name,
        kind=kind,
        principal=principal,
        source=SOURCE,
        municipality_code=code,
        is_national=national,
        phone=phone,
        **details,
    )


HOME_CARE = unit(10, "Hemsjukvård, Kiruna kommun", "kommunal_rehab", "kommun")
HEALTH_CENTRE = unit(11, "Kiruna hälsocentral", "halsocentral", "region")
HOSPITAL = unit(12, "Rehabilitering vid Kiruna sjukhus", "sjukhusrehab", "region", code=None)
SICK_TRAVEL = unit(
    13,
    "Beställningscentralen",
    "sjukresor",
    "region",
    code=None,
    phone="020-96 00 96",
    opening_hours="Vardagar 8–17",
)
LINE_1177 = unit(
    1, "1177 Vårdguiden", "radgivning", "nationell", code=None, phone="1177", national=True
)
EMERGENCY = unit(2, "112", "radgivning", "nationell", code=None, phone="112", national=True)
TOWN_SWITCHBOARD = unit(20, "Kiruna kommuns växel", "vaxel", "kommun", phone="0980-700 00")
REGION_SWITCHBOARD = unit(
    21, "Regionens växel", "vaxel", "region", code=None, phone="070-174 06 05"
)

TOPICS = [
    TopicInfo("rehabilitering", "Rehabilitering"),
    TopicInfo("hjalpmedel", "Hjälpmedel", need="hjalpmedel"),
    TopicInfo("sjukresor", "Sjukresor", need="resor"),
    TopicInfo("samordning", "Samordning och SIP"),
    TopicInfo("uppfoljning", "Uppföljning"),
]


def responsibility(id, topic, principal, kind, text, **conditions):
    return Rule(
        id=id,
        label=f"{topic} {id}",
        group=("topic", topic),
        conditions=conditions,
        source=SOURCE,
        municipality_code=None,
        outcome=ResponsibilityOutcome(
            principal=principal, unit_kind=kind, text=text, explanation=f"Därför {principal}."
        ),
    )


RESPONSIBILITIES = [
    responsibility(1, "rehabilitering", "region", "halsocentral", "Börja hos hälsocentralen."),
    responsibility(
        2,
        "rehabilitering",
        "kommun",
        "kommunal_rehab",
        "Kommunens hemsjukvård kommer hem till dig.",
        in_hospital="nej",
        housing="ordinart",
        reaches_health_centre="nej",
    ),
    responsibility(
        3, "rehabilitering", "region", "sjukhusrehab", "Sjukhusets personal.", in_hospital="ja"
    ),
    responsibility(4, "hjalpmedel", "region", "halsocentral", "Hälsocentralen skriver ut."),
    responsibility(
        5,
        "hjalpmedel",
        "kommun",
        "kommunal_rehab",
        "Kommunens arbetsterapeut skriver ut hemma.",
        reaches_health_centre="nej",
    ),
    responsibility(6, "sjukresor", "region", "sjukresor", "Boka minst två dagar i förväg."),
    responsibility(7, "samordning", "region", "halsocentral", "Be om en SIP."),
    responsibility(8, "uppfoljning", "region", "halsocentral", "Hälsocentralen följer upp."),
]
RELATIVES_SUPPORT = Rule(
    id=30,
    label="stöd",
    group=("guidance", "forvantas", "stod", "narstaende"),
    conditions={},
    source=SOURCE,
    municipality_code=None,
    outcome=GuidanceOutcome(
        section="forvantas",
        title="Stöd till dig som är närstående",
        text="Kontakta kommunens anhörigstöd.",
        need="narstaende",
    ),
)


def catalog(*extra_units):
    return Catalog(
        region=RegionInfo(
            1, "norrbotten", "Region Norrbotten", "hälsocentral", "hälsocentralen", ""
        ),
        municipalities={KIRUNA: MunicipalityInfo(KIRUNA, "Kiruna", "Kiruna kommun")},
        levels={},
        topics=TOPICS,
        professions={},
        units=[HOME_CARE, HEALTH_CENTRE, HOSPITAL, SICK_TRAVEL, LINE_1177, EMERGENCY, *extra_units],
        responsibilities=RESPONSIBILITIES,
        guidance=[RELATIVES_SUPPORT],
    )


def the_answer(data, **answers):
    return answer.build_map(Situation(KIRUNA, **answers), data, DAY).answer


# Kontakta först: a number known from a source, and which


def test_a_unit_with_its_own_number_is_rung_directly():
    with_phone = replace(HOME_CARE, phone="0980-123 45", opening_hours="Vardagar 8–16")
    data = replace(catalog(), units=[with_phone, *catalog().units[1:]])
    contact = the_answer(data, reaches_health_centre="nej").first_contact
    assert (contact.name, contact.via, contact.phone) == (
        with_phone.name,
        values.OWN,
        "0980-123 45",
    )
    assert contact.tel == "tel:+4698012345"
    assert contact.hours == "Vardagar 8–16"


def test_without_its_own_number_the_municipalitys_switchboard_then_1177():
    contact = the_answer(
        catalog(TOWN_SWITCHBOARD, REGION_SWITCHBOARD), reaches_health_centre="nej"
    ).first_contact
    assert contact.name == HOME_CARE.name  # whom to ask for …
    assert contact.number_from == TOWN_SWITCHBOARD  # … through the municipality's own switchboard
    assert contact.via == values.VIA_SWITCHBOARD

    contact = the_answer(catalog(), reaches_health_centre="nej").first_contact
    assert (contact.number_from, contact.via) == (LINE_1177, values.VIA_NATIONAL)
    assert contact.tel == "tel:1177"


def test_the_region_is_reached_through_the_regions_switchboard_not_the_municipalitys():
    contact = the_answer(catalog(TOWN_SWITCHBOARD, REGION_SWITCHBOARD)).first_contact
    assert contact.unit == HEALTH_CENTRE
    assert contact.number_from == REGION_SWITCHBOARD


def test_an_emergency_number_is_never_the_fallback():
    data = replace(catalog(), units=[u for u in catalog().units if u != LINE_1177])
    contact = the_answer(data).first_contact
    assert contact.number_from is None and contact.tel == ""


@pytest.mark.parametrize(
    "answers",
    [{}, {"reaches_health_centre": "nej"}, {"in_hospital": "ja"}, {"housing": "sarskilt"}],
)
def test_every_number_offered_is_a_units_number_in_the_data(answers):
    data = catalog(TOWN_SWITCHBOARD)
    result = the_answer(data, needs=frozenset({"resor", "hjalpmedel"}), **answers)
    contacts = [result.first_contact, result.home_contact]
    offered = [c for c in contacts if c] + [s.contact for s in result.next_steps if s.contact]
    numbers = {u.phone for u in data.units if u.phone}
    for contact in offered:
        if contact.via == values.IN_PERSON:  # the staff around the person: no number at all
            assert contact.number_from is None and contact.tel == ""
        else:
            assert contact.number_from.phone in numbers


# In hospital: who takes over at home


@pytest.mark.parametrize(
    ("reaches", "principal", "first"),
    [("nej", "Kiruna kommun", HOME_CARE), ("ja", "Region Norrbotten", HEALTH_CENTRE)],
)
def test_in_hospital_the_answer_says_who_takes_over_at_home(reaches, principal, first):
    data = catalog()
    patient_map = decide(
        Situation(KIRUNA, in_hospital="ja", reaches_health_centre=reaches), data, DAY
    )
    assert patient_map.main.principal_name == "Region Norrbotten"  # now, in hospital
    result = answer.answer_for(patient_map, data)
    assert result.at_home.principal_name == principal
    # Now: the ward's staff, in person; at home: the unit that takes over.
    assert (result.first_contact.kind, result.first_contact.via) == (values.WARD, values.IN_PERSON)
    assert result.home_contact.unit == first


def test_at_home_there_is_no_separate_home_part():
    assert the_answer(catalog()).at_home is None


# Nästa steg


def test_the_needs_asked_for_come_first_then_follow_up_and_coordination():
    steps = the_answer(catalog(), needs=frozenset({"resor", "hjalpmedel"})).next_steps
    titles = [step.title for step in steps]
    assert titles[:2] == ["Hjälpmedel: Region Norrbotten", "Sjukresor: Region Norrbotten"]
    assert 2 <= len(steps) <= answer.MAX_STEPS
    travel = steps[1]
    assert travel.text == "Boka minst två dagar i förväg."
    assert travel.contact.phone == "020-96 00 96" and travel.contact.hours == "Vardagar 8–17"


def test_without_needs_there_are_still_at_least_two_steps():
    steps = the_answer(catalog()).next_steps
    assert [s.title for s in steps] == [
        "Uppföljning: Region Norrbotten",
        "Samordning och SIP: Region Norrbotten",
    ]


def test_steps_never_send_who_cannot_get_there_to_the_health_centre():
    result = the_answer(catalog(), reaches_health_centre="nej", needs=frozenset({"hjalpmedel"}))
    assert result.next_steps[0].text == "Kommunens arbetsterapeut skriver ut hemma."
    assert result.first_contact.unit == HOME_CARE
    assert not any("Börja hos hälsocentralen" in s.text for s in result.next_steps)


def test_a_relative_always_gets_the_support_for_relatives():
    steps = the_answer(catalog(), role="narstaende").next_steps
    assert steps[0].title == "Stöd till dig som är närstående"
    patient_steps = the_answer(catalog()).next_steps
    assert all(s.title != "Stöd till dig som är närstående" for s in patient_steps)


def test_steps_with_a_unit_without_a_number_offer_no_number():
    steps = the_answer(catalog(), needs=frozenset({"hjalpmedel"})).next_steps
    assert steps[0].contact is None  # never "ring 1177" as a step: the card says that


def test_several_regional_units_and_none_local_name_the_principal_not_an_arbitrary_one():
    other = replace(HOSPITAL, id=14, name="Rehabilitering vid Gällivare sjukhus")
    data = replace(catalog(REGION_SWITCHBOARD), units=[other, *catalog(REGION_SWITCHBOARD).units])
    level_2 = responsibility(9, "rehabilitering", "region", "sjukhusrehab", "Sjukhuset.", level=2)
    data = replace(data, responsibilities=[*data.responsibilities, level_2])
    patient_map = decide(Situation(KIRUNA, level=2), data, DAY)
    assert len(patient_map.main.units) == 2
    contact = answer.first_contact(patient_map, data)
    assert (contact.name, contact.unit) == ("Region Norrbotten", None)
    assert contact.number_from == REGION_SWITCHBOARD


# The first contact fits the situation (issue 19): never 1177 as the answer to "whom do I call"


def test_in_hospital_ask_the_wards_staff_and_beside_it_who_takes_over_at_home():
    result = the_answer(catalog(TOWN_SWITCHBOARD), in_hospital="ja", reaches_health_centre="nej")
    ward = result.first_contact
    assert (ward.kind, ward.via, ward.tel, ward.principal) == (
        values.WARD,
        values.IN_PERSON,
        "",
        "region",
    )
    home = result.home_contact
    assert (home.kind, home.unit, home.via) == (values.HOME_CARE, HOME_CARE, values.VIA_SWITCHBOARD)
    assert home.number_from == TOWN_SWITCHBOARD  # "ring the switchboard, ask for the home care"


def test_in_special_housing_the_homes_staff_even_when_a_hospital_gives_the_rehabilitation():
    level_2 = responsibility(9, "rehabilitering", "region", "sjukhusrehab", "Sjukhuset.", level=2)
    special = responsibility(
        10, "rehabilitering", "kommun", "kommunal_rehab", "Boendet.", housing="sarskilt"
    )
    data = replace(catalog(), responsibilities=[*RESPONSIBILITIES, special, level_2])
    for level in (None, 2):
        contact = the_answer(data, housing="sarskilt", level=level).first_contact
        assert (contact.kind, contact.via, contact.tel) == (
            values.HOUSING_STAFF,
            values.IN_PERSON,
            "",
        )
        assert (contact.principal, contact.principal_name) == ("kommun", "Kiruna kommun")


def test_who_cannot_get_to_the_health_centre_calls_the_home_care_and_else_is_told_the_number_is_missing():
    contact = the_answer(catalog(), reaches_health_centre="nej").first_contact
    assert (contact.kind, contact.unit, contact.principal) == (
        values.HOME_CARE,
        HOME_CARE,
        "kommun",
    )
    # No number of its own, no switchboard in the data: the number is missing, and 1177 is only
    # where it came from as the last resort (the page labels it so), never the unit's own.
    assert contact.via == values.VIA_NATIONAL and contact.number_from == LINE_1177
    assert contact.web == ""  # 1177's site is not the home care's


def test_a_child_with_a_long_term_condition_is_sent_to_the_regions_habilitering():
    habilitering = unit(15, "Barn- och ungdomshabiliteringen", "annat", "region", code=None)
    topic = TopicInfo("habilitering", "Habilitering")
    rule = Rule(
        id=11,
        label="habilitering",
        group=("topic", "habilitering"),
        conditions={"age_group": "barn"},
        source=SOURCE,
        municipality_code=None,
        outcome=ResponsibilityOutcome(
            principal="region", text="Habiliteringen.", explanation="", unit_id=15
        ),
    )
    base = catalog(habilitering)
    data = replace(base, topics=[*TOPICS, topic], responsibilities=[*RESPONSIBILITIES, rule])
    contact = the_answer(data, age_group="barn", process="langvarig").first_contact
    assert (contact.kind, contact.unit) == (values.CHILD_CLINIC, habilitering)
    contact = the_answer(data, age_group="barn").first_contact  # else the child's own clinic
    assert (contact.kind, contact.unit) == (values.CHILD_CLINIC, HEALTH_CENTRE)


def test_otherwise_the_unit_responsible():
    contact = the_answer(catalog()).first_contact
    assert (contact.kind, contact.unit, contact.principal) == (
        values.RESPONSIBLE,
        HEALTH_CENTRE,
        "region",
    )


def test_an_inpatients_follow_up_step_is_the_answer_at_home():
    # The follow-up rule differs at home: the step must say who follows up there, the same
    # principal as "När du kommer hem", not the inpatient map's.
    at_home = responsibility(
        12,
        "uppfoljning",
        "kommun",
        "kommunal_rehab",
        "Hemsjukvården följer upp.",
        in_hospital="nej",
        reaches_health_centre="nej",
    )
    data = replace(catalog(), responsibilities=[*RESPONSIBILITIES, at_home])
    result = the_answer(data, in_hospital="ja", reaches_health_centre="nej")
    assert result.at_home.principal_name == "Kiruna kommun"
    assert "Uppföljning: Kiruna kommun" in [step.title for step in result.next_steps]


# What the caps and the fallbacks promise (issue 18: each of these could change unnoticed)


def test_a_switchboard_without_a_number_is_never_the_number_to_ring():
    silent = replace(TOWN_SWITCHBOARD, phone="")  # a row whose number nobody has entered yet
    contact = the_answer(catalog(silent), reaches_health_centre="nej").first_contact
    assert (contact.via, contact.number_from) == (values.VIA_NATIONAL, LINE_1177)
    silent_region = replace(REGION_SWITCHBOARD, phone="")
    contact = the_answer(catalog(silent_region)).first_contact
    assert (contact.via, contact.number_from) == (values.VIA_NATIONAL, LINE_1177)


# Every need with a text of its own: a topic for four, a guidance row for the other two.
EVERY_NEED = [
    TopicInfo("bostadsanpassning", "Bostadsanpassning", need="bostadsanpassning"),
    TopicInfo("lakemedel", "Läkemedel", need="lakemedel"),
]


def _work_row():
    return Rule(
        id=31,
        label="arbete",
        group=("guidance", "arbete", "forst", "arbete"),
        conditions={},
        source=Source("Försäkringskassan om sjukpenning", "https://example.org/arbete", DAY),
        municipality_code=None,
        outcome=GuidanceOutcome(
            section="arbete", title="Arbete", text="Prata med din arbetsgivare.", need="arbete"
        ),
    )


def every_need_catalog():
    base = catalog(TOWN_SWITCHBOARD)
    rows = [
        responsibility(40, "bostadsanpassning", "kommun", "kommunal_rehab", "Sök hos kommunen."),
        responsibility(41, "lakemedel", "region", "halsocentral", "Förnya recept hos 1177."),
    ]
    return replace(
        base,
        topics=[*TOPICS, *EVERY_NEED],
        responsibilities=[*RESPONSIBILITIES, *rows],
        guidance=[RELATIVES_SUPPORT, _work_row()],
    )


def test_at_most_five_steps_the_needs_in_the_questions_order():
    steps = the_answer(every_need_catalog(), needs=frozenset(answer.NEED_ORDER)).next_steps
    assert [step.title for step in steps] == [
        "Hjälpmedel: Region Norrbotten",
        "Bostadsanpassning: Kiruna kommun",
        "Sjukresor: Region Norrbotten",
        "Läkemedel: Region Norrbotten",
        "Arbete",
    ]  # the sixth need (support for relatives) and follow-up and coordination are left out


@pytest.mark.parametrize(
    ("needs", "general"),
    [
        ((), ["Uppföljning: Region Norrbotten", "Samordning och SIP: Region Norrbotten"]),
        (("resor",), ["Uppföljning: Region Norrbotten", "Samordning och SIP: Region Norrbotten"]),
        (("resor", "hjalpmedel"), ["Uppföljning: Region Norrbotten"]),
        (("resor", "hjalpmedel", "lakemedel"), []),
    ],
)
def test_follow_up_and_coordination_only_until_there_are_three_steps(needs, general):
    steps = the_answer(every_need_catalog(), needs=frozenset(needs)).next_steps
    assert [step.title for step in steps][len(needs) :] == general


def test_a_steps_number_is_its_units_own_and_its_source_the_rows():
    steps = the_answer(every_need_catalog(), needs=frozenset({"resor", "arbete"})).next_steps
    travel, work = steps[0], steps[1]
    assert (travel.contact.name, travel.contact.unit, travel.contact.via) == (
        SICK_TRAVEL.name,
        SICK_TRAVEL,
        values.OWN,
    )
    assert travel.source == SOURCE
    assert (work.title, work.text, work.contact) == ("Arbete", "Prata med din arbetsgivare.", None)
    assert work.source == _work_row().source
