"""The demo regions' data for `make run`, loaded into an empty database only.

Loading the fixtures again would overwrite what someone edited in admin, with no history entry;
so a database that already holds a region (demo or real) is left as it is, and the command says so.
"""

from django.core.management import BaseCommand, call_command
from django.utils.translation import gettext as _

from pathways import DEMO_FIXTURES
from pathways.models import Region, Topic


class Command(BaseCommand):
    help = "Läser in demodata (nationella texter, Norrbotten och Dalarna) i en tom databas."

    def handle(self, *args, **options):
        if Region.objects.exists() or Topic.objects.exists():
            self.stdout.write(
                _(
                    "Databasen har redan data; demodata läses inte in igen, så dina ändringar "
                    "finns kvar. (Töm databasen för att börja om med demodata.)"
                )
            )
            return
        call_command("loaddata", *DEMO_FIXTURES, verbosity=options["verbosity"])
