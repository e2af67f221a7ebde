"""The public map URL's parameters (README, "The map URL") parsed into a Situation: pathways/query.py.

The names, values and defaults are a contract: printed QR codes and other services' links use
them. Each answer left out takes its documented default; anything else is an error by parameter.
"""

from datetime import date

import pytest
from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils import timezone

from pathways import catalog, query
from pathways.answer import answer_for
from pathways.models import Municipality
from pathways.query import (
    Invalid,
    given_params,
    given_url,
    load_map,
    map_query,
    map_url,
    parse_situation,
)
from pathways.rules import decide
from pathways.situation import QUESTIONS, Situation
from pathways.values import PatientMap

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


@pytest.mark.parametrize("housing", ["lss", "korttid"])
def test_lss_housing_and_a_short_stay_are_read_and_reaching_is_not_asked_there(housing):
    situation, errors = parse(f"kommun={KIRUNA}&boende={housing}&ta_sig=nej")
    assert errors is None
    assert (situation.housing, situation.reaches_health_centre) == (housing, "")
    assert map_query(situation) == (
        f"kommun=2584&inlagd=nej&boende={housing}&alder=vuxen&niva=vet_ej&forlopp=vet_ej"
        "&roll=patient"
    )


@pytest.mark.parametrize("age", ["barn", "ung", "vuxen", "85plus"])
def test_every_age_is_read_and_written_back(age):
    situation, errors = parse(f"kommun={KIRUNA}&alder={age}")
    assert errors is None
    assert situation.age_group == age
    assert f"&alder={age}&" in map_query(situation)


@pytest.mark.parametrize("query", ["alder=vuxen", "", "boende=sarskilt&alder=vuxen"])
def test_old_links_keep_their_meaning(query):
    # vuxen (now 20–84 as an answer) stays the default; a rule row's vuxen still covers 18 and up.
    situation, errors = parse(f"kommun={KIRUNA}&{query}")
    assert errors is None
    assert situation.age_group == "vuxen"
    assert situation.housing == ("sarskilt" if "sarskilt" in query else "ordinart")
    assert parse(map_query(situation)) == (situation, None)


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
     "orsak=olycka", "behov=allt", "roll=chef"],
)  # fmt: skip
def test_an_answer_outside_the_contract_is_an_error_for_that_parameter(bad):
    situation, errors = parse(f"kommun={KIRUNA}&{bad}")
    assert situation is None
    assert list(errors) == [bad.split("=")[0]]
    assert all(isinstance(message, str) for message in errors[bad.split("=")[0]])


@pytest.mark.parametrize(
    ("place", "level"), [("hemma", 1), ("halsocentral", 1), ("sjukhus", 2), ("specialiserad", 3)]
)
def test_a_place_means_its_care_level_and_is_kept(place, level):
    situation, errors = parse(f"kommun={KIRUNA}&plats={place}")
    assert errors is None
    assert (situation.level, situation.place) == (level, place)


@pytest.mark.parametrize(
    ("query", "level"),
    [("niva=2&plats=sjukhus", 2), ("niva=vet_ej&plats=sjukhus", 2), ("niva=3&plats=vet_ej", 3),
     ("niva=vet_ej&plats=vet_ej", None), ("niva=1&plats=halsocentral", 1)],
)  # fmt: skip
def test_a_level_and_a_place_that_agree_give_that_level(query, level):
    situation, errors = parse(f"kommun={KIRUNA}&{query}")
    assert errors is None
    assert situation.level == level


@pytest.mark.parametrize(("level", "place"), [("3", "hemma"), ("1", "sjukhus"), ("2", "hemma")])
def test_a_place_that_contradicts_the_level_is_an_error_for_the_place(level, place):
    situation, errors = parse(f"kommun={KIRUNA}&niva={level}&plats={place}")
    assert situation is None
    assert errors == {"plats": [f"Platsen passar inte ihop med vårdnivå {level}."]}


def test_a_place_with_an_invalid_level_is_an_error_for_the_level_only():
    situation, errors = parse(f"kommun={KIRUNA}&niva=4&plats=hemma")
    assert situation is None
    assert list(errors) == ["niva"]


def test_an_unknown_place_is_an_error_for_the_place():
    situation, errors = parse(f"kommun={KIRUNA}&plats=slott")
    assert situation is None
    assert list(errors) == ["plats"]


@pytest.mark.parametrize(
    "cause",
    ["stroke", "hjarta", "fraktur", "neurologisk", "demens", "cancer", "palliativ",
     "funktionsnedsattning", "annat", "vet_ej"],
)  # fmt: skip
def test_what_happened_is_read_and_written_back_after_the_course(cause):
    situation, errors = parse(f"kommun={KIRUNA}&forlopp=plotslig&orsak={cause}")
    assert errors is None
    assert situation.cause == cause
    assert map_query(situation) == (
        "kommun=2584&inlagd=nej&boende=ordinart&ta_sig=ja&alder=vuxen&niva=vet_ej"
        f"&forlopp=plotslig&orsak={cause}&roll=patient"
    )


