"""Numbers that exist and facts that are right (issue 19): each case was wrong or missing in the
data of 1 December 2026, seen as a patient sees it (the page, the JSON, the PDF)."""

import re
from datetime import date

import pytest

from pathways.content_check import review_problem
from pathways.models import CareLevel, Guidance, Responsibility, Unit

from .html import parse, text_of
from .paper import pdf_text
from .test_content import api, section_text

pytestmark = pytest.mark.django_db

FALUN, MORA, BORLANGE, LULEA, KIRUNA, PAJALA = "2080", "2062", "2081", "2580", "2584", "2521"
CONTENT = (CareLevel, Unit, Responsibility, Guidance)


def page(client, query):
    response = client.get(f"/karta/?{query}")
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def pdf(client, query):
    response = client.get(f"/karta/pdf/?{query}")
    return pdf_text(response.content)


def test_dalarnas_patientnamnd_gives_its_number_from_the_page_that_states_it(client):
    text = section_text(client, f"kommun={FALUN}", "nar_fel")
    assert "023-49 01 00" in text
    html = page(client, f"kommun={FALUN}")
    assert "falun.se/stod--omsorg/sjukvard-och-tandvard/patientnamnden.html" in html


def test_dalarnas_sick_travel_has_a_number_to_book_with_its_old_page(client):
    body = api(client, f"kommun={BORLANGE}&behov=resor")
    travel = next(e for e in body["responsibilities"] if e["topic"] == "sjukresor")
    booking = next(u for u in travel["units"] if u["phone"])
    assert (booking["phone"], booking["phone_display"]) == ("+46774440000", "077-444 00 00")
    assert "före 2019" in booking["source"]["title"]
    assert booking["source"]["compared_with"] == "kopia"


@pytest.mark.parametrize("code", [FALUN, LULEA])
def test_no_map_says_you_can_change_health_centre_whenever_you_like(client, code):
    assert "byta när du vill" not in page(client, f"kommun={code}")


def test_dalarna_says_twice_in_twelve_months(client):
    rights = section_text(client, f"kommun={FALUN}", "rattigheter")
    assert "högst två gånger under en 12-månadersperiod" in rights


def test_dalarnas_aid_cap_says_what_each_source_says(client):
    text = section_text(client, f"kommun={FALUN}&behov=hjalpmedel", "hjalpmedel")
    assert "1 400 kronor" in text and "1 300 kronor" in text
    assert "1 300 kronor på 1177 Dalarna" in text


def test_a_childs_fitting_fee_in_dalarna_gives_both_sources(client):
    text = section_text(client, f"kommun={FALUN}&alder=barn&behov=hjalpmedel", "hjalpmedel")
    assert "inget undantag för barn" in text and "under 20 år inte betalar" in text


@pytest.mark.parametrize("code", [FALUN, KIRUNA])
def test_the_ivo_text_has_no_condition_the_law_does_not_have(client, code):
    text = section_text(client, f"kommun={code}", "nar_fel")
    assert "IVO" in text
    assert "inte svarat" not in text


def test_norrbottens_inpatient_fee_is_on_the_map(client):
    assert "130 kronor per dygn" in section_text(client, f"kommun={KIRUNA}", "rattigheter")


def test_norrbottens_escort_of_a_child_under_20_is_on_a_childs_map(client):
    text = section_text(client, f"kommun={PAJALA}&alder=barn&behov=resor", "sjukresor")
    assert "barn under 20 år" in text and "följeslagare" in text
    adult = section_text(client, f"kommun={PAJALA}&behov=resor", "sjukresor")
    assert "Följer du med ett barn" not in adult  # an adult's map stays short


def test_1177_and_112_are_sourced_to_1177_se():
    for number in ("1177", "112"):
        unit = Unit.objects.get(phone=number)
        assert unit.source_url.startswith("https://www.1177.se/"), unit
    for model in CONTENT:
        assert not model.objects.filter(source_url__contains="sunne.se").exists(), model


