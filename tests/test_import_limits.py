"""Hostile files in admin's import and export: a file too large, too long or a zip bomb is refused
in Swedish with nothing imported; a file that cannot be read says so in Swedish; a unit name a
spreadsheet would run as a formula is exported escaped, in CSV and XLSX, for a superuser too."""

import csv
import io
import zipfile

import openpyxl
import pytest

from pathways.models import Unit

from .test_import_export import COLUMNS, CSV, XLSX, export, falun_unit, import_file, preview

pytestmark = pytest.mark.django_db


def form_errors(response):
    return response.context["form"].errors["import_file"]


def zip_bomb():
    """An XLSX-named zip of about 100 kB whose one member unpacks to 100 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        bomb.writestr("xl/worksheets/sheet1.xml", b"0" * 100_000_000)
    return out.getvalue()


def test_an_xlsx_zip_bomb_is_refused_before_it_unpacks(admin_client):
    before = Unit.objects.count()
    response = preview(admin_client, Unit, zip_bomb(), XLSX, "bomb.xlsx")
    assert form_errors(response) == ["XLSX-filen packas upp till mer än 50 MB och importeras inte."]
    assert "confirm_form" not in response.context
    assert Unit.objects.count() == before


def test_a_file_over_the_size_limit_is_refused_unread(admin_client, settings):
    settings.IMPORT_MAX_BYTES = 1_000_000
    content = ",".join(COLUMNS) + "\n" + "x" * 1_000_001
    response = preview(admin_client, Unit, content)
    assert form_errors(response) == [
        "Filen är för stor: högst 1 MB går att importera. Dela upp den i flera filer."
    ]


def test_a_file_with_too_many_rows_is_refused(admin_client, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = "\n".join(f",Enhet {n},annat,kommun,dalarna,2080,,Källa" for n in range(4))
    response = preview(admin_client, Unit, ",".join(COLUMNS) + "\n" + rows)
    assert form_errors(response) == ["Filen har fler än 3 rader. Dela upp den i flera filer."]
    assert not Unit.objects.filter(name__startswith="Enhet ").exists()


def test_a_file_that_cannot_be_read_says_so_in_swedish(admin_client):
    response = preview(admin_client, Unit, b"PK\x03\x04 not really a workbook", XLSX, "trasig.xlsx")
    assert form_errors(response) == ["Filen är ingen XLSX-fil."]
    response = preview(admin_client, Unit, b"\xff\xfe\x00garbage\x00", CSV, "trasig.csv")
    [message] = form_errors(response)
    assert message.startswith("Filen gick inte att läsa.")


HOSTILE = ['=HYPERLINK("https://example.com","Klicka")', "+1+2", "-3", "@SUM(A1)"]


@pytest.fixture
def hostile_units():
    unit = falun_unit()
    pks = []
    for name in HOSTILE:
        unit.pk, unit.name = None, name
        unit.save()
        pks.append(unit.pk)
    return pks


def exported_names(content, fmt):
    if fmt == CSV:
        return [row["name"] for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))]
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    column = header.index("name")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type != "f" for cell in cells)  # no live formula in the workbook
    return [cell.value for cell in cells]


@pytest.mark.parametrize("fmt", [CSV, XLSX], ids=["csv", "xlsx"])
def test_a_superusers_export_escapes_formulas(admin_client, hostile_units, fmt):
    names = exported_names(export(admin_client, Unit, fmt), fmt)
    for name in HOSTILE:
        assert name not in names
        assert "'" + name in names


def test_an_escaped_export_imports_back_unchanged(admin_client, hostile_units):
    content = export(admin_client, Unit, CSV)
    import_file(admin_client, Unit, content)
    assert set(Unit.objects.filter(pk__in=hostile_units).values_list("name", flat=True)) == set(
        HOSTILE
    )
