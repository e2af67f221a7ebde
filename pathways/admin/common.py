"""What every admin of regional content shares: region isolation and history, review and validity
filters, fieldsets, the review action and the list columns for review date, scope and conditions."""

from datetime import date

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..query import map_url
from ..rules import goes_before
from ..situation import CONDITION_NAMES, Situation
from .regions import RegionScopedAdmin
from .review import NeedsReviewFilter, mark_reviewed, next_review


def year_before(day: date) -> date:
    """The same date a year earlier (28 February for a leap day)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


class ReviewFilter(admin.SimpleListFilter):
    title = _("granskning")
    parameter_name = "granskad"

    def lookups(self, request, model_admin):
        return [
            ("gammal", _("för mer än 12 månader sedan")),
            ("ny", _("inom de senaste 12 månaderna")),
        ]

    def queryset(self, request, queryset):
        year_ago = year_before(timezone.localdate())
        if self.value() == "gammal":
            return queryset.filter(reviewed_on__lt=year_ago)
        if self.value() == "ny":
            return queryset.filter(reviewed_on__gte=year_ago)
        return queryset


class ValidityFilter(admin.SimpleListFilter):
    title = _("giltighet")
    parameter_name = "giltig"

    def lookups(self, request, model_admin):
        return [
            ("nu", _("gäller nu")),
            ("upphort", _("har upphört")),
            ("kommande", _("kommande")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "nu":
            return queryset.valid_on(today)
        if self.value() == "upphort":
            return queryset.filter(valid_to__lt=today)
        if self.value() == "kommande":
            return queryset.filter(valid_from__gt=today)
        return queryset


# Shared pieces of the content admins (CareLevel, Unit, Responsibility, Guidance)

SOURCE_FIELDSET = (
    _("Källa och giltighet"),
    {
        "fields": (
            "source_title",
            "source_url",
            ("reviewed_on", "compared_with", "source_dated"),
            ("reviewed_by", "next_review"),
            ("valid_from", "valid_to"),
            "is_demo",
            "updated_at",
            "patient_preview",
        ),
        "description": _(
            "Varifrån uppgiften kommer, när någon senast jämförde den med källan och med vad. "
            "Lämna giltighetsdatumen tomma om uppgiften gäller tills vidare."
        ),
    },
)

CONDITIONS_FIELDSET = (
    _("Villkor"),
    {
        "fields": (
            "municipality",
            # Two conditions a line, in QUESTIONS' order.
            *(CONDITION_NAMES[i : i + 2] for i in range(0, len(CONDITION_NAMES), 2)),
            "priority",
            "in_words",
        ),
        "description": _(
            "När regeln gäller. Ett tomt villkor betyder ”alla”. Ju fler villkor som är "
            "ifyllda, desto mer specifik är regeln; den mest specifika regeln vinner, och en "
            "kommuns egen regel går före regionens. En regel med högre företräde går före alla "
            "andra."
        ),
    },
)

CONDITION_LIST_FILTERS = ("in_hospital", "housing", "reaches_health_centre", "age_group")


class SourcedAdmin(RegionScopedAdmin):
    """Review date, demo flag and validity, shared by every admin of content shown to patients."""

    actions = [mark_reviewed]
    readonly_fields = ["updated_at", "reviewed_by", "next_review", "patient_preview", "in_words"]
    list_per_page = 50

    def get_readonly_fields(self, request, obj=None):
        # A new row says when its source was checked; after that only the review action changes
        # the date (pathways.admin.review).
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "reviewed_on", "compared_with"] if obj else fields

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), NeedsReviewFilter]

    @admin.display(description=_("senast granskad"), ordering="reviewed_on")
    def reviewed(self, obj):
        if obj.reviewed_on is None:
            return _("ej granskad")
        if next_review(obj) < timezone.localdate():
            return format_html(
                '<strong title="{}">{} ⚠</strong>',
                _("Nästa granskning har passerat"),
                date_format(obj.reviewed_on, "SHORT_DATE_FORMAT"),
            )
        return date_format(obj.reviewed_on, "SHORT_DATE_FORMAT")

    @admin.display(description=_("nästa granskning"))
    def next_review(self, obj):
        return date_format(next_review(obj), "SHORT_DATE_FORMAT") if obj.reviewed_on else _("nu")

    @admin.display(description=_("i klartext"))
    def in_words(self, obj):
        """Where and when the rule applies, and which saved rules it goes before."""
        if not obj.pk:
            return "–"
        where = obj.municipality.name if obj.municipality_id else obj.region.name
        said = _("Gäller i %(where)s: %(when)s.") % {"where": where, "when": self.conditions(obj)}
        others = [row.as_rule() for row in obj.competitors().exclude(pk=obj.pk)]
        beaten = goes_before(obj.as_rule(), others)
        if beaten:
            said += " " + _("Går före: %(rules)s.") % {"rules": "; ".join(r.label for r in beaten)}
        return said

    @admin.display(description=_("förhandsgranska som patient"))
    def patient_preview(self, obj):
        """A link to the map of a situation the row applies to: its conditions, in its
        municipality or the region's first."""
        region = getattr(obj, "region", None)
        municipality = getattr(obj, "municipality", None) or (
            region and region.municipalities.order_by("name").first()
        )
        if not obj.pk or municipality is None:
            return "–"
        conditions = {
            name: getattr(obj, name)
            for name in getattr(obj, "CONDITION_FIELDS", ())
            if getattr(obj, name) not in ("", None)
        }
        need = getattr(obj, "need", "")
        situation = Situation(
            municipality.code, needs=frozenset([need] if need else []), **conditions
        )
        return format_html(
            '<a href="{}">{}</a>',
            map_url(situation),
            _("Öppna kartan i en situation där uppgiften gäller"),
        )

    @admin.display(description=_("gäller i"), ordering="municipality__name")
    def scope(self, obj):
        if obj.municipality_id:
            return obj.municipality.name
        if obj.region_id is None:
            return _("hela landet")
        return _("hela regionen")

    @admin.display(description=_("villkor"))
    def conditions(self, obj):
        """The row's conditions in words, e.g. "Särskilt boende · Barn (under 18 år)"."""
        said = []
        for name in obj.CONDITION_FIELDS:
            if getattr(obj, name) not in ("", None):
                said.append(str(getattr(obj, f"get_{name}_display")()))
        return " · ".join(said) or _("alla situationer")


class SlugOnceAdmin(admin.ModelAdmin):
    """Slugs are natural keys in the fixtures and part of the public URLs and JSON: renaming one
    silently breaks links, so once saved it is a developer's change, not an administrator's."""

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "slug"] if obj else fields

    def get_prepopulated_fields(self, request, obj=None):
        # Not the class attribute: simple-history's version page reads that one, for a saved row.
        return {"slug": ["name"]} if obj is None else {}
