"""Kept map pages: the second visitor gets the first one's page without a render, but with their
own CSRF token and CSP nonce; staff never get a kept page."""

import re

import pytest
from django.test import Client

from .staff_fixtures import sign_in

pytestmark = pytest.mark.django_db

MAP = "/karta/?kommun=2584&behov=resor"


def csrf_of(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def nonce_of(html):
    return re.search(r'<script [^>]*nonce="([^"]+)"', html).group(1)


def test_a_map_is_rendered_once_and_then_served_as_kept():
    first, second = Client(), Client()
    rendered = first.get(MAP)
    kept = second.get(MAP)
    assert rendered.templates and not kept.templates
    assert kept.status_code == 200
    assert kept.text.replace(csrf_of(kept.text), "").replace(nonce_of(kept.text), "") == (
        rendered.text.replace(csrf_of(rendered.text), "").replace(nonce_of(rendered.text), "")
    )


def test_a_kept_page_carries_the_visitors_own_token_and_nonce():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(MAP)
    kept = second.get(MAP)
    assert nonce_of(kept.text) in kept["Content-Security-Policy"]
    token = csrf_of(kept.text)
    assert token != csrf_of(first.get(MAP).text)
    switched = second.post(
        "/i18n/setlang/", {"language": "en", "next": MAP, "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302
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
