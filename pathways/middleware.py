"""Rules for signed-in users (staff and administrators; patients never sign in).

1. A session ends after STAFF_IDLE_MINUTES without a request and STAFF_SESSION_HOURS at most, and
   the next request says which of the two ended it.
2. Two-factor authentication is required: allauth has no setting that forces it, so a user without a
   TOTP authenticator is sent to allauth's TOTP activation and reaches nothing else (not the
   workspace, not Django admin) except the account pages they need to set it up or leave. A
   sign-in through the region's identity provider that was itself a second factor counts instead
   (pathways/oidc.py decides, and says so in the session).
3. Pages for a signed-in user are never stored by a browser or a proxy.
"""

import time
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .oidc import SECOND_FACTOR_KEY

STARTED_KEY = "staff:started"
SEEN_KEY = "staff:seen"
# The session store keeps a staff session this much longer than the idle limit, so the first
# request after the limit still finds it and this middleware can tell the user why they were
# signed out (a session the store had already dropped would be a bare sign-in page). After that,
# `clearsessions` (run by purge_expired_maps) removes an abandoned session and any token it holds.
# settings.SESSION_COOKIE_AGE is the idle limit plus this; the cookie itself ends with the browser.
STORE_GRACE_SECONDS = settings.SESSION_COOKIE_AGE - settings.STAFF_IDLE_MINUTES * 60


def has_second_factor(user, session):
    """TOTP set up (allauth asks for its code at every sign-in), or this session's sign-in through
    the identity provider was a second factor."""
    return session.get(SECOND_FACTOR_KEY) is True or is_mfa_enabled(user, [Authenticator.Type.TOTP])


def _allowed_without_mfa(path):
    # allauth's own pages (login, logout, reauthenticate, 2FA setup, password) and static files
    # (Django gives a relative STATIC_URL its leading slash).
    prefixes = ("/accounts/", "/i18n/", settings.STATIC_URL)
    return path.startswith(prefixes) or path == "/favicon.ico"


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # AuthenticationMiddleware (earlier in MIDDLEWARE) has set request.user.
        user = request.user
        if user.is_authenticated:
            if ended := self._session_ended(request):
                logout(request)
                messages.info(request, ended)
                return redirect(f"{settings.LOGIN_URL}?{urlencode({'next': request.path})}")
            if not _allowed_without_mfa(request.path) and not has_second_factor(
                user, request.session
            ):
                return redirect(reverse("mfa_activate_totp"))

        response = self.get_response(request)

        # Also true for the request that signed the user in: the 12 hours start there.
        if request.user.is_authenticated:
            now = time.time()
            request.session.setdefault(STARTED_KEY, now)
            # Saved on every request, so the stored session (which may hold a discharge map's token
            # until the staff member leaves) expires SESSION_COOKIE_AGE after the last one.
            request.session[SEEN_KEY] = now
            # Header names are case-insensitive: a mutant that changes this one's case is the
            # same header, so the mutation check leaves the line alone.
            response.headers.setdefault("Cache-Control", "no-store")  # pragma: no mutate
        return response

    @staticmethod
    def _session_ended(request):
        now = time.time()
        started = request.session.get(STARTED_KEY, now)
        seen = request.session.get(SEEN_KEY, now)
        if now - seen > settings.STAFF_IDLE_MINUTES * 60:
            return _("Du har loggats ut efter en stunds inaktivitet. Logga in igen.")
        if now - started > settings.STAFF_SESSION_HOURS * 3600:
            return _("Du har loggats ut eftersom sessionen nått sin längsta tid. Logga in igen.")
        return ""


def permissions_policy(get_response):
    """Tell the browser the site uses no camera, microphone, location or payment (any page)."""

    def middleware(request):
        response = get_response(request)
        policy = settings.PERMISSIONS_POLICY
        # Header names are case-insensitive: the mutation check leaves this one's case alone.
        response.headers.setdefault("Permissions-Policy", policy)  # pragma: no mutate
        return response

    return middleware
