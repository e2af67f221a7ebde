"""Bounded PDF work: a client asking for many PDFs gets a clear 429, the map pages stay open."""

import time

import pytest

from pathways import pdf, throttle
from pathways.views import pdf as pdf_views

pytestmark = pytest.mark.django_db


@pytest.fixture
def quick_pdf(monkeypatch):
    # The limits are what is tested here, not WeasyPrint: a render that counts itself.
    renders = []
    monkeypatch.setattr(pdf, "render_pdf", lambda *a, **k: renders.append(1) or b"%PDF-stub")
    return renders


def distinct_pdfs(count):
    return [f"/karta/pdf/?kommun=2584&behov={need}" for need in ("resor", "lakemedel", "arbete")][
        :count
    ]


def test_a_client_over_its_pdf_limit_gets_a_429_page_saying_when(client, settings, quick_pdf):
    settings.PDF_RENDERS_PER_MINUTE = 2
    first, second, third = (client.get(url) for url in distinct_pdfs(3))
    assert first.status_code == second.status_code == 200
    assert third.status_code == 429
    assert 1 <= int(third["Retry-After"]) <= 61
    assert "Försök igen om en minut" in third.text
    assert 'href="/karta/?kommun=2584&amp;' in third.text  # print the page instead
    assert len(quick_pdf) == 2
    # Meanwhile the same client's maps, and a PDF already made, are served as ever.
    started = time.monotonic()
    assert client.get("/karta/?kommun=2584&behov=arbete").status_code == 200
    assert time.monotonic() - started < 1
    assert client.get(distinct_pdfs(1)[0]).status_code == 200


def test_the_429_page_is_translated(client, settings, quick_pdf):
    settings.PDF_RENDERS_PER_MINUTE = 0
    response = client.get(distinct_pdfs(1)[0], HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "Try again in a minute" in response.text


def test_another_client_is_not_limited_by_the_first(client, settings, quick_pdf):
    settings.PDF_RENDERS_PER_MINUTE = 1
    urls = distinct_pdfs(2)
    assert client.get(urls[0], REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.get(urls[1], REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get(urls[1], REMOTE_ADDR="10.0.0.2").status_code == 200


def test_behind_a_proxy_the_visitor_not_the_proxy_is_counted(client, settings, quick_pdf):
    settings.PDF_RENDERS_PER_MINUTE, settings.TRUSTED_PROXY_COUNT = 1, 1
    urls = distinct_pdfs(2)
    proxy = {"REMOTE_ADDR": "10.0.0.9"}
    assert client.get(urls[0], HTTP_X_FORWARDED_FOR="192.0.2.1", **proxy).status_code == 200
    assert client.get(urls[1], HTTP_X_FORWARDED_FOR="192.0.2.2", **proxy).status_code == 200
    assert (
        client.get(urls[1], HTTP_X_FORWARDED_FOR="192.0.2.2", **proxy).status_code == 200
    )  # cached


def test_an_ipv6_visitor_is_counted_by_its_64_network(client, settings, quick_pdf):
    # One home or phone holds a whole /64 and may pick any address in it.
    settings.PDF_RENDERS_PER_MINUTE = 1
    urls = distinct_pdfs(3)
    assert client.get(urls[0], REMOTE_ADDR="2001:db8:1:2::1").status_code == 200
    assert client.get(urls[1], REMOTE_ADDR="2001:db8:1:2:ffff::9").status_code == 429
    assert client.get(urls[1], REMOTE_ADDR="2001:db8:1:3::1").status_code == 200  # another /64


@pytest.mark.parametrize(
    ("address", "counted"),
    [
        ("192.0.2.7", "192.0.2.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2::", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("", ""),
        ("not-an-address", "not-an-address"),
    ],
)
def test_what_a_limit_counts(address, counted):
    assert throttle.client_network(address) == counted


def test_a_worker_renders_only_so_many_pdfs_at_once(client, quick_pdf):
    busy = [pdf_views._RENDERS.acquire(blocking=False) for _ in range(10)]  # other threads' renders
    try:
        response = client.get(distinct_pdfs(1)[0])
    finally:
        for taken in busy:
            if taken:
                pdf_views._RENDERS.release()
    assert response.status_code == 429
    assert response["Retry-After"] == "5"
    assert client.get(distinct_pdfs(1)[0]).status_code == 200


def test_the_pdf_cache_is_bounded(settings):
    assert settings.CACHES["local"]["OPTIONS"]["MAX_ENTRIES"] <= 500
