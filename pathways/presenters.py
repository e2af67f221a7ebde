"""From a PatientMap to what the map's renderings need: the page's sections and the JSON body.

The page, the PDF and the JSON all start from one PatientMap (design.md, "The one path data
takes"); this module only arranges it. No database, no request: a presenter cannot change what the
rules decided, only how it is laid out.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .api_types import MapJSON, SourceJSON, UnitJSON
from .choices import RULE_SECTIONS, Section
from .query import MapQueryForm, map_query
from .situation import YES
from .values import GuidanceEntry, PatientMap, Source, UnitInfo

# An echoed parameter value is cut to this length: a 5000-character value must not fill the page.
ECHO_LENGTH = 40


@dataclass(frozen=True)
class RuleSection:
    """One of the rule sections (aids, sick travel, medicines): open if the person needs it."""

    slug: str
    title: str
    entries: list[GuidanceEntry]
    needed: bool


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str | Promise


@dataclass(frozen=True)
class MapPage:
    """The map laid out for a page (and the PDF): sections in reading order, rule sections sorted."""

    patient_map: PatientMap
    query: str
    guidance: dict[str, list[GuidanceEntry]]  # by section slug; every Section, maybe empty
    rule_sections: list[RuleSection]  # the needed ones first
    show_discharge: bool
    answers: list[tuple[str | Promise, str]]  # (label, value) pairs of what the person answered
    toc: list[TocEntry] = field(default_factory=list)


def _answers(situation, region):
    """What the person answered, in words, for the map's "In short"."""
    fields = MapQueryForm.base_fields
    merged = {}  # behov is repeatable: one line with all the needs, not one line each
    for name, value in situation.query_params():
        if name == "kommun":
            continue
        labels = {str(key): label for key, label in fields[name].choices}
        label = fields[name].label
        if name == "ta_sig":  # the region's own word: hälsocentralen, vårdcentralen
            label = _("Tar sig till %(place)s") % {"place": region.health_centre_word_definite}
        merged.setdefault(label, []).append(str(labels.get(value, value)))
    return [(label, ", ".join(values)) for label, values in merged.items()]


def map_page(patient_map: PatientMap) -> MapPage:
    situation = patient_map.situation
    guidance = {
        section.value: list(patient_map.sections.get(section.value, ())) for section in Section
    }
    rule_sections = sorted(
        (
            RuleSection(
                slug=section.value,
                title=str(section.label),
                entries=guidance[section.value],
                needed=need.value in situation.needs,
            )
            for section, need in RULE_SECTIONS.items()
        ),
        key=lambda s: not s.needed,  # stable: the needed ones first, each group in choices order
    )
    show_discharge = situation.in_hospital == YES
    toc = [
        TocEntry("i-korthet", _("I korthet")),
        TocEntry("ansvar", _("Vem ansvarar för vad")),
        TocEntry("moter", _("Vilka du möter")),
        TocEntry("fragor", Section.WHERE_TO_TURN.label),
        TocEntry("forvanta", Section.EXPECT.label),
        TocEntry("forvantas", Section.EXPECTED_OF_YOU.label),
        TocEntry("uppfoljning", _("Uppföljning och rehabiliteringsplan")),
        TocEntry("sip", Section.SIP.label),
    ]
    if show_discharge:
        toc.append(TocEntry("utskrivning", Section.DISCHARGE.label))
    toc += [
        TocEntry("motivation", Section.MOTIVATION.label),
        TocEntry("direktatkomst", Section.DIRECT_ACCESS.label),
        *(TocEntry(s.slug, s.title) for s in rule_sections),
        TocEntry("arbete", Section.WORK.label),
        TocEntry("rattigheter", Section.RIGHTS.label),
        TocEntry("nar_fel", Section.WHEN_WRONG.label),
    ]
    return MapPage(
        patient_map=patient_map,
        query=map_query(situation),
        guidance=guidance,
        rule_sections=rule_sections,
        show_discharge=show_discharge,
        answers=_answers(situation, patient_map.region),
        toc=toc,
    )


# Errors: what is wrong with each parameter, without echoing a huge or hostile value back whole.


def shorten(value, length=ECHO_LENGTH):
    return Truncator(value).chars(length)


def parameter_errors(params, errors):
    """[(parameter, label, shortened value, [messages])] for the 400 page and the JSON error."""
    fields = MapQueryForm.base_fields
    rows = []
    for name, messages in errors.items():
        raw = (
            ", ".join(params.getlist(name))
            if hasattr(params, "getlist")
            else str(params.get(name, ""))
        )
        short = shorten(raw)
        # Django's messages may quote the value in full ("… 5000 characters … is not one of …").
        cleaned = [shorten(m.replace(raw, short) if raw else m, 300) for m in messages]
        label = fields[name].label if name in fields else name
        rows.append((name, label, short, cleaned))
    return rows


# JSON


def _source_json(source: Source) -> SourceJSON:
    return {"title": source.title, "url": source.url or None}


def _unit_json(unit: UnitInfo) -> UnitJSON:
    return {
        "name": unit.name,
        "kind": unit.kind,
        "principal": unit.principal,
        "phone": unit.phone or None,
        "email": unit.email or None,
        "web": unit.web or None,
        "address": unit.address or None,
        "hours": unit.opening_hours or None,
        "accepts_self_referral": unit.accepts_self_referral,
        "digital_options": unit.digital_options or None,
        "source": _source_json(unit.source),
        "reviewed_on": unit.source.reviewed_on.isoformat(),
    }


def map_json(patient_map: PatientMap) -> MapJSON:
    """The JSON body of /api/karta/ (its types: pathways/api_types.py; its schema: pathways/openapi.py)."""
    main = patient_map.main
    level = patient_map.level
    elsewhere = patient_map.physiotherapists_elsewhere
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
                "reviewed_on": entry.source.reviewed_on.isoformat(),
            }
            for entry in patient_map.responsibilities
        ],
        "sections": {
            slug: [
                {
                    "title": entry.title,
                    "text": entry.text,
                    "source": _source_json(entry.source),
                    "reviewed_on": entry.source.reviewed_on.isoformat(),
                }
                for entry in entries
            ]
            for slug, entries in patient_map.sections.items()
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
    }


INVALID_PARAMETERS = _("Kartans adress innehåller svar som inte går att läsa.")
