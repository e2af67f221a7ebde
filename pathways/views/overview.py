"""The responsibility overview of one municipality, read-only for everyone: /ansvar/<kommun>/."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..overview_page import overview_context


@require_GET
def responsibility_overview(request, code):
    return render(request, "pathways/overview.html", overview_context(code))
