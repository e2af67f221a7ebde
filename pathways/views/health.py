"""Health checks for the container, the load balancer and an operator.

- /healthz: liveness. The process answers; it touches neither the database nor the cache, so an
  outage of either never gets a healthy worker restarted (and it doubles as the constant view the
  load script measures the map against).
- /healthz/ready: readiness, the database and the cache reported separately. Only the database
  makes it 503: without the cache the site still works, only slower.
"""

import secrets

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain")


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def _cache_ok():
    # The cache swallows its own errors (navigator/cache.py): a value that does not come back is
    # how an outage shows.
    probe = secrets.token_hex(8)
    cache.set("healthz:probe", probe, 10)
    return cache.get("healthz:probe") == probe


@require_GET
@never_cache
def ready(request):
    database, cached = _database_ok(), _cache_ok()
    body = {
        "database": "ok" if database else "unavailable",
        "cache": "ok" if cached else "unavailable",
    }
    return JsonResponse(body, status=200 if database else 503)
