"""One log line per request (method, redacted path, status, duration) and its metrics.

The outermost middleware, so the duration covers the whole stack. The path goes through
navigator.redact (a patient link's token is never written); the query string is left out.
"""

import logging
import time

from . import metrics
from .redact import redact

logger = logging.getLogger("rehabkartan.request")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        view = (match.view_name if match else "") or "unmatched"
        metrics.REQUESTS.labels(view, request.method, response.status_code).inc()
        metrics.LATENCY.labels(view).observe(seconds)
        if response.status_code == 429:
            metrics.RATE_LIMITED.labels(view).inc()
        logger.info(
            "%s %s %s %.0fms",
            request.method,
            redact(request.path),
            response.status_code,
            seconds * 1000,
            extra={
                "method": request.method,
                "path": redact(request.path),
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
                "view": view,
            },
        )
        return response
