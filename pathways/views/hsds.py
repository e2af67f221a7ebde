"""The directory as the Open Referral HSDS 3.0 API: public, read-only, paged as the API says.

/api/hsds/ (what the API is), /api/hsds/services, /api/hsds/services/<id>, /api/hsds/organizations,
/api/hsds/organizations/<id>.
The rows are built in pathways/hsds.py. Only the units valid today are published, and no example
row (`is_demo`): others copy open data into their own directories, where nothing would say that
a row was never checked against a source.
"""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import hsds
from ..models import Unit

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def _units():
    return Unit.objects.valid_on(timezone.localdate()).filter(is_demo=False).order_by("name", "pk")


def _json(body, status=200):
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # public, read-only, holds nothing personal
    return response


def _number(request, name, default, largest=None):
    try:
        number = int(request.GET.get(name, default))
    except ValueError:
        number = default
    number = max(number, 1)
    return min(number, largest) if largest else number


def _page(request, rows, to_item):
    """HSDS paging: `page` (from 1) and `per_page`; `contents` and the page's counts."""
    size = _number(request, "per_page", PAGE_SIZE, MAX_PAGE_SIZE)
    paginator = Paginator(rows, size, allow_empty_first_page=True)
    try:
        page = paginator.page(_number(request, "page", 1))
    except InvalidPage:
        raise Http404 from None
    contents = [to_item(row) for row in page]
    return _json(
        {
            "total_items": paginator.count,
            "total_pages": paginator.num_pages,
            "page_number": page.number,
            "size": len(contents),
            "first_page": not page.has_previous(),
            "last_page": not page.has_next(),
            "empty": paginator.count == 0,
            "contents": contents,
        }
    )


@require_GET
def about(request):
    return _json(
        {
            "version": "3.0",
            "openapi_url": request.build_absolute_uri(reverse("api_openapi_json")),
        }
    )


@require_GET
def services(request):
    return _page(request, hsds.directory_units(_units()), hsds.service)


@require_GET
def service(request, id):
    unit = hsds.unit_with_id(_units(), id)
    if unit is None:
        raise Http404
    return _json(hsds.full_service(unit))


@require_GET
def organizations(request):
    return _page(request, hsds.organizations(_units()), lambda organization: organization)


@require_GET
def organization(request, id):
    found = [row for row in hsds.organizations(_units()) if row["id"] == id]
    if not found:
        raise Http404
    return _json(hsds.full_organization(found[0], hsds.organization_units(_units(), id)))
