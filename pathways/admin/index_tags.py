"""The review dashboard and the map preview on the admin index (templates/admin/index.html).

The admin's own template library: registered as `review_tags` in TEMPLATES (navigator/settings.py)
rather than in pathways/templatetags, so it lives, and imports the admin, inside the admin."""

from django import template
from django.utils import timezone

from ..catalog import load_catalog
from ..models import Municipality
from ..overview_page import readiness_rows
from .regions import region_ids
from .review import dashboard

register = template.Library()


@register.inclusion_tag("admin/review_dashboard.html", takes_context=True)
def review_dashboard(context):
    request = context["request"]
    ids = region_ids(request)
    municipalities = Municipality.objects.select_related("region")
    if ids is not None:
        municipalities = municipalities.filter(region__in=ids)
    regions = dashboard(request)
    today = timezone.localdate()
    for item in regions:
        ids = {m.code: m.pk for m in municipalities if m.region_id == item["region"].pk}
        item["readiness"] = readiness_rows(load_catalog(item["region"].slug), ids, today)
    return {"regions": regions, "municipalities": municipalities}
