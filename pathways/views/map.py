"""The patient's map as a page: /karta/?<the public contract's parameters> (README, "The map URL").

Thin on purpose: parse the answers, load the region's cached catalog, let the rules build the map,
lay it out. Everything the page shows comes from one PatientMap, as the PDF's and the JSON's do.
"""

from dataclasses import replace

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import presenters
from ..answer import answer_for
from ..catalog import catalog_for_municipality
from ..query import parse_situation
from ..rules import build_map


def bad_request(request, errors):
    """The 400 page: what is wrong with each parameter, and the way back to the questions."""
    context = {
        "errors": presenters.parameter_errors(request.GET, errors),
        "questions_url": reverse("questions"),
    }
    return render(request, "pathways/bad_request.html", context, status=400)


def load_map(params):
    """(PatientMap, None) for valid parameters, else (None, errors by parameter)."""
    situation, errors = parse_situation(params)
    if errors:
        return None, errors
    catalog = catalog_for_municipality(situation.municipality_code)
    if catalog is None:  # the municipality left the data between the two cached reads
        return None, {"kommun": [str(presenters.UNKNOWN_MUNICIPALITY)]}
    patient_map = build_map(situation, catalog, timezone.localdate())
    return replace(patient_map, answer=answer_for(patient_map, catalog)), None


@require_GET
def map_page(request):
    patient_map, errors = load_map(request.GET)
    if errors:
        return bad_request(request, errors)
    page = presenters.map_page(patient_map)
    context = {
        "page": page,
        "patient_map": patient_map,
        # The demo notice is one line above the answer here, not base.html's block.
        "demo_line": patient_map.has_demo,
        "change_url": f"{reverse('questions')}?{page.query}",
        "pdf_url": f"{reverse('map_pdf')}?{page.query}",
        "share_url": request.build_absolute_uri(f"{request.path}?{page.query}"),
    }
    return render(request, "pathways/map/page.html", context)
