"""The rows' import and export resources: units (with their contact details) and guidance, as CSV and XLSX.

django-import-export shows what will change before anything is saved, runs the whole file in one
transaction (one bad row imports nothing) and saves row by row through Model.save, so history and
the catalogs' invalidation see an import as they see a form. What this module adds:
- regions by slug and municipalities by code, so a file reads the same in every database;
- an editor imports only into their own regions (a row of, or moved to, another region is refused);
- review dates are never changed by an import: an existing row keeps its own (and what it was
  compared with), a new row takes the day and the kind of its check (`compared_with`: sida,
  kopia, dokument; both empty: "ej granskad") from the file and counts as never reviewed here
  (reviewed_by empty);
- every row error in plain Swedish, naming the column and the value;
- the preview lists only the rows that change, each in words (ChangeInWords): a new row, or each
  changed column with its value before and after as the editor reads them (choices as labels,
  numbers as written), besides the colour.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from import_export import fields, resources, widgets
from import_export.results import RowResult

from . import phone
from .models import Conditions, Guidance, Municipality, Region, Unit

REVIEW_FIELDS = ("reviewed_on", "compared_with", "contact_reviewed_on")
SOURCE_FIELDS = (
    "source_title",
    "source_url",
    "reviewed_on",
    "compared_with",
    "source_dated",
    "valid_from",
    "valid_to",
    "is_demo",
)
CONDITION_FIELDS = ("municipality", *Conditions.CONDITION_FIELDS, "priority")


class CodeWidget(widgets.ForeignKeyWidget):
    """A row referred to by its code or slug; an unknown one is a row error, not a crash."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ObjectDoesNotExist:
            raise ValueError(_("finns inte")) from None


class DayWidget(widgets.DateWidget):
    """A date column holds days; XLSX cells come back as datetimes, which would count as a change."""

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value, row, **kwargs)
        return value.date() if isinstance(value, datetime) else value


def model_field(instance, column):
    """The model's field behind a column, or None for a column of the resource's own."""
    try:
        return instance._meta.get_field(column.attribute)
    except FieldDoesNotExist:
        return None


def shown(column, instance) -> str:
    """A column's value as the editor reads it: a choice's label, a number as Swedes write it."""
    field = model_field(instance, column)
    value = getattr(instance, column.attribute, None)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value or ""))
    if column.attribute == "phone":
        return phone.display(value or "")
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    exported = column.export(instance)
    return "" if exported is None else str(exported)


def named(column, instance) -> str:
    """The column as admin's form names it, and as the file does if that differs:
    "Telefon (phone)"."""
    field = model_field(instance, column)
    if field is None:
        return column.column_name
    label = capfirst(str(field.verbose_name))
    return label if label == column.column_name else f"{label} ({column.column_name})"


@dataclass
class Change:
    """One row an import adds or changes: its line in the file, and for a changed row each
    changed column with its value before and after."""

    line: int
    new: bool
    name: str
    columns: list[tuple[str, str, str]]

    @property
    def kind(self) -> str:
        return _("Ny rad") if self.new else _("Ändrad")

    def __str__(self):
        said = _("Rad %(line)s: %(kind)s – %(name)s") % {
            "line": self.line,
            "kind": self.kind,
            "name": self.name,
        }
        for column, before, after in self.columns:
            said += f"; {column}: {before or _('tomt')} → {after or _('tomt')}"
        return said


class ChangeInWords(resources.ModelResource):
    """Keeps each added or changed row's Change on its result (`row_result.change`); unchanged
    rows are counted but not listed (report_skipped off). A stored row's values are read before
    the file's are set on it (its many-to-many ones too, which only the database holds)."""

    def _values(self, instance):
        """Per column: what the import compares (the file's form and the stored one: a number
        written 0920-… may be stored +46…) and what the editor reads."""
        values = []
        for column in self.get_import_fields():
            field = model_field(instance, column)
            stored = (
                None if field is None or field.many_to_many else getattr(instance, field.attname)
            )
            values.append(((column.export(instance), stored), shown(column, instance)))
        return values

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        # The row as it is named now (an import may rename it) and its values now.
        instance._before_import = None if new else (str(instance), self._values(instance))

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if row_result.import_type not in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE):
            return
        instance = row_result.instance
        name, before = instance._before_import or (str(instance), None)
        columns = []
        if before is not None:
            after = self._values(instance)
            for column, (then, was), (now, is_) in zip(
                self.get_import_fields(), before, after, strict=True
            ):
                if then == now:
                    continue
                if is_ == was:  # the same to read, stored in another form
                    is_ = _("%(value)s (sparas i ny form)") % {"value": is_}
                columns.append((named(column, instance), was, is_))
        # The line as a spreadsheet numbers it: the header is line 1.
        row_result.change = Change(kwargs["row_number"] + 1, before is None, name, columns)


