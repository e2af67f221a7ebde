"""From a PatientMap to what the map's renderings need: the page's sections and the JSON body.

The page, the PDF and the JSON all start from one PatientMap (design.md, "The one path data
takes"); this module only arranges it. No database, no request: a presenter cannot change what the
rules decided, only how it is laid out.
"""

import enum
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from . import phone
from .api_types import AnswerJSON, ContactJSON, MapJSON, SourceJSON, UnitJSON
from .choices import RULE_SECTIONS, AgeGroup, Need, Role, Section, YesNo
from .query import CHOICES, Errors, MapQueryForm, map_query
from .rules import ADULT_ONLY_SECTIONS
from .situation import Situation
from .values import (
    Contact,
    GuidanceEntry,
    PatientMap,
    RegionInfo,
    Source,
    UnitInfo,
)

# An echoed parameter value is cut to this length: a 5000-character value must not fill the page.
ECHO_LENGTH = 40


class TopSection(enum.StrEnum):
    """The map's top-level sections, by task: the page's anchors, the JSON's layout slugs, what
    the PDF prints in full, and each one's template on the page (`template`)."""

    CONTACTS = "kontakter"
    RULES = "regler"
    WHO_DOES_WHAT = "ansvar"
    ABOUT = "om"
    RIGHTS = "rattigheter"
    WHEN_WRONG = "nar_fel"

    # A template reads the members (pdf/map.html); Django would call the class, like its Choices.
    do_not_call_in_templates = enum.nonmember(True)

    @property
    def template(self) -> str:
        return f"pathways/map/sections/{self.value}.html"


# The map's order, by task: one list that the page, the PDF and the JSON follow. Each top-level
# section: its anchor, its title (to the person, and to a relative about the person they help),
# and the guidance sections it holds, in order. The result card and the next steps come before.
LAYOUT: tuple[tuple[TopSection, Promise, Promise, tuple[Section, ...]], ...] = (
    (TopSection.CONTACTS, _("Dina kontakter"), _("Kontakter"), (Section.WHERE_TO_TURN,)),
    (
        TopSection.RULES,
        _("Regler för det du behöver"),
        _("Regler för det personen behöver"),
        (*RULE_SECTIONS, Section.WORK),
    ),
    (TopSection.WHO_DOES_WHAT, _("Vem gör vad"), _("Vem gör vad"), ()),
    (
        TopSection.ABOUT,
        _("Om din rehabilitering"),
        _("Om rehabiliteringen"),
        (
            Section.EXPECT,
            Section.EXPECTED_OF_YOU,
            Section.FOLLOW_UP,
            Section.REHAB_PLAN,
            Section.SIP,
            Section.DISCHARGE,
            Section.MOTIVATION,
            Section.DIRECT_ACCESS,
        ),
    ),
    (
        TopSection.RIGHTS,
        _("Dina rättigheter och kostnader"),
        _("Rättigheter och kostnader"),
        (Section.RIGHTS,),
    ),
    (
        TopSection.WHEN_WRONG,
        _("När något går fel"),
        _("När något går fel"),
        (Section.WHEN_WRONG,),
    ),
)
# The rule sections a person can say they need (work too): asked for, they are open; else folded.
RULE_NEEDS = {**RULE_SECTIONS, Section.WORK: Need.WORK}
# The section titles that speak to the patient, as a relative reads them (the others say the same
# to both).
RELATIVE_PART_TITLES = {
    Section.WHERE_TO_TURN: _("Vart ni vänder er med frågor"),
    Section.EXPECT: _("Vad personen kan förvänta sig"),
    Section.EXPECTED_OF_YOU: _("Vad som förväntas av personen och av dig"),
}
# Shown in the result card for an inpatient, so not again further down.
IN_HOSPITAL_CARD = (Section.DISCHARGE, Section.SIP)


@dataclass(frozen=True)
class Part:
    """One guidance section inside a top-level section: open (asked for) or folded ("Läs mer")."""

    slug: str
    title: str
    entries: list[GuidanceEntry]
    open: bool = False


@dataclass(frozen=True)
class MapSection:
    slug: TopSection
    title: str
    parts: list[Part]
    sources: list[Source]  # each once: the section's one "Källa och granskning"

    @property
    def template(self) -> str:
        return self.slug.template


