from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignInConfig(AppConfig):
    """Who signed in, who failed and who was stopped; and the limits that stop them."""

    name = "pathways.signin"
    label = "signin"
    verbose_name = _("Inloggningar")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receivers)
