"""A staff session ends after 30 minutes idle or 12 hours at most, and the user is told which.

pathways/middleware.py. The clock is time-machine's, frozen between requests (tick=False), so each
boundary is tested to the second. What a user sees is read from the sign-in page's HTML.
"""

from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from pathways import middleware

from .html import parse
from .staff_fixtures import make_user, sign_in

pytestmark = pytest.mark.django_db

WORKSPACE = "/personal/"
ACTIVATE = "/accounts/2fa/totp/activate/"
IDLE_MESSAGE = "Du har loggats ut efter en stunds inaktivitet. Logga in igen."
LONGEST_MESSAGE = "Du har loggats ut eftersom sessionen nått sin längsta tid. Logga in igen."
MORNING = "2026-11-23 07:00 +01:00"


def messages_shown(response):
    """The status messages on a page, as a user reads them."""
    page = parse(response)
    return [item.get_text(" ", strip=True) for item in page.select(".messages li")]


def assert_signed_out(client, message):
    """The next request is sent to sign in (coming back to the page asked), saying `message`."""
    response = client.get(WORKSPACE)
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=%2Fpersonal%2F"
    login = client.get(response.url)
    assert messages_shown(login) == [message]
    # Really signed out: the page after that is the plain sign-in, with nothing to say.
    again = client.get(WORKSPACE)
    assert again.url.startswith(reverse("account_login"))
    assert messages_shown(client.get(again.url)) == []


@pytest.fixture
def clock():
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def alice(client, staff_user_with_mfa, clock):
    assert sign_in(client, staff_user_with_mfa).status_code == 302
    return client


def test_twenty_nine_minutes_idle_is_still_signed_in(alice, clock):
    clock.shift(timedelta(minutes=29))
    assert alice.get(WORKSPACE).status_code == 200
    # Each request starts the idle time anew.
    clock.shift(timedelta(minutes=29))
    assert alice.get(WORKSPACE).status_code == 200


def test_exactly_thirty_minutes_idle_is_still_signed_in(alice, clock):
    clock.shift(timedelta(minutes=30))
    assert alice.get(WORKSPACE).status_code == 200


def test_thirty_one_minutes_idle_signs_out_and_says_why(alice, clock):
    clock.shift(timedelta(minutes=29))
    assert alice.get(WORKSPACE).status_code == 200
    clock.shift(timedelta(minutes=31))
    assert_signed_out(alice, IDLE_MESSAGE)


def test_the_idle_limit_follows_the_setting(alice, clock, settings):
    settings.STAFF_IDLE_MINUTES = 10
    clock.shift(timedelta(minutes=10))
    assert alice.get(WORKSPACE).status_code == 200
    clock.shift(timedelta(minutes=10, seconds=1))
    assert_signed_out(alice, IDLE_MESSAGE)


def test_a_session_ends_at_twelve_hours_however_active(alice, clock):
    # A request every 20 minutes, never idle, up to one second before the twelve hours...
    for _ in range(12 * 3 - 1):
        clock.shift(timedelta(minutes=20))
        assert alice.get(WORKSPACE).status_code == 200
    clock.shift(timedelta(minutes=20) - timedelta(seconds=1))
    assert alice.get(WORKSPACE).status_code == 200
    clock.shift(timedelta(seconds=1))  # exactly twelve hours: still in
    assert alice.get(WORKSPACE).status_code == 200
    clock.shift(timedelta(seconds=1))  # ...and one second past them, out
    assert_signed_out(alice, LONGEST_MESSAGE)


def test_the_longest_session_follows_the_setting(alice, clock, settings):
    settings.STAFF_SESSION_HOURS = 1
    for _ in range(3):
        clock.shift(timedelta(minutes=20))
        assert alice.get(WORKSPACE).status_code == 200
    clock.shift(timedelta(seconds=1))
    assert_signed_out(alice, LONGEST_MESSAGE)


def test_the_session_store_keeps_a_session_a_little_past_the_idle_limit(alice, clock):
    """Long enough for the next request to say why; short, since it may hold a map's token."""
    alice.get(WORKSPACE)
    stored = Session.objects.get(session_key=alice.session.session_key)
    assert stored.expire_date == timezone.now() + timedelta(minutes=30, seconds=5 * 60)
    assert middleware.STORE_GRACE_SECONDS == 5 * 60
    assert alice.cookies["sessionid"]["max-age"] == ""  # the cookie ends with the browser


def test_a_session_made_without_the_sign_in_form_starts_its_clock_at_the_first_request(
    client, staff_user_with_mfa, clock
):
    client.force_login(staff_user_with_mfa)  # no sign-in request: no start time stored yet
    assert client.get(WORKSPACE).status_code == 200
    clock.shift(timedelta(minutes=29))
    assert client.get(WORKSPACE).status_code == 200
    clock.shift(timedelta(minutes=31))
    assert_signed_out(client, IDLE_MESSAGE)


def test_pages_for_a_signed_in_user_are_never_stored(alice):
    # An allauth page (not one of our personal views, which say no-store themselves).
    response = alice.get("/accounts/2fa/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    # Not for visitors: their start page may be kept by the browser.
    alice.post(reverse("account_logout"))
    assert "no-store" not in alice.get("/").get("Cache-Control", "")


# Two factors required


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/2fa/totp/activate/",
        "/accounts/logout/",
        "/accounts/password/change/",
        "/i18n/setlang/",
        "/static/pathways/site.css",
        "/favicon.ico",
    ],
)
def test_a_user_without_a_second_factor_may_reach_what_sets_it_up(path):
    assert middleware._allowed_without_mfa(path)


@pytest.mark.parametrize(
    "path", ["/personal/", "/admin/", "/karta/accounts/", "/favicon.ico/", "/x/i18n/", "/"]
)
def test_a_user_without_a_second_factor_reaches_nothing_else(path):
    assert not middleware._allowed_without_mfa(path)


def test_recovery_codes_alone_are_not_a_second_factor(client):
    """Staff must have a TOTP authenticator: recovery codes are for when the phone is lost."""
    dan = make_user("dan", mfa=False)
    RecoveryCodes.activate(dan)
    assert sign_in(client, dan).status_code == 302
    response = client.get(WORKSPACE)
    assert response.status_code == 302
    assert response.url == ACTIVATE


def test_a_user_without_a_second_factor_is_kept_at_the_door(client):
    carol = make_user("carol", mfa=False)
    assert sign_in(client, carol).status_code == 302
    for path in (WORKSPACE, reverse("staff_new"), "/admin/", "/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == ACTIVATE
    assert client.get("/accounts/password/change/").status_code == 200


def test_every_response_gets_the_permissions_policy_unless_the_view_set_its_own():
    def view(request):
        return HttpResponse(request.path)

    response = middleware.permissions_policy(view)(RequestFactory().get("/karta/"))
    assert response.content == b"/karta/"
    assert response["Permissions-Policy"] == settings.PERMISSIONS_POLICY

    def own_policy(request):
        return HttpResponse(headers={"Permissions-Policy": "camera=(self)"})

    own = middleware.permissions_policy(own_policy)(RequestFactory().get("/"))
    assert own["Permissions-Policy"] == "camera=(self)"
