"""A map a person opened once opens again without a connection (issue 21, "Offline after one visit").

/sw.js is the service worker, a template so that it names the static files by their collected
(hashed) names; the map page registers it for the maps' scope (/karta/) only, so the worker never
sees a patient-link page (/d/), a staff page or the questions. It keeps each public map as the
network sent it and, offline, shows the last copy with the line that says the day it was saved
(rendered, hidden, into every map page: see templates/pathways/map/page.html). /offline/ is the
page it shows for a map that was never opened here. Without JavaScript none of this runs.
"""

import json

from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .pages import national_units

# The files a saved map needs on screen: its stylesheets and its script. The screen uses the
# device's own fonts (site.css); the font files under static/fonts are the PDF's.
MAP_FILES = (
    "css/site.css",
    "css/map.css",
    "js/map.js",
    "js/offline.js",
    "js/listen.js",  # Lyssna: the device speaks, offline too
)


@require_GET
@cache_control(max_age=0, no_cache=True)  # a new worker reaches browsers at their next visit
def service_worker(request):
    # JSON, so each value is a JavaScript literal as it stands.
    values = {
        "map_path": reverse("map"),
        "offline_url": reverse("offline"),
        "static_prefix": static(""),
        "files": [static(name) for name in MAP_FILES],
    }
    context = {name: json.dumps(value) for name, value in values.items()}
    return render(request, "pathways/offline/sw.js", context, content_type="text/javascript")


@require_GET
@cache_control(max_age=3600, public=True)
def offline(request):
    # A phone call needs no data connection: the national lines, as on the start page.
    return render(request, "pathways/offline/page.html", {"national_units": national_units()})
