"""The OpenAPI 3.1 description of /api/karta/, served as JSON at /api/openapi.json (and, since
JSON is YAML 1.2, at the older address /api/openapi.yaml).

A Python value, so the tests validate real responses against it (jsonschema) and check it against
the body's types (pathways/api_types.py).
"""

from .choices import DONT_KNOW, ComparedWith, Principal, Section
from .situation import QUESTIONS

STR = {"type": "string"}
NULLABLE_STR = {"type": ["string", "null"]}
DATE = {"type": "string", "format": "date"}
PHONE = {
    **NULLABLE_STR,
    "pattern": r"^(\+[1-9][0-9]{6,14}|[0-9]{3,6})$",
    "description": "E.164 (+46701740605), or the digits of a short national number",
}
PHONE_DISPLAY = {**NULLABLE_STR, "description": "As written in Sweden (grouped, with area code)"}
# A row nobody has compared with its source has no review date ("ej granskad").
REVIEWED_ON = {
    "type": ["string", "null"],
    "format": "date",
    "description": "The day a person compared the row with its source; null: not reviewed",
}


def _enum(choices):
    return {"type": "string", "enum": [str(value) for value in choices.values]}


def _obj(properties, required=None):
    return {
        "type": "object",
        "required": list(properties) if required is None else required,
        "properties": properties,
    }


