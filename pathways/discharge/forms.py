"""The discharge map form: the map's own questions plus what only staff know. All additions are
optional; nothing here asks who the patient is."""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from pathways.models import Municipality
from pathways.query import MapQueryForm

CONTACT_ROWS = 3
APPOINTMENT_ROWS = 3
MAX_ROWS = 8
TEXT = 500  # one-line answers
LONG_TEXT = 2000  # free text: enough for a discharge, small enough to stay a map


def _textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class DischargeMapForm(MapQueryForm):
    """The map URL's questions (MapQueryForm) and the personal additions."""

    unit = forms.CharField(
        label=_("Din enhet"),
        max_length=200,
        help_text=_("Den enhet du arbetar på, t.ex. avdelningen och sjukhuset. Sparas i loggen."),
    )
    goal = forms.CharField(
        label=_("Personens eget huvudmål, med personens egna ord"),
        max_length=LONG_TEXT,
        required=False,
        widget=_textarea(2),
    )
    note = forms.CharField(
        label=_("Anteckning"), max_length=LONG_TEXT, required=False, widget=_textarea()
    )
    fast_vardkontakt = forms.CharField(
        label=_("Fast vårdkontakt"),
        max_length=TEXT,
        required=False,
        help_text=_("Vem som är personens fasta vårdkontakt och hur hen nås."),
    )
    sip_planned = forms.CharField(
        label=_("När SIP-mötet är planerat"),
        max_length=TEXT,
        required=False,
        help_text=_("Om en samordnad individuell plan ska göras: när och var."),
    )
    care_plans = forms.CharField(
        label=_("Vårdplaner som finns"),
        max_length=LONG_TEXT,
        required=False,
        widget=_textarea(2),
        help_text=_("T.ex. rehabiliteringsplan, SIP, vårdplan i kommunen."),
    )
    interventions = forms.CharField(
        label=_("Insatser som behövs"), max_length=LONG_TEXT, required=False, widget=_textarea()
    )
    principal_per_intervention = forms.CharField(
        label=_("Vilken huvudman som svarar för vilken insats"),
        max_length=LONG_TEXT,
        required=False,
        widget=_textarea(),
    )
    others = forms.CharField(
        label=_("Vad andra än regionen och kommunen gör"),
        max_length=LONG_TEXT,
        required=False,
        widget=_textarea(2),
    )
    overall_responsibility = forms.CharField(
        label=_("Vilken huvudman som har det övergripande ansvaret för planen"),
        max_length=TEXT,
        required=False,
    )

    ADDITION_FIELDS = (
        "goal",
        "note",
        "fast_vardkontakt",
        "sip_planned",
        "care_plans",
        "interventions",
        "principal_per_intervention",
        "others",
        "overall_responsibility",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff pick the municipality by name; the value is still the public map's code.
        municipalities = Municipality.objects.order_by("name").values_list("code", "name")
        self.fields["kommun"].widget = forms.Select(
            choices=[("", _("Välj kommun")), *municipalities]
        )
        for name in ("inlagd", "boende", "ta_sig", "alder", "niva", "forlopp", "roll"):
            field = self.fields[name]
            field.choices = [("", _("Inte angivet")), *field.choices]
        self.fields["behov"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["behov"].choices
        )

    def additions_text(self):
        return {name: self.cleaned_data[name].strip() for name in self.ADDITION_FIELDS}


class ContactForm(forms.Form):
    role = forms.CharField(
        label=_("Roll"),
        max_length=120,
        required=False,
        help_text=_("T.ex. fast vårdkontakt, kommunens rehabkontakt."),
    )
    name = forms.CharField(label=_("Namn"), max_length=120, required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)


class DateOrDateTimeField(forms.DateTimeField):
    """A day and time; or only a day (typed without a time), kept a date and printed without one."""

    def to_python(self, value):
        if isinstance(value, str) and len(value.strip()) == len("2026-12-03"):
            return forms.DateField(input_formats=["%Y-%m-%d"]).to_python(value.strip())
        return super().to_python(value)


class AppointmentForm(forms.Form):
    what = forms.CharField(label=_("Vad"), max_length=200, required=False)
    when = DateOrDateTimeField(
        label=_("När"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    where = forms.CharField(label=_("Var"), max_length=200, required=False)


ContactFormSet = formset_factory(
    ContactForm, extra=CONTACT_ROWS, max_num=MAX_ROWS, validate_max=True
)
AppointmentFormSet = formset_factory(
    AppointmentForm, extra=APPOINTMENT_ROWS, max_num=MAX_ROWS, validate_max=True
)


def filled_rows(formset):
    return [form.cleaned_data for form in formset.forms if any(form.cleaned_data.values())]
