"""One small form per question of the flow (pathways/flow.py).

Each form has one field, named like the map URL's parameter, and carries the words the page shows:
the question, a plain-language hint saying why it is asked, a short label for the check page, and
the error message. Words that differ between regions (hälsocentral/vårdcentral, the names of the
care levels) come from the region's catalog, never from code.
"""

from dataclasses import dataclass

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import catalog as catalogs
from . import choices
from .situation import DONT_KNOW, NO, YES

NONE_OF_THESE = "inget"


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    id: str
    checked: bool
    hint: str = ""


class StepForm(forms.Form):
    key = ""
    kind = "radio"  # how the field is drawn: radio, checkbox or select
    question = ""
    hint = ""
    summary_label = ""
    required_message = _("Välj ett svar")

    def __init__(self, *args, catalog=None, **kwargs):
        self.catalog = catalog
        super().__init__(*args, **kwargs)
        field = self.fields[self.key]
        field.error_messages["required"] = self.required_message
        field.error_messages["invalid_choice"] = self.required_message
        field.choices = self.get_choices()

    def get_choices(self):
        return self.fields[self.key].choices

    def option_hints(self):
        return {}

    @classmethod
    def initial_for(cls, answer):
        return {cls.key: answer}

    def answer(self):
        """The value stored in the session: the map URL's token (a list for several)."""
        return self.cleaned_data[self.key]

    @property
    def bound_field(self):
        return self[self.key]

    @property
    def first_input_id(self):
        return f"id_{self.key}" if self.kind == "select" else f"id_{self.key}_0"

    @property
    def errors_for_field(self):
        return self.errors.get(self.key, [])

    def _selected(self):
        value = self.bound_field.value()
        if isinstance(value, list | tuple):
            return {str(v) for v in value}
        return {str(value)} if value not in (None, "") else set()

    @cached_property
    def options(self):
        selected = self._selected()
        hints = self.option_hints()
        return [
            Option(
                str(value),
                label,
                f"id_{self.key}_{i}",
                str(value) in selected,
                hints.get(value, ""),
            )
            for i, (value, label) in enumerate(self.get_choices())
        ]

    def display(self, answer):
        """The answer in words, for the check page."""
        labels = {str(value): label for value, label in self.get_choices()}
        return labels.get(str(answer), answer)


YES_NO = [(YES, _("Ja")), (NO, _("Nej"))]


class MunicipalityForm(StepForm):
    key = "kommun"
    kind = "select"
    question = _("Vilken kommun bor du i?")
    hint = _(
        "Kommunen och regionen delar på ansvaret för rehabilitering. Vi behöver veta var du bor "
        "för att visa rätt ansvariga, mottagningar och regler. Svarar du för någon annan: välj "
        "den kommun där den personen bor."
    )
    summary_label = _("Kommun")
    required_message = _("Välj den kommun du bor i")

    kommun = forms.ChoiceField(label=_("Kommun"))

    @cached_property
    def groups(self):
        """[(region name, [Option, …]), …] for the select's optgroups."""
        selected = self._selected()
        groups = []
        for region_name, municipalities in _municipalities_by_region():
            options = [
                Option(code, name, f"id_kommun_{code}", code in selected)
                for code, name in municipalities
            ]
            groups.append((region_name, options))
        return groups

    def get_choices(self):
        return [(code, name) for _r, ms in _municipalities_by_region() for code, name in ms]


def _municipalities_by_region():
    """Every supported municipality, grouped by region, from the cached catalogs."""
    slugs = sorted(set(catalogs.region_codes().values()))
    groups = []
    for slug in slugs:
        catalog = catalogs.load_catalog(slug)
        municipalities = sorted(catalog.municipalities.values(), key=lambda m: m.name)
        groups.append((catalog.region.name, [(m.code, m.name) for m in municipalities]))
    return sorted(groups)


class InHospitalForm(StepForm):
    key = "inlagd"
    question = _("Är du inlagd på sjukhus nu?")
    hint = _(
        "När du ska skrivas ut från sjukhuset ska regionen och kommunen planera tillsammans med "
        "dig. Då visar kartan vad som händer före och efter att du kommer hem."
    )
    summary_label = _("Inlagd på sjukhus nu")
    required_message = _("Välj om du är inlagd på sjukhus nu")

    inlagd = forms.ChoiceField(choices=YES_NO)

    def get_choices(self):
        return [(YES, _("Ja, och jag ska snart hem")), (NO, _("Nej"))]


class HousingForm(StepForm):
    key = "boende"
    question = _("Hur bor du?")
    hint = _(
        "Bor du i särskilt boende, till exempel ett äldreboende eller ett gruppboende, har "
        "kommunen ansvar för din hälso- och sjukvård där."
    )
    summary_label = _("Boende")
    required_message = _("Välj hur du bor")

    boende = forms.ChoiceField(choices=choices.Housing.choices)

    def get_choices(self):
        return [
            (choices.Housing.ORDINARY, _("I eget hem (vanligt boende)")),
            (choices.Housing.SPECIAL, _("I särskilt boende")),
        ]


