"""Staff accounts: made by administrators (nobody signs themselves up), signed in through allauth."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm
from django.utils.translation import gettext_lazy as _


class NoSignupAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False


class StaffLoginForm(LoginForm):
    """allauth's login form, with a label that says what to type and the right autofill hint."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Användarnamn eller e-postadress")
        self.fields["login"].widget.attrs.update(autocomplete="username", placeholder="")
