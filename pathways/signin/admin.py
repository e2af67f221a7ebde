"""The sign-in audit in admin: read-only for everyone, as the discharge maps' audit is."""

from django.contrib import admin

from pathways.admin.readonly import ReadOnlyAdmin

from .models import SignInEvent


@admin.register(SignInEvent)
class SignInEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "event", "login", "user", "ip"]
    list_filter = ["event", "at"]
    list_select_related = ["user"]
    search_fields = ["login", "=ip"]
    date_hierarchy = "at"
    fields = readonly_fields = ("at", "event", "user", "login", "ip")
    actions = None
