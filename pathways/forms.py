"""One small form per question of the flow (pathways/flow.py).

Each form has one field, named like the map URL's parameter, whose values are the URL's own
(pathways/query.py, CHOICES); the form adds only the words the page shows, in two voices: to the
patient ("Vilken kommun bor du i?") and to a relative about the person they help ("Vilken kommun
bor personen du hjälper i?"). Words that differ between regions (hälsocentral/vårdcentral, where
each care level is given) come from the region's catalog, never from code. Django's widgets draw
the fields (pathways/widgets.py).
"""

from dataclasses import dataclass

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import catalog as catalogs
from . import choices
from .choices import Role, YesNo
from .query import CHOICES
from .widgets import Checkboxes, Radios

NONE_OF_THESE = "inget"

type StrOrPromise = str | Promise


@dataclass(frozen=True)
class Words:
    """What a question says. `%(place)s` is the region's word: hälsocentralen, vårdcentralen."""

    question: StrOrPromise
    hint: StrOrPromise
    summary_label: StrOrPromise
    required: StrOrPromise


class StepForm(forms.Form):
    key = ""
    kind = "radio"  # radio, checkbox or select: the template's layout around the widget
    to_patient: Words
    to_relative: Words

    def __init__(self, *args, catalog=None, role=None, on_map=False, **kwargs):
        self.catalog = catalog
        # Asked on the map ("Berätta mer", pathways/views/map.py), where "Hoppa över" skips it.
        self.on_map = on_map
        self.words = self.to_relative if role == Role.RELATIVE else self.to_patient
        self.relative = role == Role.RELATIVE
        super().__init__(*args, **kwargs)
        field = self.fields[self.key]
        field.error_messages["required"] = self.required_message
        field.error_messages["invalid_choice"] = self.required_message
        field.choices = self.get_choices()
        if self.kind != "select":
            field.widget.hints = self.option_hints()

    def _say(self, text):
        return str(text) % {"place": self.place}

    @property
    def place(self):
        # The region's own word: hälsocentralen in Norrbotten, vårdcentralen in Dalarna.
        return (
            self.catalog.region.health_centre_word_definite if self.catalog else _("mottagningen")
        )

    @property
    def question(self):
        return self._say(self.words.question)

    @property
    def hint(self):
        return self._say(self.words.hint)

    @property
    def summary_label(self):
        return self._say(self.words.summary_label)

    @property
    def required_message(self):
        return self._say(self.words.required)

    def labels(self):
        """The page's words for some of the URL's values; the others keep the vocabulary's."""
        return {}

    def get_choices(self):
        labels = self.labels()
        return [(value, labels.get(value, label)) for value, label in CHOICES[self.key]]

    def option_hints(self):
        return {}

    @classmethod
    def initial_for(cls, answer):
        return {cls.key: answer}

    def answer(self):
        """The value stored in the session: the map URL's token (a list for several)."""
        return self.cleaned_data[self.key]

    def summary(self, answers):
        """(label, answer in words) for the page of answers."""
        return (self.summary_label, self.display(answers[self.key]))

    @property
    def bound_field(self):
        return self[self.key]

    @property
    def first_input_id(self):
        return f"id_{self.key}" if self.kind == "select" else f"id_{self.key}_0"

    @property
    def errors_for_field(self):
        return self.errors.get(self.key, [])

    def widget(self):
        """The field drawn by its Django widget. Radios and checkboxes are described by their
        fieldset; a select names the hint and the error itself."""
        if self.kind != "select":
            return self.bound_field.as_widget()
        described = [f"{self.key}-hint"] + ([f"{self.key}-error"] if self.errors_for_field else [])
        return self.bound_field.as_widget(attrs={"aria-describedby": " ".join(described)})

    def display(self, answer):
        """The answer in words, for the page of answers."""
        labels = {str(value): label for value, label in self.get_choices()}
        return labels.get(str(answer), answer)


