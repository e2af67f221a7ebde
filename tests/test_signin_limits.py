"""The second factor and the sign-in limits hold with the cache down: a code counts once, wrong
codes pause the code step, and guessing from rotating addresses cannot keep a known user out
(docs/decisions/0009-sign-in-limits.md)."""

import time
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pathways.signin import limits
from pathways.signin.models import SignInEvent, UsedTOTPStep

from .html import parse
from .staff_fixtures import PASSWORD, sign_in, totp_code
from .test_signin_audit import _no_earlier_events  # noqa: F401  (autouse: an empty audit to start)

WORKSPACE = "/personal/"
LOCKED_OUT = "För många misslyckade inloggningsförsök. Försök igen senare."
PAUSED = "För många felaktiga koder. Vänta en kvart och försök igen."
PASSWORD_OR_CODE = "Fel lösenord eller kod."


@pytest.fixture(autouse=True)
def cache_down(settings):
    """Production's cache, with its Redis gone: every operation fails and it fails open."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "navigator.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        },
    }


def errors(response):
    page = parse(response)
    return [li.get_text(strip=True) for li in page.select(".error-summary li")] or [
        e.get_text(" ", strip=True).removeprefix("Fel:").strip()
        for e in page.select(".error-message")
    ]


def signed_in(response):
    return response.status_code == 302 and response.url == WORKSPACE


def wrong_password(address, login="alice"):
    return Client(REMOTE_ADDR=address).post(
        reverse("account_login"), {"login": login, "password": "gissning"}
    )


def test_the_same_code_signs_in_once(staff_user_with_mfa):
    code = totp_code(staff_user_with_mfa.totp_secret)
    assert signed_in(sign_in(Client(), staff_user_with_mfa, code=code))
    again = sign_in(Client(), staff_user_with_mfa, code=code)
    assert not signed_in(again)
    assert errors(again) == ["Felaktig kod."]
    assert SignInEvent.objects.filter(event="kod_igen", user=staff_user_with_mfa).count() == 1


def test_a_code_older_than_the_one_used_is_refused(staff_user_with_mfa):
    now = time.time()
    assert signed_in(
        sign_in(
            Client(), staff_user_with_mfa, code=totp_code(staff_user_with_mfa.totp_secret, at=now)
        )
    )
    earlier = totp_code(staff_user_with_mfa.totp_secret, at=now - 30)
    assert errors(sign_in(Client(), staff_user_with_mfa, code=earlier)) == ["Felaktig kod."]


def test_wrong_codes_pause_the_code_step_for_a_quarter_of_an_hour(staff_user_with_mfa):
    client = Client()
    for _ in range(limits.WRONG_CODES):
        assert errors(sign_in(client, staff_user_with_mfa, code="000000")) == ["Felaktig kod."]
    # Now even the right code is refused, without being checked.
    refused = client.post(
        reverse("mfa_authenticate"), {"code": totp_code(staff_user_with_mfa.totp_secret)}
    )
    assert errors(refused) == [PAUSED]
    assert client.get(WORKSPACE).status_code == 302
    assert SignInEvent.objects.filter(event="kod_pausad").count() == 1
    # A quarter of an hour later the code step is open again.
    SignInEvent.objects.update(at=timezone.now() - limits.WINDOW - timedelta(seconds=1))
    assert signed_in(sign_in(Client(), staff_user_with_mfa))


@pytest.mark.parametrize("wrong", ["fel_kod", "kod_igen"])
def test_wrong_and_reused_codes_pause_reauthentication_too(
    staff_client, staff_user_with_mfa, wrong
):
    for _ in range(limits.WRONG_CODES):
        SignInEvent.objects.create(event=wrong, user=staff_user_with_mfa)
    response = staff_client.post(
        reverse("mfa_reauthenticate"), {"code": totp_code(staff_user_with_mfa.totp_secret)}
    )
    assert errors(response) == [PAUSED]


def test_one_address_guessing_one_account_is_stopped_even_with_the_right_password(
    staff_user_with_mfa,
):
    for _ in range(limits.PER_ADDRESS_AND_ACCOUNT):
        assert wrong_password("198.51.100.1").status_code == 200
    refused = sign_in(Client(REMOTE_ADDR="198.51.100.1"), staff_user_with_mfa)
    assert errors(refused) == [LOCKED_OUT]
    # The same account from the ward's own address is not held up.
    assert signed_in(sign_in(Client(REMOTE_ADDR="192.0.2.10"), staff_user_with_mfa))


def test_colleagues_mistakes_at_a_shared_address_do_not_stop_another(staff_user_with_mfa):
    # A ward's computers share one address to the outside.
    for _ in range(limits.PER_ADDRESS_AND_ACCOUNT):
        wrong_password("192.0.2.10", login="bob")
    assert signed_in(sign_in(Client(REMOTE_ADDR="192.0.2.10"), staff_user_with_mfa))


def test_one_address_guessing_many_accounts_is_stopped(staff_user_with_mfa):
    for n in range(limits.PER_ADDRESS):
        wrong_password("198.51.100.2", login=f"person{n}")
    refused = sign_in(Client(REMOTE_ADDR="198.51.100.2"), staff_user_with_mfa)
    assert errors(refused) == [LOCKED_OUT]


def test_guessing_from_rotating_addresses_does_not_keep_the_user_out(staff_user_with_mfa):
    # Five wrong passwords from each of many addresses: far past the account's ceiling.
    for address in range(1, 5):
        for _ in range(limits.PER_ADDRESS_AND_ACCOUNT):
            wrong_password(f"198.51.100.{address}")
    assert limits.code_needed_with_password(staff_user_with_mfa)

    client = Client(REMOTE_ADDR="192.0.2.10")
    first = sign_in(client, staff_user_with_mfa)
    assert first.status_code == 200
    assert errors(first)[0].startswith("Många misslyckade inloggningar har gjorts på ditt konto")
    form = parse(first)
    assert form.select_one("#id_code")["autocomplete"] == "one-time-code"
    code = totp_code(staff_user_with_mfa.totp_secret)
    response = client.post(
        reverse("account_login"), {"login": "alice", "password": PASSWORD, "code": code}
    )
    # In with password and code in one step: no second code asked.
    assert signed_in(response)
    assert client.get(WORKSPACE).status_code == 200


@pytest.mark.parametrize(
    ("password", "right_code"), [("gissning", True), (PASSWORD, False), ("gissning", False)]
)
def test_an_account_under_attack_does_not_say_whether_the_password_was_right(
    staff_user_with_mfa, password, right_code
):
    for _ in range(limits.PER_ACCOUNT):
        SignInEvent.objects.create(event="misslyckad", user=staff_user_with_mfa, ip="198.51.100.9")
    code = totp_code(staff_user_with_mfa.totp_secret) if right_code else "000000"
    client = Client(REMOTE_ADDR="198.51.100.77")
    response = client.post(
        reverse("account_login"), {"login": "alice", "password": password, "code": code}
    )
    assert response.status_code == 200
    assert errors(response) == [PASSWORD_OR_CODE]
    assert client.get(WORKSPACE).status_code == 302


def test_an_account_under_attack_refuses_a_code_already_used(staff_user_with_mfa):
    code = totp_code(staff_user_with_mfa.totp_secret)
    assert signed_in(sign_in(Client(), staff_user_with_mfa, code=code))
    for _ in range(limits.PER_ACCOUNT):
        SignInEvent.objects.create(event="misslyckad", user=staff_user_with_mfa)
    response = Client().post(
        reverse("account_login"), {"login": "alice", "password": PASSWORD, "code": code}
    )
    assert errors(response) == [PASSWORD_OR_CODE]
    assert SignInEvent.objects.filter(event="kod_igen").count() == 1


def test_an_authenticator_has_one_used_step(staff_user_with_mfa):
    # The database itself keeps two requests from each storing a step (the one row, then UPDATE).
    authenticator = Authenticator.objects.get(user=staff_user_with_mfa, type="totp")
    UsedTOTPStep.objects.create(authenticator=authenticator, step=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        UsedTOTPStep.objects.create(authenticator=authenticator, step=2)
