"""The easy-to-read map: /karta/lattlast/?<the map's parameters> (README, "The map URL").

The same PatientMap as /karta/ (query.load_map: the same rules, the same answer), shown in
lättläst svenska: who is responsible, whom to call first, the next step. The regional words are
the main responsibility row's easy text (Responsibility.easy_text), which an editor writes and
reviews per row; the page says so when a row has none, and links to the ordinary map.
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import presenters
from ..pagecache import cached_page
from ..query import Invalid, given_url, load_map, map_url
from .map import bad_request, browser_cacheable, map_day


@require_GET
def easy_map_page(request):
    return browser_cacheable(request, cached_page(request, _render_easy_page))


def _render_easy_page(request, extra_context):
    patient_map = load_map(request.GET, map_day(request))
    if isinstance(patient_map, Invalid):
        return bad_request(request, patient_map.errors)
    context = {
        "patient_map": patient_map,
        "page": presenters.map_page(patient_map),
        "map_url": given_url(request.GET),
        "pdf_url": map_url(patient_map.situation, "map_pdf") + "&text=lattlast",
        **extra_context,
    }
    return render(request, "pathways/map/easy.html", context)
