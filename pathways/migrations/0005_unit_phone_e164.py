"""Units' phone numbers stored as E.164 (+46920453000), as Unit.clean has stored every number an
editor saved; rows loaded from the older fixtures held the display form (0920-45 30 00). The same
numbers in the stored form, in the units and their history, so a later save shows no change of
number; each region's data version is new, so no cached catalog, map or PDF keeps the old form.
A number that cannot be read is left as it is: Unit.clean asks for it at the next save. The field
becomes a PhoneNumberField, whose form shows the number as written in Sweden."""

from django.db import migrations

import pathways.models
from pathways import phone
from pathways.catalog import new_version


def _convert(apps, convert):
    for name in ("Unit", "HistoricalUnit"):
        model = apps.get_model("pathways", name)
        for pk, number in model.objects.exclude(phone="").values_list("pk", "phone"):
            stored = convert(number)
            if stored != number:
                model.objects.filter(pk=pk).update(phone=stored)
    DataVersion = apps.get_model("pathways", "DataVersion")
    version = new_version()
    for region in apps.get_model("pathways", "Region").objects.values_list("pk", flat=True):
        DataVersion.objects.update_or_create(region_id=region, defaults={"version": version})


def to_e164(apps, schema_editor):
    _convert(apps, phone.read)  # one that cannot be read stays as it is


def to_display(apps, schema_editor):
    _convert(apps, phone.display)


class Migration(migrations.Migration):
    dependencies = [("pathways", "0004_unit_hsa_id")]

    operations = [
        # The field's class only: forms show the number as written in Sweden (no change in the
        # database's column).
        migrations.AlterField(
            model_name="historicalunit",
            name="phone",
            field=pathways.models.PhoneNumberField(
                blank=True, max_length=40, verbose_name="telefon"
            ),
        ),
        migrations.AlterField(
            model_name="unit",
            name="phone",
            field=pathways.models.PhoneNumberField(
                blank=True, max_length=40, verbose_name="telefon"
            ),
        ),
        migrations.RunPython(to_e164, to_display),
    ]
