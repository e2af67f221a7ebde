"""A region's data as one workbook (XLSX): a sheet per kind of row, read and written by people.

The sheets are django-import-export resources with Swedish column headers (the fields' own
verbose names) and choices written as their Swedish labels; a last sheet, "Kolumner", explains
every column. Importing a workbook runs every sheet in one transaction, in the order the rows
refer to each other (region, municipalities, care levels, units, responsibilities, guidance), and
keeps it only when asked to and when no row has an error. The content sheets use the admin's
resources (pathways.resources), so an import keeps review dates as an admin import does: an
existing row keeps its own, whatever the file says. The limits and formula handling of admin's
imports and exports apply too (pathways.safe_files); an editor (admin's workbook page,
pathways.admin.workbook) imports only their own regions' workbooks, and only rows of the kinds they
may add or change in admin.
"""

from dataclasses import dataclass, field

import tablib
from django.db import transaction
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import fields, widgets

from . import safe_files
from .models import CareLevel, Municipality, Profession, Region, Responsibility, Topic, Unit
from .resources import (
    CONDITION_FIELDS,
    SOURCE_FIELDS,
    Change,
    ChangeInWords,
    CodeWidget,
    GuidanceResource,
    RegionalResource,
    UnitResource,
)
from .signals import one_version_per_load

EXPLANATION_SHEET = "Kolumner"


class LabelWidget(widgets.Widget):
    """A choice written as its Swedish label; the code is accepted too."""

    def __init__(self, choices, empty):
        self.choices = [(code, str(label)) for code, label in choices if code not in ("", None)]
        self.empty = empty

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return self.empty
        text = str(value).strip().casefold()
        for code, label in self.choices:
            if text in (label.casefold(), str(code).casefold()):
                return code
        raise ValueError(_("är inte ett av valen"))

    def render(self, value, obj=None, **kwargs):
        return dict(self.choices).get(value, "")


class YesNoWidget(widgets.BooleanWidget):
    """Ja or nej, as a person writes it."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str) and value.strip().casefold() in ("ja", "nej"):
            return value.strip().casefold() == "ja"
        return super().clean(value, row, **kwargs)

    def render(self, value, obj=None, **kwargs):
        return _("ja") if value else _("nej")


class SwedishColumns(ChangeInWords):
    """Headers from the fields' verbose names, choices as labels, booleans as ja/nej."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, column in self.fields.items():
            model_field = self._meta.model._meta.get_field(name)
            column.column_name = capfirst(str(model_field.verbose_name))
            if model_field.choices:
                column.widget = LabelWidget(model_field.choices, None if model_field.null else "")
            elif model_field.get_internal_type() == "BooleanField":
                column.widget = YesNoWidget()

    def explanations(self):
        """(column, what it holds) for every column of the sheet."""
        for name, column in self.fields.items():
            model_field = self._meta.model._meta.get_field(name)
            text = str(model_field.help_text)
            if model_field.choices:
                labels = ", ".join(label for _code, label in column.widget.choices)
                text = f"{text} {_('Ett av')}: {labels}.".strip()
            if name == "id":
                text = _("Radens nummer. Lämna tomt för en ny rad.")
            yield column.column_name, text


class RegionSheet(SwedishColumns):
    class Meta:
        model = Region
        import_id_fields = ["slug"]
        fields = (
            "slug",
            "name",
            "health_centre_word",
            "health_centre_word_definite",
            "home_care_word",
            "web",
            "review_interval_months",
        )
        skip_unchanged = True
        report_skipped = False
        store_instance = True  # for ChangeInWords
        clean_model_instances = True


class MunicipalitySheet(SwedishColumns, RegionalResource):
    class Meta(RegionalResource.Meta):
        model = Municipality
        import_id_fields = ["code"]
        fields = (
            "code",
            "name",
            "authority_name",
            "region",
            "latitude",
            "longitude",
            "minority_languages",
        )


class CareLevelSheet(SwedishColumns, RegionalResource):
    class Meta(RegionalResource.Meta):
        model = CareLevel
        fields = (
            "id",
            "region",
            "number",
            "name",
            "description",
            "where",
            "description_for_relative",
            "where_for_relative",
            *SOURCE_FIELDS,
        )


class UnitSheet(SwedishColumns, UnitResource):
    pass


class ResponsibilitySheet(SwedishColumns, RegionalResource):
    topic = fields.Field("topic", "topic", CodeWidget(Topic, "slug"))
    unit = fields.Field("unit", "unit", CodeWidget(Unit))
    professions = fields.Field(
        "professions", "professions", widgets.ManyToManyWidget(Profession, ",", "slug")
    )

    class Meta(RegionalResource.Meta):
        model = Responsibility
        fields = (
            "id",
            "region",
            *CONDITION_FIELDS,
            "topic",
            "principal",
            "unit_kind",
            "unit",
            "text",
            "explanation",
            "text_for_relative",
            "explanation_for_relative",
            "easy_text",
            "professions",
            *SOURCE_FIELDS,
        )


class GuidanceSheet(SwedishColumns, GuidanceResource):
    pass


