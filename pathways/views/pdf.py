"""The public map as a PDF: /karta/pdf/?<the map's parameters> (the same contract as /karta/).

The PDF of an anonymous map depends only on the region's data version, the language, the answers
and the day, so the rendered bytes are kept under exactly that in the "pdf" cache (the shared Redis
when there is one, else this worker's own bounded memory; never the map pages' budget): the same
map served again costs a cache read, not a WeasyPrint render; with that cache down, it is rendered.
A render is the most expensive thing a visitor can ask for, so each client gets
PDF_RENDERS_PER_MINUTE of them, and each worker renders at most PDF_RENDERS_PER_WORKER at a
time (it keeps its other threads and the map pages free); beyond either, a 429 page that says when
to try again. The PDF is never written to disk. If WeasyPrint fails, the person gets a page that
says so and links to the browser-printable map, never a bare 500.
"""

import hashlib
import logging
import threading

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.views.decorators.http import require_GET

from navigator import metrics

from .. import pdf, throttle
from ..answer import build_map
from ..catalog import data_version, load_catalog, region_codes
from ..query import map_query, map_url, parse_situation
from .map import bad_request

logger = logging.getLogger(__name__)

CACHE_SECONDS = 60 * 60 * 24  # the key holds the day, so a day is the most an entry is useful
_RENDERS = threading.BoundedSemaphore(settings.PDF_RENDERS_PER_WORKER)


def _cache_key(region_slug, query, day, large, easy):
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    version = data_version(region_slug)
    print_size = "lattlast" if easy else "stor" if large else "vanlig"
    language = translation.get_language()
    return f"pdf:{region_slug}:{version}:{language}:{day.isoformat()}:{print_size}:{digest}"


@require_GET
def map_pdf(request):
    # Everything a refused or kept PDF needs comes from the answers alone: the map is built only
    # for a render, so a 429 costs about what reading the address costs (issue 23).
    situation, errors = parse_situation(request.GET)
    if situation is None:
        return bad_request(request, errors)
    code, day, query = situation.municipality_code, timezone.localdate(), map_query(situation)
    region_slug = region_codes()[code]  # parse_situation checked the code against them
    large, easy = pdf.large_print(request.GET), pdf.easy_to_read(request.GET)
    key = _cache_key(region_slug, query, day, large, easy)
    body = caches["pdf"].get(key)
    metrics.cache_lookup("pdf", body is not None)
    if body is None:
        page_url = map_url(situation)
        wait = throttle.seconds_to_wait(request, "pdf", settings.PDF_RENDERS_PER_MINUTE)
        if wait:
            return throttle.too_busy(request, wait, page_url)
        patient_map = build_map(situation, load_catalog(region_slug), day)
        if not _RENDERS.acquire(blocking=False):
            return throttle.too_busy(request, 5, page_url)
        try:
            body = pdf.render_pdf(patient_map, large=large, easy=easy)
            metrics.PDF_RENDERS.inc()
        except Exception:
            logger.exception("PDF rendering failed for the map ?%s", query)
            context = {"map_url": page_url}
            response = render(request, "pathways/pdf_failed.html", context, status=503)
            add_never_cache_headers(response)
            return response
        finally:
            _RENDERS.release()
        caches["pdf"].set(key, body, CACHE_SECONDS)
    name = pdf.filename(load_catalog(region_slug).municipalities[code])
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    # A browser may keep it a few minutes; the language can come from a cookie, so vary on it.
    response["Cache-Control"] = "private, max-age=600"
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response
