"""A region's workbook (manage.py export_region / import_region) and `make run`'s demo data:
export then import into an empty database gives the same maps, an import shows what it would
change and saves nothing without --commit, one bad row imports nothing, and review dates stay."""

import io

import openpyxl
import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from pathways import catalog
from pathways.models import Municipality, Region, Unit
from pathways.signals import REGIONAL, REGIONAL_DATA

from .workbooks import only_sheets, opened

pytestmark = pytest.mark.django_db

SITUATIONS = ["", "ta_sig=nej&inlagd=ja&niva=2&behov=resor", "boende=sarskilt&roll=narstaende"]


def maps(client):
    """Every municipality's map as JSON, in a few situations, read afresh from the database."""
    catalog._latest.clear()
    cache.clear()
    result = {}
    for code in Municipality.objects.values_list("code", flat=True):
        for situation in SITUATIONS:
            response = client.get(f"/api/karta/?kommun={code}&{situation}")
            result[code, situation] = (response.status_code, response.json())
    return result


def export(slug, tmp_path):
    path = tmp_path / f"{slug}.xlsx"
    call_command("export_region", slug, path, stdout=io.StringIO())
    return path


def dalarnas(region_workbooks, tmp_path, *sheets):
    """Dalarna's workbook as exported, with its Region sheet and `sheets` only, saved as a file."""
    path = tmp_path / "dalarna.xlsx"
    only_sheets(opened(region_workbooks["dalarna"]), *sheets).save(path)
    return path


def run_import(path, *args):
    out = io.StringIO()
    call_command("import_region", path, *args, stdout=out, stderr=out)
    return out.getvalue()


def empty_the_regions():
    """Every region's rows gone; the national topics, professions and units stay."""
    for model in reversed(REGIONAL):
        rows = model.objects.all()
        rows = rows.filter(region__isnull=False) if model is Unit else rows
        rows.delete()
    Region.objects.all().delete()


def test_export_then_import_into_an_empty_database_gives_the_same_maps(client, tmp_path):
    before = maps(client)
    files = [export(slug, tmp_path) for slug in ("norrbotten", "dalarna")]
    empty_the_regions()
    assert client.get("/api/karta/?kommun=2584").status_code != 200

    for path in files:
        output = run_import(path, "--commit")
        assert "Sparat." in output

    assert Municipality.objects.count() == 29
    after = maps(client)
    assert after.keys() == before.keys()
    for key in before:
        assert after[key] == before[key], key

    # The same files again: nothing to change (phone numbers as written, 0920-…, are the stored
    # +46… ones), and nothing listed.
    for path in files:
        output = run_import(path)
        assert "  Rad " not in output and " nya" not in output and " ändrade" not in output, output


def test_the_workbook_has_swedish_headers_labels_and_an_explanation_sheet(tmp_path):
    book = openpyxl.load_workbook(export("dalarna", tmp_path))
    assert book.sheetnames == [
        "Region",
        "Kommuner",
        "Vårdnivåer",
        "Enheter",
        "Ansvar",
        "Vägledning",
        "Kolumner",
    ]
    units = book["Enheter"]
    headers = [cell.value for cell in units[1]]
    assert "Telefon" in headers and "Huvudman" in headers and "phone" not in headers
    assert len(headers) == len(set(headers))
    kinds = {row[headers.index("Typ")] for row in units.iter_rows(min_row=2, values_only=True)}
    assert "kommunal_rehab" not in kinds
    # Numbers as a person reads and writes them; the import stores them as E.164 again.
    phones = {row[headers.index("Telefon")] for row in units.iter_rows(min_row=2, values_only=True)}
    assert "023-49 00 00" in phones and not any(str(number).startswith("+") for number in phones)
    explained = list(book["Kolumner"].iter_rows(min_row=2, values_only=True))
    assert ("Enheter", "Telefon") in {(sheet, column) for sheet, column, _text in explained}


def edited(path, sheet, column, row, value):
    book = openpyxl.load_workbook(path)
    headers = [cell.value for cell in book[sheet][1]]
    book[sheet].cell(row=row, column=headers.index(column) + 1, value=value)
    book.save(path)


