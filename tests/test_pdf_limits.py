"""Bounded PDF work: a client asking for many PDFs gets a clear 429, the map pages stay open."""

import time
from itertools import combinations
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.core.cache import cache

from pathways import layout, pdf, throttle
from pathways.choices import Need
from pathways.views import pdf as pdf_views

from .html import parse
from .paper import pdf_text
from .test_outage import cache_down  # noqa: F401  (the cache with its Redis gone)

pytestmark = pytest.mark.django_db

# A minute's first second: the counting windows are whole minutes of the clock.
MINUTE = 1_800_000_000


@pytest.fixture
def quick_pdf(monkeypatch):
    # The limits are what is tested here, not WeasyPrint: a render that counts itself.
    renders = []
    monkeypatch.setattr(pdf, "render_pdf", lambda *a, **k: renders.append(1) or b"%PDF-stub")
    return renders


def distinct_pdfs(count):
    """PDFs of as many different maps (one already made is served from the cache, uncounted)."""
    needs = combinations(("resor", "lakemedel", "arbete", "hjalpmedel"), 2)
    urls = [f"/karta/pdf/?kommun=2584&behov={one}&behov={other}" for one, other in needs]
    assert count <= len(urls)
    return urls[:count]


def seconds_left():
    """Each entry of the test cache (LocMemCache, tests/settings.py) and its seconds to live
    (None: kept for ever)."""
    return [
        None if expiry is None else expiry - time.time() for expiry in cache._expire_info.values()
    ]


def test_a_client_over_its_pdf_limit_gets_a_429_page_saying_when(client, settings, quick_pdf):
    settings.PDF_RENDERS_PER_MINUTE = 2
    with time_machine.travel(MINUTE + 15.25, tick=False):
        first, second, third = (client.get(url) for url in distinct_pdfs(3))
        # Meanwhile the same client's maps, and a PDF already made, are served as ever.
        page_meanwhile = client.get("/karta/?kommun=2584&behov=arbete")
        made_pdf = client.get(distinct_pdfs(1)[0])
    assert first.status_code == second.status_code == 200
    assert third.status_code == 429
    assert third["Retry-After"] == "45"  # the window ends in 44.75 seconds
    assert third["Cache-Control"] == "no-store"
    assert "Försök igen om en minut" in third.text
    printable = parse(third).find("a", string="Öppna kartan för utskrift")["href"]
    assert printable.startswith("/karta/?kommun=2584&")  # print the same map instead
    assert parse_qs(urlsplit(printable).query)["behov"] == ["hjalpmedel", "resor"]
    assert page_meanwhile.status_code == made_pdf.status_code == 200
    assert made_pdf.content == b"%PDF-stub"
    assert len(quick_pdf) == 2  # the third was refused before anything was rendered


@pytest.mark.usefixtures("cold_catalogs")
def test_a_refused_pdf_is_refused_before_the_map_is_made(
    client, settings, quick_pdf, django_assert_max_num_queries
):
    # A worker that has read no regional data yet: a 429 reads the data versions (one query
    # without a shared cache), not the region's catalog, and builds no map from it.
    settings.PDF_RENDERS_PER_MINUTE = 0
    cache.clear()  # no catalog in the shared cache either
    with django_assert_max_num_queries(1):
        assert client.get(distinct_pdfs(1)[0]).status_code == 429
    assert not quick_pdf


def test_the_wait_a_429_names_is_the_wait_needed(rf):
    request = rf.get("/karta/pdf/", REMOTE_ADDR="192.0.2.1")
    with time_machine.travel(MINUTE + 15.25, tick=False) as clock:
        assert [throttle.seconds_to_wait(request, "pdf", 2) for _ in range(3)] == [0, 0, 45]
        clock.shift(44)
        assert throttle.seconds_to_wait(request, "pdf", 2) == 1
        clock.shift(1)  # the next minute: a new count
        assert [throttle.seconds_to_wait(request, "pdf", 2) for _ in range(2)] == [0, 0]


def test_a_count_is_kept_one_window_not_for_ever(rf):
    # Every client's count is a cache entry: one left without an expiry would fill the cache.
    with time_machine.travel(MINUTE + 15.25, tick=False):
        throttle.seconds_to_wait(rf.get("/karta/pdf/", REMOTE_ADDR="192.0.2.1"), "pdf", 2)
        assert seconds_left() == [throttle.WINDOW]


@pytest.mark.usefixtures("cache_down")
def test_with_the_cache_down_the_limit_is_open(client, settings, quick_pdf):
    # The per-worker cap (below) still bounds the work; a cache outage must not stop the PDFs.
    settings.PDF_RENDERS_PER_MINUTE = 0
    assert client.get(distinct_pdfs(1)[0]).status_code == 200


def test_the_429_page_is_translated(client, settings, quick_pdf):
    settings.PDF_RENDERS_PER_MINUTE = 0
    url = distinct_pdfs(1)[0]
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "Try again in a minute" in response.text
    # and offers the other language, coming back to the PDF asked for
    switch = parse(response).select_one("form.language-switch")
    assert switch.select_one('button[name="language"]')["value"] == "sv"
    assert switch.select_one('input[name="next"]')["value"] == url


