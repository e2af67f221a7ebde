"""A Dalarna editor in a real browser: signs in with a TOTP code, imports a CSV of units with phone
numbers (previewed, then confirmed), sees the number on the Falun map, and cannot open a
Norrbotten row; on a 1280 px screen, downloads the region's workbook, imports it changed (the
preview says in words what changes, and only that), and sees the change in the units list, while
a Norrbotten editor cannot import or download Dalarna's (in a browser without JavaScript)."""

import csv
import re

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS, connection, connections
from playwright.sync_api import Page, expect

from pathways import phone
from pathways.models import Region, Unit
from pathways.workbook import export_region

from ..staff_fixtures import PASSWORD, make_user, totp_code
from .steps import arrive

pytestmark = pytest.mark.e2e

FICTIONAL = "070-174 06 05"  # PTS's range for fiction: never a real number
DESKTOP = {"width": 1280, "height": 800}


def editor_of(slug, username, django_db_blocker):
    with django_db_blocker.unblock():
        user = make_user(username, is_staff=True)
        user.groups.add(Group.objects.get(name="Regional redaktör"))
        Region.objects.get(slug=slug).editors.add(user)
    return user


@pytest.fixture(scope="session")
def dalarna_editor(django_db_setup, django_db_blocker):
    """Committed before any test's transaction, so the live server sees the editor on PostgreSQL
    too (its request threads have connections of their own; see conftest.py)."""
    return editor_of("dalarna", "e2e-dora", django_db_blocker)


@pytest.fixture(scope="session")
def desk_editor(django_db_setup, django_db_blocker):
    """Another Dalarna editor: each test signs in with an account of its own, since a TOTP code's
    30-second step counts once per account (a second sign-in within it is refused as a replay)."""
    return editor_of("dalarna", "e2e-disa", django_db_blocker)


@pytest.fixture(scope="session")
def norrbotten_editor(django_db_setup, django_db_blocker):
    return editor_of("norrbotten", "e2e-nils", django_db_blocker)


@pytest.fixture
def restored(django_db_blocker):
    """Puts the unit the import changes back as it was. On SQLite the server's writes roll back
    with the test's transaction; on PostgreSQL the server commits them, so they are undone on a
    connection of its own that commits, or the other tests would see the imported number."""
    saved = []
    yield saved.append
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock():
        own = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with own.cursor() as cursor:
                for unit in saved:
                    cursor.execute(
                        "UPDATE pathways_unit SET phone = %s WHERE id = %s", [unit.phone, unit.pk]
                    )
        finally:
            own.close()


def sign_in(page: Page, user):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    arrive(page, r"/accounts/2fa/authenticate/")
    page.locator("input[name=code]").fill(totp_code(user.totp_secret))
    page.locator("input[name=code]").press("Enter")
    expect(page).not_to_have_url(re.compile(r"/accounts/"))


def test_a_dalarna_editor_imports_phone_numbers_and_sees_them_on_the_map(
    page: Page, dalarna_editor, restored, tmp_path
):
    unit = Unit.objects.get(municipality__code="2080", kind="halsocentral")
    restored(unit)
    norrbotten_unit = Unit.objects.filter(region__slug="norrbotten").first()
    upload = tmp_path / "enheter.csv"
    with upload.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "name", "kind", "principal", "region", "municipality", "phone"])
        writer.writerow(
            [unit.pk, unit.name, unit.kind, unit.principal, "dalarna", "2080", FICTIONAL]
        )

    sign_in(page, dalarna_editor)
    page.goto("/admin/pathways/unit/import/")
    page.locator("input[name=import_file]").set_input_files(upload)
    page.locator("select[name=format]").select_option(label="csv")
    page.locator("input[type=submit]").click()
    # What will change, in words, before it is saved.
    expect(page.locator(".import-changes")).to_contain_text(f"→ {FICTIONAL}")
    page.locator("input[name=confirm]").click()
    expect(page.locator(".messagelist")).to_be_visible()

    page.goto("/karta/?kommun=2080")
    # The health centre is the first contact: its card among the contacts has the number.
    calls = page.locator("#kontakter").get_by_role("link", name=FICTIONAL)
    expect(calls).to_have_attribute("href", "tel:+46701740605")

    response = page.goto(f"/admin/pathways/unit/{norrbotten_unit.pk}/change/")
    assert response.status == 404


