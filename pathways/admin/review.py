"""The review workflow: who checked a row against its source, when, against what, and when it is
due again.

`reviewed_on` is the day a person compared the row with its source, `compared_with` says with what
(the live page, a stored copy, a document); a row nobody has compared has neither and says "ej
granskad". They and `reviewed_by` change only through the "Markera som granskad" action (the
editor compared the row with the live page today): the normal
form shows them read-only, an import keeps them (pathways.resources), and an unchanged save
touches nothing. A row is due again `Region.review_interval_months` after its review (12 months for
national rows); a row no editor has marked (reviewed_by empty) has never been reviewed here.
"""

from datetime import date

from django.contrib import admin
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_update_with_history

from .. import catalog
from ..choices import ComparedWith
from ..models import CareLevel, Guidance, Region, Responsibility, Unit
from ..months import add_months
from .regions import region_ids

CONTENT_MODELS = (CareLevel, Unit, Responsibility, Guidance)
DEFAULT_INTERVAL = Region._meta.get_field("review_interval_months").default
NEVER_REVIEWED = Q(reviewed_by__isnull=True)
# Nobody has compared the row with its source at all ("ej granskad"): it has no review date.
UNCHECKED = Q(reviewed_on__isnull=True)
# A source that is a home page ("https://www.1177.se/") does not show where the fact is written.
SHALLOW_SOURCE = Q(source_url="") | Q(source_url__regex=r"^https?://[^/]+/?$")


def next_review(row) -> date | None:
    """When the row is due again; None for a row never compared with its source (due now)."""
    if row.reviewed_on is None:
        return None
    months = row.region.review_interval_months if row.region_id else DEFAULT_INTERVAL
    return add_months(row.reviewed_on, months)


def past_due(today: date) -> Q:
    """Rows whose next review is before today, each by its own region's interval."""
    due = Q(region__isnull=True, reviewed_on__lt=add_months(today, -DEFAULT_INTERVAL))
    for pk, months in Region.objects.values_list("pk", "review_interval_months"):
        due |= Q(region_id=pk, reviewed_on__lt=add_months(today, -months))
    return due


class NeedsReviewFilter(admin.SimpleListFilter):
    title = _("behöver granskas")
    parameter_name = "behover_granskas"

    def lookups(self, request, model_admin):
        return [
            ("ja", _("Behöver granskas")),
            ("forfallen", _("Nästa granskning har passerat")),
            ("aldrig", _("Aldrig markerad som granskad")),
            ("ejgranskad", _("Ej granskad mot sin källa")),
            ("kalla", _("Källan är bara en startsida")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value in ("ja", "forfallen"):
            due = past_due(timezone.localdate())
            return queryset.filter(due | NEVER_REVIEWED | UNCHECKED if value == "ja" else due)
        if value == "aldrig":
            return queryset.filter(NEVER_REVIEWED)
        if value == "ejgranskad":
            return queryset.filter(UNCHECKED)
        if value == "kalla":
            return queryset.filter(SHALLOW_SOURCE)
        return queryset


@admin.action(description=_("Markera som granskad"), permissions=["change"])
def mark_reviewed(modeladmin, request, queryset):
    """Today's date, the live page and the reviewer on every selected row, kept in each row's
    history: the editor has just compared the rows with their pages."""
    today, now = timezone.localdate(), timezone.now()
    rows = list(queryset)
    for row in rows:
        row.reviewed_on, row.reviewed_by, row.updated_at = today, request.user, now
        row.compared_with = ComparedWith.LIVE_PAGE
    bulk_update_with_history(
        rows,
        queryset.model,
        ["reviewed_on", "compared_with", "reviewed_by", "updated_at"],
        default_user=request.user,
        default_change_reason=str(_("Markerad som granskad")),
    )
    # bulk_update sends no post_save: make these rows' regions' cached catalogs stale here (all
    # regions' for a national row).
    regions = {row.region_id for row in rows}
    catalog.bump_version(None if None in regions else regions)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d rad markerad som granskad i dag.",
            "%(count)d rader markerade som granskade i dag.",
            len(rows),
        )
        % {"count": len(rows)},
    )


def dashboard(request):
    """Per region the user edits, per kind of content: rows never reviewed, never compared with
    their source, past due, demo rows
    and rows sourced to a home page. One query per kind of content."""
    ids = region_ids(request)
    regions = Region.objects.all() if ids is None else Region.objects.filter(pk__in=ids)
    due = past_due(timezone.localdate())
    counts = {}
    for model in CONTENT_MODELS:
        per_region = (
            model.objects.filter(region__in=regions)
            .values("region")
            .annotate(
                never=Count("pk", filter=NEVER_REVIEWED),
                unchecked=Count("pk", filter=UNCHECKED),
                due=Count("pk", filter=due),
                demo=Count("pk", filter=Q(is_demo=True)),
                shallow=Count("pk", filter=SHALLOW_SOURCE),
            )
            .order_by()
        )
        for row in per_region:
            counts[row["region"], model] = row
    return [
        {
            "region": region,
            "rows": [
                {"model": model, "opts": model._meta, **counts.get((region.pk, model), {})}
                for model in CONTENT_MODELS
            ],
        }
        for region in regions
    ]
