"""The responsibility overview of one municipality, read-only for everyone: /ansvar/<kommun>/."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..admin.review import add_months
from ..catalog import catalog_for_municipality
from ..models import Region
from ..overview import overview


def overview_context(code):
    """What the public page and the admin page both show (pathways/_overview_table.html)."""
    catalog = catalog_for_municipality(code)
    if catalog is None or code not in catalog.municipalities:
        raise Http404
    region = Region.objects.get(pk=catalog.region.id)
    today = timezone.localdate()
    return {
        "municipality": catalog.municipalities[code],
        "region": catalog.region,
        "rows": overview(catalog, code, today),
        "due_before": add_months(today, -region.review_interval_months),
    }


@require_GET
def responsibility_overview(request, code):
    return render(request, "pathways/overview.html", overview_context(code))