@pytest.mark.parametrize("query", ["", "&orsak="])
def test_a_map_without_what_happened_is_the_map_of_before(query):
    situation, errors = parse(f"kommun={KIRUNA}{query}")
    assert errors is None
    assert situation == Situation(KIRUNA)
    assert "orsak" not in map_query(situation)


def test_map_url_is_the_views_path_with_the_situations_query():
    situation = Situation(KIRUNA, reaches_health_centre="nej", level=2, place="sjukhus")
    query = (
        "kommun=2584&inlagd=nej&boende=ordinart&ta_sig=nej&alder=vuxen&niva=2&plats=sjukhus"
        "&forlopp=vet_ej&roll=patient"
    )
    assert map_query(situation) == query
    assert map_url(situation) == f"/karta/?{query}"
    assert map_url(situation, "map_pdf", absolute=True) == f"{settings.SITE_URL}/karta/pdf/?{query}"


def test_load_map_builds_the_map_of_the_situation_for_the_day():
    patient_map = load_map(QueryDict(f"kommun={KIRUNA}&ta_sig=nej"), date(2026, 12, 1))
    assert patient_map.situation == Situation(KIRUNA, reaches_health_centre="nej")
    assert patient_map.municipality.name == "Kiruna"
    assert patient_map.region.name == "Region Norrbotten"
    assert patient_map.made_on == date(2026, 12, 1)
    # ...whole: with the answer (the result card and next steps) of what the rules decided.
    region_catalog = catalog.catalog_for_municipality(KIRUNA)
    ruling = decide(patient_map.situation, region_catalog, patient_map.made_on)
    assert patient_map == PatientMap.whole(ruling, answer_for(ruling, region_catalog))
    assert load_map(QueryDict(f"kommun={KIRUNA}")).made_on == timezone.localdate()


def test_load_map_gives_the_errors_by_parameter():
    assert load_map(QueryDict("kommun=9999&roll=chef")) == Invalid(
        {
            "kommun": ["Kommunkoden 9999 finns inte bland de kommuner Rehabkartan täcker."],
            "roll": ["Välj ett giltigt alternativ. chef finns inte bland tillgängliga alternativ."],
        }
    )


class RemovedWhileRead(QueryDict):
    """A query whose last answer is read after an editor removed its municipality: the form has
    already accepted the code, the catalog no longer has it (the race load_map guards against)."""

    def get(self, key, default=None):
        if key == "roll":
            Municipality.objects.filter(code=KIRUNA).delete()
        return super().get(key, default)


def test_a_municipality_removed_while_the_map_is_read_is_an_error_for_the_municipality():
    assert load_map(RemovedWhileRead(f"kommun={KIRUNA}")) == Invalid(
        {"kommun": ["Rehabkartan täcker inte den kommunen."]}
    )


def test_each_question_is_a_field_of_the_url_form_with_its_choices():
    """The form's fields are built when the module loads: built again here, so a change in how
    they are built shows (and mutation testing can reach the builders)."""
    for question in QUESTIONS:
        field = query._field(question)
        kind = forms.MultipleChoiceField if question.many else forms.ChoiceField
        assert type(field) is kind and not field.required
        assert field.label == question.label
        own = [(str(value), label) for value, label in question.choices.choices]
        expected = [*own, query.DONT_KNOW_CHOICE] if question.dont_know else own
        assert query._url_choices(question) == expected == list(field.choices)
    assert query.CHOICES["niva"][-1] == ("vet_ej", "Vet inte")
    assert ("vet_ej", "Vet inte") not in query.CHOICES["boende"]


def test_each_parameter_is_labelled_with_its_questions_words():
    # "Dina svar" and the page of a wrong address name each answer by its field's label.
    fields = query.MapQueryForm.base_fields
    assert {q.param: fields[q.param].label for q in QUESTIONS} == {
        q.param: q.label for q in QUESTIONS
    }


def test_the_given_answers_are_the_addresss_own_in_the_contracts_order_and_nothing_else():
    params = QueryDict("behov=resor&alder=barn&hoppa=orsak&ta_sig=nej&kommun=2584&behov=hjalpmedel")
    given = [("kommun", "2584"), ("ta_sig", "nej"), ("alder", "barn")]
    assert given_params(params) == [*given, ("behov", "resor"), ("behov", "hjalpmedel")]
    assert given_url(QueryDict("alder=barn&kommun=2584&x=1")) == "/karta/?kommun=2584&alder=barn"
    assert given_url(QueryDict("kommun=2584"), "map_pdf") == "/karta/pdf/?kommun=2584"
