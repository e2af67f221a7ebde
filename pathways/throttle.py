"""Bounded work for anonymous visitors: a per-client rate limit and a per-worker cap on PDFs.

The counters live in the shared cache (fixed one-minute windows). If the cache is down they count
nothing and the limit is open; the per-worker cap, in memory, still bounds the work.
"""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

WINDOW = 60


def client_ip(request):
    """The visitor's address: behind TRUSTED_PROXY_COUNT proxies, the one the first of them saw.

    Each proxy appends the address it saw to X-Forwarded-For, so only the last entries are
    theirs; anything before them the visitor wrote. A request with fewer entries than proxies came
    some other way and is counted by its own address."""
    proxies = settings.TRUSTED_PROXY_COUNT
    header = request.META.get("HTTP_X_FORWARDED_FOR")
    forwarded = [ip.strip() for ip in header.split(",")] if header else []
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def client_network(address):
    """What a limit counts: an IPv4 address, or an IPv6 address's /64. One home or phone gets a
    whole /64 and may use any address in it, so counting single IPv6 addresses counts nothing."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv4Address):
        return str(ip)
    if ip.ipv4_mapped:  # ::ffff:192.0.2.1 is the IPv4 visitor 192.0.2.1
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_interface(f"{ip}/64").network)


def seconds_to_wait(request, scope, per_minute):
    """0 if this client may go on (and it is counted), else how long until its window ends."""
    now = time.time()
    # For a time after 1970 (positive), int(now / WINDOW) is the same number: no test can tell.
    window = int(now // WINDOW)  # pragma: no mutate
    key = f"throttle:{scope}:{client_network(client_ip(request))}:{window}"
    cache.add(key, 0, WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # the cache is down (or the entry just expired): let it through
        return 0
    return 0 if count <= per_minute else int((window + 1) * WINDOW - now) + 1


def too_busy(request, retry_after, map_url):
    """The 429 page: wait a little, or print the map page from the browser meanwhile."""
    response = render(request, "pathways/pdf_busy.html", {"map_url": map_url}, status=429)
    # Header names are case-insensitive: a mutant that changes their case is the same header, so
    # the mutation check leaves these two lines alone (the tests read both values exactly).
    response["Retry-After"] = str(retry_after)  # pragma: no mutate
    response["Cache-Control"] = "no-store"  # pragma: no mutate
    return response