class RoleForm(StepForm):
    key = "roll"
    to_patient = to_relative = Words(
        question=_("Svarar du för dig själv eller för någon du hjälper?"),
        hint=_(
            "Närstående kan vara en partner, ett barn, en förälder eller en vän. Svarar du för "
            "någon du hjälper handlar frågorna om den personen, och kartan visar också vilket "
            "stöd som finns för dig som närstående."
        ),
        summary_label=_("Svarar för"),
        required=_("Välj om du svarar för dig själv eller för någon du hjälper"),
    )

    roll = forms.ChoiceField(widget=Radios)

    def labels(self):
        return {
            choices.Role.PATIENT: _("För mig själv"),
            choices.Role.RELATIVE: _("För någon jag hjälper, som närstående"),
        }


class MunicipalityForm(StepForm):
    key = "kommun"
    kind = "select"
    to_patient = Words(
        question=_("Vilken kommun bor du i?"),
        hint=_(
            "Kommunen och regionen delar på ansvaret för rehabilitering. Vi behöver veta var du "
            "bor för att visa rätt ansvariga, mottagningar och regler."
        ),
        summary_label=_("Kommun"),
        required=_("Välj den kommun du bor i"),
    )
    to_relative = Words(
        question=_("Vilken kommun bor personen du hjälper i?"),
        hint=_(
            "Kommunen och regionen delar på ansvaret för rehabilitering. Vi behöver veta var "
            "personen bor för att visa rätt ansvariga, mottagningar och regler."
        ),
        summary_label=_("Kommun"),
        required=_("Välj den kommun personen bor i"),
    )

    kommun = forms.ChoiceField(
        label=_("Kommun"),
        widget=forms.Select(
            attrs={
                "class": "select",
                # Read by static/js/filter-select.js, which adds a search box when it runs.
                "data-filter-label": _("Sök bland kommunerna"),
                "data-filter-count": _("Kommuner som passar: %s"),
            }
        ),
    )

    def get_choices(self):
        """Every supported municipality, grouped by region (the select's optgroups)."""
        groups = []
        for slug in sorted(set(catalogs.region_codes().values())):
            catalog = catalogs.load_catalog(slug)
            municipalities = sorted(catalog.municipalities.values(), key=lambda m: m.name)
            groups.append((catalog.region.name, [(m.code, m.name) for m in municipalities]))
        return [("", _("Välj kommun")), *sorted(groups)]

    def display(self, answer):
        names = {code: name for _region, group in self.get_choices()[1:] for code, name in group}
        return names.get(answer, answer)


class InHospitalForm(StepForm):
    key = "inlagd"
    to_patient = Words(
        question=_("Är du inlagd på sjukhus nu?"),
        hint=_(
            "När du ska skrivas ut från sjukhuset ska regionen och kommunen planera tillsammans "
            "med dig. Då visar kartan vad som händer före och efter att du kommer hem."
        ),
        summary_label=_("Inlagd på sjukhus nu"),
        required=_("Välj om du är inlagd på sjukhus nu"),
    )
    to_relative = Words(
        question=_("Är personen du hjälper inlagd på sjukhus nu?"),
        hint=_(
            "När personen ska skrivas ut från sjukhuset ska regionen och kommunen planera "
            "tillsammans med personen. Då visar kartan vad som händer före och efter hemkomsten."
        ),
        summary_label=_("Inlagd på sjukhus nu"),
        required=_("Välj om personen är inlagd på sjukhus nu"),
    )

    inlagd = forms.ChoiceField(widget=Radios)

    def labels(self):
        if self.relative:
            return {YesNo.YES: _("Ja, och personen ska snart hem"), YesNo.NO: _("Nej")}
        return {YesNo.YES: _("Ja, och jag ska snart hem"), YesNo.NO: _("Nej")}


