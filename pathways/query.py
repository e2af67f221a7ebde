"""The public map URL, parsed into a Situation. The names and values are a contract (README)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import catalog, choices
from .situation import DONT_KNOW, Situation

YES_NO = [("ja", _("Ja")), ("nej", _("Nej"))]
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

    def clean_kommun(self):
        code = self.cleaned_data["kommun"]
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
            process="" if process == DONT_KNOW else process,
            needs=frozenset(data.get("behov") or ()),
            role=data.get("roll") or choices.Role.PATIENT,
        )


def parse_situation(params):
    """A Situation from a QueryDict, or (None, errors) where errors maps parameter -> messages."""
    form = MapQueryForm(params)
    if form.is_valid():
        return form.situation(), None
    return None, {name: [str(m) for m in messages] for name, messages in form.errors.items()}
