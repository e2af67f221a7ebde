"""Staff additions (pathways/additions.py): whatever staff fill in, even one field alone, reaches the
staff preview, the patient's page and the PDF.

Every field is optional, so "is there anything to show?" is asked of each one; a field left out of
that question disappears from the page and the paper without an error. The web tests go through
the staff form and read the pages with an HTML parser and the PDF with pypdfium2.
"""

import re
from datetime import UTC, date, datetime

import pytest
from django.test import Client
from django.urls import reverse

from pathways.discharge.additions import Additions, Appointment, Contact
from tests.html import parse, text_of
from tests.paper import pdf_text

pytestmark = pytest.mark.django_db

PHONE = "0980-123 45"
CARE_PLANS = "Rehabiliteringsplan från avdelning 3B"
HEADING = "Dina egna kontakter och tider"  # the additions' section on the pages and paper
PATIENT_ACT_FIELDS = ("fast_vardkontakt", "sip_planned", "care_plans")
SIP_FIELDS = ("interventions", "principal_per_intervention", "others", "overall_responsibility")
TEXT_FIELDS = ("goal", "note", *PATIENT_ACT_FIELDS, *SIP_FIELDS)


# What counts as filled in: each field on its own


@pytest.mark.parametrize("field", ["role", "name", "phone"])
def test_a_contact_with_one_field_is_a_contact(field):
    assert Contact(**{field: "x"})
    assert Additions(contacts=(Contact(**{field: "x"}),))


def test_an_empty_contact_row_is_nothing():
    assert not Contact()
    assert not Additions(contacts=(Contact(), Contact()))


@pytest.mark.parametrize(
    "fields", [{"what": "Återbesök"}, {"when": date(2026, 12, 1)}, {"where": "Kiruna"}]
)
def test_an_appointment_with_one_field_is_an_appointment(fields):
    assert Appointment(**fields)
    assert Additions(appointments=(Appointment(**fields),))


def test_an_empty_appointment_row_is_nothing():
    assert not Appointment()
    assert not Additions(appointments=(Appointment(),))


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_one_text_field_alone_is_something_to_show(field):
    assert Additions(**{field: "x"})


@pytest.mark.parametrize("field", PATIENT_ACT_FIELDS)
def test_one_patient_act_item_alone_opens_its_block(field):
    additions = Additions(**{field: "x"})
    assert additions.has_patient_act_items
    assert not additions.has_sip_items


@pytest.mark.parametrize("field", SIP_FIELDS)
def test_one_sip_item_alone_opens_its_block(field):
    additions = Additions(**{field: "x"})
    assert additions.has_sip_items
    assert not additions.has_patient_act_items


def test_nothing_filled_in_is_nothing_to_show():
    empty = Additions()
    assert not empty
    assert not empty.has_patient_act_items
    assert not empty.has_sip_items


def test_an_appointment_without_a_time_is_a_date_only():
    assert Appointment(when=datetime(2026, 12, 1, 10, 30, tzinfo=UTC)).has_time
    assert not Appointment(when=date(2026, 12, 1)).has_time


def test_additions_come_from_the_stored_dict_and_ignore_unknown_keys():
    stored = {
        "goal": "Gå själv",
        "contacts": [{"phone": PHONE, "email": "x@example.se"}],
        "appointments": [{"where": "Kiruna"}],
        "care_plans": CARE_PLANS,
        "patient_name": "never kept",
    }
    assert Additions.coerce(stored) == Additions(
        goal="Gå själv",
        contacts=(Contact(phone=PHONE),),
        appointments=(Appointment(where="Kiruna"),),
        care_plans=CARE_PLANS,
    )
    assert Additions.coerce({"contacts": None}) == Additions()
    assert Additions.coerce(None) == Additions()
    same = Additions(goal="x", contacts=(Contact(name="Lisa"),))
    assert Additions.coerce(same) is same
    mixed = Additions.coerce({"contacts": [Contact(name="Lisa"), {"name": "Per"}]})
    assert mixed.contacts == (Contact(name="Lisa"), Contact(name="Per"))


# On the pages and on paper, through the staff form


def form_data(**extra):
    rows = {
        "kontakt-TOTAL_FORMS": "3",
        "kontakt-INITIAL_FORMS": "0",
        "besok-TOTAL_FORMS": "3",
        "besok-INITIAL_FORMS": "0",
    }
    return {"kommun": "2584", "unit": "Avdelning 3B", **rows, **extra}


def make_map(client, **extra):
    """A discharge map with only `extra` filled in: (preview URL, the patient's link path)."""
    response = client.post(reverse("staff_new"), form_data(**extra))
    assert response.status_code == 302, response.context and response.context["form"].errors
    preview = client.get(response.url)
    link = re.search(r"/d/[A-Za-z0-9_-]+/", preview.content.decode()).group(0)
    return response.url, link


def additions_section(response):
    """The additions' section of a page, as a parsed tree, or None if the page has none."""
    assert response.status_code == 200
    page = parse(response)
    heading = page.find(["h1", "h2"], string=HEADING)
    return heading.find_parent("section") if heading else None


def test_a_contact_with_only_a_phone_number_is_on_both_pages(staff_client):
    preview_url, link = make_map(staff_client, **{"kontakt-0-phone": PHONE})
    for response in (staff_client.get(preview_url), Client().get(link)):
        section = additions_section(response)
        assert section is not None
        rows = section.select("tbody tr")
        assert [[text_of(cell) for cell in row.find_all("td")] for row in rows] == [["", "", PHONE]]
        assert rows[0].a["href"] == "tel:098012345"


def test_care_plans_alone_are_on_both_pages(staff_client):
    preview_url, link = make_map(staff_client, care_plans=CARE_PLANS)
    for response in (staff_client.get(preview_url), Client().get(link)):
        section = additions_section(response)
        assert section is not None
        terms = [text_of(dt) for dt in section.find_all("dt")]
        assert terms == ["Vårdplaner som finns"]
        assert text_of(section.find("dd")) == CARE_PLANS


@pytest.mark.parametrize(("field", "label"), [
    ("fast_vardkontakt", "Din fasta vårdkontakt"),
    ("sip_planned", "När din SIP är planerad"),
    ("interventions", "Insatser"),
    ("principal_per_intervention", "Vilken huvudman som ansvarar för vilken insats"),
    ("others", "Vad andra än huvudmännen gör"),
    ("overall_responsibility", "Vem som har det övergripande ansvaret"),
])  # fmt: skip
def test_each_discharge_item_alone_is_on_the_page(staff_client, field, label):
    value = f"Ifyllt: {field}"
    preview_url, _link = make_map(staff_client, **{field: value})
    section = additions_section(staff_client.get(preview_url))
    assert section is not None
    assert [text_of(dt) for dt in section.find_all("dt")] == [label]
    assert text_of(section.find("dd")) == value


def test_nothing_filled_in_shows_no_additions(staff_client):
    preview_url, link = make_map(staff_client)
    assert additions_section(staff_client.get(preview_url)) is None
    assert additions_section(Client().get(link)) is None


def test_a_phone_only_contact_and_care_plans_alone_are_printed(staff_client):
    _preview, link = make_map(staff_client, care_plans=CARE_PLANS, **{"kontakt-0-phone": PHONE})
    response = Client().get(link + "pdf/")
    assert response.status_code == 200
    printed = pdf_text(response.content)
    assert HEADING in printed
    assert f"Dina kontakter Roll Namn Telefon {PHONE}" in printed
    assert f"Vårdplaner som finns {CARE_PLANS}" in printed
