"""The start page and the accessibility statement."""

from datetime import date

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import catalog as catalogs
from ..choices import UnitKind
from ..flow import KEYS
from ..models import Region

# The accessibility statement's dates (lag 2018:1937): update them with every new assessment.
ACCESSIBILITY_ASSESSED_ON = date(2026, 11, 23)
ACCESSIBILITY_UPDATED_ON = date(2026, 11, 23)


def national_units():
    """The national advice lines as the data has them, or [] before data is loaded.

    They are the same in every region's catalog, so any region's will do.
    """
    slugs = sorted(set(catalogs.region_codes().values()))
    if not slugs:
        return []
    today = timezone.localdate()
    units = catalogs.load_catalog(slugs[0]).units
    return [
        u
        for u in units
        if u.is_national and u.kind == UnitKind.ADVICE_LINE and u.source.valid_on(today)
    ]


@require_GET
def start(request):
    if KEYS.intersection(request.GET):
        # A map URL's answers ("Ändra svar" on the map, a bookmark): seed the questions with them.
        return redirect(f"{reverse('questions')}?{request.GET.urlencode()}")
    units = national_units()
    context = {
        "national_units": units,
        "has_demo": any(u.source.is_demo for u in units),
    }
    return render(request, "pathways/start.html", context)


@require_GET
def accessibility(request):
    context = {
        "assessed_on": ACCESSIBILITY_ASSESSED_ON,
        "updated_on": ACCESSIBILITY_UPDATED_ON,
        "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        # The regions come from the data, like every other regional fact.
        "regions": get_text_list(list(Region.objects.values_list("name", flat=True)), _("och")),
    }
    return render(request, "pathways/accessibility.html", context)
