"""Outages: the cache down costs speed, never a page; the database down is a quick 503 that heals.

Both are real: the cache points at a closed port, the database connection at a closed port (or,
on SQLite, a file that cannot be opened). Nothing is mocked.
"""

import json
import socket
import threading
import time

import pytest
import time_machine
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections
from django.test import Client

from pathways.flow import STEPS
from pathways.models import Municipality
from pathways.views import health

from .staff_fixtures import sign_in

PUBLIC_PAGES = [
    "/",
    f"/fragor/{STEPS[0].slug}/?kommun=2584",
    "/fragor/?kommun=2584&inlagd=nej",
    "/karta/?kommun=2584",
    "/karta/?kommun=2080&inlagd=ja&behov=hjalpmedel&behov=resor",
    "/karta/pdf/?kommun=2584",
    "/api/karta/?kommun=2080",
    "/api/openapi.yaml",
    "/ansvar/2584/",
    "/tillganglighet/",
    "/accounts/login/",
    "/healthz",
    "/healthz/ready",
]


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


@pytest.fixture
def cache_down(settings):
    # As production with REDIS_URL: the shared cache and the PDFs' cache are the one Redis.
    redis = {
        "BACKEND": "navigator.cache.ResilientRedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }
    settings.CACHES = {**settings.CACHES, "default": redis, "pdf": redis}


def test_liveness_touches_neither_database_nor_cache(client):
    # No database mark: pytest-django fails any query here.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_reports_database_cache_and_data(client):
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "data": "ok"}


@pytest.mark.django_db
def test_a_database_without_regions_to_show_is_not_ready(client):
    Municipality.objects.all().delete()  # a region without municipalities has no map
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "ok", "data": "empty"}


class InterleavingCache(LocMemCache):
    """A cache where another readiness check runs between a check's write and its read, as
    parallel checks do on a shared Redis."""

    def get(self, key, default=None, version=None):
        if key.startswith("healthz:probe") and not getattr(self, "inside", False):
            self.inside = True
            try:
                assert health._cache_ok()
            finally:
                self.inside = False
        return super().get(key, default, version)


def test_parallel_readiness_checks_do_not_read_each_others_probe(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "tests.test_outage.InterleavingCache", "LOCATION": "interleaving"},
    }
    assert health._cache_ok()


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_with_the_cache_down_every_public_page_answers(client, cold_catalogs, cache_down, url):
    # cold_catalogs: the catalog too is read from the database and offered to the dead cache.
    response = client.get(url, follow=True)  # the questions store answers, then redirect
    assert response.status_code == 200, url


def connections_made(listener):
    """How many connections a listening socket's kernel accepted since the last call."""
    listener.setblocking(False)
    count = 0
    while True:
        try:
            accepted, _address = listener.accept()
        except BlockingIOError:
            return count
        accepted.close()
        count += 1


def test_a_stalled_cache_costs_one_short_timeout_then_is_skipped(settings):
    from django.core.cache import caches

    with socket.socket() as stalled:  # accepts connections (the kernel does) and never answers
        stalled.bind(("127.0.0.1", 0))
        stalled.listen()
        settings.CACHES = {
            "default": {
                "BACKEND": "navigator.cache.ResilientRedisCache",
                "LOCATION": f"redis://127.0.0.1:{stalled.getsockname()[1]}/0",
                "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
            }
        }
        cache = caches["default"]
        # Without the socket timeout this read would wait for ever; with it, the default.
        assert cache.get("catalog:state", "missing") == "missing"
        assert connections_made(stalled) >= 1
        for _ in range(50):
            assert cache.get("catalog:state") is None
            cache.set("catalog:state", "x")
        assert connections_made(stalled) == 0  # skipped: no request waits on it again


@pytest.mark.django_db
def test_with_the_cache_down_readiness_says_so_but_stays_ready(client, cache_down):
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "unavailable", "data": "ok"}


@pytest.mark.django_db
def test_with_the_cache_down_staff_can_still_sign_in(client, cache_down, staff_user_with_mfa):
    response = sign_in(client, staff_user_with_mfa)
    assert response.status_code == 302
    assert client.get("/personal/").status_code == 200


def _in_another_thread(work):
    """Run work() in a thread of its own: it gets its own database connection, as a worker would."""
    result = {}

    def run():
        try:
            result["value"] = work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result["value"]


def _unreachable(settings_dict):
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return {**settings_dict, "NAME": "/nonexistent-folder/rehabkartan.sqlite3"}
    return {**settings_dict, "HOST": "127.0.0.1", "PORT": closed_port()}


@pytest.mark.django_db
def test_with_the_database_down_pages_answer_503_and_heal_without_a_restart():
    def outage_and_recovery():
        connection = connections["default"]
        working = connection.settings_dict
        client = Client(raise_request_exception=False)
        seen = {}
        connection.close()
        connection.settings_dict = _unreachable(working)
        for url in ("/karta/?kommun=2584", "/api/karta/?kommun=2584", "/healthz/ready"):
            seen[url] = client.get(url)
        connection.close()
        connection.settings_dict = working
        seen["after"] = client.get("/karta/?kommun=2584")
        return seen

    seen = _in_another_thread(outage_and_recovery)

    page = seen["/karta/?kommun=2584"]
    assert page.status_code == 503
    assert page["Retry-After"] == "30"
    assert "tillfälligt otillgänglig" in page.content.decode()
    api = seen["/api/karta/?kommun=2584"]
    assert api.status_code == 503
    assert api["Content-Type"] == "application/json"
    assert "tillfälligt otillgänglig" in json.loads(api.content)["error"]
    ready = seen["/healthz/ready"]
    assert ready.status_code == 503
    assert json.loads(ready.content) == {
        "database": "unavailable",
        "cache": "ok",
        "data": "unavailable",
    }
    assert seen["after"].status_code == 200


@pytest.mark.django_db
def test_with_the_database_down_warm_maps_outlive_the_short_lived_shared_versions(settings):
    # The shared copy of the versions lives seconds (pathways.catalog); while the database cannot
    # be read, the last copy is used, so pages the caches hold keep being served.
    settings.CACHE_IS_SHARED = True

    def visit():
        return Client(raise_request_exception=False).get("/api/karta/?kommun=2584")

    def outage():
        # A thread of its own: its first connection is the failing one (on SQLite the test
        # database is in memory, and closing a connection to it keeps it open).
        connections["default"].settings_dict = _unreachable(connections["default"].settings_dict)
        with time_machine.travel(time.time() + 60, tick=False):
            return visit()

    warm = _in_another_thread(visit)
    during = _in_another_thread(outage)
    assert warm.status_code == 200
    assert during.status_code == 200
    assert json.loads(during.content) == json.loads(warm.content)
