"""A row refers only to what belongs to its region: a responsibility's unit is the region's own or
a national one, a guidance row's municipality is in the region. The models refuse it (clean), so a
form, an import and full_clean all say so in Swedish on the field, whatever the admin offers."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from pathways.models import Guidance, Municipality, Responsibility, Unit

from .workbooks import only_sheets, opened

pytestmark = pytest.mark.django_db


def errors_of(row):
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    return refused.value.message_dict


def norrbotten_responsibility():
    return Responsibility.objects.filter(region__slug="norrbotten").first()


def test_a_responsibility_cannot_send_the_patient_to_another_regions_unit():
    row = norrbotten_responsibility()
    row.unit = Unit.objects.filter(region__slug="dalarna").first()
    assert errors_of(row) == {
        "unit": [
            "Enheten hör till en annan region. Välj en enhet i radens region eller en nationell enhet."
        ]
    }


@pytest.mark.parametrize("units", [{"region__slug": "norrbotten"}, {"region__isnull": True}])
def test_a_responsibility_may_name_its_own_regions_or_a_national_unit(units):
    row = norrbotten_responsibility()
    row.unit = Unit.objects.filter(**units).first()
    row.full_clean()  # no error


def test_a_guidance_row_cannot_apply_in_another_regions_municipality():
    row = Guidance.objects.filter(region__slug="norrbotten").first()
    row.municipality = Municipality.objects.get(code="2080")  # Falun, in Dalarna
    assert errors_of(row) == {"municipality": ["Kommunen hör inte till den valda regionen."]}


def test_a_workbook_naming_another_regions_unit_imports_nothing(region_workbooks, tmp_path):
    path = tmp_path / "dalarna.xlsx"
    book = only_sheets(opened(region_workbooks["dalarna"]), "Ansvar")
    sheet = book["Ansvar"]
    headers = [cell.value for cell in sheet[1]]
    row = sheet[2]
    changed = Responsibility.objects.get(pk=row[headers.index("ID")].value)
    foreign = Unit.objects.filter(region__slug="norrbotten").first()
    row[headers.index("Bestämd enhet")].value = foreign.pk
    book.save(path)
    out = io.StringIO()
    with pytest.raises(CommandError, match="Inget sparades"):
        call_command("import_region", path, "--commit", stdout=out, stderr=out)
    assert "Enheten hör till en annan region" in out.getvalue()
    assert Responsibility.objects.get(pk=changed.pk).unit_id == changed.unit_id


def test_a_value_outside_its_fields_choices_is_refused_on_the_field():
    """The choice constraints are the database's (tests/test_constraints.py); in Python the
    field's choices refuse the value, before anything is saved (pathways.models.ChoiceConstraint)."""
    row = norrbotten_responsibility()
    row.housing, row.principal = "slott", "kungen"
    errors = errors_of(row)
    assert errors["housing"] == ["Värdet 'slott' är inget giltigt alternativ."]
    assert errors["principal"] == ["Värdet 'kungen' är inget giltigt alternativ."]
