"""The directory as the public HSDS 3.0 API, checked against Open Referral's compiled schemas
(vendored in tests/hsds_schema/, see its README for the source commit and licence)."""

import gzip
import json
import re
from pathlib import Path

import jsonschema
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pathways.models import Unit

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "hsds_schema"
PAGE_KEYS = {
    "contents",
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
}


def validator(name):
    schema = json.loads(gzip.decompress((SCHEMAS / f"{name}.json.gz").read_bytes()))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def assert_valid(check, item):
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in check.iter_errors(item)]
    assert not errors, errors[:10]


def assert_no_null(value, where=""):
    if isinstance(value, dict):
        for key, inner in value.items():
            assert inner is not None, f"{where}.{key} is null"
            assert_no_null(inner, f"{where}.{key}")
    elif isinstance(value, list):
        for inner in value:
            assert_no_null(inner, where)


def every_page(client, url, size):
    pages, number = [], 1
    while True:
        response = client.get(url, {"page": number, "per_page": size})
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
        page = response.json()
        assert set(page) == PAGE_KEYS
        pages.append(page)
        if page["last_page"]:
            return pages
        number += 1


@pytest.fixture
def falun_unit_with_contacts():
    unit = Unit.objects.filter(region__slug="dalarna", principal="kommun", is_demo=False).first()
    Unit.objects.filter(pk=unit.pk).update(
        phone="+46701740605", address="Testgatan 1", hsa_id="SE2321000180-E000000000001"
    )
    return Unit.objects.get(pk=unit.pk)


@pytest.mark.parametrize(
    "url, item_schema",
    [("/api/hsds/services", "service_list"), ("/api/hsds/organizations", "organization_list")],
)
def test_every_item_of_every_page_is_valid_hsds(client, url, item_schema, falun_unit_with_contacts):
    check = validator(item_schema)
    pages = every_page(client, url, size=3)
    items = [item for page in pages for item in page["contents"]]
    assert len(items) == pages[0]["total_items"] > 3
    assert pages[0]["total_pages"] == len(pages) > 1
    assert [page["page_number"] for page in pages] == list(range(1, len(pages) + 1))
    assert pages[0]["first_page"] and not pages[1]["first_page"]
    assert not pages[0]["empty"] and pages[0]["size"] == 3
    assert len({item["id"] for item in items}) == len(items)
    for item in items:
        assert_valid(check, item)
        assert_no_null(item)


def test_the_services_are_the_regions_checked_units_valid_today(client):
    published = Unit.objects.filter(region__isnull=False, is_demo=False)
    ended = published.first()
    Unit.objects.filter(pk=ended.pk).update(valid_from="2020-01-01", valid_to="2021-12-31")
    [page] = every_page(client, "/api/hsds/services", size=200)
    names = {item["name"] for item in page["contents"]}
    assert page["total_items"] == published.count() - 1 > 0
    assert ended.name not in names
    assert "1177 Vårdguiden" not in names
    example = Unit.objects.filter(region__isnull=False, is_demo=True)
    assert example.exists() and not names & set(example.values_list("name", flat=True))


def test_every_service_in_full_is_valid_hsds_with_phones_locations_and_areas(
    client, falun_unit_with_contacts
):
    check = validator("service")
    [page] = every_page(client, "/api/hsds/services", size=200)
    for item in page["contents"]:
        full = client.get(f"/api/hsds/services/{item['id']}").json()
        assert_valid(check, full)
        assert_no_null(full)
        assert full["service_areas"][0]["name"]
        for number in full["phones"]:
            assert re.fullmatch(r"\+46\d{6,12}", number["number"])
        if full["name"] == falun_unit_with_contacts.name:
            assert full["phones"][0]["number"] == "+46701740605"
            [at] = full["service_at_locations"]
            assert at["location"]["addresses"][0]["address_1"] == "Testgatan 1"
            assert full["service_areas"][0]["name"] == falun_unit_with_contacts.municipality.name


def test_every_organization_in_full_is_valid_hsds(client, falun_unit_with_contacts):
    check = validator("organization")
    [page] = every_page(client, "/api/hsds/organizations", size=200)
    parents = {item.get("parent_organization_id") for item in page["contents"]}
    for item in page["contents"]:
        full = client.get(f"/api/hsds/organizations/{item['id']}").json()
        assert_valid(check, full)
        assert_no_null(full)
        # Each provides a service, or is the municipality or region of a unit with an HSA-id.
        assert full["services"] or full["id"] in parents, full["name"]


def test_a_units_hsa_id_is_an_hsds_identifier_of_its_organization(client, falun_unit_with_contacts):
    [page] = every_page(client, "/api/hsds/organizations", size=200)
    [organization] = [o for o in page["contents"] if o["name"] == falun_unit_with_contacts.name]
    full = client.get(f"/api/hsds/organizations/{organization['id']}").json()
    [identifier] = full["organization_identifiers"]
    assert identifier["identifier_scheme"] == "HSA"
    assert identifier["identifier"] == "SE2321000180-E000000000001"
    [service] = full["services"]
    assert service["organization_id"] == organization["id"]
    parent_ids = {o["id"] for o in page["contents"] if o["name"].endswith("kommun")}
    assert organization["parent_organization_id"] in parent_ids


def test_an_hsa_id_must_look_like_one():
    unit = Unit.objects.filter(region__slug="dalarna").first()
    unit.hsa_id = "se2321000180-e1"
    unit.full_clean()  # written in small letters is the same id
    assert unit.hsa_id == "SE2321000180-E1"
    for wrong in ["2321000180-E1", "SE232100018-E1", "SE2321000180E1", "SE2321000180-E 1"]:
        unit.hsa_id = wrong
        with pytest.raises(ValidationError) as error:
            unit.full_clean()
        assert "hsa_id" in error.value.message_dict


@pytest.mark.parametrize("url", ["/api/hsds/services", "/api/hsds/organizations"])
def test_a_page_costs_the_same_queries_whatever_its_size(client, url):
    counts = []
    for size in (2, 100):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"per_page": size}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 4


def test_unknown_ids_and_pages_are_not_found(client):
    assert client.get("/api/hsds/services/nope").status_code == 404
    assert client.get("/api/hsds/organizations/nope").status_code == 404
    assert client.get("/api/hsds/services", {"page": 999}).status_code == 404


def test_the_api_is_read_only(client):
    assert client.post("/api/hsds/services").status_code == 405


def test_the_openapi_document_describes_the_hsds_paths_and_their_paging(client):
    document = client.get("/api/openapi.json").json()
    for path in ["services", "services/{id}", "organizations", "organizations/{id}"]:
        assert f"/api/hsds/{path}" in document["paths"]
    page_schema = document["components"]["schemas"]["HsdsPage"]
    page = client.get("/api/hsds/services").json()
    jsonschema.validate(page, page_schema | {"required": sorted(page_schema["properties"])})


def test_the_api_says_what_it_is(client):
    about = client.get("/api/hsds/").json()
    assert about == {"version": "3.0", "openapi_url": "http://testserver/api/openapi.json"}
