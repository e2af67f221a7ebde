"""Django's loaddata, giving each region one new data version for the whole load, inside its
transaction, instead of one per row (pathways.signals)."""

from django.core.management.commands import loaddata

from pathways.signals import one_version_per_load


class Command(loaddata.Command):
    def loaddata(self, fixture_labels):
        with one_version_per_load():
            super().loaddata(fixture_labels)
