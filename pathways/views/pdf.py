"""The public map as a PDF: /karta/pdf/?<the map's parameters> (the same contract as /karta/).

The PDF of an anonymous map depends only on the data version, the language, the answers and the
day, so the rendered bytes are cached under exactly that: the same map served again costs a cache
read, not a WeasyPrint render. The PDF is never written to disk. If WeasyPrint fails, the person
gets a page that says so and links to the browser-printable map, never a bare 500.
"""

import hashlib
import logging

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.views.decorators.http import require_GET

from .. import pdf
from ..catalog import data_version
from ..query import load_map, map_query, map_url
from .map import bad_request

logger = logging.getLogger(__name__)

CACHE_SECONDS = 60 * 60 * 24  # the key holds the day, so a day is the most an entry is useful


def _cache_key(query, day):
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    return f"pdf:{data_version()}:{translation.get_language()}:{day.isoformat()}:{digest}"


@require_GET
def map_pdf(request):
    patient_map, errors = load_map(request.GET)
    if errors:
        return bad_request(request, errors)
    query = map_query(patient_map.situation)
    key = _cache_key(query, patient_map.made_on)
    body = cache.get(key)
    if body is None:
        try:
            body = pdf.render_pdf(patient_map)
        except Exception:
            logger.exception("PDF rendering failed for the map ?%s", query)
            context = {"map_url": map_url(patient_map.situation)}
            response = render(request, "pathways/pdf_failed.html", context, status=503)
            add_never_cache_headers(response)
            return response
        cache.set(key, body, CACHE_SECONDS)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.filename(patient_map)}"'
    # A browser may keep it a few minutes; the language can come from a cookie, so vary on it.
    response["Cache-Control"] = "private, max-age=600"
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response
