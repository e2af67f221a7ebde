"""Bad data is refused by the database itself, not only by forms."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from pathways.models import CareLevel, Guidance, Municipality, Region, Responsibility, Topic, Unit

pytestmark = pytest.mark.django_db

SOURCE = {"source_title": "Test", "reviewed_on": date(2026, 11, 1), "compared_with": "sida"}


@pytest.fixture
def region():
    return Region.objects.create(
        name="Region Test",
        slug="test",
        health_centre_word="hälsocentral",
        health_centre_word_definite="hälsocentralen",
    )


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_municipality_codes_are_four_digits_and_unique(region):
    refused(
        lambda: Municipality.objects.create(
            name="X", authority_name="X kommun", code="12a4", region=region
        )
    )
    Municipality.objects.create(name="Y", authority_name="Y kommun", code="0001", region=region)
    refused(
        lambda: Municipality.objects.create(
            name="Z", authority_name="Z kommun", code="0001", region=region
        )
    )


def test_unit_kind_and_principal_must_be_known(region):
    refused(
        lambda: Unit.objects.create(
            name="U", kind="bogus", principal="region", region=region, **SOURCE
        )
    )
    refused(
        lambda: Unit.objects.create(
            name="U", kind="halsocentral", principal="staten", region=region, **SOURCE
        )
    )


def test_a_municipal_unit_needs_its_region(region):
    municipality = Municipality.objects.create(
        name="Y", authority_name="Y kommun", code="0001", region=region
    )
    refused(
        lambda: Unit.objects.create(
            name="U", kind="halsocentral", principal="region", municipality=municipality, **SOURCE
        )
    )


def test_validity_must_start_before_it_ends(region):
    refused(
        lambda: Unit.objects.create(
            name="U",
            kind="halsocentral",
            principal="region",
            region=region,
            valid_from=date(2026, 2, 1),
            valid_to=date(2026, 1, 1),
            **SOURCE,
        )
    )


def test_care_levels_are_one_to_three_once_per_region(region):
    level = dict(name="Nivå", description="d", where="w", region=region, **SOURCE)
    refused(lambda: CareLevel.objects.create(number=4, **level))
    CareLevel.objects.create(number=1, **level)
    refused(lambda: CareLevel.objects.create(number=1, **level))


def test_rule_conditions_must_be_known_values(region):
    topic = Topic.objects.get(slug="rehabilitering")
    rule = dict(region=region, topic=topic, principal="region", text="t", explanation="e", **SOURCE)
    refused(lambda: Responsibility.objects.create(housing="slott", **rule))
    refused(lambda: Responsibility.objects.create(level=7, **rule))
    refused(lambda: Responsibility.objects.create(**{**rule, "principal": "kungen"}))
    refused(
        lambda: Guidance.objects.create(region=region, section="okand", key="k", text="t", **SOURCE)
    )
    Responsibility.objects.create(housing="", **rule)  # blank means "any"