class ReachesCentreForm(StepForm):
    key = "ta_sig"
    required_message = _("Välj om du kan ta dig till mottagningen")

    ta_sig = forms.ChoiceField(choices=YES_NO)

    @property
    def place(self):
        # The region's own word: hälsocentralen in Norrbotten, vårdcentralen in Dalarna.
        if self.catalog:
            return self.catalog.region.health_centre_word_definite
        return _("hälsocentralen eller vårdcentralen")

    @property
    def question(self):
        return _("Kan du ta dig till %(place)s?") % {"place": self.place}

    @property
    def summary_label(self):
        return _("Tar sig till %(place)s") % {"place": self.place}

    @property
    def hint(self):
        return _(
            "Den som kan ta sig till %(place)s, själv eller med hjälp av någon, får sin vård "
            "där. Den som inte kan det på grund av sjukdom eller funktionsnedsättning kan få "
            "vård hemma av kommunen, när personalen har bedömt behovet."
        ) % {"place": self.place}

    def get_choices(self):
        return [
            (YES, _("Ja, själv eller med hjälp")),
            (NO, _("Nej, det går inte just nu")),
        ]


class AgeGroupForm(StepForm):
    key = "alder"
    question = _("Är du vuxen eller barn?")
    # Neutral on purpose: who answers for children is regional data, shown on the map.
    hint = _("Svaret påverkar vem som ansvarar för rehabiliteringen: regionen eller kommunen.")
    summary_label = _("Ålder")
    required_message = _("Välj om du är vuxen eller barn")

    alder = forms.ChoiceField(choices=choices.AgeGroup.choices)


class LevelForm(StepForm):
    key = "niva"
    question = _("Var får du rehabilitering nu?")
    hint = _(
        "Rehabilitering sker på olika nivåer, från hemmet och mottagningen till specialiserad "
        "rehabilitering på sjukhus. Vet du inte, välj ”Vet inte”."
    )
    summary_label = _("Vårdnivå")
    required_message = _("Välj var du får rehabilitering nu, eller ”Vet inte”")

    niva = forms.ChoiceField()

    def get_choices(self):
        levels = (
            sorted(self.catalog.levels.values(), key=lambda lv: lv.number) if self.catalog else []
        )
        named = [(str(lv.number), lv.name) for lv in levels] or [
            (str(value), label) for value, label in choices.Level.choices
        ]
        return [*named, (DONT_KNOW, _("Vet inte"))]

    def option_hints(self):
        if not self.catalog:
            return {}
        return {str(lv.number): lv.description for lv in self.catalog.levels.values()}


class ProcessForm(StepForm):
    key = "forlopp"
    question = _("Vad gäller din rehabilitering?")
    hint = _(
        "Efter en plötslig skada eller sjukdom handlar rehabiliteringen ofta om att återhämta "
        "sig. Vid en långvarig sjukdom handlar den ofta om att anpassa vardagen."
    )
    summary_label = _("Förlopp")
    required_message = _("Välj vad din rehabilitering gäller, eller ”Vet inte”")

    forlopp = forms.ChoiceField()

    def get_choices(self):
        return [
            (
                choices.Process.SUDDEN,
                _("En plötslig skada eller sjukdom, till exempel stroke eller en fraktur"),
            ),
            (
                choices.Process.LONG_TERM,
                _("En långvarig sjukdom som förändras, till exempel MS eller Parkinsons sjukdom"),
            ),
            (DONT_KNOW, _("Vet inte")),
        ]


class NeedsForm(StepForm):
    key = "behov"
    kind = "checkbox"
    question = _("Vad behöver du hjälp med?")
    hint = _(
        "Välj allt som passar. Reglerna för det du väljer visas först på kartan och kommer med "
        "när kartan skrivs ut. Resten finns längre ner på kartan."
    )
    summary_label = _("Behöver hjälp med")
    required_message = _("Välj vad du behöver hjälp med, eller ”Inget av detta just nu”")

    behov = forms.MultipleChoiceField()

    def get_choices(self):
        return [*choices.Need.choices, (NONE_OF_THESE, _("Inget av detta just nu"))]

    @classmethod
    def initial_for(cls, answer):
        return {cls.key: list(answer) or [NONE_OF_THESE]}

    def clean_behov(self):
        needs = self.cleaned_data["behov"]
        if NONE_OF_THESE in needs and len(needs) > 1:
            raise forms.ValidationError(
                _("Välj antingen det du behöver hjälp med eller ”Inget av detta just nu”")
            )
        return [need for need in needs if need != NONE_OF_THESE]

    def display(self, answer):
        labels = dict(self.get_choices())
        return ", ".join(str(labels.get(need, need)) for need in answer) or labels[NONE_OF_THESE]


class RoleForm(StepForm):
    key = "roll"
    question = _("Är du patient eller närstående?")
    hint = _(
        "Närstående kan vara en partner, ett barn, en förälder eller en vän. Kartan visar då "
        "också vilket stöd som finns för dig som närstående."
    )
    summary_label = _("Roll")
    required_message = _("Välj om du är patient eller närstående")

    roll = forms.ChoiceField()

    def get_choices(self):
        return [
            (choices.Role.PATIENT, _("Jag är patient")),
            (choices.Role.RELATIVE, _("Jag är närstående till en patient")),
        ]
