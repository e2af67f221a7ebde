"""The admin pages editors use speak Swedish, also where Django's own Swedish catalog is silent."""

import json
import re
from pathlib import Path

import polib
import pytest
from django.contrib import admin
from django.urls import reverse

from pathways import phone
from pathways.models import Guidance, Responsibility, Unit

from .html import parse, text_of

pytestmark = pytest.mark.django_db


def test_a_choice_fields_empty_choice_is_swedish(admin_client):
    html = admin_client.get(reverse("admin:pathways_unit_add")).content.decode()
    assert "- Välj ett alternativ -" in html
    assert "Select an option" not in html


def column_cells(page, header):
    """The cells of the list column whose header reads `header` (after its sorting priority, if
    it has one), as a person reads them."""
    headers = [th.get_text(" ").split() for th in page.select("#result_list thead th")]
    index = next(
        i for i, words in enumerate(headers) if header in (" ".join(words), " ".join(words[1:]))
    )
    return [text_of(row.select("th, td")[index]) for row in page.select("#result_list tbody tr")]


def list_page(client, model, **query):
    url = reverse(f"admin:pathways_{model._meta.model_name}_changelist")
    return parse(client.get(url, query))


def test_the_units_list_shows_choice_labels_and_the_phone_number(admin_client):
    units = Unit.objects.filter(region__slug="dalarna").exclude(phone="")
    unit = units.order_by("name").first()
    page = list_page(admin_client, Unit, q=unit.name)
    assert column_cells(page, "Typ")[0] == unit.get_kind_display()
    assert column_cells(page, "Huvudman")[0] == unit.get_principal_display()
    assert column_cells(page, "Telefon")[0] == phone.display(unit.phone)
    shown = text_of(page.select_one("#result_list"))
    assert unit.kind not in shown.split() and unit.principal not in shown.split()  # not codes


def test_responsibilities_and_guidance_show_labels_not_codes(admin_client):
    responsibility = Responsibility.objects.filter(region__slug="dalarna").first()
    page = list_page(admin_client, Responsibility, region__id__exact=responsibility.region_id)
    assert responsibility.get_principal_display() in column_cells(page, "Ansvarig huvudman")
    guidance = Guidance.objects.filter(region__slug="dalarna").first()
    page = list_page(admin_client, Guidance, region__id__exact=guidance.region_id)
    assert guidance.get_section_display() in column_cells(page, "Avsnitt")
    assert guidance.section not in column_cells(page, "Avsnitt")


def served_js_catalog(client):
    script = client.get(reverse("admin:jsi18n")).content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))


def test_every_text_of_the_admins_javascript_is_swedish(admin_client):
    """Django 6.1's new texts (the time zone note "Note: Enter times in the … timezone", the date
    shortcuts' labels) are missing from Django's own Swedish catalog; the project's fills them."""
    catalog = served_js_catalog(admin_client)
    source = Path(admin.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "djangojs.po"
    keys = [
        f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        for entry in polib.pofile(str(source))
    ]
    missing = [key for key in keys if key not in catalog]
    assert not missing, missing
    note = catalog[
        "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hour ahead.)"
    ]
    assert (
        note[1] == "Obs! Ange tider i tidszonen %(timezone)s. (Du ligger %(offset)s timmar före.)"
    )


def test_the_admins_javascript_stays_english_in_english(admin_client):
    admin_client.cookies["django_language"] = "en"
    script = admin_client.get(reverse("admin:jsi18n")).content.decode()
    assert "Obs!" not in script and "I dag" not in script


def test_a_rows_history_is_swedish(admin_client):
    """django-simple-history ships no Swedish; the project's catalog has its texts."""
    unit = Unit.objects.filter(region__slug="dalarna").first()
    unit.opening_hours = "Vardagar 8–16"
    unit.save()
    page = parse(admin_client.get(reverse("admin:pathways_unit_history", args=[unit.pk])))
    text = text_of(page.select_one("#content"))
    assert "Välj en tidpunkt i listan nedan för att återställa en tidigare version." in text
    headers = [text_of(th) for th in page.select("thead th")]
    assert {"Rad", "Ändrad av", "Anledning", "Ändringar"} <= set(headers), headers
    assert "Choose a date" not in text and "Changed by" not in text
