"""The regional demo data (pathways.DEMO_FIXTURES) is loadable, complete and unambiguous."""

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pathways import catalog, phone
from pathways.catalog import read_catalog
from pathways.choices import Section
from pathways.content_check import source_problem
from pathways.models import (
    CareLevel,
    Guidance,
    Municipality,
    Responsibility,
    Topic,
    Unit,
)
from pathways.rules import find_conflict
from pathways.signals import REGIONAL_DATA

from .conftest import REGIONAL_FIXTURES

pytestmark = pytest.mark.django_db

FIXTURES = REGIONAL_FIXTURES
MODELS = REGIONAL_DATA  # in dependency order: deleted in reverse
SOURCED = [CareLevel, Unit, Responsibility, Guidance]
TOPICS = [
    "rehabilitering",
    "habilitering",
    "hjalpmedel",
    "bostadsanpassning",
    "sjukresor",
    "lakemedel",
    "samordning",
    "uppfoljning",
]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_fixtures_load_on_an_empty_database_and_twice_is_idempotent():
    # Inside the test's transaction: rolled back afterwards, so other tests keep the data.
    for model in reversed(MODELS):
        model.objects.all().delete()
    assert sum(counts().values()) == 0
    call_command("loaddata", *FIXTURES, verbosity=0)
    first = counts()
    assert first["Municipality"] == 29
    call_command("loaddata", *FIXTURES, verbosity=0)
    assert counts() == first


def test_a_load_gives_each_region_it_touches_one_new_data_version():
    before = catalog.data_state().versions
    with CaptureQueriesContext(connection) as queries:
        call_command("loaddata", "dalarna", verbosity=0)
    after = catalog.data_state().versions
    assert after["dalarna"] != before["dalarna"]
    assert after["norrbotten"] == before["norrbotten"]
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "pathways_dataversion"')]
    assert len(updates) == 1, f"{len(updates)} version updates"


def test_every_row_passes_model_validation_including_the_ambiguity_check():
    # The database enforced every constraint as the rows went in (a row breaking one fails the
    # session's loaddata); asking Django to check them again per row would triple the time.
    for model in MODELS:
        for row in model.objects.all():
            row.full_clean(validate_constraints=False)


@pytest.mark.parametrize(("slug", "count"), [("norrbotten", 14), ("dalarna", 15)])
def test_each_region_has_all_its_municipalities(slug, count):
    assert Municipality.objects.filter(region__slug=slug).count() == count


