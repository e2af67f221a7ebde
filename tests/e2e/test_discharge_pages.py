"""The discharge pages in Chromium, as a nurse on a phone or a ward PC and the patient on a phone
see them: axe (WCAG 2.1 AA), no sideways scrolling at 320 px, the person's own contacts first.

The staff member signs in once for the module (a TOTP code is accepted only once) and only opens
pages: the map they look at is made in the database, committed like the staff accounts in
test_accessibility.py. Sending the form from the browser is the staff flow's test.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from ..staff_fixtures import PASSWORD, totp_code
from .conftest import PHONE
from .steps import arrive

pytestmark = pytest.mark.e2e

WARD_PC = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}
FAST_VARDKONTAKT = "Sjuksköterska Åsa Öberg, hemsjukvården"
ADDITIONS = {
    "fast_vardkontakt": FAST_VARDKONTAKT,
    "contacts": [
        {"role": "Kommunens rehabkontakt", "name": "Lisa Lindqvist", "phone": "0980-123 45"},
        {"role": "Hemtjänsten", "name": "", "phone": "0980-700 00"},
    ],
    "appointments": [
        {"what": "Återbesök hos arbetsterapeut", "when": "2026-12-03", "where": "Kiruna hc"}
    ],
    "goal": "Gå till affären själv före jul",
    "interventions": "Hemrehabilitering två gånger i veckan",
}


@pytest.fixture(scope="module")
def nurse(django_db_setup, django_db_blocker):
    """A staff member with TOTP and one map of theirs: (username, TOTP secret, map, its token).

    Made outside any test's transaction (the module's tests share it), so it is deleted again
    afterwards: other tests count the maps and the audit's events."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model

    from pathways.discharge.models import AuditEvent, DischargeMap

    with django_db_blocker.unblock():
        user = get_user_model().objects.create_user("e2e-ssk", "e2e-ssk@example.se", PASSWORD)
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        discharge_map, token = DischargeMap.create(
            user=user,
            unit="Avdelning 3B",
            params="kommun=2584&inlagd=ja&ta_sig=nej&behov=hjalpmedel",
            additions=ADDITIONS,
        )
    yield user.username, secret, discharge_map, token
    with django_db_blocker.unblock():
        AuditEvent.objects.filter(map_id=discharge_map.id).delete()
        discharge_map.delete()
        user.delete()


def sign_in(page: Page, nurse):
    username, secret, _map, _token = nurse
    page.goto("/accounts/login/")
    page.get_by_label("Användarnamn eller e-postadress").fill(username)
    page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    arrive(page, r"/accounts/2fa/authenticate/")
    page.locator("main input[name=code]").fill(totp_code(secret))
    page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/"))


def assert_no_sideways_scrolling(page: Page, what):
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth,"
        "  client: document.documentElement.clientWidth})"
    )
    assert widths["scroll"] <= widths["client"], f"{what} scrolls sideways: {widths}"


def open_all_details(page: Page):
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")


def test_the_staff_pages_pass_axe_and_fit_a_phone_and_a_ward_pc(
    page: Page, assert_accessible, nurse
):
    # One test, one sign-in: a TOTP code is accepted only once, and on SQLite the session rolls
    # back with each test.
    sign_in(page, nurse)
    discharge_map = nurse[2]
    pages = {
        "workspace": "/personal/",
        "new": "/personal/ny/",
        "delete": f"/personal/kartor/{discharge_map.id}/radera/",
        # This browser session did not make the map: the preview says it is sealed.
        "sealed": f"/personal/kartor/{discharge_map.id}/",
    }
    for name, path in pages.items():
        assert page.goto(path).status == 200, name
        open_all_details(page)  # the folded contact and appointment rows, too
        for screen in (PHONE, WARD_PC, NARROW):
            page.set_viewport_size(screen)
            what = f"{name} at {screen['width']} px"
            assert_no_sideways_scrolling(page, what)
            if screen is not NARROW:
                assert_accessible(page, what)
        page.set_viewport_size(PHONE)

    # The form: a folded row opens with a click (no JavaScript needed) and is labelled.
    page.goto("/personal/ny/")
    second = page.get_by_role("group", name="Kontakt 2")
    expect(second).to_be_hidden()
    page.get_by_text("Fler kontakter").click()
    second.get_by_label("Namn").fill("Per")
    expect(second.get_by_label("Namn")).to_have_value("Per")
    # Each help text is what a screen reader says after the field's name.
    expect(page.get_by_label("Fast vårdkontakt")).to_have_accessible_description(
        "Vem som är personens fasta vårdkontakt och hur hen nås."
    )


@pytest.mark.parametrize("screen", [PHONE, NARROW], ids=["phone", "320 px"])
def test_the_patients_own_contacts_stand_first_and_the_tables_stack(
    reader: Page, assert_accessible, nurse, screen
):
    reader.set_viewport_size(screen)
    reader.goto(f"/d/{nurse[3]}/")

    def top(selector):
        return reader.locator(selector).first.evaluate("e => e.getBoundingClientRect().top")

    own_phone = reader.locator("#personligt a[href='tel:098012345']")
    expect(own_phone).to_be_visible()
    assert top("#personligt") < top(".first-contact")
    assert top("#personligt a[href^='tel:']") < top(".first-contact a[href^='tel:']")
    # Stacked, a cell still names its column (the column header, through the table's roles).
    expect(reader.get_by_role("cell", name="Lisa Lindqvist")).to_be_visible()
    label = own_phone.evaluate("a => getComputedStyle(a.closest('td'), '::before').content")
    assert "Telefon" in label
    open_all_details(reader)
    assert_accessible(reader, f"the patient's page at {screen['width']} px")
    assert_no_sideways_scrolling(reader, f"the patient's page at {screen['width']} px")
    reader.evaluate("document.documentElement.style.fontSize = '200%'")
    assert_no_sideways_scrolling(reader, f"the patient's page at {screen['width']} px, 200 % text")
