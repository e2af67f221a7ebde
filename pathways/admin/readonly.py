"""An admin for evidence (the audits of discharge maps and of sign-ins): nobody may add, change or
delete a row, not even a superuser."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