def test_municipality_codes_are_unique_four_digit_scb_codes():
    codes = list(Municipality.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 29
    assert all(re.fullmatch(r"\d{4}", code) for code in codes)
    assert {code[:2] for code in codes} == {"25", "20"}  # Norrbotten 25xx, Dalarna 20xx
    assert not Municipality.objects.filter(region__slug="norrbotten").exclude(code__startswith="25")
    assert not Municipality.objects.filter(region__slug="dalarna").exclude(code__startswith="20")


def test_every_municipality_has_coordinates_and_an_authority_name():
    for municipality in Municipality.objects.all():
        assert municipality.latitude is not None and municipality.longitude is not None
        assert municipality.authority_name.endswith(("kommun", "stad"))


@pytest.mark.parametrize(
    ("code", "authority"),
    [("2080", "Falu kommun"), ("2023", "Malung-Sälens kommun"), ("2082", "Säters kommun")],
)
def test_authority_names_use_the_genitive_form(code, authority):
    assert Municipality.objects.get(code=code).authority_name == authority


def test_the_topics_and_their_needs():
    assert list(Topic.objects.values_list("slug", flat=True)) == TOPICS
    needs = dict(Topic.objects.values_list("slug", "need"))
    assert needs["hjalpmedel"] == "hjalpmedel"
    assert needs["sjukresor"] == "resor"
    assert needs["rehabilitering"] == ""


def test_national_units_have_no_region():
    national = {u.name: u for u in Unit.objects.filter(region__isnull=True)}
    assert national["1177 Vårdguiden"].phone == "1177"
    assert all(u.principal == "nationell" and u.kind == "radgivning" for u in national.values())


@pytest.mark.parametrize("slug", ["norrbotten", "dalarna"])
def test_each_region_has_three_care_levels(slug):
    assert sorted(CareLevel.objects.filter(region__slug=slug).values_list("number", flat=True)) == [
        1,
        2,
        3,
    ]


@pytest.mark.parametrize("slug", ["norrbotten", "dalarna"])
def test_no_responsibility_or_guidance_group_is_ambiguous(slug):
    catalog = read_catalog(slug)
    for rules in (catalog.responsibilities, catalog.guidance):
        for rule in rules:
            others = [other for other in rules if other.id != rule.id]
            assert find_conflict(rule, others) is None, rule.label


@pytest.mark.parametrize("slug", ["norrbotten", "dalarna"])
def test_every_topic_has_rules_in_every_region(slug):
    topics = set(
        Responsibility.objects.filter(region__slug=slug).values_list("topic__slug", flat=True)
    )
    assert topics == set(TOPICS)


@pytest.mark.parametrize("model", SOURCED, ids=lambda m: m.__name__)
def test_every_row_has_a_source_and_says_honestly_whether_it_was_checked(model):
    # No web page could be opened on 1 December 2026: a date from that day claims a check that
    # never happened. A checked row says against what; an unchecked one carries no date.
    for row in model.objects.all():
        assert row.source_title.strip(), row
        assert row.reviewed_on != date(2026, 12, 1), row
        assert bool(row.reviewed_on) == bool(row.compared_with), row


@pytest.mark.parametrize(
    "name",
    [
        "Luleå hälsocentral",
        "Falun vårdcentral",
        "Fysioterapeut i Luleå (exempel)",
        "Neuroförbundet, lokalförening i Norrbotten (exempel)",
        "Varmvattenbassäng i Mora (exempel)",
    ],
)
def test_invented_units_are_marked_as_demo(name):
    unit = Unit.objects.get(name=name)
    assert unit.is_demo
    assert "Exempeldata" in unit.source_title


@pytest.mark.parametrize(
    "name",
    [
        "1177 Vårdguiden",
        "Rehabiliteringsmedicin, Sunderby sjukhus",
        "Garnis rehabcenter, Boden",
        "Sjukresor – Beställningscentralen, Region Norrbotten",
        "Dalarna Hjälpmedelscenter",
    ],
)
def test_units_from_named_sources_are_not_demo(name):
    assert not Unit.objects.get(name=name).is_demo


def test_every_row_that_says_exempel_is_marked_demo():
    for model in SOURCED:
        for row in model.objects.filter(source_title__startswith="Exempeldata"):
            assert row.is_demo, row
    assert not Unit.objects.filter(name__contains="(exempel)", is_demo=False).exists()


def test_known_phone_numbers_are_the_sourced_ones():
    """Written here as their pages write them, stored as E.164 (a short number as its digits)."""
    written = {
        "1177 Vårdguiden": "1177",
        "112 – vid akut fara för liv och hälsa": "112",
        "Sjukresor – Beställningscentralen, Region Norrbotten": "020-96 00 96",
        "Dalarna Hjälpmedelscenter": "0243-49 78 70",
        "Beställningscentralen Dalarna (sjukresor)": "0774-44 00 00",
        # Switchboards, each from the page that states it (issue 19).
        "Luleå kommuns växel": "0920-45 30 00",
        "Bodens kommuns växel": "0921-620 00",
        "Piteå kommuns växel": "0911-69 60 00",
        "Gällivare kommuns växel": "0970-81 80 00",
        "Överkalix kommuns växel": "0926-740 00",
        "Malung-Sälens kommuns växel": "0280-181 00",
        "Mora kommuns växel": "0250-260 00",
        "Borlänge kommuns servicecenter (växel)": "0243-740 00",
        "Ludvika kommuns växel": "0240-860 00",
        "Avesta kommuns servicecenter (växel)": "0226-64 50 00",
        "Region Dalarnas växel": "023-49 00 00",
        "Leksands kommuns kundtjänst (växel)": "0247-800 00",
        "Hedemora kommuns växel": "0225-340 00",
        "Smedjebackens kommuns växel": "0240-66 00 00",
        "Säters kommuns växel": "0225-550 00",
    }
    phones = {u.name: u.phone for u in Unit.objects.exclude(phone="")}
    assert phones == {name: phone.normalise(number) for name, number in written.items()}
    assert phones["Luleå kommuns växel"] == "+46920453000"


def test_every_number_has_the_page_that_states_it_and_a_check_against_it():
    for unit in Unit.objects.exclude(phone=""):
        assert source_problem(unit.source_title, unit.source_url, unit.is_demo) is None, unit
        assert unit.source_url and not unit.is_demo, unit
        assert unit.compared_with, unit


def test_an_old_page_gives_its_number_with_its_date():
    mora = Unit.objects.get(kind="vaxel", municipality__code="2062")
    assert (mora.source_url, mora.source_dated) == (
        "http://www.mora.se/Kommun--politik/",
        date(2014, 9, 9),
    )


def test_no_municipality_gets_a_switchboard_nobody_found():
    # Falun's own switchboard is on no stored page: the map says the number is missing instead.
    assert not Unit.objects.filter(kind="vaxel", municipality__code="2080").exists()


def test_private_physiotherapists_in_norrbotten_follow_the_2022_count():
    with_physio = set(
        Unit.objects.filter(region__slug="norrbotten", kind="privat_fysioterapeut").values_list(
            "municipality__name", flat=True
        )
    )
    assert with_physio == {
        "Luleå",
        "Boden",
        "Piteå",
        "Haparanda",
        "Övertorneå",
        "Arvidsjaur",
        "Gällivare",
        "Kalix",
        "Kiruna",
        "Älvsbyn",
    }
    assert all(u.accepts_self_referral for u in Unit.objects.filter(kind="privat_fysioterapeut"))


@pytest.mark.parametrize("slug", ["norrbotten", "dalarna"])
def test_every_municipality_has_its_local_units(slug):
    for municipality in Municipality.objects.filter(region__slug=slug):
        kinds = set(municipality.units.values_list("kind", flat=True))
        assert {"halsocentral", "kommunal_rehab", "bostadsanpassning"} <= kinds, municipality


@pytest.mark.parametrize("section", [section.value for section in Section])
@pytest.mark.parametrize("slug", ["norrbotten", "dalarna"])
def test_every_section_has_guidance_in_every_region(slug, section):
    assert Guidance.objects.filter(region__slug=slug, section=section).exists()
