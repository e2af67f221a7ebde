"""Kept map pages: the second visitor gets the first one's page without a render, but with their
own CSP nonce; a map page sets no cookie; staff never get a kept page."""

import re

import pytest
from django.test import Client

from .staff_fixtures import sign_in

pytestmark = pytest.mark.django_db

MAP = "/karta/?kommun=2584&behov=resor"


def nonce_of(html):
    return re.search(r'<script [^>]*nonce="([^"]+)"', html).group(1)


def test_a_map_is_rendered_once_and_then_served_as_kept():
    first, second = Client(), Client()
    rendered = first.get(MAP)
    kept = second.get(MAP)
    assert rendered.templates and not kept.templates
    assert kept.status_code == 200
    assert nonce_of(kept.text) != nonce_of(rendered.text)
    assert kept.text.replace(nonce_of(kept.text), "") == rendered.text.replace(
        nonce_of(rendered.text), ""
    )


def test_a_kept_page_carries_the_visitors_own_nonce_sets_no_cookie_and_switches_language():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(MAP)
    kept = second.get(MAP)
    assert nonce_of(kept.text) in kept["Content-Security-Policy"]
    assert not kept.cookies  # nothing stored about the visitor, and nothing to vary a cache on
    switched = second.post("/i18n/setlang/", {"language": "en", "next": MAP})
    assert switched.status_code == 302 and switched.url == MAP
    english = second.get(MAP)
    assert english.templates  # another language is another page
    assert '<html lang="en">' in english.text


def test_other_answers_and_another_day_are_other_pages(time_machine):
    client = Client()
    client.get(MAP)
    assert client.get(MAP + "&behov=lakemedel").templates
    time_machine.move_to("2031-01-02")
    assert client.get(MAP).templates


def test_staff_never_get_a_kept_page(client, staff_user_with_mfa):
    Client().get(MAP)
    sign_in(client, staff_user_with_mfa)
    response = client.get(MAP)
    assert response.templates
    assert 'href="/personal/ny/?' in response.text
    assert 'href="/personal/ny/?' not in Client().get(MAP).text
