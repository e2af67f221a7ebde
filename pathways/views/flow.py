"""The questions, one per page: /fragor/<step>/, then /fragor/kontrollera/, then the map.

Works with plain POST/redirect/GET. With htmx the form posts in the background and only the
"step-form" partial is swapped; the redirect after a valid answer is followed by the browser with
the HX-Request header kept, and the partial's response pushes its own URL (HX-Push-Url), so the
back button and a reload land on a full page rendered here.
"""

from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import push_url

from .. import flow
from ..catalog import catalog_for_municipality
from ..choices import Role
from ..embed import embeddable
from ..query import PLACE_FOR_LEVEL, map_url, parse_situation

CHANGING = "andra"  # ?andra=1: changing one answer from the check page, then back there


def _answers(request):
    return dict(request.session.get(flow.SESSION_KEY) or {})


def _save(request, answers):
    request.session[flow.SESSION_KEY] = flow.clean(answers)


def _catalog(answers):
    code = answers.get("kommun")
    return catalog_for_municipality(code) if code else None


def _form(step, answers, data=None, **kwargs):
    """The step's form, in the region's words and speaking to the patient or to a relative."""
    return step.form_class(data, catalog=_catalog(answers), role=answers.get("roll"), **kwargs)


def _url(target, changing=False):
    if target is None or target == flow.CHECK:
        return reverse("flow-check")
    url = reverse("flow-step", args=[target.slug])
    return f"{url}?{CHANGING}=1" if changing else url


def _render(request, template, partial, context):
    """The full page, or only the partial for htmx (never for a history restore: that needs all)."""
    as_partial = request.htmx and not request.htmx.history_restore_request
    response = render(request, f"{template}#{partial}" if as_partial else template, context)
    if as_partial and request.method == "GET":
        push_url(response, request.get_full_path())
    patch_vary_headers(response, ["HX-Request"])
    return response


def seed(answers_params):
    """Answers taken from a map URL's parameters; each checked by its step's own form."""
    answers = {}
    for step in flow.STEPS:
        if step.key not in answers_params:
            continue
        values = QueryDict(mutable=True)
        for key in step.keys:
            values.setlist(key, answers_params.getlist(key))
        form = _form(step, answers, values)
        if form.is_valid():
            answers.update(form.answers())
    if "plats" not in answers and answers_params.get("niva") in PLACE_FOR_LEVEL:
        # A map URL from before the place question: level 2 or 3 names a place; level 1 (home
        # or the health centre) does not, so that question is asked again.
        answers["plats"] = PLACE_FOR_LEVEL[answers_params["niva"]]
    if "behov" not in answers and "kommun" in answers and "roll" in answers:
        answers["behov"] = []  # a whole map URL leaves "behov" out when nothing was chosen
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
    current = flow.step_for(slug)
    if current is None:
        raise Http404
    answers = _answers(request)
    walk = flow.walk(answers)
    changing = request.GET.get(CHANGING) == "1"
    if target := walk.redirect_for(current):
        return redirect(_url(target, changing and target != flow.CHECK))

    if request.method == "POST":
        form = _form(current, answers, request.POST)
        if form.is_valid():
            kept = {key: value for key, value in answers.items() if key not in current.keys}
            answers = {**kept, **form.answers()}
            _save(request, answers)
            return redirect(_next_url(current, flow.walk(answers), changing))
    else:
        initial = (
            current.form_class.initial_for(answers[current.key]) if current.key in answers else {}
        )
        initial.update({key: answers[key] for key in current.keys[1:] if key in answers})
        form = _form(current, answers, initial=initial)

    previous = walk.previous(current)
    context = {
        "form": form,
        "step": current,
        "number": walk.number(current),
        "total": walk.total,
        "action": request.get_full_path(),
        "back_url": _back_url(previous, changing),
        "title": _title(form),
    }
    return _render(request, "pathways/flow/step.html", "step-form", context)


def _back_url(previous, changing):
    if changing:
        return reverse("flow-check")
    return _url(previous) if previous else reverse("start")


def _title(form):
    # A screen reader hears the title first: say at once that the answer needs fixing.
    if form.errors:
        return _("Fel: %(question)s") % {"question": form.question}
    return form.question


def _next_url(step, walk, changing):
    if changing:
        # Back to the check page, unless the change opened a question not yet answered.
        return _url(walk.current or flow.CHECK, changing=True)
    return _url(walk.following(step) or flow.CHECK)


@embeddable
@never_cache
def check_answers(request):
    if _seed_from(request):
        return redirect("flow-check")  # a clean URL; the answers are in the session now
    answers = _answers(request)
    walk = flow.walk(answers)
    if walk.current:
        return redirect(_url(walk.current))
    situation, errors = parse_situation(_as_query(answers))
    if errors:  # e.g. the municipality left the data since it was answered
        _save(request, {k: v for k, v in answers.items() if k not in errors})
        return redirect("questions")

    rows = []
    for step in walk.steps:
        form = _form(step, answers)
        rows += [
            {"label": label, "value": value, "change_url": _url(step, changing=True)}
            for label, value in form.summary(answers)
        ]
    context = {
        "rows": rows,
        "map_url": map_url(situation),
        "for_relative": situation.role == Role.RELATIVE,
        "title": _("Kontrollera dina svar"),
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
