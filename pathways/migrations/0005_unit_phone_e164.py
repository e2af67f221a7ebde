"""Units' phone numbers stored as E.164 (+46920453000), as Unit.clean has stored every number an
editor saved; rows loaded from the older fixtures held the display form (0920-45 30 00). The same
numbers in the stored form, in the units and their history, so a later save shows no change of
number; each region's data version is new, so no cached catalog, map or PDF keeps the old form.
A number that cannot be read is left as it is: Unit.clean asks for it at the next save."""

from django.db import migrations

from pathways import phone
from pathways.catalog import new_version


def _convert(apps, convert):
    for name in ("Unit", "HistoricalUnit"):
        model = apps.get_model("pathways", name)
        for pk, number in model.objects.exclude(phone="").values_list("pk", "phone"):
            try:
                stored = convert(number)
            except phone.InvalidPhoneNumber:
                continue
            if stored != number:
                model.objects.filter(pk=pk).update(phone=stored)
    DataVersion = apps.get_model("pathways", "DataVersion")
    version = new_version()
    for region in apps.get_model("pathways", "Region").objects.values_list("pk", flat=True):
        DataVersion.objects.update_or_create(region_id=region, defaults={"version": version})


def to_e164(apps, schema_editor):
    _convert(apps, phone.normalise)


def to_display(apps, schema_editor):
    _convert(apps, phone.display)


class Migration(migrations.Migration):
    dependencies = [("pathways", "0004_unit_hsa_id")]

    operations = [migrations.RunPython(to_e164, to_display)]