SOURCE = _obj(
    {
        "title": STR,
        "url": {**NULLABLE_STR, "format": "uri"},
        "compared_with": {
            "type": ["string", "null"],
            "enum": [*ComparedWith.values, None],
            "description": "What the row was compared with on reviewed_on: the live page "
            "(sida), a stored copy of it (kopia) or a document (dokument); null: not reviewed",
        },
        "source_dated": {
            "type": ["string", "null"],
            "format": "date",
            "description": "The stored copy's or the document's own date; null when undated",
        },
    }
)
UNIT = _obj(
    {
        "name": STR,
        "kind": STR,
        "principal": _enum(Principal),
        "phone": PHONE,
        "phone_display": PHONE_DISPLAY,
        "email": NULLABLE_STR,
        "web": NULLABLE_STR,
        "address": NULLABLE_STR,
        "hours": NULLABLE_STR,
        "accepts_self_referral": {"type": "boolean"},
        "digital_options": NULLABLE_STR,
        "source": {"$ref": "#/components/schemas/Source"},
        "reviewed_on": REVIEWED_ON,
    }
)
NAME_CODE = _obj({"name": STR, "code": STR})
RESPONSIBILITY = _obj(
    {
        "topic": {
            "type": "string",
            "description": "rehabilitering, habilitering, hjalpmedel, bostadsanpassning, "
            "sjukresor, lakemedel, samordning, uppfoljning (more may be added)",
        },
        "topic_name": STR,
        "principal": _obj(
            {
                "kind": {
                    **_enum(Principal),
                    "description": "region, kommun or privat (private provider with a regional "
                    "agreement)",
                },
                "name": {"type": "string", "examples": ["Regionen", "Kommunen"]},
            }
        ),
        "unit": {
            "oneOf": [{"$ref": "#/components/schemas/Unit"}, {"type": "null"}],
            "description": "The first unit to turn to, or null",
        },
        "units": {"type": "array", "items": {"$ref": "#/components/schemas/Unit"}},
        "text": STR,
        "explanation": {"type": "string", "description": "Why: the rule that decided it"},
        "professions": {"type": "array", "items": STR},
        "source": {"$ref": "#/components/schemas/Source"},
        "reviewed_on": REVIEWED_ON,
    }
)
SECTION_ENTRY = _obj(
    {
        "title": STR,
        "text": STR,
        "source": {"$ref": "#/components/schemas/Source"},
        "reviewed_on": REVIEWED_ON,
    }
)
CONTACT = _obj(
    {
        "name": {
            "type": "string",
            "description": "The organisation to contact; empty when the staff are asked in person",
        },
        "kind": {
            "type": "string",
            "enum": ["avdelningen", "boendet", "barnet", "hemsjukvarden", "ansvarig"],
            "description": "Who the contact is in this situation: the ward's staff, the staff "
            "of the special-housing home, a child's habilitering or clinic, the municipality's "
            "home care, or the unit responsible",
        },
        "principal": {
            "oneOf": [_obj({"kind": _enum(Principal), "name": STR}), {"type": "null"}],
            "description": "Whose contact it is (the principal of the answer it serves)",
        },
        "via": {
            "type": "string",
            "enum": ["egen", "vaxel", "nationell", "personal"],
            "description": "How it is reached: its own number (egen), its principal's "
            "switchboard (vaxel), in person with no number (personal: the staff around the "
            "person), or no number known (nationell: the national advice line is given as the "
            "last resort)",
        },
        "phone": PHONE,
        "phone_display": PHONE_DISPLAY,
        "tel": {**NULLABLE_STR, "description": "A tel: URI for a call link"},
        "hours": NULLABLE_STR,
        "web": NULLABLE_STR,
        "number_from": {**NULLABLE_STR, "description": "The unit whose number is given"},
        "number_source": {
            "oneOf": [{"$ref": "#/components/schemas/Source"}, {"type": "null"}],
            "description": "The page that states the number, with its own date",
        },
        "number_reviewed_on": REVIEWED_ON,
    }
)
NULLABLE_CONTACT = {"oneOf": [{"$ref": "#/components/schemas/Contact"}, {"type": "null"}]}
MAP = _obj(
    {
        "region": _obj({"name": STR, "slug": STR}),
        "municipality": {"$ref": "#/components/schemas/NameCode"},
        "query": {"type": "string", "description": "The normalised query string of this map"},
        "main_responsible": {
            "oneOf": [_obj({"kind": _enum(Principal), "name": STR}), {"type": "null"}]
        },
        "level": {
            "oneOf": [
                _obj({"number": {"type": "integer"}, "name": STR, "description": STR}),
                {"type": "null"},
            ]
        },
        "responsibilities": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/Responsibility"},
        },
        "sections": {
            "type": "object",
            "description": "Section slug -> texts. Slugs: "
            + ", ".join(str(v) for v in Section.values),
            "additionalProperties": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/SectionEntry"},
            },
        },
        "professions": {
            "type": "array",
            "items": _obj({"slug": STR, "name": STR, "description": STR}),
        },
        "motivation_units": {"type": "array", "items": {"$ref": "#/components/schemas/Unit"}},
        "physiotherapists": _obj(
            {
                "municipality": {"$ref": "#/components/schemas/NameCode"},
                "in_own_municipality": {"type": "boolean"},
                "units": {"type": "array", "items": {"$ref": "#/components/schemas/Unit"}},
            }
        ),
        "national_units": {"type": "array", "items": {"$ref": "#/components/schemas/Unit"}},
        "made_on": DATE,
        "latest_review": {"type": ["string", "null"], "format": "date"},
        "is_demo": {
            "type": "boolean",
            "description": "Some of the content is demo data, not verified facts",
        },
        "first_contact": {**NULLABLE_CONTACT, "description": "Whom to contact first"},
        "next_steps": {
            "type": "array",
            "description": "Two to five steps, the needs asked for first",
            "items": _obj(
                {
                    "title": STR,
                    "text": STR,
                    "contact": NULLABLE_CONTACT,
                    "source": {"$ref": "#/components/schemas/Source"},
                }
            ),
        },
        "at_home": {
            "oneOf": [_obj({"kind": _enum(Principal), "name": STR}), {"type": "null"}],
            "description": "In hospital: who holds the rehabilitation once home; else null",
        },
        "home_contact": {
            **NULLABLE_CONTACT,
            "description": "In hospital: whom to contact once home; else null",
        },
        "layout": {
            "type": "array",
            "description": "The map's top-level sections in reading order (the page's and the "
            "PDF's too), each with the slugs of the `sections` it holds",
            "items": _obj({"slug": STR, "title": STR, "sections": {"type": "array", "items": STR}}),
        },
    }
)
ERROR = _obj(
    {
        "error": STR,
        "errors": {
            "type": "object",
            "description": "Parameter name -> what is wrong with it",
            "additionalProperties": {"type": "array", "items": STR},
        },
    }
)


