"""Rendered map pages (and each municipality's responsibility overview), kept per worker: a page
served again costs a memory read, not a render.

A map page depends on its region's data, the language, the day and its address (the answers, and
the host its share link names), so it is kept under exactly those: the region's data version
(checked on every request, pathways.catalog) makes an edit show at once in every worker. The one
thing that differs per visitor, the CSP nonce of the page's script, is rendered as a placeholder
and filled in on the way out; the page's only form, the language switch, needs no CSRF token
(navigator/urls.py), so a map page sets no cookie. Kept in the "local" cache (per worker, least
recently used dropped), so it works the same with the shared cache down. Signed-in staff get their
own page (it links to their workspace) and never a kept one.
"""

import hashlib

from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils import timezone, translation

from navigator import metrics

from .catalog import data_version, region_codes

TIMEOUT = 60 * 60 * 24  # the key holds the day
NONCE = "csp-nonce-filled-in-per-request"
CSRF = "csrf-token-not-needed"  # emptied: the language switch takes none
PLACEHOLDERS = {"csrf_token": CSRF, "csp_nonce": NONCE}


def _key(request, region_slug):
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()[:32]
    version = data_version(region_slug)
    language, day = translation.get_language(), timezone.localdate().isoformat()
    return f"page:{region_slug}:{version}:{language}:{day}:{address}"


def _fill(request, body):
    return body.replace(NONCE.encode(), str(get_nonce(request)).encode()).replace(
        CSRF.encode(), b""
    )


def cached_page(request, render_page, code=None):
    """render_page(request, extra_context) -> response; its 200s are kept, anything else is not.
    `code`: the municipality the page is about (by default the map address's `kommun`)."""
    region_slug = region_codes().get(request.GET.get("kommun", "") if code is None else code)
    if region_slug is None or request.user.is_authenticated:
        return render_page(request, {})
    key = _key(request, region_slug)
    body = caches["local"].get(key)
    metrics.cache_lookup("page", body is not None)
    if body is None:
        response = render_page(request, PLACEHOLDERS)
        if response.status_code != 200:
            return response
        body = response.content
        caches["local"].set(key, body, TIMEOUT)
    else:
        response = HttpResponse()
    response.content = _fill(request, body)
    return response
