"""The two files every crawler and browser asks for at the site's root: /robots.txt, /favicon.ico.

Patient links, staff pages and the PDF are not for search engines (a patient-link page also says
noindex itself); the public questions and maps may be found.
"""

from django.contrib.staticfiles import finders
from django.http import FileResponse, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

ROBOTS = """User-agent: *
Disallow: /d/
Disallow: /personal/
Disallow: /admin/
Disallow: /accounts/
Disallow: /karta/pdf/
Disallow: /api/
"""


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    # Served from the app's static files (the collected copy in production), as an SVG icon.
    path = finders.find("favicon.svg")
    return FileResponse(open(path, "rb"), content_type="image/svg+xml")  # noqa: SIM115