class HousingForm(StepForm):
    key = "boende"
    to_patient = Words(
        question=_("Hur bor du?"),
        hint=_(
            "Bor du i särskilt boende, till exempel ett äldreboende, i en gruppbostad eller "
            "servicebostad enligt LSS, eller är du på korttidsboende, har kommunen ansvar för din "
            "hälso- och sjukvård där."
        ),
        summary_label=_("Boende"),
        required=_("Välj hur du bor"),
    )
    to_relative = Words(
        question=_("Hur bor personen du hjälper?"),
        hint=_(
            "Bor personen i särskilt boende, till exempel ett äldreboende, i en gruppbostad eller "
            "servicebostad enligt LSS, eller är hen på korttidsboende, har kommunen ansvar för "
            "personens hälso- och sjukvård där."
        ),
        summary_label=_("Boende"),
        required=_("Välj hur personen bor"),
    )

    boende = forms.ChoiceField(widget=Radios)

    def labels(self):
        return {
            choices.Housing.ORDINARY: _("I eget hem (vanligt boende)"),
            choices.Housing.SPECIAL: _("I särskilt boende, till exempel ett äldreboende"),
            choices.Housing.LSS: _("I en gruppbostad eller servicebostad enligt LSS"),
            choices.Housing.SHORT_TERM: _("På korttidsboende, för en tid"),
        }


class ReachesCentreForm(StepForm):
    key = "ta_sig"
    to_patient = Words(
        question=_("Kan du ta dig till %(place)s?"),
        hint=_(
            "Den som kan ta sig till %(place)s, själv eller med hjälp av någon, får sin vård "
            "där. Den som inte kan det på grund av sjukdom eller funktionsnedsättning kan få "
            "vård hemma av kommunen, när personalen har bedömt behovet."
        ),
        summary_label=_("Tar sig till %(place)s"),
        required=_("Välj om du kan ta dig till mottagningen"),
    )
    to_relative = Words(
        question=_("Kan personen du hjälper ta sig till %(place)s?"),
        hint=to_patient.hint,
        summary_label=to_patient.summary_label,
        required=_("Välj om personen kan ta sig till mottagningen"),
    )

    ta_sig = forms.ChoiceField(widget=Radios)

    def labels(self):
        return {YesNo.YES: _("Ja, själv eller med hjälp"), YesNo.NO: _("Nej, det går inte just nu")}


class AgeGroupForm(StepForm):
    key = "alder"
    to_patient = Words(
        question=_("Hur gammal är du?"),
        # Neutral on purpose: who answers for children, and the fees, are regional data.
        hint=_(
            "Svaret påverkar vem som ansvarar för rehabiliteringen, regionen eller kommunen, och "
            "vad vården kostar."
        ),
        summary_label=_("Ålder"),
        required=_("Välj hur gammal du är"),
    )
    to_relative = Words(
        question=_("Hur gammal är personen du hjälper?"),
        hint=to_patient.hint,
        summary_label=_("Ålder"),
        required=_("Välj hur gammal personen är"),
    )

    alder = forms.ChoiceField(widget=Radios)


class PlaceForm(StepForm):
    """The care-level question in words a patient can answer; query.py maps it onto `niva`."""

    key = "plats"
    to_patient = Words(
        question=_("Var får du rehabilitering, eller var ska du få den?"),
        hint=_("Välj det som stämmer bäst. Vet du inte, välj ”Vet inte”."),
        summary_label=_("Var rehabiliteringen sker"),
        required=_("Välj var du får rehabilitering, eller ”Vet inte”"),
    )
    to_relative = Words(
        question=_("Var får personen du hjälper rehabilitering, eller var ska hen få den?"),
        hint=to_patient.hint,
        summary_label=to_patient.summary_label,
        required=_("Välj var personen får rehabilitering, eller ”Vet inte”"),
    )

    plats = forms.ChoiceField(widget=Radios)

    def labels(self):
        return {
            choices.Place.HOME: _("Hemma"),
            choices.Place.HEALTH_CENTRE: _("På %(place)s") % {"place": self.place},
            choices.Place.HOSPITAL: _("På en mottagning på sjukhuset"),
            choices.Place.SPECIALISED: _("På en specialiserad rehabiliteringsenhet"),
        }

    def option_hints(self):
        # Where the region gives its hospital and specialised rehabilitation: the region's data.
        if not self.catalog:
            return {}
        levels = self.catalog.levels
        return {
            place: levels[level].where
            for place, level in [(choices.Place.HOSPITAL, 2), (choices.Place.SPECIALISED, 3)]
            if level in levels
        }


