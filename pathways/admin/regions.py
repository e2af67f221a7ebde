"""Each region's editors see and change only their own regions' rows.

An editor is a staff user in the group "Regional redaktör" (migration 0004: which kinds of rows)
and in Region.editors (which regions). Everything an admin view shows or accepts goes through
`get_queryset` or a foreign key's choices, so filtering those two keeps a guessed URL for another
region's row at 404 in the change, delete and history views, in exports and in foreign-key choices.
Superusers see everything.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from ..models import Municipality, Region, Unit


def region_ids(request):
    """The ids of the regions the user edits, or None for a superuser (every region)."""
    if request.user.is_superuser:
        return None
    if not hasattr(request, "_editor_region_ids"):
        # values_list(flat=True) without a field name gives the first column, the primary key:
        # a mutant that drops "pk" reads the same ids, so the mutation check leaves it alone.
        request._editor_region_ids = frozenset(
            request.user.edited_regions.values_list("pk", flat=True)  # pragma: no mutate
        )
    return request._editor_region_ids


def in_regions(request, region_id):
    ids = region_ids(request)
    return ids is None or region_id in ids


class RegionScopedAdmin(SimpleHistoryAdmin):
    """Rows filtered to the editor's regions, with history (who, when, what) and revert."""

    # The model's foreign key to Region; None for Region itself.
    region_field: str | None = "region"

    def row_region_id(self, row):
        # `id`, not `pk`: a historical version's pk is its history_id.
        return row.id if self.region_field is None else getattr(row, f"{self.region_field}_id")

    def in_editors_regions(self, rows, request):
        """The rows (or versions) of the user's regions."""
        ids = region_ids(request)
        if ids is None:
            return rows
        lookup = "id__in" if self.region_field is None else f"{self.region_field}__in"
        return rows.filter(**{lookup: ids})

    def get_queryset(self, request):
        # ModelAdmin reads the request here only for get_ordering, which no admin of ours
        # overrides: the mutation check leaves this call alone.
        rows = super().get_queryset(request)  # pragma: no mutate
        return self.in_editors_regions(rows, request)

    def get_object(self, request, object_id, from_field=None):
        # Django redirects to the admin index for a missing row; another region's row should
        # look like no row at all.
        # from_field is the admin's ?_to_field=, which no foreign key here makes anything but the
        # primary key: passed on or not, the same row is found, so the mutation check leaves
        # this call alone.
        row = super().get_object(request, object_id, from_field)  # pragma: no mutate
        if row is None:
            raise Http404
        return row

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = region_ids(request)
        if ids is not None:
            if db_field.related_model is Region:
                kwargs["queryset"] = Region.objects.filter(pk__in=ids)
                # An empty region means a national row (1177, 112): only a superuser keeps those.
                kwargs["required"] = True
            elif db_field.related_model in (Municipality, Unit):
                kwargs["queryset"] = db_field.related_model.objects.filter(region__in=ids)
        # ModelAdmin reads the request here only through class attributes (the widget, the
        # choices' order), none of them per request: the mutation check leaves this call alone.
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # pragma: no mutate

    def _check_history_scope(self, request, object_id, version_id=None):
        """404 unless the row (or, once deleted, its last version) and the version asked for
        belong to the user's regions. A row moved from another region keeps its versions from
        there: those stay that region's."""
        if region_ids(request) is None:
            return
        # The original row's id: on the history manager `pk` would be a version's history_id.
        same_row = {self.model._meta.pk.attname: unquote(object_id)}
        try:
            versions = self.model.history.filter(**same_row)
            row = self.get_queryset(request).filter(**same_row).first()
            if row is None:
                row = versions.order_by("-history_date").first()
            if version_id is not None:
                version = versions.filter(history_id=version_id).first()
                if version is None or not in_regions(request, self.row_region_id(version)):
                    raise Http404
        except (ValueError, ValidationError):  # an id of the wrong kind
            raise Http404 from None
        if row is None or not in_regions(request, self.row_region_id(row)):
            raise Http404

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # The history page lists only the versions the user may open. (simple-history does not
        # read the request here: the mutation check leaves this call alone.)
        versions = super().get_history_queryset(  # pragma: no mutate
            request, history_manager, pk_name, object_id
        )
        return self.in_editors_regions(versions, request)

    def history_view(self, request, object_id, extra_context=None):
        self._check_history_scope(request, object_id)
        # The admin's URLs pass no extra_context: passed on or not, the page is the same, so the
        # mutation check leaves this call (and the one below) alone.
        return super().history_view(request, object_id, extra_context)  # pragma: no mutate

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_history_scope(request, object_id, version_id)
        # simple-history only hides the revert button from a user who may view but not change.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(  # pragma: no mutate
            request, object_id, version_id, extra_context
        )
