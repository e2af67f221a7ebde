"""The admin, as a regional administrator uses it: lists, filters, search, the review action, and
conflicting rules refused with a message instead of saved.

Every test signs in through pytest-django's `admin_client` (a superuser); the second factor the
admin requires (pathways.middleware) is given to that user in one fixture, `admin_user`.
"""

import itertools
import re
from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pathways import catalog
from pathways.models import (
    CareLevel,
    Guidance,
    Municipality,
    Profession,
    Region,
    Responsibility,
    Topic,
    Unit,
)
from pathways.signals import REGIONAL_DATA

from .html import parse

pytestmark = pytest.mark.django_db

OLD = date(2020, 1, 15)
SOURCE = {"source_title": "Testkälla", "reviewed_on": OLD, "compared_with": "sida"}


def url(model, view, *args):
    return reverse(f"admin:pathways_{model._meta.model_name}_{view}", args=args)


# Rows of our own, with codes and slugs no regional fixture uses.


@pytest.fixture
def region():
    return Region.objects.create(
        name="Region Testland",
        slug="testland",
        health_centre_word="hälsocentral",
        health_centre_word_definite="hälsocentralen",
    )


@pytest.fixture
def municipality(region):
    return Municipality.objects.create(
        name="Testby", authority_name="Testby kommun", code="9901", region=region
    )


@pytest.fixture
def topic():
    return Topic.objects.create(slug="testomrade", name="Testområde")


@pytest.fixture
def rows(region, municipality, topic):
    """One row of every regional model."""
    profession = Profession.objects.create(slug="testyrke", name="Testyrke", description="d")
    unit = Unit.objects.create(
        name="Testby hälsocentral",
        kind="halsocentral",
        principal="region",
        region=region,
        municipality=municipality,
        **SOURCE,
    )
    responsibility = Responsibility.objects.create(
        region=region,
        topic=topic,
        principal="region",
        unit=unit,
        text="Regionen ansvarar.",
        explanation="För att.",
        **SOURCE,
    )
    responsibility.professions.add(profession)
    return {
        Region: region,
        Municipality: municipality,
        CareLevel: CareLevel.objects.create(
            region=region, number=1, name="Nivå 1", description="d", where="w", **SOURCE
        ),
        Profession: profession,
        Topic: topic,
        Unit: unit,
        Responsibility: responsibility,
        Guidance: Guidance.objects.create(
            region=region,
            section="sip",
            key="sip",
            title="SIP",
            text="Du kan be om en SIP.",
            **SOURCE,
        ),
    }


_serial = itertools.count(1)


def make_rows(model, region, municipality, topic, count):
    """`count` more rows of `model`, each with the relations its list shows."""
    made = []
    for _ in range(count):
        i = next(_serial)
        tag = f"{model._meta.model_name}{i}"
        if model is Region:
            made.append(
                Region.objects.create(
                    name=f"Region {tag}",
                    slug=tag,
                    health_centre_word="vårdcentral",
                    health_centre_word_definite="vårdcentralen",
                )
            )
        elif model is Municipality:
            m = Municipality.objects.create(
                name=tag, authority_name=tag, code=f"8{i:03d}", region=region
            )
            Unit.objects.create(
                name=tag, kind="annat", principal="kommun", region=region, municipality=m, **SOURCE
            )
            made.append(m)
        elif model is CareLevel:
            [other] = make_rows(Region, None, None, None, 1)
            made.append(
                CareLevel.objects.create(
                    region=other, number=2, name=tag, description="d", where="w", **SOURCE
                )
            )
        elif model is Profession:
            made.append(Profession.objects.create(slug=tag, name=tag, description="d"))
        elif model is Topic:
            made.append(Topic.objects.create(slug=tag, name=tag))
        elif model is Unit:
            made.append(
                Unit.objects.create(
                    name=tag,
                    kind="annat",
                    principal="kommun",
                    region=region,
                    municipality=municipality,
                    **SOURCE,
                )
            )
        elif model is Responsibility:
            row = Responsibility.objects.create(
                region=region,
                municipality=municipality,
                topic=Topic.objects.create(slug=tag, name=tag),
                principal="kommun",
                text="t",
                explanation="e",
                **SOURCE,
            )
            row.professions.add(Profession.objects.create(slug=tag, name=tag, description="d"))
            made.append(row)
        elif model is Guidance:
            made.append(
                Guidance.objects.create(
                    region=region,
                    municipality=municipality,
                    section="sip",
                    key=tag,
                    text="t",
                    **SOURCE,
                )
            )
    return made


