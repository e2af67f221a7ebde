"""Rule priority: an editor says a rule goes first instead of repeating it for every more specific
case; rules of equal priority that disagree in the same situation are still refused."""

from dataclasses import replace

import pytest
from django.urls import reverse

from pathways.models import Region, Responsibility, Topic
from pathways.rules import choose, find_conflict
from pathways.situation import Situation

from .html import parse
from .test_rules import TODAY, rule

KIRUNA = "2584"
AT_HOME_CANNOT_REACH = Situation(KIRUNA, reaches_health_centre="nej", level=2)


def winner(rules, situation=AT_HOME_CANNOT_REACH):
    return choose(rules, situation, TODAY)[("topic", "rehabilitering")].id


def test_a_rule_with_priority_beats_a_more_specific_and_a_municipal_one():
    general = replace(rule(1, principal="region", level=2), priority=1)
    specific = rule(2, principal="kommun", reaches_health_centre="nej", level=2)
    municipal = rule(3, principal="kommun", municipality=KIRUNA, reaches_health_centre="nej")
    assert winner([general, specific, municipal]) == 1
    assert winner([replace(general, priority=0), specific, municipal]) == 3


def test_equal_priorities_that_disagree_still_conflict():
    a = replace(rule(1, principal="region", level=2), priority=1)
    b = replace(rule(2, principal="kommun", process="plotslig"), priority=1)
    assert find_conflict(a, [b]).rule == b
    assert find_conflict(replace(a, priority=2), [b]) is None


@pytest.mark.django_db
def test_the_admin_saves_a_priority_rule_that_would_otherwise_conflict(admin_client):
    region = Region.objects.get(slug="norrbotten")
    topic = Topic.objects.create(slug="prioritetstest", name="Prioritetstest")
    Responsibility.objects.create(
        region=region,
        topic=topic,
        principal="region",
        text="t",
        explanation="e",
        source_title="s",
        reviewed_on=TODAY,
        compared_with="sida",
    )
    data = {
        "region": region.pk,
        "topic": topic.pk,
        "principal": "kommun",
        "text": "Kommunen ansvarar.",
        "explanation": "För att.",
        "source_title": "Test",
        "reviewed_on": "2026-11-01",
        "compared_with": "sida",
        "priority": "0",
    }
    add = reverse("admin:pathways_responsibility_add")
    assert "Regeln krockar med" in admin_client.post(add, data).text
    assert admin_client.post(add, {**data, "priority": "1"}).status_code == 302
    assert Responsibility.objects.filter(topic=topic, priority=1).exists()


@pytest.mark.django_db
def test_the_rule_form_says_where_it_applies_and_which_rule_it_beats(admin_client):
    from pathways.models import Municipality

    kiruna = Municipality.objects.get(code=KIRUNA)
    topic = Topic.objects.create(slug="klartext", name="Klartext")
    common = {"topic": topic, "text": "t", "explanation": "e", "source_title": "s"}
    base = Responsibility.objects.create(
        region=kiruna.region, principal="region", reviewed_on=TODAY, compared_with="sida", **common
    )
    first = Responsibility.objects.create(
        region=kiruna.region,
        municipality=kiruna,
        reaches_health_centre="nej",
        age_group="vuxen",
        principal="kommun",
        reviewed_on=TODAY,
        compared_with="sida",
        **common,
    )
    change = reverse("admin:pathways_responsibility_change", args=[first.pk])
    page = parse(admin_client.get(change))
    said = page.select_one(".field-in_words .readonly").get_text(" ", strip=True)
    assert said.startswith("Gäller i Kiruna: ")
    assert said.endswith(f"Går före: {base}.")
    base_page = admin_client.get(reverse("admin:pathways_responsibility_change", args=[base.pk]))
    said = parse(base_page).select_one(".field-in_words .readonly")
    assert said.get_text(strip=True) == "Gäller i Region Norrbotten: alla situationer."


def test_goes_before_lists_only_overlapping_weaker_rules():
    from pathways.rules import goes_before

    strong = rule(1, principal="kommun", municipality=KIRUNA, reaches_health_centre="nej")
    weaker = rule(2, principal="region")
    elsewhere = rule(3, principal="region", reaches_health_centre="ja")
    stronger = replace(rule(4, principal="region"), priority=1)
    assert goes_before(strong, [weaker, elsewhere, stronger]) == [weaker]
