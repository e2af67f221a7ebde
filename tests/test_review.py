"""The review workflow: only "Markera som granskad" changes who reviewed a row and when; the next
review is due by the region's interval; the filter and the admin index's dashboard find the rows
that need a look; staff preview the map on a chosen day."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pathways.models import Guidance, Region, Unit
from pathways.months import add_months

from .html import parse

pytestmark = pytest.mark.django_db

OLD = date(2020, 1, 15)


def url(model, view, *args):
    return reverse(f"admin:pathways_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def region():
    return Region.objects.create(
        name="Region Testland",
        slug="testland",
        health_centre_word="hälsocentral",
        health_centre_word_definite="hälsocentralen",
        review_interval_months=6,
    )


def unit(region, name, reviewed_on=OLD, **extra):
    fields = {"kind": "annat", "principal": "region", "source_title": "Test"}
    return Unit.objects.create(
        name=name,
        region=region,
        reviewed_on=reviewed_on,
        **{"compared_with": "sida" if reviewed_on else "", **fields, **extra},
    )


def unit_form(row, **changes):
    data = {
        "name": row.name,
        "kind": row.kind,
        "principal": row.principal,
        "region": row.region_id,
        "source_title": row.source_title,
        "reviewed_on": "2026-11-30",  # read-only in the form: must be ignored
        "accepts_self_referral": "",
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 11, 15), 2, date(2027, 1, 15)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


def test_saving_the_form_never_changes_the_review(admin_client, region):
    row = unit(region, "Testmottagning")
    response = admin_client.post(url(Unit, "change", row.pk), unit_form(row))
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.reviewed_on, row.reviewed_by) == (OLD, None)
    response = admin_client.post(url(Unit, "change", row.pk), unit_form(row, name="Nytt namn"))
    row.refresh_from_db()
    assert (row.name, row.reviewed_on, row.reviewed_by) == ("Nytt namn", OLD, None)


def test_the_review_action_records_who_and_when_in_the_history(admin_client, admin_user, region):
    row = unit(region, "Testmottagning", reviewed_on=None)  # "ej granskad"
    admin_client.post(
        url(Unit, "changelist"), {"action": "mark_reviewed", "_selected_action": [row.pk]}
    )
    row.refresh_from_db()
    assert (row.reviewed_on, row.reviewed_by) == (timezone.localdate(), admin_user)
    assert row.compared_with == "sida"  # the editor compared it with the live page
    latest = row.history.latest("history_date")
    assert (latest.history_user, latest.reviewed_on) == (admin_user, timezone.localdate())
    page = admin_client.get(url(Unit, "history", row.pk)).text
    assert "Markerad som granskad" in page


def test_the_change_page_shows_the_next_review_by_the_regions_interval(admin_client, region):
    row = unit(region, "Testmottagning", reviewed_on=date(2026, 3, 10))
    page = parse(admin_client.get(url(Unit, "change", row.pk)))
    next_review = page.select_one(".fieldBox.field-next_review .readonly").get_text(strip=True)
    assert next_review == "2026-09-10"  # six months, Region Testland's interval


def test_the_needs_review_filter(admin_client, region):
    today = timezone.localdate()
    due = unit(region, "Förfallen", reviewed_on=today - timedelta(days=200))
    fresh = unit(region, "Färsk", reviewed_on=today - timedelta(days=20))
    reviewed = unit(region, "Granskad", reviewed_on=today - timedelta(days=20))
    Unit.objects.filter(pk=reviewed.pk).update(reviewed_by=admin_client.session["_auth_user_id"])
    shallow = unit(
        region,
        "Startsida",
        reviewed_on=today,
        compared_with="sida",
        source_url="https://www.1177.se/",
        reviewed_by_id=admin_client.session["_auth_user_id"],
    )

    def shown(value):
        params = {"region__id__exact": region.pk, "behover_granskas": value}
        return set(admin_client.get(url(Unit, "changelist"), params).context["cl"].result_list)

    assert shown("forfallen") == {due}
    assert shown("aldrig") == {due, fresh}
    assert shown("ja") == {due, fresh}
    assert shown("kalla") == {due, fresh, reviewed, shallow}  # the first three have no URL
    Unit.objects.filter(pk__in=[due.pk, fresh.pk, reviewed.pk]).update(
        source_url="https://www.1177.se/sa-fungerar-varden/"
    )
    assert shown("kalla") == {shallow}


def test_the_admin_index_counts_what_each_region_needs(admin_client, region):
    today = timezone.localdate()
    unit(region, "Förfallen", reviewed_on=today - timedelta(days=200), is_demo=True)
    unit(region, "Färsk", reviewed_on=today, source_url="https://www.1177.se/")
    Guidance.objects.create(
        region=region,
        section="sip",
        key="sip",
        text="t",
        source_title="x",
        reviewed_on=today,
        compared_with="sida",
    )
    page = parse(admin_client.get(reverse("admin:index")))
    [table] = [
        t
        for t in page.select("#review-dashboard table:not(.readiness)")
        if "Testland" in t.caption.text
    ]
    cells = {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
        for row in table.tbody.find_all("tr")
    }
    # never marked by an editor, never compared with the source, past due, demo, home-page source
    assert cells["Enheter"] == ["2", "0", "1", "1", "2"]
    assert cells["Vägledning"] == ["1", "0", "0", "0", "1"]
    assert cells["Ansvar"] == ["0", "0", "0", "0", "0"]


def test_an_editor_sees_only_their_regions_on_the_dashboard(client, region):
    from django.contrib.auth.models import Group

    from .staff_fixtures import make_user, sign_in

    editor = make_user("dora", is_staff=True)
    editor.groups.add(Group.objects.get(name="Regional redaktör"))
    region.editors.add(editor)
    sign_in(client, editor)
    page = parse(client.get(reverse("admin:index")))
    captions = [
        t.caption.get_text(strip=True)
        for t in page.select("#review-dashboard table:not(.readiness)")
    ]
    assert captions == ["Granskning i Region Testland"]


def map_meta(response):
    page = parse(response)
    notice = page.select_one("#preview-notice")
    return page.select_one(".map-meta time")["datetime"], notice and notice.get_text(strip=True)


def test_staff_preview_the_map_on_a_chosen_day(admin_client, client):
    params = {"kommun": "2080", "dag": "2027-01-01"}
    made_on, notice = map_meta(admin_client.get(reverse("map"), params))
    assert made_on == "2027-01-01"
    assert "kartan som den blir den 1 januari 2027" in notice
    # A patient's ?dag is ignored: the map is today's.
    made_on, notice = map_meta(client.get(reverse("map"), params))
    assert (made_on, notice) == (timezone.localdate().isoformat(), None)


def test_a_revert_restores_the_old_version_and_refreshes_the_maps(admin_client, region):
    from pathways.models import DataVersion

    row = unit(region, "Gammalt namn")
    row.name = "Nytt namn"
    row.save()
    first = row.history.earliest("history_date")
    revert_url = url(Unit, "simple_history", row.pk, first.history_id)
    form = admin_client.get(revert_url).context["adminform"].form
    data = {name: "" if value is None else value for name, value in form.initial.items()}
    version = DataVersion.objects.get(region=region).version
    assert admin_client.post(revert_url, data).status_code == 302
    row.refresh_from_db()
    assert (row.name, row.reviewed_on) == ("Gammalt namn", OLD)
    assert DataVersion.objects.get(region=region).version > version  # its region's maps show it