def test_a_dalarna_editor_imports_a_changed_workbook_on_a_1280_px_screen(
    page: Page, desk_editor, restored, tmp_path, assert_accessible
):
    page.set_viewport_size(DESKTOP)
    unit = Unit.objects.get(municipality__code="2080", kind="halsocentral")
    dalarna = list(Unit.objects.filter(region__slug="dalarna").exclude(phone=""))
    for saved in [unit, *dalarna]:
        restored(saved)
    # Numbers not yet stored as an import stores them (+46…) are saved in that form too, and the
    # preview says so; every other unchanged row is only counted.
    restyled = [u for u in dalarna if u.pk != unit.pk and phone.normalise(u.phone) != u.phone]

    sign_in(page, desk_editor)
    page.goto("/admin/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner Region Dalarnas arbetsbok (XLSX)").click()
    path = tmp_path / "dalarna.xlsx"
    download.value.save_as(path)
    book = openpyxl.load_workbook(path)
    headers = [cell.value for cell in book["Enheter"][1]]
    for row in book["Enheter"].iter_rows(min_row=2):
        if row[headers.index("ID")].value == unit.pk:
            row[headers.index("Telefon")].value = FICTIONAL
    book.save(path)

    page.get_by_role("link", name="Importera en ändrad arbetsbok").click()
    page.get_by_label("Arbetsbok (XLSX)").set_input_files(path)
    page.get_by_role("button", name="Visa vad som ändras").click()
    sheets = page.locator(".import-sheet")
    units = sheets.filter(has=page.get_by_role("heading", name="Bladet Enheter"))
    changes = units.locator(".import-changes > li")
    changed = changes.filter(has_text=unit.name)
    expect(changed).to_contain_text("Ändrad")
    before = phone.display(unit.phone) or "tomt"
    expect(changed).to_contain_text(f"Telefon: {before} → {FICTIONAL}")
    expect(changes).to_have_count(1 + len(restyled))
    municipalities = sheets.filter(has=page.get_by_role("heading", name="Bladet Kommuner"))
    expect(municipalities).to_contain_text("15 oförändrade")
    expect(municipalities).to_contain_text("Inget ändras.")
    assert Unit.objects.get(pk=unit.pk).phone == unit.phone  # nothing saved yet
    assert_accessible(page, "the workbook's preview")

    page.get_by_role("button", name="Spara ändringarna").click()
    expect(page.locator(".messagelist")).to_contain_text("Arbetsboken är importerad")
    # The region's whole list, as the editor works through it: the phone column on the screen.
    page.goto("/admin/pathways/unit/")
    row = page.locator("#result_list tbody tr").filter(has_text=unit.name)
    cell = row.locator("td.field-phone_number")
    expect(cell).to_have_text(FICTIONAL)
    # The list scrolls sideways inside its own box when it is wider: the cell must be in view.
    box, shown = cell.bounding_box(), page.locator("#changelist-form .results").bounding_box()
    assert box["x"] + box["width"] <= min(shown["x"] + shown["width"], DESKTOP["width"]), box
    expect(row.locator("td.field-kind")).to_have_text(unit.get_kind_display())


def test_a_norrbotten_editor_can_neither_import_nor_download_dalarnas_workbook(
    nojs_page: Page, norrbotten_editor, tmp_path
):
    """Without JavaScript, too: the upload and its answer are plain HTML forms."""
    page = nojs_page
    page.set_viewport_size(DESKTOP)
    path = tmp_path / "dalarna.xlsx"
    path.write_bytes(export_region(Region.objects.get(slug="dalarna")))
    before = list(Unit.objects.filter(region__slug="dalarna").values("pk", "phone"))

    sign_in(page, norrbotten_editor)
    page.goto("/admin/arbetsbok/")
    expect(page.get_by_role("link", name="Region Norrbottens arbetsbok (XLSX)")).to_be_visible()
    expect(page.get_by_role("link", name="Region Dalarnas arbetsbok (XLSX)")).to_have_count(0)
    page.get_by_label("Arbetsbok (XLSX)").set_input_files(path)
    page.get_by_role("button", name="Visa vad som ändras").click()
    expect(page.locator(".errorlist")).to_contain_text(
        "Arbetsboken gäller en region du inte är redaktör för. Inget importerades."
    )
    expect(page.get_by_role("button", name="Spara ändringarna")).to_have_count(0)
    assert page.goto("/admin/arbetsbok/dalarna.xlsx").status == 404
    assert list(Unit.objects.filter(region__slug="dalarna").values("pk", "phone")) == before
