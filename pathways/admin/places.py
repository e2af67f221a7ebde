"""Regions, their municipalities and care levels: the places the content belongs to."""

from django.contrib import admin
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..choices import ComparedWith
from ..models import CareLevel, Municipality, Region, Unit
from ..overview_page import overview_context
from .common import SOURCE_FIELDSET, ReviewFilter, SlugOnceAdmin, SourcedAdmin, ValidityFilter
from .regions import RegionScopedAdmin


class ContentInlineFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        # The review date is read-only here (only the review action changes it); a row added
        # on this page was entered from its (live) source today.
        if form.instance.pk is None:
            form.instance.reviewed_on = timezone.localdate()
            form.instance.compared_with = ComparedWith.LIVE_PAGE


class CareLevelInline(admin.StackedInline):
    model = CareLevel
    formset = ContentInlineFormSet
    readonly_fields = ["reviewed_on"]
    extra = 0
    max_num = 3
    fields = (
        ("number", "name"),
        "description",
        "where",
        "description_for_relative",
        "where_for_relative",
        "source_title",
        "source_url",
        ("reviewed_on", "is_demo"),
        ("valid_from", "valid_to"),
    )
    show_change_link = True


@admin.register(Region)
class RegionAdmin(SlugOnceAdmin, RegionScopedAdmin):
    region_field = None
    list_display = ["name", "slug", "health_centre_word", "home_care_word", "municipality_count"]
    search_fields = ["name", "slug"]
    inlines = [CareLevelInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "web", "review_interval_months"]}),
        (_("Redaktörer"), {"fields": ["editors"]}),
        (
            _("Regionens egna ord"),
            {"fields": ["health_centre_word", "health_centre_word_definite", "home_care_word"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(municipality_count=Count("municipalities"))

    def has_delete_permission(self, request, obj=None):
        # Deleting a region would take all its content with it; that is never an edit.
        return False

    @admin.display(description=_("kommuner"), ordering="municipality_count")
    def municipality_count(self, obj):
        return obj.municipality_count


class UnitInlineFormSet(ContentInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        # A unit added here belongs to the municipality's region (Unit.clean checks that).
        form.instance.region_id = self.instance.region_id


class UnitInline(admin.TabularInline):
    model = Unit
    formset = UnitInlineFormSet
    readonly_fields = ["reviewed_on"]
    extra = 0
    fields = ("name", "kind", "principal", "phone", "source_title", "reviewed_on", "is_demo")
    show_change_link = True


@admin.register(Municipality)
class MunicipalityAdmin(RegionScopedAdmin):
    list_display = ["name", "code", "authority_name", "region", "minority_languages", "unit_count"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "code", "authority_name"]
    autocomplete_fields = ["region"]
    inlines = [UnitInline]
    fieldsets = [
        (None, {"fields": ["name", "authority_name", "code", "region", "overview_link"]}),
        (_("Läge och språk"), {"fields": ["latitude", "longitude", "minority_languages"]}),
    ]

    readonly_fields = ["overview_link"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(unit_count=Count("units"))

    def get_urls(self):
        overview = path(
            "<path:object_id>/ansvar/",
            self.admin_site.admin_view(self.overview_view),
            name="pathways_municipality_overview",
        )
        return [overview, *super().get_urls()]

    def overview_view(self, request, object_id):
        """Who answers each topic in each typical situation here (pathways.overview)."""
        municipality = self.get_object(request, object_id)  # 404 outside the editor's regions
        context = {
            **self.admin_site.each_context(request),
            **overview_context(municipality.code),
            "title": _("Så fördelas ansvaret i %(name)s") % {"name": municipality.name},
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/pathways/municipality/overview.html", context)

    @admin.display(description=_("ansvarsöversikt"))
    def overview_link(self, obj):
        if not obj.pk:
            return "–"
        url = reverse("admin:pathways_municipality_overview", args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a>', url, _("Vem ansvarar för vad, situation för situation")
        )

    def has_delete_permission(self, request, obj=None):
        # A municipality's units and rules would go with it; municipalities change by fixture.
        return False

    @admin.display(description=_("enheter"), ordering="unit_count")
    def unit_count(self, obj):
        return obj.unit_count


@admin.register(CareLevel)
class CareLevelAdmin(SourcedAdmin):
    list_display = ["name", "number", "region", "reviewed", "is_demo"]
    list_filter = ["region", "number", "is_demo", ReviewFilter, ValidityFilter]
    list_select_related = ["region"]
    search_fields = ["name", "description", "where", "region__name"]
    autocomplete_fields = ["region"]
    fieldsets = [
        (None, {"fields": ["region", "number", "name"]}),
        (
            _("Vad som gäller"),
            {"fields": ["description", "where", "description_for_relative", "where_for_relative"]},
        ),
        SOURCE_FIELDSET,
    ]
