"""Staff personas and a real sign-in (password, then the TOTP code), shared by the staff tests.

alice and bob are staff members at different units, each with a TOTP authenticator and recovery
codes, as an administrator would have them set up; `sign_in` goes through allauth's two steps.
"""

import time

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.contrib.auth import get_user_model
from django.urls import reverse

PASSWORD = "korrekt-häst-batteri-häftklammer"


def make_user(username, *, mfa=True, **extra):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.se", password=PASSWORD, **extra
    )
    user.totp_secret = None
    if mfa:
        user.totp_secret = generate_totp_secret()
        TOTP.activate(user, user.totp_secret)
        RecoveryCodes.activate(user)
    return user


def totp_code(secret, at=None):
    return format_hotp_value(hotp_value(secret, int((at or time.time()) // 30)))


def sign_in(client, user, *, password=PASSWORD, code=None):
    """Sign in through allauth: the password form, then (if the user has one) the TOTP step."""
    response = client.post(reverse("account_login"), {"login": user.username, "password": password})
    if response.status_code == 302 and response.url.startswith(reverse("mfa_authenticate")):
        response = client.post(
            reverse("mfa_authenticate"), {"code": code or totp_code(user.totp_secret)}
        )
    return response


@pytest.fixture
def staff_user_with_mfa(db):
    return make_user("alice")


@pytest.fixture
def other_staff_user(db):
    return make_user("bob")


@pytest.fixture
def staff_client(client, staff_user_with_mfa):
    response = sign_in(client, staff_user_with_mfa)
    assert response.status_code == 302, response
    return client
