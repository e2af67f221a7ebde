"""The question flow as data: an ordered list of steps, and walk(answers) to replay them.

Each step asks one question and stores one answer under the public map URL's parameter name
(pathways/query.py), so the answers *are* the map's query string. The answers live in the session
under one key (SESSION_KEY); nothing here touches the session, the request or the database, so the
skip logic is tested without either. Modelled on pretix's checkout flow (is_applicable /
is_completed, one URL per step, no skipping ahead) without its class hierarchy.
"""

from collections.abc import Callable
from dataclasses import dataclass

from . import forms
from .situation import reaching_is_asked

SESSION_KEY = "karta"
CHECK = "kontrollera"  # the check-your-answers page, after the last step


def _always(answers):
    return True


def _reaching_is_asked(answers):
    return reaching_is_asked(answers.get("boende"))


@dataclass(frozen=True)
class Step:
    slug: str  # the step's URL segment: /fragor/<slug>/
    key: str  # the answer's name, the map URL's parameter
    form_class: type
    applies: Callable[[dict], bool] = _always

    @property
    def keys(self):
        """The answers the step stores: its own, and those its page asks besides, optionally."""
        return (self.key, *self.form_class.optional_keys)

    def is_applicable(self, answers):
        return self.applies(answers)

    def is_completed(self, answers):
        return self.key in answers


# The role comes first so every later question can speak to the right person: a relative is
# asked about "personen du hjälper". The start page's "Börja som närstående" answers it already.
STEPS = (
    Step("roll", "roll", forms.RoleForm),
    Step("kommun", "kommun", forms.MunicipalityForm),
    Step("sjukhus", "inlagd", forms.InHospitalForm),
    Step("boende", "boende", forms.HousingForm),
    Step("ta-sig", "ta_sig", forms.ReachesCentreForm, applies=_reaching_is_asked),
    Step("alder", "alder", forms.AgeGroupForm),
    Step("plats", "plats", forms.PlaceForm),
    Step("forlopp", "forlopp", forms.ProcessForm),
    Step("behov", "behov", forms.NeedsForm),
)
KEYS = frozenset(key for step in STEPS for key in step.keys)
_BY_SLUG = {step.slug: step for step in STEPS}


def step_for(slug):
    return _BY_SLUG.get(slug)


@dataclass(frozen=True)
class Walk:
    """The steps that apply to these answers, in order, and where the person is among them."""

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
        return self.steps.index(step) + 1

    def redirect_for(self, step):
        """None if `step` may be answered now, else where to go instead: a Step, or CHECK.

        An unanswered earlier step comes first (no skipping ahead); a step that does not apply
        to these answers sends the person on to the next one that does, or to the check page.
        """
        if step in self.steps:
            earlier = self.steps[: self.steps.index(step)]
            return next((s for s in earlier if not s.is_completed(self.answers)), None)
        position = STEPS.index(step)
        later = [s for s in self.steps if STEPS.index(s) > position]
        first_open = self.current
        if first_open is not None and STEPS.index(first_open) < position:
            return first_open
        return later[0] if later else CHECK

    def previous(self, step):
        index = self.steps.index(step)
        return self.steps[index - 1] if index > 0 else None

    def following(self, step):
        index = self.steps.index(step)
        return self.steps[index + 1] if index + 1 < len(self.steps) else None


def walk(answers):
    """Replay the answers through the steps: which apply, and which is the first unanswered."""
    answers = dict(answers or {})
    return Walk(tuple(s for s in STEPS if s.is_applicable(answers)), answers)


def clean(answers):
    """Only the answers of steps that apply to them (e.g. no "ta_sig" in special housing)."""
    applicable = walk(answers).steps
    return {key: answers[key] for s in applicable for key in s.keys if key in answers}
