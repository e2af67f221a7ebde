"""The patient's map as a page: /karta/?<the public contract's parameters> (README, "The map URL").

Thin on purpose: parse the answers, load the region's cached catalog, let the rules build the map,
lay it out. Everything the page shows comes from one PatientMap, as the PDF's and the JSON's do.
"""

from dataclasses import replace
from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from .. import flow, presenters
from ..catalog import catalog_for_municipality
from ..embed import embeddable
from ..pagecache import cached_page
from ..query import Errors, Invalid, given_params, given_url, load_map, map_url
from ..situation import QUESTIONS
from ..values import PatientMap

# The map URL's parameters in the contract's order: where a refinement's answer goes among them.
ORDER = ["kommun", *(question.param for question in QUESTIONS)]


def map_day(request: HttpRequest) -> date:
    """Today, or for staff the day in ?dag=YYYY-MM-DD: the admin's preview of the map on a chosen
    day (a fee entered in December is checked before it switches on 1 January)."""
    # The user is read only when asked: a patient's request touches no session.
    if "dag" in request.GET and request.user.is_staff:
        try:
            return date.fromisoformat(request.GET["dag"])
        except ValueError:
            pass
    return timezone.localdate()


def bad_request(request: HttpRequest, errors: Errors) -> HttpResponse:
    """The 400 page: what is wrong with each parameter, and the way back to the questions."""
    context = {
        "errors": presenters.parameter_errors(request.GET, errors),
        "questions_url": reverse("questions"),
    }
    return render(request, "pathways/bad_request.html", context, status=400)


# How long a browser may show a public map again without asking: short, so a region's edit (a new
# data version) reaches everyone within minutes. Private: the page carries its visitor's CSP nonce,
# which a shared cache would hand to everyone. The language comes from a cookie or the browser's
# Accept-Language, and the response varies on both (LocaleMiddleware, the session middleware).
BROWSER_SECONDS = 300


def browser_cacheable(request, response):
    """A public map page the browser may keep BROWSER_SECONDS (the map, its easy-to-read page)."""
    # Staff's maps stay no-store (pathways.middleware); a 400 page is not worth keeping.
    if response.status_code == 200 and not request.user.is_authenticated:
        patch_cache_control(response, private=True, max_age=BROWSER_SECONDS)
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


@embeddable
@require_GET
def map_page(request):
    return browser_cacheable(request, cached_page(request, _render_map_page))


def _render_map_page(request, extra_context):
    day = map_day(request)
    patient_map = load_map(request.GET, day)
    if isinstance(patient_map, Invalid):
        return bad_request(request, patient_map.errors)
    situation = patient_map.situation
    # "Dina svar": what the address gives, not the defaults the map still asks about.
    given = presenters.answers_in_words(situation, patient_map.region, given=set(request.GET))
    page = replace(presenters.map_page(patient_map), answers=given)
    context = {
        "preview_day": day if day != timezone.localdate() else None,
        "page": page,
        "patient_map": patient_map,
        # The demo notice is one line above the answer here, not base.html's block.
        "demo_line": patient_map.has_demo,
        # The answers the address gives, never the defaults: what is left out is still asked.
        "change_url": given_url(request.GET, "questions"),
        "pdf_url": map_url(patient_map.situation, "map_pdf"),
        "easy_url": given_url(request.GET, "map_easy"),
        "share_url": request.build_absolute_uri(_own_url(request.GET)),
        "refine": refinement(request.GET, patient_map),
        **extra_context,
    }
    return render(request, "pathways/map/page.html", context)


def _skipped(params):
    keys = {step.key for step in flow.REFINEMENTS}
    return list(dict.fromkeys(key for key in params.getlist(flow.SKIPPED) if key in keys))


def _own_url(params, skip=None):
    """The map's address as given (its answers and what was skipped), plus one more skipped."""
    skipped = [*_skipped(params), *([skip] if skip else [])]
    url = given_url(params)
    return url + "".join(f"&{flow.SKIPPED}={key}" for key in skipped)


def refinement(params, patient_map: PatientMap):
    """The "Berätta mer" block: the first question the address leaves unanswered, as a form that
    GETs the map again with the answers so far (hidden, in the contract's order) and the new one;
    None when every one is answered. Read from the address alone, so a kept page stays right."""
    step = flow.next_refinement(params)
    if step is None:
        return None
    situation = patient_map.situation
    form_class = step.form_classes[0]
    form = form_class(
        catalog=catalog_for_municipality(situation.municipality_code),
        role=situation.role,
        on_map=True,
    )
    position = ORDER.index(form.key)
    given = given_params(params)
    return {
        "form": form,
        "before": [(name, value) for name, value in given if ORDER.index(name) < position],
        "after": [(name, value) for name, value in given if ORDER.index(name) > position],
        "skipped": _skipped(params),
        "skip_url": _own_url(params, skip=form.key),
    }
