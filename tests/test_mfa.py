"""Signing in: two factors required for the workspace and admin, rate limits, sessions that end."""

import time

import pytest
import time_machine
from allauth.account import app_settings as account_settings
from allauth.mfa.models import Authenticator
from django.urls import reverse

from .html import parse
from .staff_fixtures import PASSWORD, make_user, sign_in, totp_code

WORKSPACE = "/personal/"
ACTIVATE = "/accounts/2fa/totp/activate/"


def field_errors(response):
    """The errors shown at the form's fields, without the hidden "Fel:" read out before each."""
    page = parse(response)
    return [
        error.get_text(" ", strip=True).removeprefix("Fel:").strip()
        for error in page.select(".error-message")
    ]


def test_signing_in_with_password_alone_asks_for_the_second_factor(client, staff_user_with_mfa):
    response = client.post(reverse("account_login"), {"login": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_authenticate"))
    # Not signed in yet: the workspace sends back to sign-in.
    assert client.get(WORKSPACE).url.startswith(reverse("account_login"))


def test_a_wrong_code_does_not_sign_in(client, staff_user_with_mfa):
    response = sign_in(client, staff_user_with_mfa, code="000000")
    assert response.status_code == 200  # the code form again, with an error
    assert field_errors(response) == ["Felaktig kod."]
    assert client.get(WORKSPACE).status_code == 302


def test_password_and_code_reach_the_workspace(client, staff_user_with_mfa):
    response = sign_in(client, staff_user_with_mfa)
    assert response.status_code == 302
    assert response.url == WORKSPACE
    assert client.get(WORKSPACE).status_code == 200


def test_a_recovery_code_works_as_second_factor(client, staff_user_with_mfa):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    instance = Authenticator.objects.get(
        user=staff_user_with_mfa, type=Authenticator.Type.RECOVERY_CODES
    )
    code = RecoveryCodes(instance).get_unused_codes()[0]
    sign_in(client, staff_user_with_mfa, code=code)
    assert client.get(WORKSPACE).status_code == 200


def test_a_user_without_mfa_is_sent_to_set_it_up(client, db):
    user = make_user("carol", mfa=False)
    response = sign_in(client, user)
    assert response.status_code == 302
    # allauth lets them in after the password; our middleware keeps them at the door.
    response = client.get(WORKSPACE)
    assert response.status_code == 302
    assert response.url == ACTIVATE
    assert client.get(reverse("staff_new")).url == ACTIVATE


def test_an_admin_without_mfa_cannot_reach_admin(client, db):
    user = make_user("dora", mfa=False, is_staff=True, is_superuser=True)
    sign_in(client, user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == ACTIVATE


def test_a_user_without_mfa_may_set_it_up_and_sign_out(client, db):
    user = make_user("carol", mfa=False)
    sign_in(client, user)
    # The password was just typed: set-up opens at once, not allauth's reauthentication first.
    assert client.get(ACTIVATE).status_code == 200
    signed_out = client.post(reverse("account_logout"))
    assert signed_out.status_code == 302
    assert signed_out.url == "/"
    assert client.get(WORKSPACE).url.startswith(reverse("account_login"))


def test_setting_up_totp_right_after_signing_in_opens_the_workspace(client, db):
    user = make_user("carol", mfa=False)
    sign_in(client, user)
    response = client.get(ACTIVATE)
    assert response.status_code == 200
    secret = response.context["form"].secret
    response = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response.url == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    codes = client.get(response.url)
    assert codes.status_code == 200
    assert codes.context["can_view_codes"]
    assert client.get(WORKSPACE).status_code == 200


def test_the_password_is_asked_again_once_the_sign_in_is_older_than_allauths_window(client, db):
    user = make_user("carol", mfa=False)
    with time_machine.travel(time.time(), tick=False) as traveller:
        sign_in(client, user)
        traveller.shift(account_settings.REAUTHENTICATION_TIMEOUT - 1)
        assert client.get(ACTIVATE).status_code == 200
        traveller.shift(2)
        response = client.get(ACTIVATE)
        assert response.status_code == 302
        assert (
            response.url == "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
        )
        back = client.post(response.url, {"password": PASSWORD})
        assert back.status_code == 302
        assert back.url == ACTIVATE
        assert client.get(ACTIVATE).status_code == 200


def test_a_signed_in_user_with_mfa_sees_the_recovery_codes_without_typing_the_password_again(
    client, staff_user_with_mfa
):
    sign_in(client, staff_user_with_mfa)
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200


@pytest.mark.parametrize(("steps_ago", "accepted"), [(1, True), (2, False)])
def test_a_code_from_the_step_that_just_ended_still_signs_in(client, db, steps_ago, accepted):
    user = make_user("fia")
    code = totp_code(user.totp_secret, at=time.time() - 30 * steps_ago)
    response = sign_in(client, user, code=code)
    assert (response.status_code == 302 and response.url == WORKSPACE) is accepted


def test_admin_signs_in_through_allauth(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_an_admin_with_mfa_reaches_admin(client, db):
    user = make_user("erik", is_staff=True, is_superuser=True)
    sign_in(client, user)
    assert client.get("/admin/").status_code == 200


def test_staff_without_is_staff_is_refused_by_admin(client, staff_user_with_mfa):
    sign_in(client, staff_user_with_mfa)
    assert client.get("/admin/", follow=True).status_code == 403


def test_repeated_wrong_passwords_are_throttled(client, staff_user_with_mfa):
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": "alice", "password": "fel-lösenord"}
        )
        assert response.status_code == 200
    # Now even the right password is refused for a while (allauth's login_failed limit): the form
    # again, saying so, and no step to the second factor.
    response = sign_in(client, staff_user_with_mfa)
    assert response.status_code == 200
    summary = parse(response).select(".error-summary li")
    assert [e.get_text(strip=True) for e in summary] == [
        "För många misslyckade inloggningsförsök. Försök igen senare."
    ]
    assert client.get(WORKSPACE).status_code == 302


def test_too_many_login_requests_answer_429_with_our_page(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "2/m/ip"}
    for _ in range(2):
        client.post(reverse("account_login"), {"login": "x", "password": "y"})
    response = client.post(reverse("account_login"), {"login": "x", "password": "y"})
    assert response.status_code == 429
    assert "För många försök" in response.content.decode()


def test_login_page_offers_no_sign_up_and_a_password_reset(client, db):
    html = client.get(reverse("account_login")).content.decode()
    assert reverse("account_reset_password") in html
    assert 'lang="' in html and "<main" in html
    signup = client.get("/accounts/signup/")
    assert signup.status_code == 200
    page = parse(signup)
    assert page.h1.get_text(strip=True) == "Anmälan stängd"
    assert page.find("form", action="/accounts/signup/") is None
    assert page.find("input", attrs={"name": "password1"}) is None


def test_password_reset_sends_an_email(client, staff_user_with_mfa, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "alice@example.se"})
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["alice@example.se"]


def test_a_reset_for_an_unknown_address_looks_the_same_and_its_mail_offers_no_sign_up(
    client, staff_user_with_mfa, mailoutbox
):
    known = client.post(reverse("account_reset_password"), {"email": "alice@example.se"})
    unknown = client.post(reverse("account_reset_password"), {"email": "okand@example.se"})
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    mail = mailoutbox[1]
    assert mail.to == ["okand@example.se"]
    assert mail.subject.endswith("Inget konto med den här adressen")
    assert reverse("account_signup") not in mail.body
    assert "registrera" not in mail.body
    assert "Konton för personal skapas av en administratör" in mail.body


# How long a session lasts: tests/test_staff_session.py


def test_the_login_field_says_what_to_type(client):
    html = parse(client.get("/accounts/login/"))
    assert html.select_one('label[for="id_login"]').get_text(strip=True) == (
        "Användarnamn eller e-postadress"
    )
    assert html.select_one("#id_login")["autocomplete"] == "username"


def test_a_failed_sign_in_shows_the_sites_error_summary_and_no_browser_bubbles(client):
    response = client.post("/accounts/login/", {"login": "", "password": ""})
    html = parse(response)
    assert html.title.get_text(" ", strip=True).startswith("Fel:")
    form = html.select_one("main form.staff-form")
    assert form.has_attr("novalidate")
    summary = html.select_one(".error-summary[role=alert]")
    links = {a["href"]: a.get_text(strip=True) for a in summary.select("a")}
    assert links == {
        "#id_login": "Skriv ditt användarnamn eller din e-postadress",
        "#id_password": "Skriv ditt lösenord",
    }
    field = html.select_one("#id_password")
    assert field["aria-invalid"] == "true"
    assert "id_password_error" in field["aria-describedby"].split()
    assert (
        html.select_one("#id_password_error")
        .get_text(" ", strip=True)
        .endswith("Skriv ditt lösenord")
    )
