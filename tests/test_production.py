"""Production settings: the example environment passes Django's deployment checks, a start without
a secret key or with a malformed yes/no stops, https turns on HSTS, and the headers and cookies
say no more than they must."""

import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from pathways.discharge import ics
from pathways.discharge.additions import Appointment

BASE_DIR = Path(__file__).resolve().parent.parent
EXAMPLE = BASE_DIR / "deploy" / "production.env.example"


def example_environment():
    values = {}
    for line in EXAMPLE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


# The suite's own environment, which a production start does not have (the browser tests set
# DJANGO_ALLOW_ASYNC_UNSAFE).
NOT_IN_PRODUCTION = ("SECRET_KEY", "DEBUG", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")


def run(code, **env):
    clean = {k: v for k, v in os.environ.items() if k not in NOT_IN_PRODUCTION}
    return subprocess.run(
        [sys.executable, *code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "navigator.settings", **env},
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
    )


def settings_of(**env):
    """navigator/settings.py as a production start reads it with this environment: the module run
    afresh in this process (what django.setup() imports), its settings returned by name."""
    with pytest.MonkeyPatch.context() as patch:
        for name in NOT_IN_PRODUCTION:
            patch.delenv(name, raising=False)
        for name, value in env.items():
            patch.setenv(name, value)
        return runpy.run_path(str(BASE_DIR / "navigator" / "settings.py"))


SECURITY = ("SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "SECURE_SSL_REDIRECT")


@pytest.fixture(scope="module")
def https_site():
    """The settings of a production start on https, with a host list written carelessly."""
    return settings_of(
        SECRET_KEY="x" * 50,
        SITE_URL="https://rehabkartan.example.se",
        ALLOWED_HOSTS=" a.example.se , b.example.se ,",
    )


def test_the_example_environment_passes_the_deployment_checks():
    env = {**example_environment(), "SECRET_KEY": secrets.token_urlsafe(50)}
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_production_start_refuses_to_run_without_a_secret_key():
    with pytest.raises(ImproperlyConfigured, match="Set SECRET_KEY"):
        settings_of()


def test_an_https_site_gets_hsts_secure_cookies_and_the_redirect(https_site):
    assert [https_site[name] for name in SECURITY] == [60 * 60 * 24 * 365, True, True]
    http_site = settings_of(SECRET_KEY="x" * 50, SITE_URL="http://127.0.0.1:8000")
    assert [http_site[name] for name in SECURITY] == [0, False, False]


@pytest.mark.parametrize("value", ["ture", "2"])
def test_a_boolean_that_is_neither_true_nor_false_stops_the_start(value):
    with pytest.raises(ImproperlyConfigured, match=f"^DEBUG='{value}': write one of 1, true"):
        settings_of(SECRET_KEY="x" * 50, DEBUG=value)


def test_host_lists_are_stripped(https_site):
    assert https_site["ALLOWED_HOSTS"] == ["a.example.se", "b.example.se"]


def test_testing_comes_from_the_test_settings(https_site):
    assert settings.TESTING is True
    assert https_site["TESTING"] is False


@pytest.mark.django_db
def test_every_response_has_a_permissions_policy(client):
    response = client.get("/")
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_a_staff_sign_in_ends_with_the_browser_and_after_the_idle_limit_on_the_server(
    client, staff_user_with_mfa
):
    from django.contrib.sessions.models import Session

    from .staff_fixtures import sign_in

    sign_in(client, staff_user_with_mfa)
    client.get("/personal/")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    stored = Session.objects.get(session_key=cookie.value)
    from django.utils import timezone

    left = (stored.expire_date - timezone.now()).total_seconds()
    assert left <= settings.STAFF_IDLE_MINUTES * 60 + 5 * 60


def test_the_calendar_never_lets_a_lone_carriage_return_through():
    from datetime import UTC, datetime

    when = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    body = ics.calendar(
        [Appointment(what="Besök\rX-INJECTED:1", when=when, where="Rum 3\r")],
        uid_prefix="m",
        now=when,
    )
    lines = body.split("\r\n")
    assert "\r" not in "".join(lines)
    assert not any(line.startswith("X-INJECTED") for line in lines)
