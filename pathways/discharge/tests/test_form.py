"""The form a nurse fills at the bedside (/personal/ny/), read as a browser and a screen reader get
it: its sections in the order a discharge happens, every description and error tied to its field,
nothing typed lost when the form comes back with an error; and the patient's page, where the
person's own contacts stand before the map's generic first contact.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from pathways.discharge.forms import APPOINTMENT_ROWS, CONTACT_ROWS
from tests.html import parse

pytestmark = pytest.mark.django_db

# The sections as the discharge goes, and a field each holds (the form's own names).
SECTIONS = {
    "Personens situation": ["kommun", "inlagd", "behov", "roll"],
    "Personens kontakter": ["fast_vardkontakt", "kontakt-0-role", "kontakt-0-phone"],
    "Nästa besök": ["besok-0-what", "besok-0-when", "besok-0-where"],
    "Planen och SIP": ["sip_planned", "care_plans", "interventions", "overall_responsibility"],
    "Personens mål": ["goal", "note"],
    "Du som gör kartan": ["unit"],
}
FAST_VARDKONTAKT = "Sjuksköterska Åsa Öberg, hemsjukvården"
OWN_PHONE = "0980-123 45"


def rows(prefix, total):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}


def everything_typed(**extra):
    """A whole form as a nurse fills it, a folded contact row included."""
    return {
        "kommun": "2584",
        "inlagd": "ja",
        "boende": "ordinart",
        "ta_sig": "nej",
        "alder": "vuxen",
        "forlopp": "plotslig",
        "roll": "patient",
        "behov": ["hjalpmedel", "resor"],
        "unit": "Avdelning 3B, Kiruna sjukhus",
        "fast_vardkontakt": FAST_VARDKONTAKT,
        **rows("kontakt", CONTACT_ROWS),
        "kontakt-0-role": "Kommunens rehabkontakt",
        "kontakt-0-name": "Lisa Lindqvist",
        "kontakt-0-phone": OWN_PHONE,
        "kontakt-2-name": "Per i hemtjänsten",  # a folded row
        **rows("besok", APPOINTMENT_ROWS),
        "besok-0-what": "Återbesök hos fysioterapeut",
        "besok-0-when": "2026-12-03T10:30",
        "besok-0-where": "Kiruna hälsocentral",
        "sip_planned": "10 december kl. 13",
        "care_plans": "Rehabiliteringsplan",
        "interventions": "Hemrehabilitering",
        "principal_per_intervention": "Kommunen: hemrehabilitering",
        "others": "Dottern handlar",
        "overall_responsibility": "Kiruna kommun",
        "goal": "Gå till affären själv före jul",
        "note": "Rullatorn kommer på tisdag",
        **extra,
    }


def page(response):
    assert response.status_code == 200
    return parse(response)


def the_form(client, data=None):
    if data is None:
        return page(client.get(reverse("staff_new")))
    return page(client.post(reverse("staff_new"), data))


def form_with_errors(client):
    """Everything typed but the unit, and a day that is no day: the form comes back."""
    return the_form(client, everything_typed(unit="", **{"besok-1-when": "igår"}))


def submitted_values(form):
    """What the browser would send from the form as drawn: name -> list of values."""
    values = {}
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or name == "csrfmiddlewaretoken":
            continue
        if element.name == "select":
            chosen = [
                option.get("value", "") for option in element.find_all("option", selected=True)
            ]
        elif element.name == "textarea":
            chosen = [element.get_text().removeprefix("\n")]
        elif element.get("type") in ("checkbox", "radio"):
            chosen = [element["value"]] if element.has_attr("checked") else []
        else:
            chosen = [element.get("value", "")]
        values.setdefault(name, []).extend(chosen)
    return {name: chosen for name, chosen in values.items() if any(chosen)}


# Descriptions and errors, tied to their fields


@pytest.mark.parametrize("state", ["empty", "with errors"])
def test_every_aria_describedby_names_an_element_that_exists(staff_client, state):
    html = the_form(staff_client) if state == "empty" else form_with_errors(staff_client)
    described = html.select("main [aria-describedby]")
    assert len(described) >= 10  # the hinted fields, the sections, the checkbox group
    missing = [
        (element.get("id") or element.name, target)
        for element in described
        for target in element["aria-describedby"].split()
        if html.find(id=target) is None
    ]
    assert not missing


@pytest.mark.parametrize("state", ["empty", "with errors"])
def test_every_help_text_is_read_out_with_its_field(staff_client, state):
    html = the_form(staff_client) if state == "empty" else form_with_errors(staff_client)
    hints = html.select("form .hint[id$=_helptext]")
    assert len(hints) >= 5  # unit, fast vårdkontakt, SIP, care plans, each row's role
    for hint in hints:
        field_id = hint["id"].removesuffix("_helptext")
        field = html.find(id=field_id)
        assert hint["id"] in field["aria-describedby"].split(), field_id


def test_each_error_is_at_its_field_and_in_the_summary_linking_to_it(staff_client):
    html = form_with_errors(staff_client)
    assert html.title.get_text().startswith("Fel:")
    summary = html.select_one(".error-summary[role=alert]")
    links = {a["href"].removeprefix("#"): a.get_text() for a in summary.select("a")}
    assert set(links) == {"id_unit", "id_besok-1-when"}
    assert links["id_besok-1-when"].startswith("Besök 2, När: ")
    for field_id in links:
        field = html.find(id=field_id)
        assert field["aria-invalid"] == "true"
        error = html.find(id=f"{field_id}_error")
        assert error is not None and f"{field_id}_error" in field["aria-describedby"].split()
        assert error.get_text(" ", strip=True).removeprefix("Fel:").strip() in links[field_id]
    assert "Skriv vilken enhet du arbetar på." in links["id_unit"]


# The order of a discharge


def test_the_sections_come_in_the_order_of_a_discharge(staff_client):
    html = the_form(staff_client)
    sections = html.select("form.discharge-form > fieldset.form-section")
    legends = [section.legend.get_text(" ", strip=True) for section in sections]
    assert legends == list(SECTIONS)
    for section, names in zip(sections, SECTIONS.values(), strict=True):
        held = {element.get("name") for element in section.select("[name]")}
        assert set(names) <= held, section.legend.get_text(strip=True)


def test_the_labels_are_swedish_and_each_field_has_one(staff_client):
    html = the_form(staff_client)
    for field in html.select("form input:not([type=hidden]), form select, form textarea"):
        label = html.find("label", attrs={"for": field["id"]})
        assert label is not None and label.get_text(strip=True), field["id"]
    assert html.find("label", string="Fast vårdkontakt")
    assert html.find("label", string="Din enhet")


# Fewer empty rows, more on request, without JavaScript


def test_one_row_each_stands_open_and_the_others_are_folded(staff_client):
    html = the_form(staff_client)
    for prefix, field, total in (
        ("kontakt", "name", CONTACT_ROWS),
        ("besok", "what", APPOINTMENT_ROWS),
    ):
        assert html.find(id=f"id_{prefix}-0-{field}").find_parent("details") is None
        for number in range(1, total):
            fold = html.find(id=f"id_{prefix}-{number}-{field}").find_parent("details")
            assert fold is not None and not fold.has_attr("open")


# Nothing typed is lost


def test_what_was_typed_comes_back_when_the_form_has_an_error(staff_client):
    data = everything_typed(unit="")
    html = the_form(staff_client, data)
    assert html.select_one(".error-summary")
    sent = {
        name: value if isinstance(value, list) else [value]
        for name, value in data.items()
        if value not in ("", [])
    }
    back = submitted_values(html.select_one("form.discharge-form"))
    assert back == sent
    # The folded row with a name in it is unfolded, so the nurse sees it again.
    fold = html.find(id="id_kontakt-2-name").find_parent("details")
    assert fold.has_attr("open")
    assert not html.find(id="id_besok-1-what").find_parent("details").has_attr("open")


def test_the_form_sent_again_as_it_came_back_makes_the_map(staff_client):
    html = the_form(staff_client, everything_typed(unit=""))
    again = submitted_values(html.select_one("form.discharge-form"))
    again = {name: value if name == "behov" else value[0] for name, value in again.items()}
    response = staff_client.post(reverse("staff_new"), {**again, "unit": "Avdelning 3B"})
    assert response.status_code == 302
    preview = staff_client.get(response.url).content.decode()
    assert "Per i hemtjänsten" in preview and FAST_VARDKONTAKT in preview


# The patient's page: their own contacts are the first contact


def test_the_persons_own_contacts_come_before_the_maps_first_contact(staff_client):
    response = staff_client.post(reverse("staff_new"), everything_typed())
    assert response.status_code == 302
    preview = staff_client.get(response.url)
    link = re.search(r"/d/[A-Za-z0-9_-]+/", preview.content.decode()).group(0)
    for response in (preview, Client().get(link)):
        html = response.content.decode()
        first_contact = html.index('class="first-contact"')
        assert html.index(FAST_VARDKONTAKT) < first_contact
        assert html.index(f'href="tel:{OWN_PHONE.replace(" ", "").replace("-", "")}"') < (
            first_contact
        )
        assert html.index("Dina egna kontakter och tider") < html.index('id="svar-h"')
        # The person's contacts before the rest of what staff wrote (their goal, the SIP).
        assert html.index("Din fasta vårdkontakt") < html.index("Ditt mål")


def test_the_tables_on_the_patients_page_can_stack_and_keep_their_labels(staff_client):
    response = staff_client.post(reverse("staff_new"), everything_typed())
    link = re.search(r"/d/[A-Za-z0-9_-]+/", staff_client.get(response.url).content.decode())
    html = page(Client().get(link.group(0)))
    for table in html.select("#personligt table"):
        assert table["role"] == "table"
        headers = [th.get_text(strip=True) for th in table.select("thead th")]
        for row in table.select("tbody tr"):
            assert row["role"] == "row"
            assert [td["data-label"] for td in row.find_all("td")] == headers
