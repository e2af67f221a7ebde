"""Staff accounts: made by administrators (nobody signs themselves up), signed in through allauth."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm
from django.utils.translation import gettext_lazy as _

from pathways.signin.adapter import SignInLimitsAdapterMixin
from pathways.signin.forms import CodeWithPasswordMixin


class NoSignupAccountAdapter(SignInLimitsAdapterMixin, DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False


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
