"""Writing the sign-in audit: one row per event, with the visitor's address as the proxy reports it."""

import ipaddress

from pathways.throttle import client_ip

from .models import LOGIN_MAX_LENGTH, SignInEvent


def visitor_address(request):
    """The visitor's address, or None if what the proxy sent is not an address."""
    try:
        return str(ipaddress.ip_address(client_ip(request)))
    except ValueError:
        return None


def record(event, request, *, user=None, login=""):
    """Record `event`; `login` is what was typed (a failed sign-in), else the user's name."""
    if user is not None and not login:
        login = user.get_username()
    return SignInEvent.objects.create(
        event=event,
        user=user,
        login=login.strip()[:LOGIN_MAX_LENGTH],
        ip=visitor_address(request),
    )