@dataclass(frozen=True)
class MapPage:
    """The map laid out for a page (and the PDF): the answer first, then LAYOUT's sections."""

    patient_map: PatientMap
    query: str
    guidance: dict[str, list[GuidanceEntry]]  # by section slug; every Section, maybe empty
    layout: list[MapSection]  # in LAYOUT's order
    answers: list[tuple[str | Promise, str]]  # (label, value) pairs of what the person answered
    contact_card: Contact  # the contact "Dina kontakter" shows in full
    relative: bool = False
    in_hospital: bool = False
    card_parts: list[Part] = field(default_factory=list)  # discharge and SIP, for an inpatient
    # For an inpatient: the texts of now and of at home, each once (often the same level's text).
    card_texts: list[str] = field(default_factory=list)
    other_units: list[UnitInfo] = field(default_factory=list)  # contacts after the first: names


def answers_in_words(
    situation: Situation, region: RegionInfo, given: Collection[str] | None = None
) -> list[tuple[str | Promise, str]]:
    """What the person answered, in words, for the map's "Dina svar": every answer, or (`given`,
    the map page's parameters) only those the address gives, not the defaults it leaves to ask."""
    fields = MapQueryForm.base_fields
    # behov is repeatable: one line with all the needs, not one line each
    merged: dict[str | Promise, list[str]] = {}
    for name, value in situation.query_params():
        if name == "kommun" or (given is not None and name not in given):
            continue
        labels = {str(key): label for key, label in CHOICES[name]}
        label = fields[name].label or name
        if name == "ta_sig":  # the region's own word: hälsocentralen, vårdcentralen
            label = _("Tar sig till %(place)s") % {"place": region.health_centre_word_definite}
        merged.setdefault(label, []).append(str(labels.get(value, value)))
    return [(label, ", ".join(values)) for label, values in merged.items()]


def _shown(section: Section, situation: Situation) -> bool:
    """Whether a guidance section belongs here: not in an inpatient's result card, and not an
    adult's matter on a child's map."""
    if situation.age_group == AgeGroup.CHILD and section.value in ADULT_ONLY_SECTIONS:
        return False
    return section not in IN_HOSPITAL_CARD or situation.in_hospital != YesNo.YES


def _unique_sources(sources: list[Source]) -> list[Source]:
    return list(
        {(s.title, s.url, s.reviewed_on, s.compared_with, s.is_demo): s for s in sources}.values()
    )


def layout(patient_map: PatientMap) -> list[MapSection]:
    """LAYOUT filled for one map: each section with its parts and its sources."""
    situation = patient_map.situation
    relative = situation.role == Role.RELATIVE
    # A text already given as a next step is not repeated among the rules asked for.
    in_steps = {(step.title, step.text) for step in patient_map.answer.next_steps}
    sections = []
    for slug, title, relative_title, guidance_sections in LAYOUT:
        parts = []
        for section in guidance_sections:
            if not _shown(section, situation):
                continue
            entries = list(patient_map.sections.get(section.value, ()))
            asked = section in RULE_NEEDS and RULE_NEEDS[section] in situation.needs
            if asked:
                left = [e for e in entries if (e.title, e.text) not in in_steps]
                if entries and not left:
                    continue  # all of it is in the next steps
                entries = left
            named = RELATIVE_PART_TITLES.get(section, section.label) if relative else section.label
            parts.append(Part(section.value, str(named), entries, open=asked))
        if slug == TopSection.RULES:  # the ones asked for first, each group in LAYOUT's order
            parts.sort(key=lambda part: not part.open)
        sources = [entry.source for part in parts for entry in part.entries]
        if slug == TopSection.WHO_DOES_WHAT:
            sources += [entry.source for entry in patient_map.responsibilities]
        if slug == TopSection.CONTACTS:  # the organisations listed there
            first = contact_card(patient_map)
            units = [first.unit, first.number_from, *other_units(patient_map)]
            sources += [u.source for u in units if u]
        if slug == TopSection.ABOUT and patient_map.level:
            sources.append(patient_map.level.source)
        sections.append(
            MapSection(
                slug=slug,
                title=str(relative_title if relative else title),
                parts=parts,
                sources=_unique_sources(sources),
            )
        )
    return sections


