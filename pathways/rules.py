"""The rules: from a situation and a region's catalog to a personal map.

Pure Python over plain values (pathways.values): no database, no request, no template, no
translation (a conflict is described in words where it is shown: the model's validation).
The vocabulary (unit kinds, principals, the main topic) comes from pathways.choices.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from .choices import MAIN_TOPIC, AgeGroup, Need, Principal, Role, Section, UnitKind, YesNo
from .situation import Situation, can_occur, includes
from .values import (
    AnyRule,
    Catalog,
    GuidanceEntry,
    GuidanceOutcome,
    LevelInfo,
    MunicipalityInfo,
    ResponsibilityEntry,
    ResponsibilityOutcome,
    Rule,
    Ruling,
    Source,
    UnitInfo,
)

MOTIVATION_KINDS = {UnitKind.PATIENT_ASSOCIATION, UnitKind.WARM_WATER_POOL}
# Not on a child's map: work and sick leave are an adult's matters, and the patient associations
# in the data are adults' (a unit carries no age group); children's support is the habilitering.
ADULT_ONLY_SECTIONS = {Section.WORK.value}
ADULT_ONLY_KINDS = {UnitKind.PATIENT_ASSOCIATION}


def applies(rule: AnyRule, situation: Situation, day: date) -> bool:
    if rule.municipality_code not in (None, situation.municipality_code):
        return False
    if not rule.source.valid_on(day):
        return False
    values = situation.condition_values()
    return all(includes(name, wanted, values[name]) for name, wanted in rule.conditions.items())


def choose[O: (ResponsibilityOutcome, GuidanceOutcome)](
    rules: Iterable[Rule[O]], situation: Situation, day: date
) -> dict[tuple[str, ...], Rule[O]]:
    """The winning rule of each group: of those that apply, the highest priority, then the most
    specific (Rule.specificity); the lowest id breaks a tie."""
    winners: dict[tuple[str, ...], Rule[O]] = {}
    for rule in sorted(rules, key=lambda r: r.id):
        if not applies(rule, situation, day):
            continue
        best = winners.get(rule.group)
        if best is None or rule.specificity > best.specificity:
            winners[rule.group] = rule
    return winners


# Ambiguity: two rules of one group that can both win the same situation and say different things.


@dataclass(frozen=True)
class Conflict:
    rule: AnyRule  # the other rule
    conditions: dict[str, str | int]  # the situations both apply to; empty means all of them


def _overlap(a: AnyRule, b: AnyRule) -> dict[str, str | int] | None:
    """The conditions of the situations both rules apply to, or None if there are none."""
    if a.municipality_code != b.municipality_code:
        return None
    start = max(filter(None, (a.source.valid_from, b.source.valid_from)), default=None)
    end = min(filter(None, (a.source.valid_to, b.source.valid_to)), default=None)
    if start and end and start > end:
        return None
    merged = dict(a.conditions)
    for name, value in b.conditions.items():
        held = merged.get(name)
        # Where both apply is described by the narrower of the two values (or the one given).
        if held is None or includes(name, held, value):
            merged[name] = value
        elif not includes(name, value, held):
            return None
    return merged if can_occur(merged) else None


def _covers(rule: AnyRule, conditions: dict[str, str | int], municipality_code: str | None) -> bool:
    """Whether `rule` applies in every situation described by `conditions`, at every date."""
    return (
        rule.municipality_code in (None, municipality_code)
        and rule.source.valid_from is None
        and rule.source.valid_to is None
        and all(
            includes(name, value, conditions.get(name)) for name, value in rule.conditions.items()
        )
    )


def find_conflict(rule: AnyRule, candidates: Iterable[AnyRule]) -> Conflict | None:
    """The first rule among `candidates` that ties with `rule` somewhere and disagrees with it."""
    others = [other for other in candidates if other.group == rule.group]
    for other in others:
        if other.specificity != rule.specificity or other.outcome == rule.outcome:
            continue
        shared = _overlap(rule, other)
        if shared is None:
            continue
        resolved = any(
            third.specificity > rule.specificity and _covers(third, shared, rule.municipality_code)
            for third in others
        )
        if not resolved:
            return Conflict(rule=other, conditions=shared)
    return None


def _meet(a: AnyRule, b: AnyRule) -> bool:
    """Whether some situation on some day has both rules apply (a region's rule applies in each
    of its municipalities)."""
    code = a.municipality_code or b.municipality_code
    if {a.municipality_code, b.municipality_code} - {None, code}:
        return False
    return (
        _overlap(replace(a, municipality_code=code), replace(b, municipality_code=code)) is not None
    )


def goes_before(rule: AnyRule, others: Iterable[AnyRule]) -> list[AnyRule]:
    """The rules of `others` that `rule` wins against in some situation where both apply."""
    return [
        other
        for other in others
        if other.group == rule.group and other.specificity < rule.specificity and _meet(rule, other)
    ]


# Building the map


def _units_for(
    outcome: ResponsibilityOutcome,
    current: list[UnitInfo],
    catalog: Catalog,
    municipality: MunicipalityInfo,
) -> list[UnitInfo]:
    """The unit the rule names; else the units of its kind in the person's municipality, else the
    region-wide ones, else those in the nearest municipality that has any (a hospital's
    rehabilitation belongs to the hospital's town: a town without one gets the nearest, not all).
    `current`: the catalog's units valid on the map's day."""
    if outcome.unit_id:
        return [unit for unit in current if unit.id == outcome.unit_id]
    kind = outcome.unit_kind
    if not kind:
        return []
    of_kind = [u for u in current if u.kind == kind]
    local = [u for u in of_kind if u.municipality_code == municipality.code]
    region_wide = [u for u in of_kind if u.municipality_code is None]
    return local or region_wide or _nearest(of_kind, municipality, catalog)[0]


def _principal_name(
    principal: str, catalog: Catalog, municipality: MunicipalityInfo, units: list[UnitInfo]
) -> str:
    if principal == Principal.REGION:
        return catalog.region.name
    if principal == Principal.MUNICIPALITY:
        return municipality.authority_name
    return units[0].name if units else ""


def _distance(a: MunicipalityInfo, b: MunicipalityInfo) -> float:
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return math.inf
    mean_lat = math.radians((a.latitude + b.latitude) / 2)
    dx = (a.longitude - b.longitude) * math.cos(mean_lat)
    return math.hypot(dx, a.latitude - b.latitude)


def _nearest(
    units: list[UnitInfo], municipality: MunicipalityInfo, catalog: Catalog
) -> tuple[list[UnitInfo], MunicipalityInfo | None]:
    """The units in the nearest other municipality that has any, and that municipality."""
    nearest = min(
        {u.municipality_code for u in units if u.municipality_code is not None},
        key=lambda code: (_distance(municipality, catalog.municipalities[code]), code),
        default=None,
    )
    if nearest is None:
        return [], None
    return [u for u in units if u.municipality_code == nearest], catalog.municipalities[nearest]


def _physiotherapists(
    catalog: Catalog, municipality: MunicipalityInfo, day: date
) -> tuple[list[UnitInfo], MunicipalityInfo | None]:
    """Private physiotherapists in the municipality, or in the nearest one that has any."""
    physios = [
        u for u in catalog.units if u.kind == UnitKind.PRIVATE_PHYSIO and u.source.valid_on(day)
    ]
    local = [u for u in physios if u.municipality_code == municipality.code]
    if local or not physios:
        return local, None
    return _nearest(physios, municipality, catalog)


def wanted_needs(situation: Situation) -> frozenset[str]:
    """The needs the map answers: those ticked, and for a relative always support for relatives
    (the start page promises it to everyone who starts as a relative)."""
    if situation.role == Role.RELATIVE:
        return situation.needs | {Need.RELATIVES.value}
    return situation.needs


def _as_read_by_relative(unit: UnitInfo) -> UnitInfo:
    if unit.description_for_relative:
        return replace(unit, description=unit.description_for_relative)
    return unit


def decide(situation: Situation, catalog: Catalog, day: date) -> Ruling:
    """What the rules decide for a situation on a day: the whole map but its answer, which
    pathways.answer reads from this (answer.build_map makes the map whole). A relative
    (roll=narstaende) reads each text's relative form, where the row has one
    (docs/decisions/0010), so every rendering of the map says the same."""
    municipality = catalog.municipalities[situation.municipality_code]
    sources: list[Source] = []
    relative = situation.role == Role.RELATIVE

    def said(text: str, for_relative: str) -> str:
        return for_relative if relative and for_relative else text

    def read(units: list[UnitInfo]) -> list[UnitInfo]:
        return [_as_read_by_relative(u) for u in units] if relative else units

    current = [u for u in catalog.units if u.source.valid_on(day)]
    winners = choose(catalog.responsibilities, situation, day)
    responsibilities: list[ResponsibilityEntry] = []
    for topic in catalog.topics:
        rule = winners.get(("topic", topic.slug))
        if rule is None:
            continue
        units = read(_units_for(rule.outcome, current, catalog, municipality))
        professions = [catalog.professions[slug] for slug in rule.professions]
        if relative:
            professions = [
                replace(p, description=said(p.description, p.description_for_relative))
                for p in professions
            ]
        outcome = rule.outcome
        responsibilities.append(
            ResponsibilityEntry(
                topic=topic,
                principal=outcome.principal,
                principal_name=_principal_name(outcome.principal, catalog, municipality, units),
                units=units,
                text=said(outcome.text, outcome.text_for_relative),
                explanation=said(outcome.explanation, outcome.explanation_for_relative),
                source=rule.source,
                professions=professions,
                easy_text=outcome.easy_text,
            )
        )
        sources += [rule.source, *(u.source for u in units)]

    sections: dict[str, list[GuidanceEntry]] = {}
    needs = wanted_needs(situation)
    child = situation.age_group == AgeGroup.CHILD
    # Going straight to a physiotherapist: never for who cannot get there, nor away from home.
    direct_access = situation.reaches_health_centre == YesNo.YES
    chosen: list[Rule[GuidanceOutcome]] = [
        rule
        for rule in choose(catalog.guidance, situation, day).values()
        if (not rule.outcome.need or rule.outcome.need in needs)
        and not (child and rule.outcome.section in ADULT_ONLY_SECTIONS)
        and (rule.outcome.section != Section.DIRECT_ACCESS or direct_access)
    ]
    for guidance in sorted(chosen, key=lambda r: (r.outcome.order, r.id)):
        says = guidance.outcome
        entry = GuidanceEntry(
            title=said(says.title, says.title_for_relative),
            text=said(says.text, says.text_for_relative),
            source=guidance.source,
            need=guidance.outcome.need,
            key=guidance.group[2],
        )
        sections.setdefault(guidance.outcome.section, []).append(entry)
        sources.append(guidance.source)

    seen = {p.slug: p for entry in responsibilities for p in entry.professions}
    professions = sorted(seen.values(), key=lambda p: (p.order, p.name))

    motivation = [
        u
        for u in current
        if u.kind in MOTIVATION_KINDS
        and not (child and u.kind in ADULT_ONLY_KINDS)
        and u.municipality_code in (None, municipality.code)
        and not u.is_national
    ]
    motivation = read(motivation)
    physios, elsewhere = _physiotherapists(catalog, municipality, day)
    physios = read(physios)
    national = read([u for u in current if u.is_national and u.kind == UnitKind.ADVICE_LINE])
    level: LevelInfo | None = (
        catalog.levels.get(situation.level) if situation.level is not None else None
    )
    sources += [u.source for u in motivation + physios + national]
    if level:
        sources.append(level.source)
        if relative:
            level = replace(
                level,
                description=said(level.description, level.description_for_relative),
                where=said(level.where, level.where_for_relative),
            )

    return Ruling(
        situation=situation,
        region=catalog.region,
        municipality=municipality,
        made_on=day,
        main=next((r for r in responsibilities if r.topic.slug == MAIN_TOPIC), None),
        level=level,
        responsibilities=responsibilities,
        sections=sections,
        professions=professions,
        motivation_units=motivation,
        physiotherapists=physios,
        physiotherapists_elsewhere=elsewhere,
        national_units=national,
        sources=sources,
    )
