"""What patients read: units, responsibilities and guidance, and the vocabulary they use."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .. import hsds, phone
from ..models import Guidance, Profession, Responsibility, Topic, Unit
from ..resources import GuidanceResource, UnitResource
from .common import (
    CONDITION_LIST_FILTERS,
    CONDITIONS_FIELDSET,
    SOURCE_FIELDSET,
    ReviewFilter,
    SlugOnceAdmin,
    SourcedAdmin,
    ValidityFilter,
)
from .transfer import RegionalImportExportMixin


@admin.register(Profession)
class ProfessionAdmin(SlugOnceAdmin):
    list_display = ["name", "slug", "order", "responsibility_count"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]
    fields = ["name", "slug", "description", "description_for_relative", "order"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(responsibility_count=Count("responsibility"))

    @admin.display(description=_("används i ansvar"), ordering="responsibility_count")
    def responsibility_count(self, obj):
        return obj.responsibility_count


@admin.register(Topic)
class TopicAdmin(SlugOnceAdmin):
    list_display = ["name", "slug", "need", "order", "responsibility_count"]
    list_editable = ["order"]
    list_filter = ["need"]
    search_fields = ["name", "slug", "description"]
    fields = ["name", "slug", "description", "need", "order"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(responsibility_count=Count("responsibilities"))
        )

    @admin.display(description=_("antal ansvar"), ordering="responsibility_count")
    def responsibility_count(self, obj):
        return obj.responsibility_count


@admin.register(Unit)
class UnitAdmin(RegionalImportExportMixin, SourcedAdmin):
    resource_classes = [UnitResource]
    # The number next to the name: what an editor looks up, visible on a 1280 px screen with
    # admin's two sidebars (the columns after it may scroll sideways).
    list_display = [
        "name",
        "phone_number",
        "kind",
        "principal",
        "scope",
        "region",
        "accepts_self_referral",
        "reviewed",
        "is_demo",
    ]
    list_filter = [
        "region",
        ("municipality", admin.RelatedOnlyFieldListFilter),
        "kind",
        "principal",
        "care_level",
        "accepts_self_referral",
        "is_demo",
        ReviewFilter,
        ValidityFilter,
    ]
    list_select_related = ["region", "municipality"]
    search_fields = ["name", "description", "address", "phone", "municipality__name"]
    autocomplete_fields = ["region", "municipality"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "principal", "region", "municipality", "care_level"]}),
        (
            _("Kontakt"),
            {
                "fields": [
                    "description",
                    "description_for_relative",
                    "address",
                    ("phone", "email"),
                    ("web", "page_1177"),
                    "opening_hours",
                    "accepts_self_referral",
                    "digital_options",
                    ("contact_source_url", "contact_reviewed_on"),
                    "hsa_id",
                ],
                "description": _(
                    "Telefonnumret sparas i standardform och visas grupperat. Ange varifrån "
                    "kontaktuppgifterna kommer och när de kontrollerades, om det är en annan "
                    "sida än enhetens källa nedan."
                ),
            },
        ),
        SOURCE_FIELDSET,
    ]

    class Media:
        css = {"all": ["css/admin_lists.css"]}

    @admin.display(description=_("telefon"), ordering="phone")
    def phone_number(self, obj):
        return phone.display(obj.phone)

    def get_urls(self):
        hsds_url = path(
            "hsds.json", self.admin_site.admin_view(self.hsds_view), name="pathways_unit_hsds"
        )
        return [hsds_url, *super().get_urls()]

    def hsds_view(self, request):
        """The units the user may see, as an Open Referral HSDS directory (pathways/hsds.py)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        directory = hsds.directory(self.get_queryset(request))
        return JsonResponse(directory, json_dumps_params={"ensure_ascii": False})


class ResponsibilityForm(forms.ModelForm):
    def _post_clean(self):
        # Responsibility.clean() reads self.topic to look for conflicting rules and would crash
        # without one; a missing topic is already a form error, so the model checks can wait.
        if "topic" in self.errors:
            return
        super()._post_clean()


@admin.register(Responsibility)
class ResponsibilityAdmin(SourcedAdmin):
    form = ResponsibilityForm
    list_display = [
        "topic",
        "principal",
        "scope",
        "conditions",
        "region",
        "reviewed",
        "is_demo",
    ]
    list_filter = [
        "region",
        ("municipality", admin.RelatedOnlyFieldListFilter),
        "topic",
        "principal",
        *CONDITION_LIST_FILTERS,
        "is_demo",
        ReviewFilter,
        ValidityFilter,
    ]
    list_select_related = ["region", "municipality", "topic"]
    search_fields = ["text", "explanation", "topic__name", "municipality__name", "source_title"]
    autocomplete_fields = ["region", "municipality", "topic", "unit", "professions"]
    fieldsets = [
        (None, {"fields": ["region", "topic"]}),
        CONDITIONS_FIELDSET,
        (
            _("Vad som gäller"),
            {
                "fields": [
                    "principal",
                    ("unit_kind", "unit"),
                    # The easy-to-read version beside the text it rewrites (/karta/lattlast/).
                    ("text", "easy_text"),
                    "explanation",
                    "text_for_relative",
                    "explanation_for_relative",
                    "professions",
                ]
            },
        ),
        SOURCE_FIELDSET,
    ]


@admin.register(Guidance)
class GuidanceAdmin(RegionalImportExportMixin, SourcedAdmin):
    resource_classes = [GuidanceResource]
    list_display = [
        "__str__",
        "section",
        "key",
        "need",
        "scope",
        "conditions",
        "order",
        "region",
        "reviewed",
        "is_demo",
    ]
    list_filter = [
        "region",
        ("municipality", admin.RelatedOnlyFieldListFilter),
        "section",
        "need",
        *CONDITION_LIST_FILTERS,
        "is_demo",
        ReviewFilter,
        ValidityFilter,
    ]
    list_select_related = ["region", "municipality"]
    search_fields = ["title", "text", "key", "source_title"]
    autocomplete_fields = ["region", "municipality"]
    fieldsets = [
        (None, {"fields": ["region", "section", "key", "need"]}),
        CONDITIONS_FIELDSET,
        (
            _("Vad som gäller"),
            {"fields": ["title", "text", "title_for_relative", "text_for_relative", "order"]},
        ),
        SOURCE_FIELDSET,
    ]
