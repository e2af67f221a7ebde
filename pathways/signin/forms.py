"""The second factor, counted and replay-protected in the database (MFA_FORMS and ACCOUNT_FORMS).

- The code step (allauth's AuthenticateForm and ReauthenticateForm): after limits.WRONG_CODES
  wrong or reused codes in limits.WINDOW it is paused; a code whose step was already used is
  refused; otherwise allauth checks the code as usual.
- The sign-in form: for an account that has failed limits.PER_ACCOUNT times from anywhere, the
  password is checked only together with the code, and a failure does not say which was wrong.
"""

from allauth.core import context
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import audit, limits, totp
from .models import SignInEvent
from .stages import VERIFIED

Event = SignInEvent.Event

PAUSED = _("För många felaktiga koder. Vänta en kvart och försök igen.")
CODE_TOO = _(
    "Många misslyckade inloggningar har gjorts på ditt konto. Skriv lösenordet och koden från "
    "din autentiseringsapp."
)
PASSWORD_OR_CODE = _("Fel lösenord eller kod.")


def _refuse_if_paused(request, user):
    if limits.code_step_paused(user):
        audit.record(Event.TOTP_PAUSED, request, user=user)
        raise ValidationError(PAUSED, code="paused")


def _use_code(request, user, authenticator, code):
    """True if `code` is the TOTP code of a step not used yet (that step is now used), False if
    its step was already used (recorded as a replay), None if it is not this authenticator's code."""
    step = totp.matching_step(authenticator, code)
    if step is None:
        return None
    if not totp.claim(authenticator, step):
        audit.record(Event.TOTP_REPLAYED, request, user=user)
        return False
    return True


class CountedCodeMixin:
    def clean_code(self):
        request = context.request
        _refuse_if_paused(request, self.user)
        code = self.cleaned_data["code"]
        authenticator = limits.totp_of(self.user)
        if authenticator and _use_code(request, self.user, authenticator, code) is False:
            raise get_mfa_adapter().validation_error("incorrect_code")
        # allauth checks the code (TOTP or a recovery code) and sends its signals.
        return super().clean_code()


class CountedAuthenticateForm(CountedCodeMixin, AuthenticateForm):
    pass


class CountedReauthenticateForm(CountedCodeMixin, ReauthenticateForm):
    pass


class CodeWithPasswordMixin:
    """For allauth's LoginForm: password and code together for an account under attack."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "code" in self.data:
            self._add_code_field()

    def _add_code_field(self):
        self.fields["code"] = forms.CharField(
            label=_("Kod från din autentiseringsapp"),
            error_messages={"required": _("Skriv koden från din autentiseringsapp")},
            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        )

    def clean(self):
        user = limits.account_for(self.cleaned_data.get("login", ""))
        authenticator = user and limits.totp_of(user)
        if not authenticator or not limits.code_needed_with_password(user):
            return super().clean()
        if "code" not in self.fields:
            self._add_code_field()
            raise ValidationError(CODE_TOO, code="code_needed")
        if self.errors:  # the code is missing
            return self.cleaned_data
        _refuse_if_paused(self.request, user)
        try:
            super().clean()  # the password, and the per-address limits; a failure is recorded
        except ValidationError as error:
            if error.code == "too_many_login_attempts":
                raise
            raise ValidationError(PASSWORD_OR_CODE, code="password_or_code") from None
        used = _use_code(self.request, user, authenticator, self.cleaned_data["code"])
        if used is None:
            audit.record(Event.TOTP_FAILED, self.request, user=user)
        if not used:
            raise ValidationError(PASSWORD_OR_CODE, code="password_or_code")
        setattr(self.request, VERIFIED, authenticator)
        return self.cleaned_data
