"""allauth's second-factor step, skipped when the sign-in form has already checked the code (an
account under attack signs in with password and code together; see pathways.signin.forms)."""

from allauth.mfa.base.internal.flows import post_authentication
from allauth.mfa.stages import AuthenticateStage

VERIFIED = "signin_verified_authenticator"


class CodeOnceStage(AuthenticateStage):
    def handle(self):
        authenticator = getattr(self.request, VERIFIED, None)
        if authenticator is not None and authenticator.user_id == self.login.user.pk:
            post_authentication(self.request, authenticator)
            return None, True
        return super().handle()
