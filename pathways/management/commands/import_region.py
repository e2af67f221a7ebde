"""`manage.py import_region dalarna.xlsx [--commit]`: shows what a region's workbook would change,
and saves it, all or nothing, only with --commit (pathways.workbook)."""

from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pathways.resources import totals_in_words
from pathways.workbook import import_workbook


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
            self.stdout.write(f"{sheet.title}: {totals_in_words(sheet.counts)}")
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
