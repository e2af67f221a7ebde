"""A nurse's whole first day in Chromium: the first sign-in and TOTP set-up, the recovery codes, a
discharge map with contacts and an appointment, its preview and PDF, the patient's link and QR code
opened on another device (a unit's web site followed from it gets no Referer: the route answers
it, nothing leaves the machine), deleting the map, signing out.

Every POST is the browser's own form submission, and each must carry the `Origin` Chromium
computes from the page's Referrer-Policy: under `no-referrer` it is "null" and Django's CSRF check
refuses it (issue 17). Fields are found by their Swedish labels and headings by role, so the test
follows the pages' wording, not their markup.
"""

import io
import re
from urllib.parse import urlsplit

import pytest
import zxingcpp
from django.db import DEFAULT_DB_ALIAS, connection, connections
from PIL import Image
from playwright.sync_api import Page, expect

from ..paper import pdf_text
from ..staff_fixtures import PASSWORD, make_user, totp_code
from .conftest import TIMEOUT_MS
from .steps import arrive

pytestmark = pytest.mark.e2e

CONTACT = "Lisa Lindqvist"
PHONE = "070-174 06 05"  # PTS's range for fiction: never a real number
APPOINTMENT = "Återbesök hos fysioterapeut"
PLACE = "Kiruna hälsocentral"
GOAL = "Kunna gå till affären själv före midsommar"


@pytest.fixture(scope="session")
def new_nurse(django_db_setup, django_db_blocker):
    """A staff account as an administrator leaves it: a password, no second factor yet. Committed
    before any test's transaction, so the live server sees it on PostgreSQL too (conftest.py)."""
    with django_db_blocker.unblock():
        return make_user("e2e-nora", mfa=False)


@pytest.fixture
def audit_cleared(new_nurse, django_db_blocker):
    """On PostgreSQL the server commits the map and its audit events; other tests count audit
    events, so this nurse's are removed on a connection of its own (as in test_editor.py)."""
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock():
        own = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with own.cursor() as cursor:
                mine = "SELECT map_id FROM discharge_auditevent WHERE user_id = %s"
                cursor.execute(
                    f"DELETE FROM discharge_auditevent WHERE map_id IN ({mine})", [new_nurse.pk]
                )
                cursor.execute(
                    "DELETE FROM discharge_dischargemap WHERE created_by_id = %s", [new_nurse.pk]
                )
        finally:
            own.close()


class FormPosts:
    """Every POST the browser sends from a page, with the Origin header it sent."""

    def __init__(self, page):
        self.requests = []
        page.on("request", self._seen)

    def _seen(self, request):
        if request.method == "POST":
            self.requests.append(request)

    def sent(self):
        return [(urlsplit(r.url).path, r.all_headers().get("origin")) for r in self.requests]


def post(page, button):
    """Click a form's button: the browser's POST must not be refused (a failed CSRF check is 403)."""
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        button.click()
    response = answer.value
    sent = response.request.all_headers().get("origin")
    assert response.status != 403, f"{response.url} refused the browser's POST (Origin: {sent})"