def test_dalarna_rows_citing_norrbottens_report_are_marked_as_example_data():
    rows = Guidance.objects.filter(region__slug="dalarna", source_title__contains="Norrbotten")
    assert rows.exists()
    assert all(row.is_demo and row.source_title.startswith("Exempeldata") for row in rows)


def test_dalarna_rows_on_landstinget_pages_say_how_old_the_page_is():
    for model in CONTENT:
        for row in model.objects.filter(source_url__contains="ltdalarna.se"):
            assert "före 2019" in row.source_title or "från 2019" in row.source_title, row


# Switchboards: a unit without its own number is reached through its principal's switchboard,
# with the page (and its date) that states the switchboard's number.


def test_home_care_in_mora_is_reached_through_moras_switchboard_with_the_pages_date(client):
    html = page(client, f"kommun={MORA}&ta_sig=nej")
    assert "Mora kommuns växel" in html and "0250-260 00" in html
    assert "9 september 2014" in html  # the page's own date, shown with the number


def test_the_first_contact_in_the_json_says_where_its_number_comes_from(client):
    contact = api(client, f"kommun={MORA}&ta_sig=nej")["first_contact"]
    assert (contact["via"], contact["phone"], contact["phone_display"]) == (
        "vaxel",
        "+4625026000",
        "0250-260 00",
    )
    assert contact["number_source"]["url"] == "http://www.mora.se/Kommun--politik/"
    assert contact["number_source"]["source_dated"] == "2014-09-09"
    assert contact["number_reviewed_on"] == "2026-12-02"


# Honest review dates


def test_no_row_claims_a_check_on_1_december_2026():
    for model in CONTENT:
        assert not model.objects.filter(reviewed_on="2026-12-01").exists(), model


def test_the_sources_say_ej_granskad_or_against_what_they_were_checked(client):
    html = page(client, f"kommun={FALUN}")
    assert "1 december 2026" not in html
    assert "ej granskad" in html
    assert "granskad <time" in html and "mot en sparad kopia av sidan" in html


def test_the_json_has_no_date_for_an_unchecked_row_and_says_what_a_checked_one_was_against(client):
    body = api(client, f"kommun={FALUN}")
    entries = [e for entries in body["sections"].values() for e in entries]
    unchecked = [e for e in entries if e["reviewed_on"] is None]
    checked = [e for e in entries if e["reviewed_on"]]
    assert unchecked and all(e["source"]["compared_with"] is None for e in unchecked)
    assert checked and all(e["source"]["compared_with"] == "kopia" for e in checked)


def test_the_pdf_says_how_many_rows_nobody_checked(client):
    assert "ej granskade mot sin källa" in pdf(client, f"kommun={FALUN}")


@pytest.mark.parametrize(
    ("reviewed_on", "source_dated", "ok"),
    [
        (None, None, True),  # ej granskad: no date, nothing to doubt
        (date(2026, 12, 2), date(2014, 9, 9), True),
        (date(2026, 12, 2), None, True),
        (date(2026, 12, 3), None, False),  # a check on a day that has not come
        (date(2026, 12, 2), date(2026, 12, 3), False),  # against a copy made afterwards
    ],
)
def test_the_data_check_refuses_a_review_date_that_cannot_be_true(reviewed_on, source_dated, ok):
    assert (review_problem(reviewed_on, source_dated, date(2026, 12, 2)) is None) == ok


def test_the_maps_closing_line_says_how_many_facts_were_checked_not_that_all_were(client):
    html = client.get("/karta/?kommun=2580").content.decode()
    meta = text_of(parse(html).select_one(".map-meta"))
    assert re.search(r"(\d+) av (\d+) uppgifter granskade mot sin källa, senast", meta), meta
    checked, total = map(int, re.search(r"(\d+) av (\d+)", meta).groups())
    assert 0 < checked < total
