"""The JSON body of /api/karta/ as types: what presenters.map_json returns.

tests/test_api.py checks that the OpenAPI document (pathways/openapi.py) describes exactly these
keys, so the code, its types and the published schema cannot drift apart.
"""

from typing import TypedDict


class SourceJSON(TypedDict):
    title: str
    url: str | None
    compared_with: str | None
    source_dated: str | None


class UnitJSON(TypedDict):
    name: str
    kind: str
    principal: str
    phone: str | None  # E.164 (+46701740605), or the digits of a short national number (1177)
    phone_display: str | None  # as written in Sweden: 070-174 06 05
    email: str | None
    web: str | None
    address: str | None
    hours: str | None
    accepts_self_referral: bool
    digital_options: str | None
    source: SourceJSON
    reviewed_on: str | None


class NameCodeJSON(TypedDict):
    name: str
    code: str


class RegionJSON(TypedDict):
    name: str
    slug: str


class PrincipalJSON(TypedDict):
    kind: str
    name: str


class LevelJSON(TypedDict):
    number: int
    name: str
    description: str


class ResponsibilityJSON(TypedDict):
    topic: str
    topic_name: str
    principal: PrincipalJSON
    unit: UnitJSON | None
    units: list[UnitJSON]
    text: str
    explanation: str
    professions: list[str]
    source: SourceJSON
    reviewed_on: str | None


class SectionEntryJSON(TypedDict):
    title: str
    text: str
    source: SourceJSON
    reviewed_on: str | None


class ProfessionJSON(TypedDict):
    slug: str
    name: str
    description: str


class PhysiotherapistsJSON(TypedDict):
    municipality: NameCodeJSON
    in_own_municipality: bool
    units: list[UnitJSON]


class ContactJSON(TypedDict):
    name: str
    kind: str
    principal: PrincipalJSON | None
    via: str
    phone: str | None  # as UnitJSON's
    phone_display: str | None
    tel: str | None
    hours: str | None
    web: str | None
    number_from: str | None
    number_source: SourceJSON | None
    number_reviewed_on: str | None


class NextStepJSON(TypedDict):
    title: str
    text: str
    contact: ContactJSON | None
    source: SourceJSON


class LayoutJSON(TypedDict):
    slug: str
    title: str
    sections: list[str]


class AnswerJSON(TypedDict):
    """What the map leads with (pathways/answer.py), and the order of its sections."""

    first_contact: ContactJSON | None
    next_steps: list[NextStepJSON]
    at_home: PrincipalJSON | None
    home_contact: ContactJSON | None
    layout: list[LayoutJSON]


class MapJSON(AnswerJSON):
    region: RegionJSON
    municipality: NameCodeJSON
    query: str
    main_responsible: PrincipalJSON | None
    level: LevelJSON | None
    responsibilities: list[ResponsibilityJSON]
    sections: dict[str, list[SectionEntryJSON]]
    professions: list[ProfessionJSON]
    motivation_units: list[UnitJSON]
    physiotherapists: PhysiotherapistsJSON
    national_units: list[UnitJSON]
    made_on: str
    latest_review: str | None
    is_demo: bool


class ErrorJSON(TypedDict):
    error: str
    errors: dict[str, list[str]]
