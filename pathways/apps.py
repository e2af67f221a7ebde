from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PathwaysConfig(AppConfig):
    name = "pathways"
    verbose_name = _("Rehabiliteringsvägar")

    def ready(self):
        # Cache invalidation on save; the staff workspace's read-only admin (audit, discharge maps).
        from . import signals, staff_admin  # noqa: F401
