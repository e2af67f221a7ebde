"""Readiness for editors (issue 19): per municipality, how many first contacts have their own
number, only a switchboard, or fall back to 1177, with links to the rows to fill in; on the admin
index and on /ansvar/<kommun>/, at a query count that does not grow with the municipalities."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pathways.answer import build_map
from pathways.catalog import read_catalog
from pathways.models import Municipality, Unit
from pathways.overview import situations
from pathways.readiness import readiness
from pathways.values import IN_PERSON, OWN, VIA_NATIONAL, VIA_SWITCHBOARD

from .html import parse

pytestmark = pytest.mark.django_db

MORA, FALUN = "2062", "2080"


def figures(html, name):
    for row in parse(html).select("table.readiness tbody tr"):
        if row.th.get_text(strip=True) == name:
            return [td.get_text(" ", strip=True) for td in row.select("td")], row
    raise AssertionError(f"{name} not in the readiness table")


def test_the_figures_are_the_first_contacts_of_the_maps():
    catalog, day = read_catalog("dalarna"), timezone.localdate()
    result = readiness(catalog, MORA, day)
    answers = [build_map(s, catalog, day).answer for s in situations(MORA)]
    named = {
        contact.name
        for answer in answers
        for contact in (answer.first_contact, answer.home_contact)
        if contact and contact.via != IN_PERSON
    }
    assert {c.name for c in result.contacts} == named
    assert any(a.first_contact.via == IN_PERSON for a in answers)  # the ward's staff: no number
    assert result.own + result.switchboard + result.national == len(result.contacts)
    vias = {c.via for c in result.contacts}
    assert vias <= {OWN, VIA_SWITCHBOARD, VIA_NATIONAL}
    assert VIA_SWITCHBOARD in vias  # Mora's switchboard (0250-260 00) reaches its home care


def test_a_municipality_without_a_switchboard_falls_back_to_1177_where_mora_does_not():
    catalog, day = read_catalog("dalarna"), timezone.localdate()
    falun, mora = readiness(catalog, FALUN, day), readiness(catalog, MORA, day)
    assert falun.national > mora.national
    assert falun.switchboard < mora.switchboard


def test_the_overview_shows_the_figures_with_links_to_the_rows(client):
    response = client.get(f"/ansvar/{FALUN}/")
    cells, row = figures(response.content.decode(), "Falun")
    result = readiness(read_catalog("dalarna"), FALUN, timezone.localdate())
    assert cells[:3] == [str(result.own), str(result.switchboard), str(result.national)]
    links = [a["href"] for a in row.select("a")]
    falun = Municipality.objects.get(code=FALUN)
    assert any(
        "/admin/pathways/unit/add/?kind=vaxel" in h and f"municipality={falun.pk}" in h
        for h in links
    )
    unit = next(c.unit for c in result.to_fill_in if c.unit)
    assert f"/admin/pathways/unit/{unit.id}/change/" in links


def test_adding_a_switchboard_moves_falun_from_1177_to_the_switchboard(client):
    before = readiness(read_catalog("dalarna"), FALUN, timezone.localdate())
    falun = Municipality.objects.get(code=FALUN)
    Unit.objects.create(
        name="Falu kommuns växel",
        kind="vaxel",
        principal="kommun",
        region=falun.region,
        municipality=falun,
        phone="023-000 00 00",
        source_title="Test",
        source_url="https://www.falun.se/kontakt/",
    )
    after = readiness(read_catalog("dalarna"), FALUN, timezone.localdate())
    assert after.switchboard > before.switchboard and after.national < before.national


def test_the_admin_index_shows_every_municipality_at_a_constant_query_count(admin_client):
    admin_client.get("/admin/")  # catalogs read and cached
    with CaptureQueriesContext(connection) as before:
        response = admin_client.get("/admin/")
    html = response.content.decode()
    for municipality in Municipality.objects.all():
        figures(html, municipality.name)
    mora = Municipality.objects.get(code=MORA)
    Municipality.objects.create(
        name="Provby", authority_name="Provby kommun", code="2099", region=mora.region
    )
    admin_client.get("/admin/")
    with CaptureQueriesContext(connection) as after:
        response = admin_client.get("/admin/")
    figures(response.content.decode(), "Provby")
    assert len(after) == len(before)
