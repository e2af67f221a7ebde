"""The review dashboard and the map preview on the admin index (templates/admin/index.html)."""

from django import template

from ..admin.regions import region_ids
from ..admin.review import dashboard
from ..models import Municipality

register = template.Library()


@register.inclusion_tag("admin/review_dashboard.html", takes_context=True)
def review_dashboard(context):
    request = context["request"]
    ids = region_ids(request)
    municipalities = Municipality.objects.select_related("region")
    if ids is not None:
        municipalities = municipalities.filter(region__in=ids)
    return {"regions": dashboard(request), "municipalities": municipalities}
