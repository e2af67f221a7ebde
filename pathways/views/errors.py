"""The server-error handler: a database outage is a 503 the visitor can wait out, not our bug.

Django calls handler500 inside its `except` block, for an error anywhere (a view or a middleware
loading the session), so the exception is at hand. Nothing here touches the database or the cache.
"""

import sys

from django.db import DatabaseError
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER_SECONDS = 30


def _database_down(request):
    message = _("Tjänsten är tillfälligt otillgänglig. Försök igen om en liten stund.")
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": message}, status=503, json_dumps_params={"ensure_ascii": False}
        )
    else:
        response = HttpResponseServerError(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request):
    if isinstance(sys.exception(), DatabaseError):
        return _database_down(request)
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": _("Något gick fel hos oss.")},
            status=500,
            json_dumps_params={"ensure_ascii": False},
        )
    return HttpResponseServerError(loader.render_to_string("500.html"))