# In the order the rows refer to each other; the sheet names are what a person sees.
SHEETS = [
    ("Region", RegionSheet, "slug"),
    ("Kommuner", MunicipalitySheet, "region__slug"),
    ("Vårdnivåer", CareLevelSheet, "region__slug"),
    ("Enheter", UnitSheet, "region__slug"),
    ("Ansvar", ResponsibilitySheet, "region__slug"),
    ("Vägledning", GuidanceSheet, "region__slug"),
]


def export_region(region: Region) -> bytes:
    """The region's workbook, as XLSX bytes."""
    book = tablib.Databook()
    explained = tablib.Dataset(headers=[_("Blad"), _("Kolumn"), _("Förklaring")])
    explained.title = EXPLANATION_SHEET
    with translation.override("sv"):
        for title, sheet, region_lookup in SHEETS:
            resource = sheet()
            rows = resource._meta.model.objects.filter(**{region_lookup: region.slug})
            dataset = resource.export(queryset=rows.order_by("pk"), force_native_type=True)
            dataset = safe_files.escaped(dataset)
            dataset.title = title
            book.add_sheet(dataset)
            for column, text in resource.explanations():
                explained.append([title, column, text])
    book.add_sheet(explained)
    return book.export("xlsx")


@dataclass
class SheetReport:
    title: str
    counts: dict[str, int]
    changed: list[Change] = field(default_factory=list)  # the rows added or changed, in words


@dataclass
class ImportReport:
    sheets: list[SheetReport]
    errors: list[str]  # "Blad Enheter, rad 5, kolumn Typ: …"
    committed: bool


def _workbook_region(dataset, regions) -> set[int]:
    """The id of the region the workbook's Region sheet names (once imported), if allowed."""
    slug = dataset.dict[0].get(RegionSheet().fields["slug"].column_name)
    found = set(Region.objects.filter(slug=slug).values_list("pk", flat=True))
    return found if regions is None else found & set(regions)


def _read(content: bytes) -> dict[str, tablib.Dataset]:
    """The workbook's sheets by title, within admin's import limits (safe_files.RefusedFile)."""
    safe_files.check_size(content)
    safe_files.check_unpacked_size(content)
    book = tablib.Databook()
    try:
        book.load(content, "xlsx")
    except Exception as error:  # openpyxl has no one error for a zip that is not a workbook
        raise safe_files.RefusedFile(safe_files.unreadable(error)) from None
    return {dataset.title: safe_files.checked(dataset) for dataset in book.sheets()}


def _refused(title, model, changes, user) -> list[str]:
    """The changes a user may not save: in admin they could not add or change that kind of row."""
    opts = model._meta
    return [
        _(
            "Blad %(sheet)s, rad %(row)s: du får inte ändra %(what)s här. Ändra inte bladet, "
            "eller be en administratör."
        )
        % {"sheet": title, "row": change.line, "what": opts.verbose_name_plural}
        for change in changes
        if not user.has_perm(
            f"{opts.app_label}.{'add' if change.new else 'change'}_{opts.model_name}"
        )
    ]


def import_workbook(content: bytes, commit: bool = False, regions=None, user=None) -> ImportReport:
    """Imports every sheet of a workbook in one transaction, kept only if `commit` and no errors.

    `regions`: the ids an editor may import into, `user`: whose permissions decide which kinds of
    rows may change (None and None: every region and row, the command line).
    """
    try:
        given = _read(content)
    except safe_files.RefusedFile as refused:
        return ImportReport([], [str(refused)], False)
    reports, errors = [], []
    if "Region" not in given or len(given["Region"]) != 1:
        return ImportReport(
            [], [_("Arbetsboken ska ha bladet Region med en rad: regionen.")], False
        )
    if regions is not None and not _workbook_region(given["Region"], regions):
        return ImportReport(
            [],
            [_("Arbetsboken gäller en region du inte är redaktör för. Inget importerades.")],
            False,
        )
    with translation.override("sv"), transaction.atomic():
        with one_version_per_load():
            for title, sheet, _lookup in SHEETS:
                if title not in given:
                    continue
                if sheet is RegionSheet:
                    resource = sheet()
                else:
                    # One region's workbook: a row of another region is refused, not moved.
                    resource = sheet(regions=_workbook_region(given["Region"], regions))
                result = resource.import_data(
                    given[title],
                    dry_run=False,
                    raise_errors=False,
                    use_transactions=True,
                    retain_instance_in_row_result=True,
                )
                columns = {name: column.column_name for name, column in resource.fields.items()}
                for invalid in result.invalid_rows:
                    for name, messages in invalid.error_dict.items():
                        for message in messages:
                            errors.append(
                                _("Blad %(sheet)s, rad %(row)s, kolumn %(column)s: %(message)s")
                                % {
                                    "sheet": title,
                                    "row": invalid.number + 1,
                                    "column": columns.get(name, name),
                                    "message": message,
                                }
                            )
                for number, row_errors in result.row_errors():
                    for error in row_errors:
                        errors.append(
                            _("Blad %(sheet)s, rad %(row)s: %(message)s")
                            % {"sheet": title, "row": number + 1, "message": error.error}
                        )
                changed = [row.change for row in result.rows if hasattr(row, "change")]
                if user is not None:
                    errors += _refused(title, resource._meta.model, changed, user)
                reports.append(SheetReport(title, dict(result.totals), changed))
        committed = commit and not errors
        if not committed:
            transaction.set_rollback(True)
    return ImportReport(reports, errors, committed)