def _param(name, schema, description, required=False, repeat=False):
    param = {"name": name, "in": "query", "required": required, "description": description}
    if repeat:
        param |= {"schema": {"type": "array", "items": schema}, "style": "form", "explode": True}
    else:
        param["schema"] = schema
    return param


PARAMETERS = [
    _param("kommun", {"type": "string", "pattern": "^[0-9]{4}$"}, "SCB municipality code", True),
    *(
        _param(
            question.param,
            {
                "type": "string",
                "enum": [
                    *(str(value) for value in question.choices.values),
                    *([DONT_KNOW] if question.dont_know else []),
                ],
            },
            question.about,
            repeat=question.many,
        )
        for question in QUESTIONS
    ),
]

# The directory as Open Referral HSDS 3.0 (pathways/views/hsds.py): the items are described by
# the specification's own compiled schemas, the paging as its OpenAPI document does.
HSDS_COMPILED = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/"
HSDS_PAGE = _obj(
    {
        "total_items": {"type": "integer"},
        "total_pages": {"type": "integer"},
        "page_number": {"type": "integer"},
        "size": {"type": "integer", "description": "The number of items on this page"},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean", "description": "True: there are no items at all"},
    }
)
HSDS_PAGING = [
    _param("page", {"type": "integer", "minimum": 1, "default": 1}, "The page, from 1"),
    _param(
        "per_page", {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}, "Items a page"
    ),
]
HSDS_ID = [_param("id", STR, "The item's id (a UUID)", required=True) | {"in": "path"}]


def _json_response(description, schema):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _hsds_paths(plural, item, summary):
    page = {
        "allOf": [{"$ref": "#/components/schemas/HsdsPage"}],
        "properties": {
            "contents": {"type": "array", "items": {"$ref": f"{HSDS_COMPILED}{item}_list.json"}}
        },
    }
    return {
        f"/api/hsds/{plural}": {
            "get": {
                "operationId": f"hsds_{plural}",
                "summary": f"{summary}, paged (HSDS 3.0)",
                "parameters": HSDS_PAGING,
                "responses": {"200": _json_response("A page", page)},
            }
        },
        f"/api/hsds/{plural}/{{id}}": {
            "get": {
                "operationId": f"hsds_{item}",
                "summary": f"One of the {plural}, in full (HSDS 3.0)",
                "parameters": HSDS_ID,
                "responses": {
                    "200": _json_response("Found", {"$ref": f"{HSDS_COMPILED}{item}.json"}),
                    "404": {"description": "No such id"},
                },
            }
        },
    }


SCHEMA = {
    "openapi": "3.1.0",
    "info": {
        "title": "Rehabkartan API",
        "version": "1",
        "description": "A personal rehabilitation map for a situation, as JSON. The parameters are the "
        "public map URL's (/karta/?…): a stable contract; parameters may be added, these names and "
        "values stay. Nothing personal is sent or stored. /api/hsds/ publishes the directory (the "
        "regions' units and their organizations) as Open Referral HSDS 3.0.",
    },
    "paths": {
        "/api/karta/": {
            "get": {
                "operationId": "getMap",
                "summary": "The map for one situation",
                "parameters": PARAMETERS,
                "responses": {
                    "200": {
                        "description": "The map",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Map"}}
                        },
                    },
                    "400": {
                        "description": "A parameter is missing, malformed or unknown",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                },
            }
        },
        "/api/hsds/": {
            "get": {
                "operationId": "hsds_about",
                "summary": "The HSDS version of /api/hsds/ and the address of this document",
                "responses": {"200": {"description": "version, openapi_url"}},
            }
        },
        **_hsds_paths("services", "service", "The regions' units"),
        **_hsds_paths("organizations", "organization", "The regions, municipalities and HSA units"),
    },
    "components": {
        "schemas": {
            "HsdsPage": HSDS_PAGE,
            "Map": MAP,
            "Responsibility": RESPONSIBILITY,
            "SectionEntry": SECTION_ENTRY,
            "Unit": UNIT,
            "Contact": CONTACT,
            "Source": SOURCE,
            "NameCode": NAME_CODE,
            "Error": ERROR,
        }
    },
}
