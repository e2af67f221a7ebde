"""How many failed sign-ins and wrong codes are allowed, counted from the audit's rows.

The reasons and the numbers: docs/decisions/0009-sign-in-limits.md. The counts are in the database,
so they hold when the cache is down, and no limit closes an account to every address at once.
"""

from datetime import timedelta

from allauth.account.utils import filter_users_by_email, filter_users_by_username
from allauth.mfa.models import Authenticator
from django.utils import timezone

from .models import LOGIN_MAX_LENGTH, SignInEvent

WINDOW = timedelta(minutes=15)
# Failed sign-ins from one address within WINDOW, to any accounts: then that address waits.
PER_ADDRESS = 30
# Failed sign-ins for one account from one address within WINDOW: then that pair waits.
PER_ADDRESS_AND_ACCOUNT = 5
# Failed sign-ins for one account from all addresses within ACCOUNT_WINDOW: then the password is
# only checked together with the code from the account's app, on the sign-in form itself.
ACCOUNT_WINDOW = timedelta(hours=24)
PER_ACCOUNT = 10
# Wrong or reused codes for one account within WINDOW: then its code step is paused.
WRONG_CODES = 5

Event = SignInEvent.Event


def account_for(login):
    """The account a typed login names (username, else a unique email address), or None."""
    login = login.strip()
    if not login:
        return None
    user = filter_users_by_username(login).first()
    if user is None and "@" in login:
        users = filter_users_by_email(login)
        user = users[0] if len(users) == 1 else None
    return user


def _since(window):
    return timezone.now() - window


def password_step_closed(ip, user, login):
    """True when this address, or this address for this account, has failed too often."""
    failed = SignInEvent.objects.filter(event=Event.FAILED, ip=ip, at__gte=_since(WINDOW))
    if failed.count() >= PER_ADDRESS:
        return True
    if user is not None:
        for_account = failed.filter(user=user)
    else:
        for_account = failed.filter(login__iexact=login.strip()[:LOGIN_MAX_LENGTH])
    return for_account.count() >= PER_ADDRESS_AND_ACCOUNT


def code_needed_with_password(user):
    """True when the account has failed so often, from anywhere, that a password alone is no
    longer checked: only a password together with a valid code is."""
    failed = SignInEvent.objects.filter(
        event=Event.FAILED, user=user, at__gte=_since(ACCOUNT_WINDOW)
    )
    return failed.count() >= PER_ACCOUNT


def code_step_paused(user):
    wrong = SignInEvent.objects.filter(
        event__in=[Event.TOTP_FAILED, Event.TOTP_REPLAYED], user=user, at__gte=_since(WINDOW)
    )
    return wrong.count() >= WRONG_CODES


def totp_of(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