COUNTED = {
    RowResult.IMPORT_TYPE_NEW: ngettext_lazy("%(count)d ny rad", "%(count)d nya rader", "count"),
    RowResult.IMPORT_TYPE_UPDATE: ngettext_lazy("%(count)d ändrad", "%(count)d ändrade", "count"),
    RowResult.IMPORT_TYPE_SKIP: ngettext_lazy(
        "%(count)d oförändrad", "%(count)d oförändrade", "count"
    ),
}


def totals_in_words(totals) -> str:
    """An import's counts, e.g. "1 ändrad, 69 oförändrade" (rows in error are listed apart)."""
    said = [
        COUNTED[kind] % {"count": number}
        for kind, number in totals.items()
        if number and kind in COUNTED
    ]
    return ", ".join(said) or _("inga rader")


class RegionalResource(ChangeInWords):
    region = fields.Field("region", "region", CodeWidget(Region, "slug"))
    municipality = fields.Field("municipality", "municipality", CodeWidget(Municipality, "code"))

    def __init__(self, regions=None, **kwargs):
        super().__init__(**kwargs)
        self.regions = regions  # the ids an editor may import into; None for every region

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
            return DayWidget
        if isinstance(f, models.TextField):
            return widgets.CharWidget
        return super().widget_from_django_field(f, default)

    @classmethod
    def widget_kwargs_for_field(cls, field_name, django_field):
        # An empty cell is an empty text (e.g. no relative form), as for a CharField: the column
        # cannot be NULL.
        kwargs = super().widget_kwargs_for_field(field_name, django_field)
        if isinstance(django_field, models.TextField) and django_field.blank:
            kwargs.update({"coerce_to_string": True, "allow_blank": True})
        return kwargs

    def import_instance(self, instance, row, **kwargs):
        stored = None if instance._state.adding else instance
        kept = {name: getattr(instance, name) for name in REVIEW_FIELDS if hasattr(instance, name)}
        stored_region = instance.region_id
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            for name in error.error_dict:
                column = self.fields[name].column_name
                errors[name] = _("Värdet ”%(value)s” i kolumnen ”%(column)s” %(problem)s.") % {
                    "value": row.get(column, ""),
                    "column": column,
                    "problem": _("finns inte")
                    if isinstance(self.fields[name].widget, CodeWidget)
                    else _("går inte att läsa"),
                }
        if stored is not None:
            for name, value in kept.items():
                setattr(instance, name, value)
        if self.regions is not None and "region" not in errors:
            if stored is not None and stored_region not in self.regions:
                errors["region"] = _("Raden hör till en region du inte är redaktör för.")
            elif instance.region_id not in self.regions:
                errors["region"] = _("Du kan bara importera till regioner du är redaktör för.")
        if errors:
            raise ValidationError(errors)

    class Meta:
        skip_unchanged = True
        report_skipped = False
        store_instance = True  # for ChangeInWords
        clean_model_instances = True
        use_transactions = True


class PhoneWidget(widgets.CharWidget):
    """A number as Swedes write it (070-174 06 05), read in the form stored (+46…), so an
    unchanged number is not a change; one that cannot be read is left for the model to refuse."""

    def clean(self, value, row=None, **kwargs):
        return phone.read(super().clean(value, row, **kwargs))

    def render(self, value, obj=None, **kwargs):
        return phone.display(value or "")


class UnitResource(RegionalResource):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget = PhoneWidget()

    class Meta(RegionalResource.Meta):
        model = Unit
        fields = (
            "id",
            "name",
            "kind",
            "principal",
            "region",
            "municipality",
            "care_level",
            "description",
            "description_for_relative",
            "address",
            "phone",
            "email",
            "web",
            "page_1177",
            "opening_hours",
            "accepts_self_referral",
            "digital_options",
            "contact_source_url",
            "contact_reviewed_on",
            "hsa_id",
            *SOURCE_FIELDS,
        )


class GuidanceResource(RegionalResource):
    class Meta(RegionalResource.Meta):
        model = Guidance
        fields = (
            "id",
            "region",
            *CONDITION_FIELDS,
            "section",
            "key",
            "need",
            "title",
            "text",
            "title_for_relative",
            "text_for_relative",
            "order",
            *SOURCE_FIELDS,
        )
