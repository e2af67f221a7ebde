"""The public map URL: parsed into a Situation, built from one, and turned into a map.

The names and values are a contract (README). `load_map` is the one way in for every rendering
of the map (page, PDF, JSON, and the discharge app's pages); `map_url` the one way out.
"""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import catalog, choices
from .rules import build_map
from .situation import DONT_KNOW, Situation
from .values import PatientMap

YES_NO = [("ja", _("Ja")), ("nej", _("Nej"))]
UNKNOWN_MUNICIPALITY = _("Rehabkartan täcker inte den kommunen.")
MAX_VALUE_LENGTH = 40


class MapQueryForm(forms.Form):
    """Validates a map query string; every answer but the municipality has a default."""

    kommun = forms.CharField(label=_("Kommun"), max_length=4, min_length=4)
    inlagd = forms.ChoiceField(label=_("Inlagd på sjukhus"), choices=YES_NO, required=False)
    boende = forms.ChoiceField(label=_("Boende"), choices=choices.Housing.choices, required=False)
    ta_sig = forms.ChoiceField(
        label=_("Tar sig till hälsocentralen"), choices=YES_NO, required=False
    )
    alder = forms.ChoiceField(label=_("Ålder"), choices=choices.AgeGroup.choices, required=False)
    niva = forms.ChoiceField(
        label=_("Vårdnivå"),
        choices=[*choices.Level.choices, (DONT_KNOW, _("Vet inte"))],
        required=False,
    )
    forlopp = forms.ChoiceField(
        label=_("Förlopp"),
        choices=[*choices.Process.choices, (DONT_KNOW, _("Vet inte"))],
        required=False,
    )
    behov = forms.MultipleChoiceField(
        label=_("Behov"), choices=choices.Need.choices, required=False
    )
    roll = forms.ChoiceField(label=_("Roll"), choices=choices.Role.choices, required=False)

    def clean_kommun(self) -> str:
        code: str = self.cleaned_data["kommun"]
        if code not in catalog.region_codes():
            raise forms.ValidationError(
                _("Kommunkoden %(code)s finns inte bland de kommuner Rehabkartan täcker."),
                params={"code": code[:MAX_VALUE_LENGTH]},
            )
        return code

    def situation(self) -> Situation:
        data = self.cleaned_data
        level = data.get("niva")
        process = data.get("forlopp")
        return Situation(
            municipality_code=data["kommun"],
            in_hospital=data.get("inlagd") or "nej",
            housing=data.get("boende") or choices.Housing.ORDINARY,
            reaches_health_centre=data.get("ta_sig") or "ja",
            age_group=data.get("alder") or choices.AgeGroup.ADULT,
            level=int(level) if level and level != DONT_KNOW else None,
            process="" if process in ("", None, DONT_KNOW) else process,
            needs=frozenset(data.get("behov") or ()),
            role=data.get("roll") or choices.Role.PATIENT,
        )


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


def load_map(params: QueryDict) -> tuple[PatientMap, None] | tuple[None, Errors]:
    """(PatientMap, None) for valid parameters, else (None, errors by parameter)."""
    parsed = parse_situation(params)
    if parsed[0] is None:
        return parsed
    situation = parsed[0]
    region_catalog = catalog.catalog_for_municipality(situation.municipality_code)
    if region_catalog is None:  # the municipality left the data between the two cached reads
        return None, {"kommun": [str(UNKNOWN_MUNICIPALITY)]}
    return build_map(situation, region_catalog, timezone.localdate()), None
