"""A change to a region's rows gives that region a new data version; national rows, every region.

Only the content models are listened to (not sessions, users or audit events), and only the
regions a change touches go cold: a row moved from one region to another counts for both.
"""

import threading
from contextlib import contextmanager

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

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

NATIONAL = (Profession, Topic)  # shared by every region
REGIONAL = (Municipality, CareLevel, Unit, Responsibility, Guidance)  # by `region` (Unit: or none)
REGIONAL_DATA = (Region, *NATIONAL, *REGIONAL)  # every model whose rows a map shows


def _regions(instance):
    """The regions whose maps show this row; None for all of them."""
    if isinstance(instance, Region):
        return {instance.pk}
    if isinstance(instance, NATIONAL) or instance.region_id is None:
        return None
    return {instance.region_id, *getattr(instance, "_regions_before", ())}


def remember_region(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw:
        before = sender.objects.filter(pk=instance.pk).values_list("region_id", flat=True)
        instance._regions_before = set(before)


_loading = threading.local()


@contextmanager
def one_version_per_load():
    """Rows saved inside give each region they touch one new data version at the end, instead of
    one per row (loaddata: some 800 for the demo data)."""
    _loading.regions = touched = set()
    try:
        yield
    finally:
        del _loading.regions
    if touched:
        catalog.bump_version(None if None in touched else touched)


def content_changed(sender, instance, **kwargs):
    regions = _regions(instance)
    loading = getattr(_loading, "regions", None)
    if loading is not None:
        loading.update({None} if regions is None else regions)
        return
    catalog.bump_version(None if regions is None or None in regions else regions)


def professions_changed(sender, instance, **kwargs):
    content_changed(type(instance), instance)


for model in REGIONAL_DATA:
    post_save.connect(content_changed, sender=model)
    post_delete.connect(content_changed, sender=model)
for model in REGIONAL:
    pre_save.connect(remember_region, sender=model)
m2m_changed.connect(professions_changed, sender=Responsibility.professions.through)
