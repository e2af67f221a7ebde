"""The responsibility overview of one municipality, read-only for everyone: /ansvar/<kommun>/.

It runs the rules for twelve situations, so it is kept like a map page (pathways.pagecache): under
the region's data version, the language, the day and its address."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..overview_page import overview_context
from ..pagecache import cached_page


@require_GET
def responsibility_overview(request, code):
    def render_page(request, extra_context):
        context = {**overview_context(code), **extra_context}
        return render(request, "pathways/overview.html", context)

    return cached_page(request, render_page, code)
