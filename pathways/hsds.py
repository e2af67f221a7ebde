"""The directory in Open Referral HSDS 3.0 form, so other services (1177, a municipality's site)
can reuse it: the public API at /api/hsds/ (pathways/views/hsds.py) and the staff export in admin
(UnitAdmin.hsds_view in pathways/admin/content.py) both build their rows here.

The mapping: a region and each municipality are organizations; a unit is a service of its
municipality (municipal units) or its region (every other unit of a region). A unit with an
HSA-id is, as in HSA-katalogen, an organisational unit of its own: an organization under its
municipality or region that carries the HSA-id as an identifier (scheme "HSA") and provides the
unit's service. A unit with a visiting address also has a location; its phone number a phone (in
E.164); the municipality or region it serves is its service area. National rows (1177, 112) are
not a region's directory and are left out. Ids are stable UUIDs derived from the row's id.

HSDS wants an absent field rather than `null`, so empty values are left out (`_present`).
"""

import uuid

from . import phone
from .models import Municipality, Region

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_OID, "rehabkartan.hsds")


def _id(kind, pk):
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{pk}"))


def _present(**fields):
    return {name: value for name, value in fields.items() if value not in (None, "", [])}


def _region_organization(region):
    return {"id": _id("region", region.pk), "name": region.name, "description": ""} | _present(
        website=region.web
    )


def _municipality_organization(municipality):
    return {
        "id": _id("kommun", municipality.pk),
        "name": municipality.authority_name,
        "description": "",
    }


def _owner(unit):
    """The organization of a region or municipality that is responsible for the unit."""
    if unit.principal == "kommun" and unit.municipality_id:
        return _municipality_organization(unit.municipality)
    return _region_organization(unit.region)


def _unit_organization(unit):
    """A unit with an HSA-id, as an organization of its own under its owner."""
    organization_id = _id("hsa", unit.pk)
    return {
        "id": organization_id,
        "name": unit.name,
        "description": unit.description,
        "parent_organization_id": _owner(unit)["id"],
        "organization_identifiers": [
            {
                "id": _id("hsa-identifier", unit.pk),
                "organization_id": organization_id,
                "identifier_scheme": "HSA",
                "identifier_type": "HSA-id",
                "identifier": unit.hsa_id,
            }
        ],
    } | _present(website=unit.web, email=unit.email)


def organization_of(unit):
    return _unit_organization(unit) if unit.hsa_id else _owner(unit)


def service(unit):
    """The unit's one-to-one fields: an item of the paged list (HSDS `service_list`)."""
    return {
        "id": _id("unit", unit.pk),
        "organization_id": organization_of(unit)["id"],
        "name": unit.name,
        "status": "active",
        "last_modified": unit.updated_at.isoformat(),
    } | _present(
        description=unit.description,
        url=unit.page_1177 or unit.web,
        email=unit.email,
        assured_date=unit.reviewed_on.isoformat() if unit.reviewed_on else None,
    )


def location(unit):
    if not unit.address:
        return None
    location_id = _id("location", unit.pk)
    return {
        "id": location_id,
        "organization_id": organization_of(unit)["id"],
        "location_type": "physical",
        "name": unit.name,
        "addresses": [
            {
                "id": _id("address", unit.pk),
                "location_id": location_id,
                "address_type": "physical",
                "address_1": unit.address,
                "city": unit.municipality.name if unit.municipality_id else "",
                "state_province": unit.region.name,
                "postal_code": "",  # not kept apart from the address; required by HSDS
                "country": "SE",
            }
        ],
    }


def _e164(number):
    """+46…, as HSDS's examples write numbers; a row saved before numbers were normalised may
    still hold a number as written, which we publish as it is rather than hide."""
    try:
        return phone.normalise(number)
    except phone.InvalidPhoneNumber:
        return number


def phones(unit):
    if not unit.phone:
        return []
    return [
        {
            "id": _id("phone", unit.pk),
            "service_id": _id("unit", unit.pk),
            "number": _e164(unit.phone),
        }
        | _present(type="voice", description=unit.opening_hours)
    ]


def service_area(unit):
    area = unit.municipality if unit.municipality_id else unit.region
    return {"id": _id("area", unit.pk), "service_id": _id("unit", unit.pk), "name": area.name}


def full_service(unit):
    """A unit with its phones, location and service area (HSDS `service`)."""
    row = service(unit) | {
        "organization": organization_of(unit),
        "phones": phones(unit),
        "service_areas": [service_area(unit)],
    }
    if place := location(unit):
        row["service_at_locations"] = [
            {
                "id": _id("service-at-location", unit.pk),
                "service_id": row["id"],
                "location_id": place["id"],
                "location": place,
            }
        ]
    return row


def directory_units(units):
    """`units` as the directory publishes them: a region's units, with what the rows need."""
    return units.filter(region__isnull=False).select_related("region", "municipality")


def organizations(units):
    """Every organization of `units`: regions, municipalities, then units with an HSA-id."""
    units = directory_units(units)
    regions = Region.objects.filter(units__in=units).distinct().order_by("name")
    municipalities = (
        Municipality.objects.filter(units__in=units.filter(principal="kommun"))
        .distinct()
        .order_by("name")
    )
    return [
        *(_region_organization(region) for region in regions),
        *(_municipality_organization(municipality) for municipality in municipalities),
        *(_unit_organization(unit) for unit in units.exclude(hsa_id="").order_by("name")),
    ]


def organization_units(units, organization_id):
    """The units whose service the organization provides."""
    return [
        unit for unit in directory_units(units) if organization_of(unit)["id"] == organization_id
    ]


def full_organization(organization, units):
    """An organization with its services and their locations (HSDS `organization`)."""
    return organization | {
        "services": [service(unit) for unit in units],
        "locations": [place for unit in units if (place := location(unit))],
    }


def unit_with_id(units, service_id):
    """The unit behind a service id, or None (the ids are hashes, so we look among the pks)."""
    for pk in directory_units(units).values_list("pk", flat=True):
        if _id("unit", pk) == service_id:
            return directory_units(units).get(pk=pk)
    return None


def directory(units):
    """All HSDS tables for `units` (a queryset of Unit): the staff export in admin."""
    organizations_of_units = organizations(units)
    units = list(directory_units(units))
    return {
        "organizations": organizations_of_units,
        "services": [service(unit) for unit in units],
        "locations": [place for unit in units if (place := location(unit))],
        "phones": [phone for unit in units for phone in phones(unit)],
    }
