"""Health checks for the container, the load balancer and an operator.

- /healthz: liveness. The process answers; it touches neither the database nor the cache, so an
  outage of either never gets a healthy worker restarted (and it doubles as the constant view the
  load script measures the map against).
- /healthz/ready: readiness, the database, the cache and the data reported separately. The database
  and the data make it 503 (an empty database, with no region to show, is not ready); without the
  cache the site still works, only slower. Database work is time-bounded (settings.DATABASES), so
  a stalled database answers "unavailable" within the bound instead of holding the check.
"""

import secrets

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..models import Municipality


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


def _data_state():
    """Whether maps can be shown: "ok"; "empty" (no region has a municipality); "unavailable"."""
    try:
        return "ok" if Municipality.objects.exists() else "empty"
    except DatabaseError:
        return "unavailable"


def _cache_ok():
    # The cache swallows its own errors (navigator/cache.py): a value that does not come back is
    # how an outage shows. A key of its own per check: with one shared key, parallel checks
    # overwrote each other's value and reported a healthy cache down.
    probe = secrets.token_hex(8)
    key = f"healthz:probe:{probe}"
    cache.set(key, probe, 10)
    found = cache.get(key) == probe
    cache.delete(key)
    return found


@require_GET
@never_cache
def ready(request):
    database = _database_ok()
    data = _data_state() if database else "unavailable"
    body = {
        "database": "ok" if database else "unavailable",
        "cache": "ok" if _cache_ok() else "unavailable",
        "data": data,
    }
    return JsonResponse(body, status=200 if database and data == "ok" else 503)
