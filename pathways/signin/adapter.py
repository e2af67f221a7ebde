"""The password step's limits, in allauth's account adapter (pre_authenticate)."""

from . import audit, limits
from .models import SignInEvent


class SignInLimitsAdapterMixin:
    def pre_authenticate(self, request, **credentials):
        super().pre_authenticate(request, **credentials)
        login = credentials.get("username") or credentials.get("email") or ""
        user = limits.account_for(login)
        if limits.password_step_closed(audit.visitor_address(request), user, login):
            audit.record(SignInEvent.Event.LOCKED, request, user=user, login=login)
            raise self.validation_error("too_many_login_attempts")