def test_another_client_is_not_limited_by_the_first(client, settings, quick_pdf):
    settings.PDF_RENDERS_PER_MINUTE = 1
    urls = distinct_pdfs(2)
    assert client.get(urls[0], REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.get(urls[1], REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get(urls[1], REMOTE_ADDR="10.0.0.2").status_code == 200


def test_behind_a_proxy_the_visitor_not_the_proxy_is_counted(client, settings, quick_pdf):
    settings.PDF_RENDERS_PER_MINUTE, settings.TRUSTED_PROXY_COUNT = 1, 1
    urls = distinct_pdfs(3)
    proxy = {"REMOTE_ADDR": "10.0.0.9"}
    assert client.get(urls[0], HTTP_X_FORWARDED_FOR="192.0.2.1", **proxy).status_code == 200
    assert client.get(urls[1], HTTP_X_FORWARDED_FOR="192.0.2.2", **proxy).status_code == 200
    assert (
        client.get(urls[1], HTTP_X_FORWARDED_FOR="192.0.2.2", **proxy).status_code == 200
    )  # cached
    # A visitor who writes an X-Forwarded-For of their own is still counted by the address the
    # proxy added after it.
    forged = {"HTTP_X_FORWARDED_FOR": "203.0.113.66, 192.0.2.1", **proxy}
    assert client.get(urls[2], **forged).status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "counted"),
    [
        (1, "192.0.2.1", "192.0.2.1"),
        # The visitor wrote the first entries; the proxy appended what it saw.
        (1, "203.0.113.66, 192.0.2.1", "192.0.2.1"),
        (1, "203.0.113.66,198.51.100.7,192.0.2.1", "192.0.2.1"),
        # Two proxies: the outer one appended the visitor, the inner one the outer one.
        (2, "203.0.113.66 ,192.0.2.1 , 198.51.100.4", "192.0.2.1"),
        (2, "192.0.2.1, 198.51.100.4", "192.0.2.1"),
        # Fewer entries than proxies, or none: the request came another way.
        (2, "192.0.2.1", "10.0.0.9"),
        (1, "", "10.0.0.9"),
        (1, None, "10.0.0.9"),
        # No proxy trusted: the header is the visitor's own words.
        (0, "203.0.113.66", "10.0.0.9"),
    ],
)
def test_the_address_a_limit_counts(rf, settings, proxies, forwarded, counted):
    settings.TRUSTED_PROXY_COUNT = proxies
    header = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    assert throttle.client_ip(rf.get("/karta/pdf/", REMOTE_ADDR="10.0.0.9", **header)) == counted


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


def test_the_caches_of_pages_and_pdfs_are_bounded(settings):
    assert settings.CACHES["local"]["OPTIONS"]["MAX_ENTRIES"] <= 500
    assert settings.CACHES["pdf"]["OPTIONS"]["MAX_ENTRIES"] <= 200


def distinct_maps(count):
    needs = [need.value for need in Need]
    urls = [
        f"/karta/?kommun={code}&behov={one}&behov={other}"
        for code in ("2584", "2580", "2080")
        for one, other in combinations(needs, 2)
    ]
    assert count <= len(urls)
    return urls[:count]


def test_a_flood_of_distinct_maps_does_not_drop_a_kept_pdf(client, settings, quick_pdf):
    settings.CACHES = {
        **settings.CACHES,
        "local": {**settings.CACHES["local"], "OPTIONS": {"MAX_ENTRIES": 4}},
    }
    pdf_url = distinct_pdfs(1)[0]
    assert client.get(pdf_url).status_code == 200
    for url in distinct_maps(12):  # three times what the pages' cache holds
        assert client.get(url).status_code == 200
    again = client.get(pdf_url)
    assert again.status_code == 200
    assert again.content == b"%PDF-stub"
    assert len(quick_pdf) == 1  # served from its own cache, not rendered again


@pytest.mark.usefixtures("cache_down")
def test_with_the_pdf_cache_down_the_pdf_is_rendered_every_time(client):
    # The PDFs' cache is the Redis at a closed port: nothing is kept, every ask renders, quickly.
    first, second = (client.get(distinct_pdfs(1)[0]) for _ in range(2))
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF-") and second.content.startswith(b"%PDF-")
    assert "Kiruna" in pdf_text(first.content)


def test_a_pdf_process_that_died_costs_one_pdf_not_the_rest(client, settings):
    settings.PDF_PROCESSES = 1
    first, during, after = distinct_pdfs(3)
    assert client.get(first).status_code == 200
    pool = layout.start(settings.PDF_PROCESSES)
    for process in list(pool._processes.values()):  # the pool's one process, killed
        process.kill()
        process.join()
    broken = client.get(during)
    assert broken.status_code == 503  # the page that links to the printable map
    assert "PDF:en kunde inte skapas just nu" in broken.text
    assert "/karta/?kommun=2584&amp;" in broken.text
    replaced = client.get(after)
    assert replaced.status_code == 200
    assert "Kiruna" in pdf_text(replaced.content)
