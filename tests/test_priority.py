"""Rule priority: an editor says a rule goes first instead of repeating it for every more specific
case; rules of equal priority that disagree in the same situation are still refused."""

from dataclasses import replace

import pytest
from django.urls import reverse

from pathways.models import Region, Responsibility, Topic
from pathways.rules import choose, find_conflict
from pathways.situation import Situation

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
    )
    data = {
        "region": region.pk,
        "topic": topic.pk,
        "principal": "kommun",
        "text": "Kommunen ansvarar.",
        "explanation": "För att.",
        "source_title": "Test",
        "reviewed_on": "2026-11-01",
        "priority": "0",
    }
    add = reverse("admin:pathways_responsibility_add")
    assert "Regeln krockar med" in admin_client.post(add, data).text
    assert admin_client.post(add, {**data, "priority": "1"}).status_code == 302
    assert Responsibility.objects.filter(topic=topic, priority=1).exists()
