"""The discharge map form: the map's own questions plus what only staff know. All additions are
optional; nothing here asks who the patient is. Drawn in the site's look (site.css's .input,
.select and the questions' checkboxes) by discharge/new.html."""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from pathways.models import Municipality
from pathways.query import MapQueryForm
from pathways.widgets import Checkboxes

# One contact and one appointment row stand open; the others wait folded under "Fler …"
# (discharge/new.html), so the form is short and still takes more rows without JavaScript.
CONTACT_ROWS = 4
APPOINTMENT_ROWS = 4
MAX_ROWS = 8
TEXT = 500  # one-line answers
LONG_TEXT = 2000  # free text: enough for a discharge, small enough to stay a map


def _textarea(rows=2):
    return forms.Textarea(attrs={"rows": rows})


class SiteLook:
    """Gives every widget the site's class: .select for a select, .input for the rest (checkboxes
    keep their own)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            look = "select" if isinstance(widget, forms.Select) else "input"
            widget.attrs["class"] = look


class DischargeMapForm(SiteLook, MapQueryForm):
    """The map URL's questions (MapQueryForm) and the personal additions."""

    unit = forms.CharField(
        label=_("Din enhet"),
        max_length=200,
        help_text=_("Den enhet du arbetar på, t.ex. avdelningen och sjukhuset. Sparas i loggen."),
        error_messages={"required": _("Skriv vilken enhet du arbetar på.")},
    )
    goal = forms.CharField(
        label=_("Personens eget huvudmål, med personens egna ord"),
        max_length=LONG_TEXT,
        required=False,
        widget=_textarea(2),
    )
    note = forms.CharField(
        label=_("Anteckning"), max_length=LONG_TEXT, required=False, widget=_textarea(3)
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
        kommun = self.fields["kommun"]
        kommun.widget = forms.Select(
            choices=[("", _("Välj kommun")), *municipalities], attrs={"class": "select"}
        )
        kommun.error_messages["required"] = _("Välj kommunen där personen bor.")
        for name in ("inlagd", "boende", "ta_sig", "alder", "niva", "forlopp", "roll"):
            field = self.fields[name]
            field.choices = [("", _("Inte angivet")), *field.choices]
        self.fields["behov"].widget = Checkboxes(choices=self.fields["behov"].choices)

    def additions_text(self):
        return {name: self.cleaned_data[name].strip() for name in self.ADDITION_FIELDS}


class ContactForm(SiteLook, forms.Form):
    role = forms.CharField(
        label=_("Roll"),
        max_length=120,
        required=False,
        help_text=_("T.ex. kommunens rehabkontakt eller hemtjänsten."),
    )
    name = forms.CharField(label=_("Namn"), max_length=120, required=False)
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )


class DateOrDateTimeField(forms.DateTimeField):
    """A day and time; or only a day (typed without a time), kept a date and printed without one."""

    def to_python(self, value):
        if isinstance(value, str) and len(value.strip()) == len("2026-12-03"):
            return forms.DateField(input_formats=["%Y-%m-%d"]).to_python(value.strip())
        return super().to_python(value)


class AppointmentForm(SiteLook, forms.Form):
    what = forms.CharField(label=_("Vad"), max_length=200, required=False)
    when = DateOrDateTimeField(
        label=_("När"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={
            "invalid": _("Skriv dagen som 2026-12-03, gärna med tid: 2026-12-03 10:30.")
        },
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


def folded_rows_typed_in(formset):
    """Whether a row after the first holds something typed: then its fold opens again, so what the
    nurse wrote is in sight when the form comes back with an error."""
    return formset.is_bound and any(form.has_changed() for form in formset.forms[1:])


def error_summary(form, contacts, appointments):
    """(input id, message) for each error on the page, for the summary at its top; a row's
    message says which row, since the rows' labels repeat."""
    summary = [(form.visible_fields()[0].id_for_label, error) for error in form.non_field_errors()]
    summary += [
        (field.id_for_label, f"{field.label}: {error}")
        for field in form.visible_fields()
        for error in field.errors
    ]
    for formset, row_name in ((contacts, _("Kontakt %(n)s")), (appointments, _("Besök %(n)s"))):
        first = formset.forms[0].visible_fields()[0].id_for_label if formset.forms else ""
        summary += [(first, error) for error in formset.non_form_errors()]
        for number, row in enumerate(formset.forms, start=1):
            summary += [
                (field.id_for_label, f"{row_name % {'n': number}}, {field.label}: {error}")
                for field in row.visible_fields()
                for error in field.errors
            ]
    return summary
