"""A unit's contact details as data: the phone number validated and stored normalised, shown
grouped on the map; the other contact fields and their own source and review date in the form."""

import pytest
from django.forms import modelform_factory
from django.urls import reverse

from pathways.models import Unit

from .html import parse

pytestmark = pytest.mark.django_db

FICTIONAL = "070-174 06 05"  # PTS's range for fiction


def falun_health_centre():
    return Unit.objects.get(municipality__code="2080", kind="halsocentral")


def change(admin_client, row, **fields):
    data = {
        "name": row.name,
        "kind": row.kind,
        "principal": row.principal,
        "region": row.region_id,
        "municipality": row.municipality_id,
        "source_title": row.source_title,
        **fields,
    }
    return admin_client.post(reverse("admin:pathways_unit_change", args=[row.pk]), data)


def test_a_phone_number_is_stored_normalised_and_shown_grouped_on_the_map(admin_client, client):
    row = falun_health_centre()
    response = change(
        admin_client,
        row,
        phone=FICTIONAL,
        opening_hours="Vardagar 8–17",
        page_1177="https://www.1177.se/hitta-vard/kontaktkort/Falun/",
        contact_source_url="https://www.1177.se/hitta-vard/kontaktkort/Falun/",
        contact_reviewed_on="2026-11-30",
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.phone == "+46701740605"
    assert str(row.contact_reviewed_on) == "2026-11-30"

    page = parse(client.get(reverse("map"), {"kommun": "2080"}))
    links = {a.get_text(strip=True): a["href"] for a in page.select('a[href^="tel:"]')}
    assert links[FICTIONAL] == "tel:+46701740605"  # pathways.phone.tel_uri: E.164, dialable abroad
    assert "Vardagar 8–17" in page.get_text()


@pytest.mark.parametrize("number", ["12345", "0920-12", "ring mig"])
def test_a_number_that_is_not_swedish_is_refused_in_plain_swedish(admin_client, number):
    row = falun_health_centre()
    response = change(admin_client, row, phone=number)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["phone"]
    assert errors == ["Skriv ett svenskt telefonnummer, t.ex. 070-174 06 05."]
    row.refresh_from_db()
    assert row.phone != number


def test_the_unit_list_shows_the_number_grouped(admin_client):
    Unit.objects.filter(pk=falun_health_centre().pk).update(phone="+46701740605")
    response = admin_client.get(reverse("admin:pathways_unit_changelist"), {"q": "Falun"})
    assert FICTIONAL in response.text


def test_the_form_shows_the_stored_number_as_written_in_sweden(admin_client):
    row = falun_health_centre()
    Unit.objects.filter(pk=row.pk).update(phone="+46701740605")
    page = parse(admin_client.get(reverse("admin:pathways_unit_change", args=[row.pk])))
    assert page.find("input", attrs={"name": "phone"})["value"] == FICTIONAL
    # Sent back as shown, the number is not a change (no history entry says it was).
    row.refresh_from_db()
    form = modelform_factory(Unit, fields=["phone"])({"phone": FICTIONAL}, instance=row)
    assert form.is_valid() and form.changed_data == []
    other = modelform_factory(Unit, fields=["phone"])({"phone": "070-174 06 06"}, instance=row)
    assert other.is_valid() and other.changed_data == ["phone"]