def map_page(patient_map: PatientMap) -> MapPage:
    situation = patient_map.situation
    guidance = {
        section.value: list(patient_map.sections.get(section.value, ())) for section in Section
    }
    in_hospital = situation.in_hospital == YesNo.YES
    card_parts = [
        Part(section.value, str(section.label), guidance[section.value])
        for section in IN_HOSPITAL_CARD
        if in_hospital and guidance[section.value]
    ]
    home = patient_map.answer.at_home
    texts = [entry.text for entry in (patient_map.main, home) if entry and entry.text]
    return MapPage(
        patient_map=patient_map,
        query=map_query(situation),
        guidance=guidance,
        layout=layout(patient_map),
        answers=answers_in_words(situation, patient_map.region),
        relative=situation.role == Role.RELATIVE,
        in_hospital=in_hospital,
        card_parts=card_parts,
        card_texts=list(dict.fromkeys(texts)) if in_hospital else [],
        other_units=other_units(patient_map),
        contact_card=contact_card(patient_map),
    )


def contact_card(patient_map: PatientMap) -> Contact:
    """The contact "Dina kontakter" shows in full: for an inpatient the one at home (the ward's
    staff are there in person), else the first contact."""
    answer = patient_map.answer
    return answer.home_contact or answer.first_contact


def other_units(patient_map: PatientMap) -> list[UnitInfo]:
    """Every organisation on the map once, except the first contact: names for "Dina kontakter"."""
    first = contact_card(patient_map).unit
    seen = {first.id} if first else set()
    units = []
    entries = [*patient_map.responsibilities]
    if patient_map.answer.at_home:
        entries.insert(0, patient_map.answer.at_home)
    for unit in [u for entry in entries for u in entry.units] + patient_map.national_units:
        if unit.id not in seen:
            seen.add(unit.id)
            units.append(unit)
    return units


# Errors: what is wrong with each parameter, without echoing a huge or hostile value back whole.


def shorten(value: str, length: int = ECHO_LENGTH) -> str:
    return Truncator(value).chars(length)


type ErrorRow = tuple[str, str | Promise, str, list[str]]


def parameter_errors(params: Mapping[str, Any], errors: Errors) -> list[ErrorRow]:
    """[(parameter, label, shortened value, [messages])] for the 400 page and the JSON error."""
    fields = MapQueryForm.base_fields
    rows: list[ErrorRow] = []
    for name, messages in errors.items():
        raw = (
            ", ".join(params.getlist(name))
            if hasattr(params, "getlist")
            else str(params.get(name, ""))
        )
        short = shorten(raw)
        # Django's messages may quote the value in full ("… 5000 characters … is not one of …").
        cleaned = [shorten(m.replace(raw, short) if raw else m, 300) for m in messages]
        label = (fields[name].label or name) if name in fields else name
        rows.append((name, label, short, cleaned))
    return rows


# JSON


