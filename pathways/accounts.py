"""Staff accounts: made by administrators (nobody signs themselves up), signed in through allauth,
or made at a first sign-in through the region's identity provider (pathways/oidc.py)."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from django.utils.translation import gettext_lazy as _

ALLAUTH_SECOND_FACTOR_STAGE = "allauth.mfa.stages.AuthenticateStage"


class NoSignupAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def get_login_stages(self):
        # allauth's TOTP step, skipped when the IdP's sign-in already was the second factor.
        return [
            "pathways.oidc.SecondFactorStage" if stage == ALLAUTH_SECOND_FACTOR_STAGE else stage
            for stage in super().get_login_stages()
        ]

    def is_reauthentication_required(self, *, app, **kwargs):
        # Someone who signed in through the IdP has no password to type again: the sign-in itself,
        # minutes ago, is the fresh proof (setting up TOTP right after it would otherwise be
        # refused). Password sign-ins keep allauth's rule.
        request = context.request
        user = getattr(request, "user", None)
        if request is not None and user is not None and user.is_authenticated:
            records = get_authentication_records(request, user)
            if records and records[-1].get("method") == "socialaccount":
                age = time.time() - records[-1]["at"]
                if age < account_settings.REAUTHENTICATION_TIMEOUT:
                    return False
        return super().is_reauthentication_required(app=app, **kwargs)


class StaffLoginForm(LoginForm):
    """allauth's login form, with a label that says what to type, the right autofill hint, and
    error messages that say what to do (shown in the site's error summary)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login, password = self.fields["login"], self.fields["password"]
        login.label = _("Användarnamn eller e-postadress")
        login.widget.attrs.update(autocomplete="username", placeholder="")
        login.error_messages["required"] = _("Skriv ditt användarnamn eller din e-postadress")
        password.widget.attrs.update(placeholder="")
        password.error_messages["required"] = _("Skriv ditt lösenord")
