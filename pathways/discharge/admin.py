"""Admin for the staff workspace's records: read-only, metadata only.

The audit trail is evidence, so nobody may add, change or delete an event, not even a superuser.
Discharge maps show who made them and when they expire; their content is ciphertext under a key
nobody here holds, so it is not shown at all.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pathways.admin.readonly import ReadOnlyAdmin

from .models import AuditEvent, DischargeMap


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "username", "unit", "map_id"]
    list_filter = ["action", "at"]
    search_fields = ["username", "unit", "=map_id"]
    date_hierarchy = "at"
    fields = readonly_fields = ("at", "action", "user", "username", "unit", "map_id")


@admin.register(DischargeMap)
class DischargeMapAdmin(ReadOnlyAdmin):
    list_display = ["id", "created_by", "unit", "created_at", "expires_at"]
    list_filter = ["created_at", "expires_at"]
    list_select_related = ["created_by"]
    search_fields = ["unit", "=id", "created_by__username"]
    fields = readonly_fields = (
        "id",
        "created_by",
        "unit",
        "params",
        "created_at",
        "expires_at",
        "content",
    )
    actions = None

    @admin.display(description=_("innehåll"))
    def content(self, obj):
        return _("Krypterat – kan bara läsas med personens länk.")
