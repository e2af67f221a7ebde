"""The directory in Open Referral HSDS 3.0 form (organizations, services, locations, phones), so
other services (1177, a municipality's site) can reuse it. Served in admin at
/admin/pathways/unit/hsds.json with the same region isolation as the unit list.

The mapping: a region and each municipality are organizations; a unit is a service of its
municipality (municipal units) or its region (every other unit of a region); a unit with a
visiting address also has a location; its phone number a phone. National rows (1177, 112) are
not a region's directory and are left out. Ids are stable UUIDs derived from the row's id.
"""

import uuid

from .. import phone

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_OID, "rehabkartan.hsds")


def _id(kind, pk):
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{pk}"))


def _organization(kind, row, name, website=""):
    return {"id": _id(kind, row.pk), "name": name, "description": "", "website": website or None}


def directory(units):
    """HSDS tables for `units` (a queryset of Unit)."""
    organizations, services, locations, phones = {}, [], [], []
    for unit in units.filter(region__isnull=False).select_related("region", "municipality"):
        region_org = _organization("region", unit.region, unit.region.name, unit.region.web)
        organizations.setdefault(region_org["id"], region_org)
        owner = region_org
        if unit.principal == "kommun" and unit.municipality_id:
            owner = _organization("kommun", unit.municipality, unit.municipality.authority_name)
            organizations.setdefault(owner["id"], owner)
        service_id = _id("unit", unit.pk)
        services.append(
            {
                "id": service_id,
                "organization_id": owner["id"],
                "name": unit.name,
                "description": unit.description,
                "url": unit.page_1177 or unit.web or None,
                "email": unit.email or None,
                "status": "active",
                "assured_date": unit.reviewed_on.isoformat() if unit.reviewed_on else None,
                "last_modified": unit.updated_at.isoformat(),
            }
        )
        if unit.address:
            locations.append(
                {
                    "id": _id("location", unit.pk),
                    "organization_id": owner["id"],
                    "location_type": "physical",
                    "name": unit.name,
                    "addresses": [
                        {
                            "id": _id("address", unit.pk),
                            "address_type": "physical",
                            "address_1": unit.address,
                            "city": unit.municipality.name if unit.municipality_id else "",
                            "state_province": unit.region.name,
                            "postal_code": "",
                            "country": "SE",
                        }
                    ],
                }
            )
        if unit.phone:
            phones.append(
                {
                    "id": _id("phone", unit.pk),
                    "service_id": service_id,
                    "number": phone.display(unit.phone),
                    "type": "voice",
                    "description": unit.opening_hours or None,
                }
            )
    return {
        "organizations": list(organizations.values()),
        "services": services,
        "locations": locations,
        "phones": phones,
    }
