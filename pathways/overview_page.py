"""The responsibility overview of one municipality as a page shows it: the public page
(/ansvar/<kommun>/, pathways.views.overview) and the admin's municipality page
(pathways.admin.places) render the same context, so neither imports the other."""

from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from .catalog import catalog_for_municipality
from .choices import UnitKind
from .models import Municipality, Region
from .months import add_months
from .overview import overview
from .readiness import readiness


def readiness_rows(catalog, municipality_ids, day):
    """Each municipality's readiness (pathways/_readiness.html) with the admin form that adds its
    switchboard, prefilled. `municipality_ids`: {code: pk} of the municipalities to show."""
    add = reverse("admin:pathways_unit_add")
    shown = [code for code in municipality_ids if code in catalog.municipalities]
    rows = []
    for code in sorted(shown, key=lambda code: catalog.municipalities[code].name):
        prefill = {
            "kind": UnitKind.SWITCHBOARD,
            "region": catalog.region.id,
            "municipality": municipality_ids[code],
        }
        rows.append((readiness(catalog, code, day), f"{add}?{urlencode(prefill)}"))
    return rows


def overview_context(code):
    """What the public page and the admin page both show (pathways/_overview_table.html)."""
    catalog = catalog_for_municipality(code)
    if catalog is None or code not in catalog.municipalities:
        raise Http404
    region = Region.objects.get(pk=catalog.region.id)
    today = timezone.localdate()
    pk = Municipality.objects.values_list("pk", flat=True).get(code=code)
    return {
        "municipality": catalog.municipalities[code],
        "region": catalog.region,
        "rows": overview(catalog, code, today),
        "due_before": add_months(today, -region.review_interval_months),
        "readiness": readiness_rows(catalog, {code: pk}, today),
    }
