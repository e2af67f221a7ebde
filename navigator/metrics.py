"""Prometheus metrics at /metrics, for the region's monitoring (docs/production.md, "Metrics").

Answered only to `Authorization: Bearer $METRICS_TOKEN` (compared in constant time); without the
token set the address does not exist (404). Labels are a view's name, a method and a status, never
a path: a path can hold a patient-link token and would give every address its own series.

Under gunicorn each worker counts for itself; with PROMETHEUS_MULTIPROC_DIR set (compose.yaml) the
workers write their counts there and one scrape adds them up (prometheus-client's multiprocess
mode; gunicorn.conf.py tells it when a worker exits).
"""

import hmac
import os

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter("rehabkartan_requests_total", "Requests answered", ["view", "method", "status"])
LATENCY = Histogram(
    "rehabkartan_request_seconds",
    "Time to answer a request",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
PDF_RENDERS = Counter("rehabkartan_pdf_renders_total", "Discharge-map PDFs rendered")
CACHE_LOOKUPS = Counter(
    "rehabkartan_cache_lookups_total", "Rendered pages and PDFs looked up", ["kind", "result"]
)
RATE_LIMITED = Counter(
    "rehabkartan_rate_limited_total", "Requests refused by a rate limit (429)", ["view"]
)


def cache_lookup(kind, hit):
    CACHE_LOOKUPS.labels(kind, "hit" if hit else "miss").inc()


def _registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


def _authorized(request, token):
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


@never_cache
def metrics_view(request):
    token = settings.METRICS_TOKEN
    if not token or not _authorized(request, token):
        raise Http404
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
