"""Staff accounts: made by administrators (nobody signs themselves up), signed in through allauth,
or made at a first sign-in through the region's identity provider (pathways/oidc.py)."""

import time

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.account.forms import LoginForm
from django.utils.translation import gettext_lazy as _

from pathways.signin.adapter import SignInLimitsAdapterMixin
from pathways.signin.forms import CodeWithPasswordMixin

ALLAUTH_SECOND_FACTOR_STAGE = "allauth.mfa.stages.AuthenticateStage"
# Sign-ins that count as typing the password again (see is_reauthentication_required).
FRESH_SIGN_IN_METHODS = ("password", "socialaccount")


class NoSignupAccountAdapter(SignInLimitsAdapterMixin, DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def get_login_stages(self):
        # allauth's code step, skipped when the sign-in form has already checked the code
        # (pathways.signin) or the IdP's sign-in was the second factor (pathways.oidc).
        return [
            "pathways.oidc.SecondFactorStage" if stage == ALLAUTH_SECOND_FACTOR_STAGE else stage
            for stage in super().get_login_stages()
        ]

    def is_reauthentication_required(self, *, app, **kwargs):
        """allauth asks for the password again before any change to the second factor (and before
        showing the recovery codes), and counts only a reauthentication, not the sign-in itself:
        a nurse signing in for the first time typed the password and was asked for it again
        before setting up TOTP, and someone who signed in through the IdP has no password to type
        at all. A complete sign-in (the password or the IdP, and the second factor when the
        account has one: until then the user is not signed in) counts as typing it again for
        allauth's own window, ACCOUNT_REAUTHENTICATION_TIMEOUT (5 minutes)."""
        if self._signed_in_within_reauthentication_timeout():
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def _signed_in_within_reauthentication_timeout(self):
        request = self.request
        if request is None or not request.user.is_authenticated:
            return False
        records = get_authentication_records(request, request.user)
        fresh = [r["at"] for r in records if r.get("method") in FRESH_SIGN_IN_METHODS]
        return bool(fresh) and time.time() - fresh[-1] < app_settings.REAUTHENTICATION_TIMEOUT


class StaffLoginForm(CodeWithPasswordMixin, LoginForm):
    """allauth's login form, with a label that says what to type, the right autofill hint, and
    error messages that say what to do (shown in the site's error summary); an account under
    attack also asks for the code here (pathways.signin.forms)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login, password = self.fields["login"], self.fields["password"]
        login.label = _("Användarnamn eller e-postadress")
        login.widget.attrs.update(autocomplete="username", placeholder="")
        login.error_messages["required"] = _("Skriv ditt användarnamn eller din e-postadress")
        password.widget.attrs.update(placeholder="")
        password.error_messages["required"] = _("Skriv ditt lösenord")
