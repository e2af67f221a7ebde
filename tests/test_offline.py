"""Offline after one visit (issue 21), as a browser receives it: a public map a browser may keep
a few minutes, staff's and patient-link pages never; the service worker and its offline page.
The worker at work is tests/e2e/test_offline.py."""

import pytest

pytestmark = pytest.mark.django_db

MAP = "/karta/?kommun=2584&ta_sig=nej&inlagd=ja&behov=hjalpmedel"


def test_a_public_map_may_be_kept_by_the_browser_a_few_minutes_per_language(client):
    response = client.get(MAP)
    assert response["Cache-Control"] == "private, max-age=300"
    vary = {name.strip() for name in response["Vary"].split(",")}
    assert {"Accept-Language", "Cookie"} <= vary
    again = client.get(MAP)  # the kept page (pathways.pagecache) says the same
    assert again["Cache-Control"] == "private, max-age=300"


def test_a_bad_map_address_and_a_staff_members_map_are_not_kept(staff_client, client):
    assert "max-age" not in client.get("/karta/?kommun=9999").get("Cache-Control", "")
    assert staff_client.get(MAP)["Cache-Control"] == "no-store"


def test_the_map_page_registers_the_worker_and_carries_its_hidden_saved_line(client):
    html = client.get(MAP).text
    assert 'data-worker="/sw.js" data-scope="/karta/"' in html
    assert "data-saved-line hidden>Sparad " in html
    assert "– kan ha ändrats</p>" in html


def test_the_worker_keeps_only_the_map_and_the_offline_page(client):
    response = client.get("/sw.js")
    assert response["Content-Type"] == "text/javascript"
    assert "no-cache" in response["Cache-Control"]
    script = response.text
    assert 'const MAP_PATH = "/karta/";' in script
    assert 'const OFFLINE_URL = "/offline/";' in script
    assert '"/static/css/site.css"' in script and '"/static/css/map.css"' in script
    assert 'includes("no-store")' in script


def test_the_offline_page_is_friendly_and_in_english_too(client):
    page = client.get("/offline/")
    assert page.status_code == 200
    assert "<h1>Ingen uppkoppling just nu</h1>" in page.text
    assert "ring 1177" in page.text
    english = client.get("/offline/", headers={"accept-language": "en"})
    assert "<h1>No connection right now</h1>" in english.text
