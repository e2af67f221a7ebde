"""`manage.py export_region dalarna dalarna.xlsx`: the region's workbook (pathways.workbook)."""

from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pathways.models import Region
from pathways.workbook import export_region


class Command(BaseCommand):
    help = "Skriver en regions uppgifter till en arbetsbok (XLSX), ett blad per sorts rad."

    def add_arguments(self, parser):
        parser.add_argument("region", help="regionens kortnamn, t.ex. dalarna")
        parser.add_argument("file", type=Path, help="arbetsboken som skrivs, t.ex. dalarna.xlsx")

    def handle(self, *args, region, file, **options):
        try:
            found = Region.objects.get(slug=region)
        except Region.DoesNotExist:
            raise CommandError(
                _("Det finns ingen region med kortnamnet ”%(slug)s”.") % {"slug": region}
            ) from None
        file.write_bytes(export_region(found))
        self.stdout.write(_("%(region)s: skrev %(file)s.") % {"region": found.name, "file": file})
