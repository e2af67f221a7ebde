"""Regional editors: a Dalarna editor sees and changes Dalarna's rows only, in every admin view.

The editor signs in as staff do (password, then TOTP) and has only what the migration's group
"Regional redaktör" gives, plus membership of Region Dalarna. Every guessed URL for a Norrbotten
row answers 404, and a Norrbotten foreign key is not a valid choice.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from pathways.admin.regions import region_ids
from pathways.models import CareLevel, Guidance, Municipality, Region, Responsibility, Unit

from .html import parse
from .staff_fixtures import make_user, sign_in

pytestmark = pytest.mark.django_db

SCOPED = [Region, Municipality, CareLevel, Unit, Responsibility, Guidance]
DELETABLE = [CareLevel, Unit, Responsibility, Guidance]


def url(model, view, *args):
    return reverse(f"admin:pathways_{model._meta.model_name}_{view}", args=args)


def region_of(row):
    return row if isinstance(row, Region) else row.region


def row_in(model, slug):
    if model is Region:
        return Region.objects.get(slug=slug)
    return model.objects.filter(region__slug=slug).order_by("pk").first()


@pytest.fixture
def dalarna_editor(db):
    user = make_user("dora", is_staff=True)
    user.groups.add(Group.objects.get(name="Regional redaktör"))
    Region.objects.get(slug="dalarna").editors.add(user)
    return user


@pytest.fixture
def editor_client(client, dalarna_editor):
    assert sign_in(client, dalarna_editor).status_code == 302
    return client


def test_an_editors_regions_are_read_once_a_request(rf, dalarna_editor, django_assert_num_queries):
    # Every admin view asks for them several times (rows, choices, history).
    request = rf.get("/admin/")
    request.user = dalarna_editor
    dalarna = Region.objects.get(slug="dalarna")
    with django_assert_num_queries(1):
        assert region_ids(request) == region_ids(request) == {dalarna.pk}


def test_the_editor_group_is_made_by_a_migration_with_the_editorial_permissions():
    group = Group.objects.get(name="Regional redaktör")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_unit", "add_guidance", "delete_responsibility", "view_region"} <= codenames
    assert not codenames & {"change_region", "add_municipality", "delete_municipality"}


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m.__name__)
def test_the_list_shows_only_the_editors_regions(editor_client, model):
    response = editor_client.get(url(model, "changelist"))
    assert response.status_code == 200
    shown = list(response.context["cl"].queryset)
    assert shown
    assert {region_of(row).slug for row in shown} == {"dalarna"}


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m.__name__)
@pytest.mark.parametrize("view", ["change", "history"])
def test_another_regions_row_answers_404_and_the_own_one_opens(editor_client, model, view):
    own, foreign = row_in(model, "dalarna"), row_in(model, "norrbotten")
    assert editor_client.get(url(model, view, own.pk)).status_code == 200
    assert editor_client.get(url(model, view, foreign.pk)).status_code == 404


@pytest.mark.parametrize("model", DELETABLE, ids=lambda m: m.__name__)
def test_another_regions_row_cannot_be_deleted(editor_client, model):
    foreign = row_in(model, "norrbotten")
    assert editor_client.get(url(model, "delete", foreign.pk)).status_code == 404
    response = editor_client.post(url(model, "delete", foreign.pk), {"post": "yes"})
    assert response.status_code == 404
    assert model.objects.filter(pk=foreign.pk).exists()
    assert editor_client.get(url(model, "delete", row_in(model, "dalarna").pk)).status_code == 200


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m.__name__)
def test_another_regions_version_cannot_be_opened_or_reverted(editor_client, model):
    foreign = row_in(model, "norrbotten")
    foreign.save()  # a first historical version (fixtures are loaded without history)
    version = foreign.history.latest("history_date")
    version_url = url(model, "simple_history", foreign.pk, version.history_id)
    assert editor_client.get(version_url).status_code == 404
    assert editor_client.post(version_url, {}).status_code == 404


def test_a_deleted_rows_history_stays_with_its_region(editor_client):
    foreign = row_in(Unit, "norrbotten")
    pk = foreign.pk
    foreign.delete()
    assert editor_client.get(url(Unit, "history", pk)).status_code == 404


# Rows entered under the wrong region and corrected (a care level is unique in its region).
MOVABLE = [Municipality, Unit, Responsibility, Guidance]


def moved(model, source, target):
    """A row of region `source` moved to `target` (its municipality and unit left empty, as
    they were the old region's), with its version from before the move and the one after."""
    row = row_in(model, source)
    row.save()  # a first historical version (fixtures are loaded without history)
    before = row.history.latest("history_date")
    row.region = Region.objects.get(slug=target)
    for field in ("municipality", "unit"):
        if hasattr(row, f"{field}_id"):
            setattr(row, field, None)
    row.save()
    return row, before, row.history.latest("history_date")


@pytest.mark.parametrize("model", MOVABLE, ids=lambda m: m.__name__)
def test_a_row_moved_in_keeps_its_versions_from_the_other_region_there(editor_client, model):
    row, before, after = moved(model, "norrbotten", "dalarna")
    old = url(model, "simple_history", row.pk, before.history_id)
    new = url(model, "simple_history", row.pk, after.history_id)
    history = editor_client.get(url(model, "history", row.pk))
    assert history.status_code == 200
    links = {a["href"] for a in parse(history).select("#change-history a[href]")}
    assert new in links and old not in links
    assert editor_client.get(new).status_code == 200
    assert editor_client.get(old).status_code == 404
    assert editor_client.post(old, {}).status_code == 404
    assert model.objects.get(pk=row.pk).region.slug == "dalarna"  # not reverted


@pytest.mark.parametrize("model", MOVABLE, ids=lambda m: m.__name__)
def test_a_row_moved_away_takes_its_whole_history_along(editor_client, model):
    row, before, after = moved(model, "dalarna", "norrbotten")
    assert editor_client.get(url(model, "history", row.pk)).status_code == 404
    for version in (before, after):
        version_url = url(model, "simple_history", row.pk, version.history_id)
        assert editor_client.get(version_url).status_code == 404
        assert editor_client.post(version_url, {}).status_code == 404


@pytest.mark.parametrize(
    ("source", "target", "status"), [("norrbotten", "dalarna", 200), ("dalarna", "norrbotten", 404)]
)
def test_a_deleted_rows_history_is_its_last_regions(editor_client, source, target, status):
    row, before, _after = moved(Unit, source, target)
    pk = row.pk
    row.delete()
    assert editor_client.get(url(Unit, "history", pk)).status_code == status
    assert editor_client.get(url(Unit, "simple_history", pk, before.history_id)).status_code == 404


def test_an_id_of_the_wrong_kind_is_404(editor_client):
    own = row_in(Unit, "dalarna").pk
    for path in (
        url(Unit, "history", "abc"),
        url(Unit, "simple_history", "abc", "1"),
        url(Unit, "simple_history", own, "abc"),
    ):
        assert editor_client.get(path).status_code == 404, path


@pytest.mark.parametrize("model", DELETABLE, ids=lambda m: m.__name__)
def test_the_region_choices_offer_only_the_editors_regions(editor_client, model):
    form = editor_client.get(url(model, "add")).context["adminform"].form
    assert list(form.fields["region"].queryset) == [Region.objects.get(slug="dalarna")]
    for field in ("municipality", "unit"):
        if field in form.fields:
            assert {row.region.slug for row in form.fields[field].queryset} == {"dalarna"}


def test_adding_a_unit_in_another_region_is_refused(editor_client):
    norrbotten = Region.objects.get(slug="norrbotten")
    before = Unit.objects.count()
    data = {
        "name": "Påhittad enhet",
        "kind": "annat",
        "principal": "region",
        "region": norrbotten.pk,
        "source_title": "Test",
        "reviewed_on": "2026-11-01",
        "compared_with": "sida",
    }
    response = editor_client.post(url(Unit, "add"), data)
    assert response.status_code == 200
    assert "region" in response.context["adminform"].form.errors
    assert Unit.objects.count() == before


def test_an_editor_cannot_make_a_national_row(editor_client):
    data = {
        "name": "Påhittad nationell",
        "kind": "annat",
        "principal": "region",
        "region": "",
        "source_title": "Test",
        "reviewed_on": "2026-11-01",
        "compared_with": "sida",
    }
    response = editor_client.post(url(Unit, "add"), data)
    assert response.status_code == 200
    assert "region" in response.context["adminform"].form.errors
    assert not Unit.objects.filter(name="Påhittad nationell").exists()


def test_adding_guidance_for_another_regions_municipality_is_refused(editor_client):
    data = {
        "region": Region.objects.get(slug="dalarna").pk,
        "municipality": Municipality.objects.get(code="2580").pk,  # Luleå, Norrbotten
        "section": "sip",
        "key": "ny-text",
        "title": "Ny",
        "text": "Ny text.",
        "order": "0",
        "priority": "0",
        "source_title": "Test",
        "reviewed_on": "2026-11-01",
        "compared_with": "sida",
    }
    response = editor_client.post(url(Guidance, "add"), data)
    assert response.status_code == 200
    assert "municipality" in response.context["adminform"].form.errors
    assert not Guidance.objects.filter(key="ny-text").exists()


def test_regions_are_read_only_for_an_editor(editor_client):
    dalarna = Region.objects.get(slug="dalarna")
    response = editor_client.get(url(Region, "change", dalarna.pk))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    posted = editor_client.post(url(Region, "change", dalarna.pk), {"name": "Ändrad"})
    assert posted.status_code == 403


def test_the_mark_reviewed_action_reaches_only_the_editors_rows(editor_client):
    own, foreign = row_in(Unit, "dalarna"), row_in(Unit, "norrbotten")
    before = foreign.reviewed_on
    editor_client.post(
        url(Unit, "changelist"),
        {"action": "mark_reviewed", "_selected_action": [own.pk, foreign.pk]},
    )
    own.refresh_from_db()
    foreign.refresh_from_db()
    assert own.reviewed_by is not None and foreign.reviewed_by is None
    assert foreign.reviewed_on == before


def test_a_superuser_sees_every_region(admin_client):
    response = admin_client.get(url(Unit, "changelist"))
    slugs = {row.region.slug for row in response.context["cl"].queryset if row.region_id}
    assert {"dalarna", "norrbotten"} <= slugs
    assert admin_client.get(url(Unit, "change", row_in(Unit, "norrbotten").pk)).status_code == 200


def test_the_admin_overview_of_another_regions_municipality_is_404(editor_client):
    def overview(code):
        pk = Municipality.objects.get(code=code).pk
        return editor_client.get(reverse("admin:pathways_municipality_overview", args=[pk]))

    assert overview("2080").status_code == 200  # Falun
    assert overview("2584").status_code == 404  # Kiruna


def test_a_view_only_editor_cannot_revert_their_region(editor_client):
    dalarna = Region.objects.get(slug="dalarna")
    name = dalarna.name
    dalarna.name = "Region Dalarna (gammalt namn)"
    dalarna.save()
    old = dalarna.history.latest("history_date")
    Region.objects.filter(pk=dalarna.pk).update(name=name)
    version_url = url(Region, "simple_history", dalarna.pk, old.history_id)
    assert editor_client.get(version_url).status_code == 200
    response = editor_client.post(version_url, {"name": old.name, "slug": "dalarna"})
    assert response.status_code == 403
    assert Region.objects.get(pk=dalarna.pk).name == name


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m.__name__)
def test_a_superuser_opens_any_version(admin_client, model):
    row = row_in(model, "norrbotten")
    row.save()
    version = row.history.latest("history_date")
    response = admin_client.get(url(model, "simple_history", row.pk, version.history_id))
    assert response.status_code == 200
