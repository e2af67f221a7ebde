"""What every admin of regional content shares: review and validity filters, fieldsets, the
review action and the list columns for review date, scope and conditions."""

from datetime import date

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import catalog


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
            "reviewed_on",
            ("valid_from", "valid_to"),
            "is_demo",
            "updated_at",
        ),
        "description": _(
            "Varifrån uppgiften kommer och när någon senast kontrollerade den. "
            "Lämna giltighetsdatumen tomma om uppgiften gäller tills vidare."
        ),
    },
)

CONDITIONS_FIELDSET = (
    _("Villkor"),
    {
        "fields": (
            "municipality",
            ("in_hospital", "housing"),
            ("reaches_health_centre", "age_group"),
            ("level", "process"),
            "role",
        ),
        "description": _(
            "När regeln gäller. Ett tomt villkor betyder ”alla”. Ju fler villkor som är "
            "ifyllda, desto mer specifik är regeln; den mest specifika regeln vinner, och en "
            "kommuns egen regel går före regionens."
        ),
    },
)

CONDITION_LIST_FILTERS = ("in_hospital", "housing", "reaches_health_centre", "age_group")


class SourcedAdmin(admin.ModelAdmin):
    """Review date, demo flag and validity, shared by every admin of content shown to patients."""

    actions = ["mark_reviewed"]
    readonly_fields = ["updated_at"]
    list_per_page = 50

    @admin.action(description=_("Markera som granskad i dag"))
    def mark_reviewed(self, request, queryset):
        # One UPDATE; it sends no post_save, so the cached catalogs are made stale here.
        count = queryset.update(reviewed_on=timezone.localdate(), updated_at=timezone.now())
        catalog.bump_version()
        self.message_user(
            request,
            ngettext(
                "%(count)d rad markerad som granskad i dag.",
                "%(count)d rader markerade som granskade i dag.",
                count,
            )
            % {"count": count},
        )

    @admin.display(description=_("senast granskad"), ordering="reviewed_on")
    def reviewed(self, obj):
        if obj.reviewed_on < year_before(timezone.localdate()):
            return format_html(
                '<strong title="{}">{} ⚠</strong>',
                _("Granskades för mer än 12 månader sedan"),
                date_format(obj.reviewed_on, "SHORT_DATE_FORMAT"),
            )
        return date_format(obj.reviewed_on, "SHORT_DATE_FORMAT")

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

    prepopulated_fields = {"slug": ["name"]}

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "slug"] if obj else fields

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if obj is None else {}
