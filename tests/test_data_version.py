"""One truth across workers: an edit reaches every worker's next request, and only its region.

A worker is a process with its own memory: its copies of the catalogs (catalog._latest) and, without
Redis, its own cache. Here two workers are two such memories in one test process; "shared" gives
them one cache between them, as Redis does, "separate" gives each its own, as the default does.
"""

import time
from contextlib import contextmanager

import pytest
import time_machine
from django.core.cache import cache, caches
from django.test import override_settings

from pathways import catalog
from pathways.models import Guidance, Topic, Unit

pytestmark = pytest.mark.django_db

KIRUNA = "/karta/?kommun=2584&behov=resor"


def _caches(name):
    locmem = "django.core.cache.backends.locmem.LocMemCache"
    return {
        "default": {"BACKEND": locmem, "LOCATION": name},
        "local": {"BACKEND": locmem, "LOCATION": f"{name}-pages"},
    }


def _forget(*names):
    for name in names:
        with override_settings(CACHES=_caches(name)):
            cache.clear()
            caches["local"].clear()


@pytest.fixture(autouse=True)
def _workers_start_empty():
    # A worker's caches outlive a test (they are module memory), and the entries a test's edit
    # made would show that edit to the next test, after the rollback.
    _forget("shared", "one", "two")
    yield
    _forget("shared", "one", "two")


@pytest.fixture(params=["shared", "separate"])
def workers(request, monkeypatch):
    shared = request.param == "shared"
    memories = {name: {} for name in ("one", "two")}

    @contextmanager
    def worker(name):
        monkeypatch.setattr(catalog, "_latest", memories[name])
        with override_settings(
            CACHES=_caches("shared" if shared else name), CACHE_IS_SHARED=shared
        ):
            yield

    return worker


def sick_travel_unit():
    return Unit.objects.get(name__startswith="Sjukresor", region__slug="norrbotten")


def test_two_workers_see_one_edit(client, workers, django_capture_on_commit_callbacks):
    for name in ("one", "two"):
        with workers(name):
            assert "020-12 34 56" not in client.get(KIRUNA).text
    with workers("one"), django_capture_on_commit_callbacks(execute=True):
        unit = sick_travel_unit()
        unit.phone = "020-12 34 56"
        unit.save()
    for name in ("two", "one"):
        with workers(name):
            assert "020-12 34 56" in client.get(KIRUNA).text, name


def test_an_edit_in_one_region_leaves_the_others_alone():
    before = catalog.data_state().versions
    guidance = Guidance.objects.filter(region__slug="dalarna").first()
    guidance.save()
    after = catalog.data_state().versions
    assert after["dalarna"] > before["dalarna"]
    assert after["norrbotten"] == before["norrbotten"]


def test_a_national_row_changes_every_region():
    before = catalog.data_state().versions
    Topic.objects.first().save()
    after = catalog.data_state().versions
    assert all(after[slug] > version for slug, version in before.items())


def test_a_row_moved_to_another_region_changes_both():
    before = catalog.data_state().versions
    unit = sick_travel_unit()
    dalarna = Guidance.objects.filter(region__slug="dalarna").first().region
    unit.region, unit.municipality = dalarna, None
    unit.save()
    after = catalog.data_state().versions
    assert after["dalarna"] > before["dalarna"]
    assert after["norrbotten"] > before["norrbotten"]


def test_unrelated_saves_change_no_version(django_user_model):
    before = catalog.data_state().versions
    django_user_model.objects.create_user("carol")
    assert catalog.data_state().versions == before


def test_an_edit_made_while_the_cache_is_unreachable_reaches_other_workers_within_5_s(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    # The editing worker cannot delete the shared copy of the versions (Redis unreachable from
    # it, or down during the edit and back after): the copy the other worker reads must not
    # outlive the edit by more than 5 s.
    from .test_outage import closed_port

    memories = {"one": {}, "two": {}}
    unreachable = {
        "BACKEND": "navigator.cache.ResilientRedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }

    @contextmanager
    def worker(name, caches):
        monkeypatch.setattr(catalog, "_latest", memories[name])
        with override_settings(CACHES=caches, CACHE_IS_SHARED=True):
            yield

    with worker("two", _caches("shared")):
        assert "020-12 34 56" not in client.get(KIRUNA).text  # the versions are now shared
    with (
        worker("one", {**_caches("one"), "default": unreachable}),
        django_capture_on_commit_callbacks(execute=True),
    ):
        unit = sick_travel_unit()
        unit.phone = "020-12 34 56"
        unit.save()
    with time_machine.travel(time.time() + 5, tick=False), worker("two", _caches("shared")):
        assert "020-12 34 56" in client.get(KIRUNA).text
