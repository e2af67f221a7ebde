from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PathwaysConfig(AppConfig):
    name = "pathways"
    verbose_name = _("Rehabiliteringsvägar")

    def ready(self):
        from . import oidc, signals  # noqa: F401  (the IdP's sign-in; cache invalidation on save)
