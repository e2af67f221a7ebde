"""The responsibility overview: topic × typical situation → principal, unit, source, review date,
with gaps, demo rows and past-due rows marked; public, in admin, and linked from the map."""

from datetime import date

import pytest
from django.urls import reverse

from pathways.models import Municipality, Responsibility, Topic

from .html import parse

pytestmark = pytest.mark.django_db

KIRUNA = "2584"


def topic_table(html, slug):
    page = parse(html)
    section = page.find(id=f"topic-{slug}").find_parent("section")
    return {
        row.th.get_text(" ", strip=True): [td.get_text(" ", strip=True) for td in row("td")]
        for row in section.tbody("tr")
    }


def test_every_topic_and_situation_has_a_row_that_agrees_with_the_map(client):
    response = client.get(reverse("overview", args=[KIRUNA]))
    assert response.status_code == 200
    table = topic_table(response.text, "rehabilitering")
    assert len(table) == 20  # in and out of hospital, five homes, adult and child
    at_home = table["Hemma, tar sig inte till hälsocentralen, vuxen"]
    assert at_home[0] == "Kiruna kommun"
    for home in ("särskilt boende", "LSS-bostad", "korttidsboende"):
        assert table[f"Hemma, {home}, vuxen"][0] == "Kiruna kommun"
        assert table[f"Hemma, {home}, barn"][0] == "Region Norrbotten"
    # "Preview as a patient": each situation links to its own map, which says the same.
    page = parse(response)
    link = page.find("a", string="Hemma, tar sig inte till hälsocentralen, vuxen")
    patient_map = client.get(link["href"])
    assert patient_map.status_code == 200
    assert "Kiruna kommun" in patient_map.text


def test_a_topic_no_rule_covers_is_marked_as_a_gap(client):
    Topic.objects.create(slug="lucktest", name="Lucktest")
    table = topic_table(client.get(reverse("overview", args=[KIRUNA])).text, "lucktest")
    assert set(map(tuple, table.values())) == {("Lucka: ingen regel säger vem som ansvarar här.",)}
    row = Responsibility.objects.create(
        region=Municipality.objects.get(code=KIRUNA).region,
        topic=Topic.objects.get(slug="lucktest"),
        in_hospital="nej",
        principal="region",
        text="t",
        explanation="e",
        source_title="Testkälla",
        reviewed_on=date(2020, 1, 15),
        compared_with="sida",
        is_demo=True,
    )
    table = topic_table(client.get(reverse("overview", args=[KIRUNA])).text, "lucktest")
    home = table["Hemma, tar sig till hälsocentralen, vuxen"]
    assert home[2:] == ["Testkälla demodata", "granskad 15 januari 2020 mot webbsidan ska granskas"]
    gaps = [cells for label, cells in table.items() if label.startswith("Inlagd")]
    assert len(gaps) == 10 and all(len(cells) == 1 for cells in gaps)
    assert row.pk


def test_the_map_links_to_the_overview(client):
    page = parse(client.get(reverse("map"), {"kommun": KIRUNA}))
    link = page.find("a", string="Så fördelas ansvaret i Kiruna")
    assert link["href"] == reverse("overview", args=[KIRUNA])


def test_an_unknown_municipality_is_404(client):
    assert client.get(reverse("overview", args=["9999"])).status_code == 404


def test_the_admin_overview_and_the_patient_preview_link(admin_client):
    kiruna = Municipality.objects.get(code=KIRUNA)
    response = admin_client.get(reverse("admin:pathways_municipality_overview", args=[kiruna.pk]))
    assert response.status_code == 200
    assert len(topic_table(response.text, "rehabilitering")) == 20
    rule = Responsibility.objects.filter(region=kiruna.region).exclude(reaches_health_centre="")[0]
    change = admin_client.get(reverse("admin:pathways_responsibility_change", args=[rule.pk]))
    link = parse(change).select_one(".field-patient_preview a")
    place = rule.municipality or kiruna.region.municipalities.order_by("name").first()
    code = place.code
    assert f"kommun={code}" in link["href"]
    assert f"ta_sig={rule.reaches_health_centre}" in link["href"]
    assert admin_client.get(link["href"]).status_code == 200
