"""The questions, one page each: /fragor/<step>/, then the map; /fragor/kontrollera/ lists the
answers, from the map's "Ändra dina svar", to change them.

Works with plain POST/redirect/GET. With htmx the form posts in the background and only the
"step-form" partial is swapped; the redirect after a valid answer is followed by the browser with
the HX-Request header kept, and the partial's response pushes its own URL (HX-Push-Url), so the
back button and a reload land on a full page rendered here. The redirect to the map after the
last question is a whole page (HX-Redirect): the map is not a partial of the questions.
"""

from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, push_url

from .. import flow
from ..catalog import catalog_for_municipality
from ..choices import Role
from ..embed import embeddable
from ..query import PLACE_FOR_LEVEL, given_url, parse_situation

CHANGING = "andra"  # ?andra=1: changing one answer from the page of answers, then back there


def _answers(request):
    return dict(request.session.get(flow.SESSION_KEY) or {})


def _save(request, answers):
    request.session[flow.SESSION_KEY] = flow.clean(answers)


def _catalog(answers):
    code = answers.get("kommun")
    return catalog_for_municipality(code) if code else None


def _form(form_class, answers, data=None, **kwargs):
    """A question's form, in the region's words and speaking to the patient or to a relative."""
    return form_class(data, catalog=_catalog(answers), role=answers.get("roll"), **kwargs)


def _forms(step, answers, data=None):
    """The page's forms, one per question; unbound, each shows the answer already given."""
    if data is not None:
        return [_form(form_class, answers, data) for form_class in step.form_classes]
    return [
        _form(
            form_class,
            answers,
            initial=form_class.initial_for(answers[form_class.key])
            if form_class.key in answers
            else {},
        )
        for form_class in step.form_classes
    ]


def _url(target, changing=False):
    if target is None or target == flow.CHECK:
        return reverse("flow-check")
    url = reverse("flow-step", args=[target.slug])
    return f"{url}?{CHANGING}=1" if changing else url


def _to_map(request, answers):
    """To the map of these answers (only the ones given: the map asks the rest), or back to the
    questions when one no longer holds (e.g. the municipality left the data)."""
    answers = flow.clean(answers)
    query = _as_query(answers)
    _situation, errors = parse_situation(query)
    if errors:
        _save(request, {k: v for k, v in answers.items() if k not in errors})
        return redirect("questions")
    url = given_url(query)
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _render(request, template, partial, context):
    """The full page, or only the partial for htmx (never for a history restore: that needs all)."""
    as_partial = request.htmx and not request.htmx.history_restore_request
    response = render(request, f"{template}#{partial}" if as_partial else template, context)
    if as_partial and request.method == "GET":
        push_url(response, request.get_full_path())
    patch_vary_headers(response, ["HX-Request"])
    return response


def seed(answers_params):
    """Answers taken from a map URL's parameters; each checked by its question's own form. Only
    the answers the URL gives: what it leaves out is asked (before the map, or on it)."""
    answers = {}
    for step in flow.STEPS + flow.REFINEMENTS:
        for form_class in step.form_classes:
            if form_class.key not in answers_params:
                continue
            values = QueryDict(mutable=True)
            values.setlist(form_class.key, answers_params.getlist(form_class.key))
            form = _form(form_class, answers, values)
            if form.is_valid():
                answers[form_class.key] = form.answer()
    if "plats" not in answers and answers_params.get("niva") in PLACE_FOR_LEVEL:
        # A map URL from before the place question: level 2 or 3 names a place; level 1 (home
        # or the health centre) does not, so that question is asked again (on the map).
        answers["plats"] = PLACE_FOR_LEVEL[answers_params["niva"]]
    return flow.clean(answers)


def _seed_from(request):
    if flow.KEYS.intersection(request.GET):
        _save(request, seed(request.GET))
        return True
    return False


@embeddable
@never_cache
def questions(request):
    """The way in: from the start button, or from a map URL's "change answers" with its params."""
    _seed_from(request)
    current = flow.walk(_answers(request)).current
    return redirect(_url(current or flow.CHECK))


