"""The public map URL's parameters (README, "The map URL") parsed into a Situation: pathways/query.py.

The names, values and defaults are a contract: printed QR codes and other services' links use
them. Each answer left out takes its documented default; anything else is an error by parameter.
"""

import pytest
from django.http import QueryDict

from pathways.query import parse_situation
from pathways.situation import Situation

pytestmark = pytest.mark.django_db

KIRUNA = "2584"


def parse(query):
    return parse_situation(QueryDict(query))


def test_only_the_municipality_gives_the_documented_defaults():
    situation, errors = parse(f"kommun={KIRUNA}")
    assert errors is None
    assert situation == Situation(
        municipality_code=KIRUNA,
        in_hospital="nej",
        housing="ordinart",
        reaches_health_centre="ja",
        age_group="vuxen",
        level=None,
        process="",
        needs=frozenset(),
        role="patient",
    )


def test_every_answer_is_read():
    situation, errors = parse(
        f"kommun={KIRUNA}&inlagd=ja&boende=ordinart&ta_sig=nej&alder=barn&niva=3"
        "&forlopp=plotslig&behov=hjalpmedel&behov=resor&roll=narstaende"
    )
    assert errors is None
    assert situation == Situation(
        municipality_code=KIRUNA,
        in_hospital="ja",
        housing="ordinart",
        reaches_health_centre="nej",
        age_group="barn",
        level=3,
        process="plotslig",
        needs=frozenset({"hjalpmedel", "resor"}),
        role="narstaende",
    )


def test_special_housing_is_read_and_reaching_is_not_asked_there():
    situation, errors = parse(f"kommun={KIRUNA}&boende=sarskilt&ta_sig=nej")
    assert errors is None
    assert situation.housing == "sarskilt"
    assert situation.reaches_health_centre == ""


@pytest.mark.parametrize("query", ["niva=vet_ej&forlopp=vet_ej", "niva=&forlopp=", ""])
def test_dont_know_and_empty_mean_any_level_and_any_course(query):
    situation, errors = parse(f"kommun={KIRUNA}&{query}")
    assert errors is None
    assert situation.level is None
    assert situation.process == ""


@pytest.mark.parametrize(("value", "level"), [("1", 1), ("2", 2), ("3", 3)])
def test_a_level_is_a_number(value, level):
    assert parse(f"kommun={KIRUNA}&niva={value}")[0].level == level


def test_an_unknown_municipality_is_an_error_that_names_the_code():
    situation, errors = parse("kommun=9999")
    assert situation is None
    assert errors == {
        "kommun": ["Kommunkoden 9999 finns inte bland de kommuner Rehabkartan täcker."]
    }


def test_no_municipality_is_an_error():
    situation, errors = parse("ta_sig=nej")
    assert situation is None
    assert list(errors) == ["kommun"]


@pytest.mark.parametrize(
    "bad",
    ["inlagd=kanske", "boende=slott", "ta_sig=1", "alder=gammal", "niva=4", "forlopp=x",
     "behov=allt", "roll=chef"],
)  # fmt: skip
def test_an_answer_outside_the_contract_is_an_error_for_that_parameter(bad):
    situation, errors = parse(f"kommun={KIRUNA}&{bad}")
    assert situation is None
    assert list(errors) == [bad.split("=")[0]]
    assert all(isinstance(message, str) for message in errors[bad.split("=")[0]])
