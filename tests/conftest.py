"""Shared fixtures. Every database test sees the regional demo data, loaded once per session."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

REGIONAL_FIXTURES = ["national", "norrbotten", "dalarna"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("loaddata", *REGIONAL_FIXTURES, verbosity=0)


@pytest.fixture(autouse=True)
def _clear_cache():
    # Cached catalogs and allauth's rate-limit counters must not leak between tests.
    cache.clear()
    yield
    cache.clear()
