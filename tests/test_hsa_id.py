"""A unit's HSA-id: kept in admin, in the unit import and export, and checked for its format.
The fixtures hold none (nobody has copied one from HSA-katalogen yet), so the tests write one."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from pathways.models import Region, Unit

from .staff_fixtures import make_user, sign_in
from .test_import_export import export, falun_unit, import_file, preview, row_errors

pytestmark = pytest.mark.django_db

HSA_ID = "SE2321000180-E000000000001"


@pytest.fixture
def editor_client(client):
    """An editor of Region Dalarna, signed in."""
    user = make_user("hedda", is_staff=True)
    user.groups.add(Group.objects.get(name="Regional redaktör"))
    Region.objects.get(slug="dalarna").editors.add(user)
    assert sign_in(client, user).status_code == 302
    return client


def exported_row(client, unit):
    [line] = [
        line
        for line in csv.DictReader(io.StringIO(export(client, Unit).decode()))
        if line["id"] == str(unit.pk)
    ]
    return line


def as_csv(line):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(line))
    writer.writeheader()
    writer.writerow(line)
    return out.getvalue()


def test_the_hsa_id_goes_out_and_comes_back_in_with_the_units(editor_client):
    unit = falun_unit()
    line = exported_row(editor_client, unit)
    assert line["hsa_id"] == ""
    import_file(editor_client, Unit, as_csv(line | {"hsa_id": HSA_ID.lower()}))
    unit.refresh_from_db()
    assert unit.hsa_id == HSA_ID
    assert exported_row(editor_client, unit)["hsa_id"] == HSA_ID


def test_a_malformed_hsa_id_imports_nothing(editor_client):
    unit = falun_unit()
    line = exported_row(editor_client, unit) | {"hsa_id": "2321000180-E1"}
    previewed = preview(editor_client, Unit, as_csv(line))
    assert "confirm_form" not in previewed.context
    assert any("HSA-id" in message for message in row_errors(previewed))
    unit.refresh_from_db()
    assert unit.hsa_id == ""


def test_two_units_cannot_share_an_hsa_id():
    first, second = Unit.objects.filter(region__slug="dalarna")[:2]
    Unit.objects.filter(pk=first.pk).update(hsa_id=HSA_ID)
    second.hsa_id = HSA_ID
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "hsa_id" in error.value.message_dict or "__all__" in error.value.message_dict


def test_the_editor_sees_and_edits_the_hsa_id_in_admin(editor_client):
    unit = falun_unit()
    page = editor_client.get(reverse("admin:pathways_unit_change", args=[unit.pk]))
    assert page.status_code == 200
    assert 'name="hsa_id"' in page.text
    assert "HSA-id" in page.text
