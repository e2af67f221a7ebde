"""Shared fixtures. Every database test sees the regional demo data, loaded once per session
(once per worker under pytest-xdist)."""

import sqlite3

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connections
from django.utils import translation

from pathways import DEMO_FIXTURES as REGIONAL_FIXTURES
from pathways import catalog, fragments
from pathways.models import Region
from pathways.workbook import export_region

# The staff personas (alice, bob) and a real two-step sign-in, for every test module.
from .staff_fixtures import other_staff_user, staff_client, staff_user_with_mfa  # noqa: F401


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("loaddata", *REGIONAL_FIXTURES, verbosity=0)


@pytest.fixture(scope="session")
def served_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """A DATABASE_URL another process (gunicorn, a script) can open, holding the test data.

    PostgreSQL: the test database itself (the regional data is committed). SQLite: the test
    database lives in this process's memory, so it is copied to a file (SQLite's backup API).
    """
    with django_db_blocker.unblock():
        connection = connections["default"]
        db = connection.settings_dict
        if connection.vendor != "sqlite":
            return (
                f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
            )
        path = tmp_path_factory.mktemp("served") / "db.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def region_workbooks(django_db_setup, django_db_blocker):
    """Each region's workbook (XLSX bytes) of the session's data, by slug, exported once: the tests
    that import a changed copy start from it (tests/workbooks.py)."""
    with django_db_blocker.unblock():
        return {region.slug: export_region(region) for region in Region.objects.all()}


@pytest.fixture(scope="session")
def _session_catalogs(django_db_setup, django_db_blocker):
    """Each region's catalog of the session's data, read once."""
    with django_db_blocker.unblock():
        catalog._latest.clear()
        for slug in set(catalog.region_codes().values()):
            catalog.load_catalog(slug)
    return dict(catalog._latest)


@pytest.fixture(autouse=True)
def _clear_cache(request):
    # Cached maps, PDFs and allauth's rate-limit counters must not leak between tests. A database
    # test starts as a warm worker does, holding each region's catalog of the session's data under
    # its data version: reading a catalog again costs more than most tests. A test's edit gives its
    # region a new version, so the copy is passed over (the edit is what the test sees) until the
    # rollback brings the old version back; tests of the cold path ask for `cold_catalogs`.
    for memory in (cache, caches["local"], caches["pdf"], catalog._latest):
        memory.clear()
    fragments.clear()
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        catalog._latest.update(request.getfixturevalue("_session_catalogs"))
    yield
    cache.clear()


@pytest.fixture
def cold_catalogs():
    """A worker that has read no catalog yet (a fresh process), with nothing in the shared cache:
    the session's catalogs, read the first time a worker's test asks for them (in _clear_cache,
    after it emptied the caches), would be found there otherwise."""
    catalog._latest.clear()
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # LocaleMiddleware activates the request's language for the whole thread and never resets it:
    # without this, a test that fetched an English page makes the next test's render English.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser, with the TOTP authenticator every staff account must have."""
    TOTP.activate(admin_user, generate_totp_secret())
    return admin_user
