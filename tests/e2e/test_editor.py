"""A Dalarna editor in a real browser: signs in with a TOTP code, imports a CSV of units with phone
numbers (previewed, then confirmed), sees the number on the Falun map, and cannot open a
Norrbotten row."""

import csv
import re

import pytest
from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS, connection, connections
from playwright.sync_api import Page, expect

from pathways.models import Region, Unit

from ..staff_fixtures import PASSWORD, make_user, totp_code
from .steps import arrive

pytestmark = pytest.mark.e2e

FICTIONAL = "070-174 06 05"  # PTS's range for fiction: never a real number


@pytest.fixture(scope="session")
def dalarna_editor(django_db_setup, django_db_blocker):
    """Committed before any test's transaction, so the live server sees the editor on PostgreSQL
    too (its request threads have connections of their own; see conftest.py)."""
    with django_db_blocker.unblock():
        user = make_user("e2e-dora", is_staff=True)
        user.groups.add(Group.objects.get(name="Regional redaktör"))
        Region.objects.get(slug="dalarna").editors.add(user)
    return user


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
