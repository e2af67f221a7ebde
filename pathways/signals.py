"""Any change to regional data makes every cached catalog stale at once."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from . import catalog
from .models import (
    CareLevel,
    Guidance,
    Municipality,
    Profession,
    Region,
    Responsibility,
    Topic,
    Unit,
)

REGIONAL_DATA = (Region, Municipality, CareLevel, Unit, Profession, Topic, Responsibility, Guidance)


@receiver(post_save)
@receiver(post_delete)
def regional_data_changed(sender, **kwargs):
    if sender in REGIONAL_DATA:
        catalog.bump_version()


@receiver(m2m_changed, sender=Responsibility.professions.through)
def professions_changed(sender, **kwargs):
    catalog.bump_version()