def test_a_nurse_signs_in_sets_up_totp_and_makes_prints_shares_and_deletes_a_map(
    page: Page, browser, browser_context_args, live_site, new_nurse, audit_cleared, settings
):
    # The printed link and QR code point at SITE_URL: here, the live server.
    settings.SITE_URL = live_site.url
    origin = live_site.url
    posts = FormPosts(page)
    addresses = []
    page.on("framenavigated", lambda frame: addresses.append(urlsplit(frame.url).path))

    # First sign-in: the password once, then straight to setting up the authenticator app.
    page.goto("/personal/")
    arrive(page, r"/accounts/login/")
    page.get_by_label("Användarnamn eller e-postadress").fill(new_nurse.username)
    page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    post(page, page.get_by_role("button", name="Logga in"))
    arrive(page, r"/accounts/(?!login/)")
    assert urlsplit(page.url).path == "/accounts/2fa/totp/activate/"
    assert "/accounts/reauthenticate/" not in addresses
    secret = page.get_by_label("Autentiseringshemlighet").input_value()
    page.get_by_label("Autentiseringskod").fill(totp_code(secret))
    post(page, page.get_by_role("button", name="Aktivera"))

    # The recovery codes, and the way on to the workspace.
    arrive(page, r"/accounts/2fa/recovery-codes/$")
    expect(page.get_by_role("heading", level=1)).to_have_text("Återställningskoder")
    codes = page.get_by_label("Oanvända koder").input_value().split()
    assert len(codes) == 10 and all(re.fullmatch(r"\d{8}", code) for code in codes)
    page.get_by_role("link", name="Jag har sparat koderna – fortsätt").click()
    arrive(page, r"/personal/$")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina utskrivningskartor")

    # A discharge map with a contact, an appointment and the person's goal.
    page.get_by_role("link", name="Gör en ny utskrivningskarta").click()
    arrive(page, r"/personal/ny/$")
    page.get_by_label("Kommun", exact=True).select_option(label="Kiruna")
    page.get_by_label("Namn", exact=True).first.fill(CONTACT)
    page.get_by_label("Telefon", exact=True).first.fill(PHONE)
    page.get_by_label("Vad", exact=True).first.fill(APPOINTMENT)
    page.get_by_label("När", exact=True).first.fill("2026-12-10T10:30")
    page.get_by_label("Var", exact=True).first.fill(PLACE)
    page.get_by_label("Personens eget huvudmål, med personens egna ord").fill(GOAL)
    page.get_by_label("Din enhet").fill("Avdelning 3B, Kiruna sjukhus")
    post(page, page.get_by_role("button", name="Förhandsgranska"))

    # The preview: what the person will read, the PDF and the link with its QR code.
    arrive(page, r"/personal/kartor/[0-9a-f-]+/$")
    preview_url = page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Förhandsgranska utskrivningskartan")
    for text in (CONTACT, PHONE, APPOINTMENT, PLACE, GOAL):
        expect(page.get_by_text(text).first).to_be_visible()

    pdf_link = page.get_by_role("link", name="Skriv ut (PDF)")
    printed = page.request.get(pdf_link.get_attribute("href"))
    assert printed.status == 200
    assert printed.headers["content-type"] == "application/pdf"
    text = pdf_text(printed.body())
    for expected in (CONTACT, APPOINTMENT, GOAL, "Kiruna"):
        assert expected in text

    link = page.get_by_role("link", name=re.compile(r"\/d\/"))
    patient_url = link.get_attribute("href")
    assert patient_url.startswith(f"{origin}/d/")
    qr = page.get_by_role("img", name="QR-kod till din utskrivningskarta")
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))
    assert [code.text for code in decoded] == [patient_url]

    # The person opens what the QR code says on their own phone: no sign-in, their contacts.
    phone_context = browser.new_context(**browser_context_args)
    try:
        patient = phone_context.new_page()
        patient.set_default_timeout(TIMEOUT_MS)
        opened = patient.goto(decoded[0].text)
        assert opened.status == 200
        expect(patient.get_by_role("heading", level=1)).to_be_visible()
        for text in (CONTACT, PHONE, APPOINTMENT, GOAL):
            expect(patient.get_by_text(text).first).to_be_visible()

        # A unit's web site, followed from the page, is not told the link (no Referer at all).
        phone_context.route(re.compile(r"^https://"), lambda route: route.fulfill(body="elsewhere"))
        outside = patient.locator('main a[href^="https://"]').first
        with patient.expect_request(outside.get_attribute("href")) as followed:
            outside.click()
        assert "referer" not in followed.value.all_headers()

        # Deleted by the nurse, the link opens nothing any more.
        page.goto(preview_url)
        page.get_by_role("link", name="Radera kartan").click()
        arrive(page, r"/radera/$")
        post(page, page.get_by_role("button", name="Ja, radera kartan"))
        arrive(page, r"/personal/$")
        expect(page.get_by_role("status")).to_contain_text("Utskrivningskartan är raderad")
        assert patient.goto(patient_url).status == 404
    finally:
        phone_context.close()

    post(page, page.get_by_role("button", name="Logga ut"))
    arrive(page, r"/$")
    page.goto("/personal/")
    arrive(page, r"/accounts/login/")

    # Each form was the browser's own POST, with this site's Origin (never "null").
    assert posts.sent() == [
        ("/accounts/login/", origin),
        ("/accounts/2fa/totp/activate/", origin),
        ("/personal/ny/", origin),
        (urlsplit(preview_url).path + "radera/", origin),
        ("/accounts/logout/", origin),
    ]
