"""The public map URL, parsed into a Situation. The names and values are a contract (README).

CHOICES is the one set of values each parameter accepts: the map page, the PDF, the JSON API, the
staff form and the questions (pathways/forms.py) all validate against it.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import catalog, choices
from .situation import DONT_KNOW, NO, YES, Situation

MAX_VALUE_LENGTH = 40
DONT_KNOW_CHOICE = (DONT_KNOW, _("Vet inte"))

YES_NO = [(YES, _("Ja")), (NO, _("Nej"))]

CHOICES = {
    "inlagd": YES_NO,
    "boende": choices.Housing.choices,
    "ta_sig": YES_NO,
    "alder": choices.AgeGroup.choices,
    "niva": [*((str(value), label) for value, label in choices.Level.choices), DONT_KNOW_CHOICE],
    "plats": [*choices.Place.choices, DONT_KNOW_CHOICE],
    "forlopp": [*choices.Process.choices, DONT_KNOW_CHOICE],
    "behov": choices.Need.choices,
    "roll": choices.Role.choices,
}

# Where the rehabilitation happens (`plats`, the question a patient can answer) -> the care level
# (`niva`, the contract's older parameter). Home and the health centre are both level 1.
LEVEL_FOR_PLACE = {
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


def level_for_place(place):
    """The care level a place means: 1, 2, 3, or None (don't know, or not answered)."""
    return LEVEL_FOR_PLACE.get(place)


class MapQueryForm(forms.Form):
    """Validates a map query string; every answer but the municipality has a default."""

    kommun = forms.CharField(label=_("Kommun"), max_length=4, min_length=4)
    inlagd = forms.ChoiceField(
        label=_("Inlagd på sjukhus"), choices=CHOICES["inlagd"], required=False
    )
    boende = forms.ChoiceField(label=_("Boende"), choices=CHOICES["boende"], required=False)
    ta_sig = forms.ChoiceField(
        label=_("Tar sig till hälsocentralen"), choices=CHOICES["ta_sig"], required=False
    )
    alder = forms.ChoiceField(label=_("Ålder"), choices=CHOICES["alder"], required=False)
    niva = forms.ChoiceField(label=_("Vårdnivå"), choices=CHOICES["niva"], required=False)
    plats = forms.ChoiceField(
        label=_("Var rehabiliteringen sker"), choices=CHOICES["plats"], required=False
    )
    forlopp = forms.ChoiceField(label=_("Förlopp"), choices=CHOICES["forlopp"], required=False)
    behov = forms.MultipleChoiceField(label=_("Behov"), choices=CHOICES["behov"], required=False)
    roll = forms.ChoiceField(label=_("Roll"), choices=CHOICES["roll"], required=False)

    def clean_kommun(self):
        code = self.cleaned_data["kommun"]
        if code not in catalog.region_codes():
            raise forms.ValidationError(
                _("Kommunkoden %(code)s finns inte bland de kommuner Rehabkartan täcker."),
                params={"code": code[:MAX_VALUE_LENGTH]},
            )
        return code

    def clean(self):
        data = super().clean()
        stated = data.get("niva")
        from_place = level_for_place(data.get("plats"))
        if from_place and stated not in (None, "", DONT_KNOW) and int(stated) != from_place:
            self.add_error(
                "plats",
                _("Platsen passar inte ihop med vårdnivå %(level)s.") % {"level": stated},
            )
        return data

    def level(self):
        stated = self.cleaned_data.get("niva")
        if stated and stated != DONT_KNOW:
            return int(stated)
        return level_for_place(self.cleaned_data.get("plats"))

    def situation(self) -> Situation:
        data = self.cleaned_data
        process = data.get("forlopp")
        return Situation(
            municipality_code=data["kommun"],
            in_hospital=data.get("inlagd") or NO,
            housing=data.get("boende") or choices.Housing.ORDINARY,
            reaches_health_centre=data.get("ta_sig") or YES,
            age_group=data.get("alder") or choices.AgeGroup.ADULT,
            level=self.level(),
            place=data.get("plats") or "",
            process="" if process in ("", None, DONT_KNOW) else process,
            needs=frozenset(data.get("behov") or ()),
            role=data.get("roll") or choices.Role.PATIENT,
        )


def parse_situation(params):
    """A Situation from a QueryDict, or (None, errors) where errors maps parameter -> messages."""
    form = MapQueryForm(params)
    if form.is_valid():
        return form.situation(), None
    return None, {name: [str(m) for m in messages] for name, messages in form.errors.items()}
