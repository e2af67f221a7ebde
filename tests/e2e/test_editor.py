"""A Dalarna editor in a real browser: signs in with a TOTP code, imports a CSV of units with phone
numbers (previewed, then confirmed), sees the number on the Falun map, and cannot open a
Norrbotten row."""

import csv
import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from pathways.models import Region, Unit

from ..staff_fixtures import PASSWORD, make_user, totp_code

pytestmark = pytest.mark.e2e

FICTIONAL = "070-174 06 05"  # PTS's range for fiction: never a real number


@pytest.fixture
def dalarna_editor():
    user = make_user("dora", is_staff=True)
    user.groups.add(Group.objects.get(name="Regional redaktör"))
    Region.objects.get(slug="dalarna").editors.add(user)
    return user


def sign_in(page: Page, user):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(totp_code(user.totp_secret))
    page.locator("input[name=code]").press("Enter")
    expect(page).not_to_have_url(re.compile(r"/accounts/"))


def test_a_dalarna_editor_imports_phone_numbers_and_sees_them_on_the_map(
    page: Page, dalarna_editor, tmp_path
):
    unit = Unit.objects.get(municipality__code="2080", kind="halsocentral")
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
    preview = page.locator("table.import-preview")
    expect(preview).to_contain_text("+46701740605")  # what will be stored, before it is
    page.locator("input[name=confirm]").click()
    expect(page.locator(".messagelist")).to_be_visible()

    page.goto("/karta/?kommun=2080")
    # The health centre is the first contact: its card among the contacts has the number.
    calls = page.locator("#kontakter").get_by_role("link", name=FICTIONAL)
    expect(calls).to_have_attribute("href", "tel:+46701740605")

    response = page.goto(f"/admin/pathways/unit/{norrbotten_unit.pk}/change/")
    assert response.status == 404
