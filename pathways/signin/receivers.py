"""Every way in sends these signals (a local password, the region's identity provider, TOTP and
recovery codes through allauth), so every way in is recorded the same way."""

from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import audit
from .limits import account_for
from .models import SignInEvent

Event = SignInEvent.Event


@receiver(user_logged_in)
def signed_in(sender, request, user, **kwargs):
    audit.record(Event.SIGNED_IN, request, user=user)


@receiver(user_login_failed)
def failed(sender, credentials, request=None, **kwargs):
    # Django has already replaced the password in `credentials` with stars; only the login is read.
    if request is None:
        return
    login = credentials.get("username") or credentials.get("email") or ""
    audit.record(Event.FAILED, request, user=account_for(login), login=login)


@receiver(mfa_signals.authentication_failed)
def wrong_code(sender, request, user, **kwargs):
    audit.record(Event.TOTP_FAILED, request, user=user)


@receiver(mfa_signals.authenticator_used)
def recovery_code_used(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        audit.record(Event.RECOVERY_CODE, request, user=user)