MODELS = list(REGIONAL_DATA)
CONTENT_MODELS = [CareLevel, Unit, Responsibility, Guidance]


def test_every_kind_of_regional_data_has_an_admin():
    assert all(admin.site.is_registered(model) for model in MODELS)


def test_the_admin_says_what_it_is(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "Rehabkartan – administration" in response.text


def parsed(response):
    assert response.status_code == 200
    return parse(response)


def form_controls(page):
    """The names of the admin form's inputs, selects and text areas."""
    form = page.find("form", id=re.compile(r"_form$"))
    return {control["name"] for control in form.find_all(["input", "select", "textarea"])}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_list_add_and_change_pages_show_the_row_and_its_fields(admin_client, rows, model):
    obj = rows[model]
    change = url(model, "change", obj.pk)
    listing = parsed(admin_client.get(url(model, "changelist")))
    rows_shown = listing.select("#result_list tbody tr")
    assert len(rows_shown) == min(
        model.objects.count(), admin.site.get_model_admin(model).list_per_page
    )

    add = admin_client.get(url(model, "add"))
    fields = list(add.context["adminform"].form.fields)
    assert fields
    assert set(fields) <= form_controls(parsed(add))

    response = admin_client.get(change)
    page = parsed(response)
    assert page.h2.get_text(strip=True) == str(obj)
    form = response.context["adminform"].form  # without the fields read-only once saved
    fields = list(form.fields)
    assert set(fields) <= form_controls(page)
    for name in fields:
        value = getattr(obj, name, None)
        if isinstance(value, str) and value and page.find("input", attrs={"name": name}):
            assert page.find("input", attrs={"name": name})["value"] == value, name
        if isinstance(value, str) and value and page.find("textarea", attrs={"name": name}):
            assert page.find("textarea", attrs={"name": name}).get_text().strip() == value, name
    assert not form.errors


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_search_finds_the_row(admin_client, rows, model):
    obj = rows[model]
    # Every word must match (Django splits the terms): the topic's name keeps the hits on one page.
    term = {Responsibility: "Regionen ansvarar Testområde", Guidance: "SIP"}.get(
        model, str(obj)[:6]
    )
    page = parsed(admin_client.get(url(model, "changelist"), {"q": term}))
    assert page.select_one(f'#result_list a[href^="{url(model, "change", obj.pk)}"]') is not None


def sample(spec, choices):
    """A relation's or a choice field's filter options differ only in the value they pass: "all",
    the first one and "none" (or the last) show it works (29 municipalities or 12 kinds of unit
    would add nothing but time); every other filter's choices are distinct branches, all tried."""
    if isinstance(spec, admin.RelatedFieldListFilter):
        empty = [c for c in choices[2:] if c["display"] == spec.empty_value_display]
        return choices[:2] + empty
    if isinstance(spec, admin.ChoicesFieldListFilter):
        return choices[:2] + choices[-1:]
    return choices


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_filter_choice_is_applied(admin_user, rows, model, rf):
    # The list's ChangeList, built for each choice as the list view builds it: the choice applies
    # (the filtered query runs; one it cannot apply raises) and its filter marks it as selected.
    # The list pages themselves are rendered by the tests above; rendering one per choice (some
    # 130) would only add seconds.
    model_admin = admin.site.get_model_admin(model)

    def changelist(query=""):
        request = rf.get(url(model, "changelist") + query)
        request.user = admin_user
        return model_admin.get_changelist_instance(request)

    everything = changelist()
    for spec in everything.filter_specs:
        for choice in sample(spec, list(spec.choices(everything))):
            applied = changelist(choice["query_string"])
            assert applied.result_count <= everything.result_count
            list(applied.result_list)
            selected = [
                str(option["display"])
                for applied_spec in applied.filter_specs
                for option in applied_spec.choices(applied)
                if option["selected"]
            ]
            assert str(choice["display"]) in selected, choice["query_string"]


def test_lists_show_review_date_demo_flag_and_scope(admin_client, rows, region):
    Unit.objects.create(
        name="Regionens hjälpmedelscentral",
        kind="hjalpmedel",
        principal="region",
        region=region,
        is_demo=True,
        **SOURCE,
    )
    response = admin_client.get(url(Unit, "changelist"), {"region__id__exact": region.pk})
    text = response.text
    assert "hela regionen" in text and "Testby" in text
    assert "2020-01-15" in text  # reviewed long ago, flagged
    assert "Nästa granskning har passerat" in text
    assert 'alt="True"' in text and 'alt="False"' in text  # the demo column


def test_the_review_filter_splits_old_from_recent(admin_client, rows, region):
    fresh = Unit.objects.create(
        name="Nygranskad",
        kind="annat",
        principal="region",
        region=region,
        source_title="x",
        reviewed_on=timezone.localdate() - timedelta(days=30),
        compared_with="sida",
    )
    params = {"region__id__exact": region.pk}
    old = admin_client.get(url(Unit, "changelist"), {**params, "granskad": "gammal"})
    new = admin_client.get(url(Unit, "changelist"), {**params, "granskad": "ny"})
    assert list(old.context["cl"].result_list) == [rows[Unit]]
    assert list(new.context["cl"].result_list) == [fresh]


def test_the_validity_filter_tells_current_expired_and_coming(admin_client, region, topic):
    today = timezone.localdate()

    def guidance(key, **validity):
        return Guidance.objects.create(
            region=region, section="sip", key=key, text=key, **SOURCE, **validity
        )

    current = guidance("nu", valid_from=today - timedelta(days=10))
    expired = guidance("forr", valid_to=today - timedelta(days=1))
    coming = guidance("sedan", valid_from=today + timedelta(days=1))
    params = {"region__id__exact": region.pk}
    for value, expected in [("nu", current), ("upphort", expired), ("kommande", coming)]:
        response = admin_client.get(url(Guidance, "changelist"), {**params, "giltig": value})
        assert list(response.context["cl"].result_list) == [expected], value


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_marking_as_reviewed_updates_all_selected_in_one_query_and_refreshes_maps(
    admin_client, rows, model
):
    selected = [rows[model], *make_rows(model, rows[Region], rows[Municipality], rows[Topic], 3)]
    versions = catalog.data_state().versions
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.post(
            url(model, "changelist"),
            {"action": "mark_reviewed", "_selected_action": [obj.pk for obj in selected]},
            follow=True,
        )
    assert response.status_code == 200
    updates = [q["sql"] for q in queries if q["sql"].startswith(f'UPDATE "{model._meta.db_table}"')]
    assert len(updates) == 1, updates
    today = timezone.localdate()
    assert all(
        obj.reviewed_on == today for obj in model.objects.filter(pk__in=[o.pk for o in selected])
    )
    # The selected rows' regions' maps are refreshed (every region's for a national row), no other.
    after = catalog.data_state().versions
    changed = {slug for slug, version in versions.items() if after[slug] > version}
    national = any(obj.region_id is None for obj in selected)
    regions = {obj.region.slug for obj in selected if obj.region_id} & set(versions)
    assert changed == (set(versions) if national else regions)
    assert "4 rader markerade som granskade i dag." in response.text


def conflicting_responsibility(region, topic):
    return {
        "region": region.pk,
        "topic": topic.pk,
        "municipality": "",
        "principal": "kommun",  # the existing rule says "region" for the same situations
        "unit_kind": "",
        "unit": "",
        "text": "Kommunen ansvarar.",
        "explanation": "För att.",
        "source_title": "Test",
        "source_url": "",
        "reviewed_on": "2026-11-01",
        "compared_with": "sida",
        "valid_from": "",
        "valid_to": "",
        "priority": "0",
    }


def test_a_conflicting_responsibility_is_refused_with_the_reason(admin_client, rows):
    before = Responsibility.objects.count()
    data = conflicting_responsibility(rows[Region], rows[Topic])
    response = admin_client.post(url(Responsibility, "add"), data)
    assert response.status_code == 200
    assert "Regeln krockar med" in response.text
    assert response.context["adminform"].form.non_field_errors()
    assert Responsibility.objects.count() == before


def test_a_more_specific_responsibility_is_saved(admin_client, rows):
    data = {**conflicting_responsibility(rows[Region], rows[Topic]), "housing": "sarskilt"}
    response = admin_client.post(url(Responsibility, "add"), data)
    assert response.status_code == 302
    assert Responsibility.objects.filter(topic=rows[Topic], housing="sarskilt").exists()


def test_a_conflicting_guidance_is_refused_with_the_reason(admin_client, rows):
    before = Guidance.objects.count()
    data = {
        "region": rows[Region].pk,
        "section": "sip",
        "key": "sip",
        "need": "",
        "title": "SIP",
        "text": "Något annat om SIP.",
        "order": "0",
        "priority": "0",
        "source_title": "Test",
        "reviewed_on": "2026-11-01",
        "compared_with": "sida",
    }
    response = admin_client.post(url(Guidance, "add"), data)
    assert response.status_code == 200
    assert "Regeln krockar med" in response.text
    assert Guidance.objects.count() == before


def test_a_responsibility_without_topic_gets_a_form_error_not_a_crash(admin_client, rows):
    data = {**conflicting_responsibility(rows[Region], rows[Topic]), "topic": ""}
    response = admin_client.post(url(Responsibility, "add"), data)
    assert response.status_code == 200
    assert "topic" in response.context["adminform"].form.errors


def test_a_unit_added_on_a_municipality_page_belongs_to_its_region(admin_client, municipality):
    data = {
        "name": municipality.name,
        "authority_name": municipality.authority_name,
        "code": municipality.code,
        "region": municipality.region_id,
        "latitude": "",
        "longitude": "",
        "minority_languages": "",
        "units-TOTAL_FORMS": "1",
        "units-INITIAL_FORMS": "0",
        "units-0-name": "Testby träffpunkt",
        "units-0-kind": "annat",
        "units-0-principal": "kommun",
        "units-0-source_title": "Test",
        "units-0-reviewed_on": "2026-11-01",
    }
    response = admin_client.post(url(Municipality, "change", municipality.pk), data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    unit = Unit.objects.get(name="Testby träffpunkt")
    assert (unit.municipality, unit.region) == (municipality, municipality.region)


def test_municipalities_are_listed_with_their_number_of_units(admin_client, rows, municipality):
    response = admin_client.get(url(Municipality, "changelist"), {"q": "Testby"})
    [row] = response.context["cl"].result_list
    assert row.unit_count == 1


def test_regions_and_municipalities_cannot_be_deleted_from_the_admin(admin_client, municipality):
    assert admin_client.get(url(Region, "delete", municipality.region_id)).status_code == 403
    assert admin_client.get(url(Municipality, "delete", municipality.pk)).status_code == 403


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_list_costs_the_same_number_of_queries_with_more_rows(
    admin_client, django_assert_max_num_queries, region, municipality, topic, model
):
    make_rows(model, region, municipality, topic, 2)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url(model, "changelist")).status_code == 200
    make_rows(model, region, municipality, topic, 40)
    with django_assert_max_num_queries(len(few)):
        assert admin_client.get(url(model, "changelist")).status_code == 200