def test_an_import_without_commit_shows_only_the_changes_and_saves_nothing(
    region_workbooks, tmp_path
):
    path = dalarnas(region_workbooks, tmp_path, "Kommuner")
    edited(path, "Kommuner", "Namn", 2, "Ändrad kommun")
    output = run_import(path)
    assert "Kommuner: 1 ändrad, 14 oförändrade" in output
    first = Municipality.objects.filter(region__slug="dalarna").order_by("pk").first()
    assert f"Rad 2: Ändrad – {first.name}; Namn: {first.name} → Ändrad kommun" in output
    assert "Rad 3:" not in output  # unchanged rows are not listed
    assert "Inget sparat" in output
    assert not Municipality.objects.filter(name="Ändrad kommun").exists()


def test_one_bad_row_imports_nothing_and_says_where_in_swedish(region_workbooks, tmp_path):
    path = dalarnas(region_workbooks, tmp_path, "Kommuner", "Enheter")
    edited(path, "Kommuner", "Namn", 2, "Ändrad kommun")
    edited(path, "Enheter", "Typ", 4, "okänd typ")
    out = io.StringIO()
    with pytest.raises(CommandError, match="Inget sparades"):
        call_command("import_region", path, "--commit", stdout=out, stderr=out)
    assert "Blad Enheter, rad 4, kolumn Typ" in out.getvalue()
    assert not Municipality.objects.filter(name="Ändrad kommun").exists()


def test_a_changed_row_is_not_reviewed_by_the_import(region_workbooks, tmp_path):
    unit = Unit.objects.filter(region__slug="dalarna", reviewed_on__isnull=False).first()
    path = dalarnas(region_workbooks, tmp_path, "Enheter")
    book = openpyxl.load_workbook(path)
    headers = [cell.value for cell in book["Enheter"][1]]
    for row in book["Enheter"].iter_rows(min_row=2):
        if row[headers.index("ID")].value == unit.pk:
            row[headers.index("Telefon")].value = "070-174 06 05"
            row[headers.index("Senast granskad")].value = "2030-01-01"
    book.save(path)
    run_import(path, "--commit")
    unit_after = Unit.objects.get(pk=unit.pk)
    assert unit_after.phone != unit.phone
    assert unit_after.reviewed_on == unit.reviewed_on
    assert unit_after.reviewed_by_id == unit.reviewed_by_id


def test_make_runs_demo_data_loads_into_an_empty_database_only():
    unit = Unit.objects.get(pk=1003)
    unit.phone = "070-174 06 05"
    unit.save()
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    assert "läses inte in igen" in out.getvalue()
    assert Unit.objects.get(pk=1003).phone == "070-174 06 05"

    for model in reversed(REGIONAL_DATA):
        model.objects.all().delete()
    call_command("load_demo_data", verbosity=0)
    assert Municipality.objects.count() == 29
    assert Unit.objects.get(pk=1003).phone != "070-174 06 05"


def test_a_row_of_another_region_is_refused_not_moved(region_workbooks, tmp_path):
    path = dalarnas(region_workbooks, tmp_path, "Kommuner", "Enheter")
    edited(path, "Region", "Kortnamn", 2, "norrbotten")
    edited(path, "Region", "Namn", 2, "Region Norrbotten")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_region", path, "--commit", stdout=out, stderr=out)
    assert "Blad Enheter, rad 2, kolumn Region" in out.getvalue()
    assert Municipality.objects.filter(region__slug="dalarna").count() == 15


def test_a_formula_is_exported_escaped_and_imports_back_unchanged(tmp_path):
    unit = Unit.objects.filter(region__slug="dalarna").order_by("pk").first()
    Unit.objects.filter(pk=unit.pk).update(name='=HYPERLINK("https://example.com")')
    path = export("dalarna", tmp_path)
    book = openpyxl.load_workbook(path)
    names = [row[1] for row in book["Enheter"].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("https://example.com")' in names
    only_sheets(book, "Enheter").save(path)
    assert "HYPERLINK" not in run_import(path, "--commit")  # not a change: not listed
    assert Unit.objects.get(pk=unit.pk).name == '=HYPERLINK("https://example.com")'