def _source_json(source: Source) -> SourceJSON:
    return {
        "title": source.title,
        "url": source.url or None,
        "compared_with": source.compared_with or None,
        "source_dated": _iso(source.source_dated),
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _unit_json(unit: UnitInfo) -> UnitJSON:
    return {
        "name": unit.name,
        "kind": unit.kind,
        "principal": unit.principal,
        "phone": unit.phone or None,
        "phone_display": phone.display(unit.phone) or None,
        "email": unit.email or None,
        "web": unit.web or None,
        "address": unit.address or None,
        "hours": unit.opening_hours or None,
        "accepts_self_referral": unit.accepts_self_referral,
        "digital_options": unit.digital_options or None,
        "source": _source_json(unit.source),
        "reviewed_on": _iso(unit.source.reviewed_on),
    }


def _contact_json(contact: Contact | None) -> ContactJSON | None:
    if contact is None:
        return None
    return {
        "name": contact.name,
        "kind": contact.kind,
        "principal": (
            {"kind": contact.principal, "name": contact.principal_name}
            if contact.principal
            else None
        ),
        "via": contact.via,
        "phone": (contact.number_from.phone if contact.number_from else "") or None,
        "phone_display": contact.phone or None,
        "tel": contact.tel or None,
        "hours": contact.hours or None,
        "web": contact.web or None,
        "number_from": contact.number_from.name if contact.number_from else None,
        "number_source": _source_json(contact.number_from.source) if contact.number_from else None,
        "number_reviewed_on": _iso(contact.number_from.source.reviewed_on)
        if contact.number_from
        else None,
    }


def _answer_json(patient_map: PatientMap) -> AnswerJSON:
    answer = patient_map.answer
    home = answer.at_home
    return {
        "first_contact": _contact_json(answer.first_contact),
        "next_steps": [
            {
                "title": step.title,
                "text": step.text,
                "contact": _contact_json(step.contact),
                "source": _source_json(step.source),
            }
            for step in answer.next_steps
        ],
        "at_home": {"kind": home.principal, "name": home.principal_name} if home else None,
        "home_contact": _contact_json(answer.home_contact),
        "layout": [
            {
                "slug": section.slug,
                "title": section.title,
                "sections": [p.slug for p in section.parts],
            }
            for section in layout(patient_map)
        ],
    }


def _reading_order(patient_map: PatientMap) -> Callable[[tuple[str, object]], int]:
    """A sort key for guidance section slugs: the page's order (the inpatient's card first)."""
    slugs = (
        [s.value for s in IN_HOSPITAL_CARD]
        if patient_map.situation.in_hospital == YesNo.YES
        else []
    )
    slugs += [part.slug for section in layout(patient_map) for part in section.parts]

    def position(item: tuple[str, object]) -> int:
        return slugs.index(item[0]) if item[0] in slugs else len(slugs)

    return position


def map_json(patient_map: PatientMap) -> MapJSON:
    """The JSON body of /api/karta/ (its types: pathways/api_types.py; its schema: pathways/openapi.py)."""
    main = patient_map.main
    level = patient_map.level
    elsewhere = patient_map.physiotherapists_elsewhere
    order = _reading_order(patient_map)
    return {
        "region": {"name": patient_map.region.name, "slug": patient_map.region.slug},
        "municipality": {
            "name": patient_map.municipality.name,
            "code": patient_map.municipality.code,
        },
        "query": map_query(patient_map.situation),
        "main_responsible": (
            {"kind": main.principal, "name": main.principal_name} if main else None
        ),
        "level": (
            {"number": level.number, "name": level.name, "description": level.description}
            if level
            else None
        ),
        "responsibilities": [
            {
                "topic": entry.topic.slug,
                "topic_name": entry.topic.name,
                "principal": {"kind": entry.principal, "name": entry.principal_name},
                "unit": _unit_json(entry.units[0]) if entry.units else None,
                "units": [_unit_json(u) for u in entry.units],
                "text": entry.text,
                "explanation": entry.explanation,
                "professions": [p.slug for p in entry.professions],
                "source": _source_json(entry.source),
                "reviewed_on": _iso(entry.source.reviewed_on),
            }
            for entry in patient_map.responsibilities
        ],
        "sections": {
            slug: [
                {
                    "title": entry.title,
                    "text": entry.text,
                    "source": _source_json(entry.source),
                    "reviewed_on": _iso(entry.source.reviewed_on),
                }
                for entry in entries
            ]
            for slug, entries in sorted(patient_map.sections.items(), key=order)
        },
        "professions": [
            {"slug": p.slug, "name": p.name, "description": p.description}
            for p in patient_map.professions
        ],
        "motivation_units": [_unit_json(u) for u in patient_map.motivation_units],
        "physiotherapists": {
            "municipality": (
                {"name": elsewhere.name, "code": elsewhere.code}
                if elsewhere
                else {"name": patient_map.municipality.name, "code": patient_map.municipality.code}
            ),
            "in_own_municipality": elsewhere is None,
            "units": [_unit_json(u) for u in patient_map.physiotherapists],
        },
        "national_units": [_unit_json(u) for u in patient_map.national_units],
        "made_on": patient_map.made_on.isoformat(),
        "latest_review": (
            patient_map.latest_review.isoformat() if patient_map.latest_review else None
        ),
        "is_demo": patient_map.has_demo,
        **_answer_json(patient_map),  # first_contact, next_steps, at_home, layout
    }


INVALID_PARAMETERS = _("Kartans adress innehåller svar som inte går att läsa.")
