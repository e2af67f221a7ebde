"""Offline after one visit (issue 21): the service worker keeps the public maps a person opened,
and never a patient-link page. One browser context for the module: a worker registers once."""

import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from .conftest import TIMEOUT_MS

pytestmark = pytest.mark.e2e

MAP = "/karta/?kommun=2584&ta_sig=nej&inlagd=ja&behov=hjalpmedel"
NEVER_OPENED = "/karta/?kommun=2584&ta_sig=ja&inlagd=nej&behov=resor"
MAPS_CACHE = "rehabkartan-maps"


@pytest.fixture(scope="module")
def _phone(browser, browser_context_args):
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def visited(_phone):
    """A phone that opened MAP once (in the first test that asks; the server needs the test's
    database) and has the worker active, with the map kept."""
    _phone.context.set_offline(False)
    _phone.goto(MAP)
    # wait_for_function does not await a promise: this waits in the page, checking each 50 ms.
    kept = _phone.evaluate(
        """async ([name, tries]) => {
             for (let i = 0; i < tries; i++) {
               const cache = await caches.open(name);
               if (navigator.serviceWorker.controller
                   && await cache.match(location.href, { ignoreVary: true })) return true;
               await new Promise((resolve) => setTimeout(resolve, 50));
             }
             return false; }""",
        [MAPS_CACHE, TIMEOUT_MS // 50],
    )
    assert kept, "the service worker did not keep the map"
    yield _phone
    _phone.context.set_offline(False)


@pytest.fixture(scope="module")
def discharge_token(django_db_setup, django_db_blocker):
    """A patient link, made (and removed again) outside any test's transaction, as
    test_discharge_pages.py makes its nurse's map."""
    from django.contrib.auth import get_user_model

    from pathways.discharge.models import AuditEvent, DischargeMap

    with django_db_blocker.unblock():
        user = get_user_model().objects.create_user("e2e-offline", "e2e-offline@example.se")
        discharge_map, token = DischargeMap.create(
            user=user, unit="Avdelning 3B", params=MAP.split("?", 1)[1], additions={}
        )
    yield token
    with django_db_blocker.unblock():
        AuditEvent.objects.filter(map_id=discharge_map.id).delete()
        discharge_map.delete()
        user.delete()


def kept_urls(page: Page):
    return page.evaluate(
        """async () => { const names = await caches.keys(); const urls = [];
             for (const name of names) {
               for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
             }
             return urls; }"""
    )


def test_a_map_opened_once_reloads_offline_with_the_day_it_was_saved(visited: Page):
    expect(visited.locator("[data-saved-line]")).to_be_hidden()  # online: the line is not shown
    visited.context.set_offline(True)
    try:
        visited.reload()
        expect(visited.get_by_role("heading", level=1)).to_contain_text("huvudansvaret")
        expect(visited.locator("[data-saved-line]")).to_be_visible()
        expect(visited.locator("[data-saved-line]")).to_have_text(
            re.compile(r"^Sparad \d{1,2} \w+ \d{4} – kan ha ändrats$")
        )
        # Its stylesheet came from the worker too: the page is laid out, not bare HTML.
        assert visited.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"
        border = "getComputedStyle(document.querySelector('.result')).borderTopStyle"
        assert visited.evaluate(border) == "solid"
    finally:
        visited.context.set_offline(False)


def test_a_map_never_opened_shows_the_offline_page(visited: Page, assert_accessible):
    visited.context.set_offline(True)
    try:
        visited.goto(NEVER_OPENED)
        expect(visited.get_by_role("heading", level=1)).to_have_text("Ingen uppkoppling just nu")
        assert_accessible(visited, "the offline page")
    finally:
        visited.context.set_offline(False)


def test_the_worker_never_keeps_a_patient_link_page(visited: Page, discharge_token):
    link = f"/d/{discharge_token}/"
    response = visited.goto(link)
    assert response.status == 200 and "no-store" in response.headers["cache-control"]
    visited.goto(MAP)  # and back on a map, the worker running
    urls = kept_urls(visited)
    assert any("/karta/?" in url for url in urls), urls  # the check can see what is kept
    assert not [url for url in urls if "/d/" in url], urls
    # Offline, the link is the network's or nothing: the browser's own error, no kept copy.
    visited.context.set_offline(True)
    try:
        with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"):
            visited.goto(link)
    finally:
        visited.context.set_offline(False)


def test_without_javascript_the_map_is_as_before(nojs_page: Page):
    nojs_page.goto(MAP)
    expect(nojs_page.get_by_role("heading", level=1)).to_contain_text("huvudansvaret")
    expect(nojs_page.locator("[data-saved-line]")).to_be_hidden()
    assert nojs_page.evaluate("navigator.serviceWorker.controller") is None
