"""`manage.py import_region dalarna.xlsx [--commit]`: shows what a region's workbook would change,
and saves it, all or nothing, only with --commit (pathways.workbook)."""

from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.workbook import import_workbook

COUNTS = {
    "new": gettext_lazy("nya"),
    "update": gettext_lazy("ändrade"),
    "skip": gettext_lazy("oförändrade"),
    "error": gettext_lazy("fel"),
    "invalid": gettext_lazy("fel"),
}


class Command(BaseCommand):
    help = (
        "Visar vad en regions arbetsbok skulle ändra; sparar allt eller inget med --commit. "
        "Den första importen skapar regionen och dess kommuner."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="arbetsboken, t.ex. dalarna.xlsx")
        parser.add_argument("--commit", action="store_true", help="spara ändringarna")

    def handle(self, *args, file, commit, **options):
        report = import_workbook(file.read_bytes(), commit=commit)
        for sheet in report.sheets:
            counts = ", ".join(
                f"{number} {COUNTS[kind]}"
                for kind, number in sheet.counts.items()
                if number and kind in COUNTS
            )
            self.stdout.write(f"{sheet.title}: {counts or _('inga rader')}")
            for change in sheet.changed:
                self.stdout.write(f"  {change}")
        if report.errors:
            for error in report.errors:
                self.stderr.write(error)
            raise CommandError(_("Inget sparades: rätta raderna ovan och importera igen."))
        if report.committed:
            self.stdout.write(_("Sparat."))
        else:
            self.stdout.write(_("Inget sparat än: kör igen med --commit för att spara."))
