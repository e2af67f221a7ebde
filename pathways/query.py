"""The public map URL: parsed into a Situation, built from one, and turned into a map.

The names and values are a contract (README). CHOICES is the one set of values each parameter
accepts: the map page, the PDF, the JSON API, the staff form and the questions (pathways/forms.py)
all validate against it. `load_map` is the one way in for every rendering of the map (page, PDF,
JSON, and the discharge app's pages): the whole map (pathways.answer.build_map) or what is wrong
with the address, a type the views tell apart; `map_url` the one way out.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import catalog, choices
from .answer import build_map
from .choices import DONT_KNOW
from .situation import QUESTIONS, Question, Situation
from .values import PatientMap

type StrOrPromise = str | Promise

UNKNOWN_MUNICIPALITY = _("Rehabkartan täcker inte den kommunen.")
MAX_VALUE_LENGTH = 40
DONT_KNOW_CHOICE = (DONT_KNOW, _("Vet inte"))


def _url_choices(question: Question) -> list[tuple[str, StrOrPromise]]:
    own: list[tuple[str, StrOrPromise]] = [
        (str(value), label) for value, label in question.choices.choices
    ]
    return [*own, DONT_KNOW_CHOICE] if question.dont_know else own


# The values each parameter accepts, with their words (pathways.situation.QUESTIONS).
CHOICES = {question.param: _url_choices(question) for question in QUESTIONS}

# Where the rehabilitation happens (`plats`, the question a patient can answer) -> the care level
# (`niva`, the contract's older parameter). Home and the health centre are both level 1. Keyed by
# `str | None` so that no answer (None) is simply a key it lacks, like "vet_ej".
LEVEL_FOR_PLACE: dict[str | None, int] = {
    choices.Place.HOME: 1,
    choices.Place.HEALTH_CENTRE: 1,
    choices.Place.HOSPITAL: 2,
    choices.Place.SPECIALISED: 3,
}
# A map URL with only `niva` (made before `plats` existed): the place, where the level names one.
PLACE_FOR_LEVEL = {
    "2": choices.Place.HOSPITAL,
    "3": choices.Place.SPECIALISED,
    DONT_KNOW: DONT_KNOW,
}


def level_for_place(place: str | None) -> int | None:
    """The care level a place means: 1, 2, 3, or None (don't know, or not answered)."""
    return LEVEL_FOR_PLACE.get(place)


class MapQueryForm(forms.Form):
    """Validates a map query string; every answer but the municipality has a default. Its fields
    are QUESTIONS', added below the class."""

    kommun = forms.CharField(label=_("Kommun"), max_length=4, min_length=4)

    def clean_kommun(self) -> str:
        code: str = self.cleaned_data["kommun"]
        if code not in catalog.region_codes():
            raise forms.ValidationError(
                _("Kommunkoden %(code)s finns inte bland de kommuner Rehabkartan täcker."),
                params={"code": code[:MAX_VALUE_LENGTH]},
            )
        return code

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        stated = data.get("niva")
        from_place = level_for_place(data.get("plats"))
        if from_place and stated not in (None, "", DONT_KNOW) and int(stated) != from_place:
            self.add_error(
                "plats",
                _("Platsen passar inte ihop med vårdnivå %(level)s.") % {"level": stated},
            )
        return data

    def level(self) -> int | None:
        stated = self.cleaned_data.get("niva")
        if stated and stated != DONT_KNOW:
            return int(stated)
        return level_for_place(self.cleaned_data.get("plats"))

    def situation(self) -> Situation:
        """The answers given; Situation's defaults for the others (DONT_KNOW where the URL writes
        it for no answer is no answer)."""
        data = self.cleaned_data
        answers: dict[str, Any] = {}
        for question in QUESTIONS:
            value = data.get(question.param)
            if question.many:
                answers[question.name] = frozenset(value or ())
            elif value and value != question.unanswered:
                answers[question.name] = value
        answers["level"] = self.level()
        return Situation(municipality_code=data["kommun"], **answers)


def _field(question: Question) -> forms.Field:
    kind = forms.MultipleChoiceField if question.many else forms.ChoiceField
    # required=None would do the same (Django tests it for truth): an equivalent mutant.
    return kind(
        label=question.label,
        choices=CHOICES[question.param],
        required=False,  # pragma: no mutate
    )


MapQueryForm.base_fields.update({question.param: _field(question) for question in QUESTIONS})


type Errors = dict[str, list[str]]  # parameter -> messages


def parse_situation(params: QueryDict) -> tuple[Situation, None] | tuple[None, Errors]:
    """A Situation from a QueryDict, or (None, errors) where errors maps parameter -> messages."""
    form = MapQueryForm(params)
    if form.is_valid():
        return form.situation(), None
    return None, {name: [str(m) for m in messages] for name, messages in form.errors.items()}


def map_query(situation: Situation) -> str:
    """The map URL's query string for a situation (the public contract's names and values)."""
    return urlencode(situation.query_params())


def map_url(situation: Situation, name: str = "map", *, absolute: bool = False) -> str:
    """The URL of a view that takes the map's parameters (the map, its PDF, the questions, the
    staff form); `absolute` prefixes SITE_URL, for what is printed or scanned."""
    url = f"{reverse(name)}?{map_query(situation)}"
    return settings.SITE_URL + url if absolute else url


def given_params(params: QueryDict) -> list[tuple[str, str]]:
    """The answers a map URL states, in the contract's order, and nothing else: no default
    written in (the map asks what is left unanswered, pathways.flow.next_refinement), no unknown
    parameter. For the addresses made from a map's own: its share link and its questions."""
    names = ["kommun", *(question.param for question in QUESTIONS)]
    return [(name, value) for name in names for value in params.getlist(name)]


def given_url(params: QueryDict, name: str = "map") -> str:
    """The URL of a view that takes the map's parameters, with only the answers `params` gives."""
    return f"{reverse(name)}?{urlencode(given_params(params))}"


@dataclass(frozen=True)
class Invalid:
    """A map address that cannot be read: what is wrong, by parameter."""

    errors: Errors


type MapResult = PatientMap | Invalid


def load_map(params: QueryDict, day: date | None = None) -> MapResult:
    """The whole map for valid parameters, else Invalid (the errors by parameter); the map of
    `day` (staff's preview, pathways.views.map.map_day) or today's."""
    parsed = parse_situation(params)
    if parsed[0] is None:
        return Invalid(parsed[1])
    situation = parsed[0]
    region_catalog = catalog.catalog_for_municipality(situation.municipality_code)
    if region_catalog is None:  # the municipality left the data between the two cached reads
        return Invalid({"kommun": [str(UNKNOWN_MUNICIPALITY)]})
    return build_map(situation, region_catalog, day or timezone.localdate())