class CauseForm(StepForm):
    """What happened: asked on the map ("Berätta mer"), never needed for the principal."""

    key = "orsak"
    to_patient = Words(
        question=_("Varför behöver du rehabilitering?"),
        hint=_(
            "Välj det som stämmer bäst: vad som har hänt. Då kan kartan visa mer av det som "
            "gäller just den sjukdomen eller skadan."
        ),
        summary_label=_("Vad som har hänt"),
        required=_("Välj det som stämmer bäst, eller ”Vet inte”"),
    )
    to_relative = Words(
        question=_("Varför behöver personen du hjälper rehabilitering?"),
        hint=to_patient.hint,
        summary_label=to_patient.summary_label,
        required=to_patient.required,
    )

    orsak = forms.ChoiceField(widget=Radios)


class ProcessForm(StepForm):
    key = "forlopp"
    to_patient = Words(
        question=_("Vad gäller din rehabilitering?"),
        hint=_(
            "Efter en plötslig skada eller sjukdom handlar rehabiliteringen ofta om att "
            "återhämta sig. Vid en långvarig sjukdom handlar den ofta om att anpassa vardagen."
        ),
        summary_label=_("Förlopp"),
        required=_("Välj vad din rehabilitering gäller, eller ”Vet inte”"),
    )
    to_relative = Words(
        question=_("Vad gäller rehabiliteringen för personen du hjälper?"),
        hint=to_patient.hint,
        summary_label=_("Förlopp"),
        required=_("Välj vad personens rehabilitering gäller, eller ”Vet inte”"),
    )

    forlopp = forms.ChoiceField(widget=Radios)

    def labels(self):
        return {
            choices.Process.SUDDEN: _(
                "En plötslig skada eller sjukdom, till exempel stroke eller en fraktur"
            ),
            choices.Process.LONG_TERM: _(
                "En långvarig sjukdom som förändras, till exempel MS eller Parkinsons sjukdom"
            ),
        }


class NeedsForm(StepForm):
    key = "behov"
    kind = "checkbox"
    to_patient = Words(
        question=_("Vad behöver du hjälp med?"),
        hint=_(
            "Välj allt som passar. Reglerna för det du väljer visas först på kartan och kommer "
            "med när kartan skrivs ut. Resten finns längre ner på kartan."
        ),
        summary_label=_("Behöver hjälp med"),
        required=_("Välj vad du behöver hjälp med, eller ”Inget av detta just nu”"),
    )
    to_relative = Words(
        question=_("Vad behöver personen du hjälper hjälp med?"),
        hint=_(
            "Välj allt som passar. Reglerna för det du väljer visas först på kartan och kommer "
            "med när kartan skrivs ut. Stödet till dig som närstående finns alltid med."
        ),
        summary_label=_("Behöver hjälp med"),
        required=_("Välj vad personen behöver hjälp med, eller ”Inget av detta just nu”"),
    )

    behov = forms.MultipleChoiceField(widget=Checkboxes(exclusive=NONE_OF_THESE))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.on_map:
            self.fields[self.key].widget.exclusive = None

    def get_choices(self):
        # On the map "Hoppa över" says "none of these": the URL has no value for it.
        if self.on_map:
            return super().get_choices()
        return [*super().get_choices(), (NONE_OF_THESE, _("Inget av detta just nu"))]

    @classmethod
    def initial_for(cls, answer):
        return {cls.key: list(answer) or [NONE_OF_THESE]}

    def clean_behov(self):
        needs = self.cleaned_data["behov"]
        if NONE_OF_THESE in needs and len(needs) > 1:
            if self.relative:
                raise forms.ValidationError(
                    _("Välj antingen det personen behöver hjälp med eller ”Inget av detta just nu”")
                )
            raise forms.ValidationError(
                _("Välj antingen det du behöver hjälp med eller ”Inget av detta just nu”")
            )
        return [need for need in needs if need != NONE_OF_THESE]

    def display(self, answer):
        labels = dict(self.get_choices())
        return ", ".join(str(labels.get(need, need)) for need in answer) or labels[NONE_OF_THESE]
