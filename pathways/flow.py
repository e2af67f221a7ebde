"""The question flow as data: the few pages that decide the principal, then the map.

Each page asks one or more questions and stores each answer under the public map URL's parameter
name (pathways/query.py), so the answers *are* the map's query string. STEPS are asked before the
map: only what decides who has the main responsibility (who answers, the municipality, hospital
and housing on one page, and whether the person gets to the health centre where that is asked).
REFINEMENTS are asked on the map itself, one at a time ("Berätta mer", `next_refinement`); their
pages here only change an answer already given. The answers live in the session under one key
(SESSION_KEY); nothing here touches the session, the request or the database, so the skip logic
is tested without either. Modelled on pretix's checkout flow (is_applicable / is_completed, one
URL per step, no skipping ahead) without its class hierarchy.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import forms
from .choices import DONT_KNOW
from .situation import reaching_is_asked

SESSION_KEY = "karta"
CHECK = "kontrollera"  # the page of answers, reached from the map's "Ändra dina svar"
MAP = "karta"  # after the last question: the map
# The map URL's parameter naming the refinements the person chose not to answer ("Hoppa över").
SKIPPED = "hoppa"


def _always(answers):
    return True


def _reaching_is_asked(answers):
    return reaching_is_asked(answers.get("boende"))


@dataclass(frozen=True)
class Step:
    slug: str  # the step's URL segment: /fragor/<slug>/
    form_classes: tuple[type[forms.StepForm], ...]  # one form per question on the page
    applies: Callable[[dict], bool] = _always
    # The page's heading when it asks more than one question: to the patient, to a relative.
    titles: tuple[str | Promise, str | Promise] | None = None

    @property
    def key(self):
        """The first question's answer name: the step's name in tests and logs."""
        return self.form_classes[0].key

    @property
    def keys(self):
        """The answers the page stores, one per question."""
        return tuple(form_class.key for form_class in self.form_classes)

    def is_applicable(self, answers):
        return self.applies(answers)

    def is_completed(self, answers):
        return all(key in answers for key in self.keys)


# The role comes first so every later question can speak to the right person: a relative is
# asked about "personen du hjälper". The start page's "Börja som närstående" answers it already.
STEPS = (
    Step("roll", (forms.RoleForm,)),
    Step("kommun", (forms.MunicipalityForm,)),
    Step(
        "boende",
        (forms.InHospitalForm, forms.HousingForm),
        titles=(
            _("Var är du nu, och hur bor du?"),
            _("Var är personen du hjälper nu, och hur bor hen?"),
        ),
    ),
    Step("ta-sig", (forms.ReachesCentreForm,), applies=_reaching_is_asked),
)
# Asked on the map in this order (age, what happened, where, course, needs), the first not yet
# answered; none decides the principal on its own before the map is shown.
REFINEMENTS = (
    Step("alder", (forms.AgeGroupForm,)),
    Step("orsak", (forms.CauseForm,)),
    Step("plats", (forms.PlaceForm,)),
    Step("forlopp", (forms.ProcessForm,)),
    Step("behov", (forms.NeedsForm,)),
)
# Pages of the old flow that are now part of another: their addresses keep working.
ALIASES = {"sjukhus": "boende"}
KEYS = frozenset(key for step in STEPS + REFINEMENTS for key in step.keys)
_BY_SLUG = {step.slug: step for step in STEPS + REFINEMENTS}


def step_for(slug):
    return _BY_SLUG.get(slug)


@dataclass(frozen=True)
class Walk:
    """The steps before the map that apply to these answers, in order, and where the person is."""

    steps: tuple
    answers: dict

    @property
    def current(self):
        """The first applicable step not yet answered, or None when every one is."""
        return next((s for s in self.steps if not s.is_completed(self.answers)), None)

    @property
    def is_complete(self):
        return self.current is None

    @property
    def total(self):
        return len(self.steps)

    def number(self, step):
        """The step's place among the questions before the map; None for a refinement."""
        return self.steps.index(step) + 1 if step in self.steps else None

    def redirect_for(self, step):
        """None if `step` may be answered now, else where to go instead: a Step, or MAP.

        An unanswered earlier step comes first (no skipping ahead; a refinement waits for every
        step before the map); a step that does not apply to these answers sends the person on to
        the next one that does, or to the map.
        """
        if step in REFINEMENTS:
            return self.current
        if step in self.steps:
            earlier = self.steps[: self.steps.index(step)]
            return next((s for s in earlier if not s.is_completed(self.answers)), None)
        position = STEPS.index(step)
        first_open = self.current
        if first_open is not None and STEPS.index(first_open) < position:
            return first_open
        later = [s for s in self.steps if STEPS.index(s) > position]
        return later[0] if later else MAP

    def previous(self, step):
        index = self.steps.index(step)
        return self.steps[index - 1] if index > 0 else None

    def following(self, step):
        """The next step before the map, or None: then the map."""
        if step not in self.steps:
            return None
        index = self.steps.index(step)
        return self.steps[index + 1] if index + 1 < len(self.steps) else None


def walk(answers):
    """Replay the answers through the steps: which apply, and which is the first unanswered."""
    answers = dict(answers or {})
    return Walk(tuple(s for s in STEPS if s.is_applicable(answers)), answers)


def clean(answers):
    """Only the answers of steps that apply to them (e.g. no "ta_sig" in special housing)."""
    asked = walk(answers).steps + REFINEMENTS
    return {key: answers[key] for s in asked for key in s.keys if key in answers}


def is_answered(step: Step, params: QueryDict) -> bool:
    """Whether the map URL (its parameters) answers the refinement, or says it was skipped.

    Read from the address alone, never from the defaults: no `alder` is a child's or an adult's
    map by default, and still a question to ask. An older URL's care level (`niva` 1–3) answers
    where the rehabilitation happens: asking again could contradict it.
    """
    if step.key in params or step.key in params.getlist(SKIPPED):
        return True
    return step.key == "plats" and params.get("niva", DONT_KNOW) != DONT_KNOW


def next_refinement(params: QueryDict) -> Step | None:
    """The first refinement the map URL leaves unanswered, or None."""
    return next((step for step in REFINEMENTS if not is_answered(step, params)), None)