@embeddable
@never_cache
@require_http_methods(["GET", "POST"])
def step(request, slug):
    if slug in flow.ALIASES:  # an older page, now part of another
        query = request.GET.urlencode()
        url = reverse("flow-step", args=[flow.ALIASES[slug]])
        return redirect(f"{url}?{query}" if query else url)
    current = flow.step_for(slug)
    if current is None:
        raise Http404
    answers = _answers(request)
    walk = flow.walk(answers)
    changing = request.GET.get(CHANGING) == "1"
    if target := walk.redirect_for(current):
        if target == flow.MAP:
            return redirect("flow-check") if changing else _to_map(request, answers)
        return redirect(_url(target, changing))

    if request.method == "POST":
        forms = _forms(current, answers, request.POST)
        if all(form.is_valid() for form in forms):
            kept = {key: value for key, value in answers.items() if key not in current.keys}
            answers = {**kept, **{form.key: form.answer() for form in forms}}
            _save(request, answers)
            return _next(request, current, flow.walk(answers), changing)
    else:
        forms = _forms(current, answers)

    previous = walk.previous(current) if current in walk.steps else None
    relative = answers.get("roll") == Role.RELATIVE
    heading = current.titles[relative] if current.titles else forms[0].question
    context = {
        "forms": forms,
        "errors": [(form, error) for form in forms for error in form.errors_for_field],
        "heading": heading,
        "step": current,
        "number": walk.number(current),
        "total": walk.total,
        "action": request.get_full_path(),
        # A refinement's page changes an answer given on the map: back to the page of answers.
        "back_url": _back_url(previous, changing or current in flow.REFINEMENTS),
        "title": _title(forms, heading),
    }
    return _render(request, "pathways/flow/step.html", "step-form", context)


def _back_url(previous, changing):
    if changing:
        return reverse("flow-check")
    return _url(previous) if previous else reverse("start")


def _title(forms, heading):
    # A screen reader hears the title first: say at once that the answer needs fixing.
    if any(form.errors for form in forms):
        return _("Fel: %(question)s") % {"question": heading}
    return heading


def _next(request, step, walk, changing):
    if changing:
        # Back to the page of answers, unless the change opened a question not yet answered.
        return redirect(_url(walk.current or flow.CHECK, changing=True))
    following = walk.following(step)
    if following:
        return redirect(_url(following))
    return _to_map(request, walk.answers)  # straight to the map: the rest is asked there


@embeddable
@never_cache
def check_answers(request):
    """The answers given, each with its "Ändra", and the way back to the map: reached from the
    map's "Ändra dina svar" (after the map, no longer before it)."""
    if _seed_from(request):
        return redirect("flow-check")  # a clean URL; the answers are in the session now
    answers = _answers(request)
    walk = flow.walk(answers)
    if walk.current:
        return redirect(_url(walk.current))
    query = _as_query(answers)
    situation, errors = parse_situation(query)
    if errors:  # e.g. the municipality left the data since it was answered
        _save(request, {k: v for k, v in answers.items() if k not in errors})
        return redirect("questions")

    rows = []
    for step in walk.steps + flow.REFINEMENTS:
        for form_class in step.form_classes:
            if form_class.key not in answers:
                continue  # a refinement not answered yet: the map asks it
            label, value = _form(form_class, answers).summary(answers)
            rows.append({"label": label, "value": value, "change_url": _url(step, changing=True)})
    context = {
        "rows": rows,
        "map_url": given_url(query),
        "for_relative": situation.role == Role.RELATIVE,
        "title": _("Dina svar"),
    }
    return _render(request, "pathways/flow/check.html", "check-answers", context)


def _as_query(answers):
    query = QueryDict(mutable=True)
    for key, value in answers.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


@embeddable
@require_POST
def start_over(request):
    request.session.pop(flow.SESSION_KEY, None)
    return redirect("start")
