from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DischargeConfig(AppConfig):
    """Discharge maps made by staff: the public map plus sealed personal additions."""

    name = "pathways.discharge"
    label = "discharge"
    verbose_name = _("Utskrivningskartor")
