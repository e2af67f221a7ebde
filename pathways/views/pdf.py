"""The public map as a PDF: /karta/pdf/?<the map's parameters> (the same contract as /karta/).

The PDF of an anonymous map depends only on the region's data version, the language, the answers
and the day, so the rendered bytes are kept under exactly that in this worker's bounded cache
("local": the least recently used are dropped): the same map served again costs a memory read, not
a WeasyPrint render. A render is the most expensive thing a visitor can ask for, so each client
gets PDF_RENDERS_PER_MINUTE of them, and each worker renders at most PDF_RENDERS_PER_WORKER at a
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
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from .. import pdf, presenters, throttle
from ..catalog import catalog_for_municipality, data_version
from ..query import parse_situation
from ..rules import build_map
from .map import bad_request

logger = logging.getLogger(__name__)

CACHE_SECONDS = 60 * 60 * 24  # the key holds the day, so a day is the most an entry is useful
_RENDERS = threading.BoundedSemaphore(settings.PDF_RENDERS_PER_WORKER)


def _cache_key(region_slug, query, day):
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    version = data_version(region_slug)
    return f"pdf:{region_slug}:{version}:{translation.get_language()}:{day.isoformat()}:{digest}"


def pdf_response(body, patient_map, *, personal):
    """The PDF as an inline download named for the municipality; no-store when it is personal."""
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.filename(patient_map)}"'
    if personal:
        response["Cache-Control"] = "no-store"
    else:
        # A browser may keep it a few minutes; the language can come from a cookie, so vary on it.
        response["Cache-Control"] = "private, max-age=600"
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


@require_GET
def map_pdf(request):
    situation, errors = parse_situation(request.GET)
    if errors:
        return bad_request(request, errors)
    catalog = catalog_for_municipality(situation.municipality_code)
    if catalog is None:  # the municipality left the data between the two cached reads
        return bad_request(request, {"kommun": [str(presenters.UNKNOWN_MUNICIPALITY)]})
    day = timezone.localdate()
    patient_map = build_map(situation, catalog, day)
    query = presenters.map_query(situation)
    key = _cache_key(catalog.region.slug, query, day)
    body = caches["local"].get(key)
    if body is None:
        map_url = f"{reverse('map')}?{query}"
        wait = throttle.seconds_to_wait(request, "pdf", settings.PDF_RENDERS_PER_MINUTE)
        if wait:
            return throttle.too_busy(request, wait, map_url)
        if not _RENDERS.acquire(blocking=False):
            return throttle.too_busy(request, 5, map_url)
        try:
            body = pdf.render_pdf(patient_map)
        except Exception:
            logger.exception("PDF rendering failed for the map ?%s", query)
            response = render(request, "pathways/pdf_failed.html", {"map_url": map_url}, status=503)
            response["Cache-Control"] = "no-store"
            return response
        finally:
            _RENDERS.release()
        caches["local"].set(key, body, CACHE_SECONDS)
    return pdf_response(body, patient_map, personal=False)
