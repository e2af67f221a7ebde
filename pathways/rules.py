"""The rules: from a situation and a region's catalog to a personal map.

Pure Python over plain values (pathways.values): no database, no request, no template.
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .situation import RELATIVE, Situation, can_occur
from .values import Catalog, GuidanceEntry, PatientMap, ResponsibilityEntry, Rule

MAIN_TOPIC = "rehabilitering"  # the topic whose principal holds the main responsibility
MOTIVATION_KINDS = {"patientforening", "varmvattenbassang"}
PRIVATE_PHYSIO = "privat_fysioterapeut"
ADVICE_LINE = "radgivning"
RELATIVE_SUPPORT = "narstaende"  # the need: support for relatives


def applies(rule: Rule, situation: Situation, day) -> bool:
    if rule.municipality_code not in (None, situation.municipality_code):
        return False
    if not rule.source.valid_on(day):
        return False
    values = situation.condition_values()
    return all(values[name] == wanted for name, wanted in rule.conditions.items())


def choose(rules, situation, day):
    """The winning rule of each group: the most specific that applies (lowest id breaks a tie)."""
    winners = {}
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
    rule: Rule
    conditions: dict

    def describe(self):
        if not self.conditions:
            return _("alla situationer")
        return ", ".join(f"{name}={value}" for name, value in sorted(self.conditions.items()))


def _overlap(a: Rule, b: Rule):
    """The conditions of the situations both rules apply to, or None if there are none."""
    if a.municipality_code != b.municipality_code:
        return None
    start = max(filter(None, (a.source.valid_from, b.source.valid_from)), default=None)
    end = min(filter(None, (a.source.valid_to, b.source.valid_to)), default=None)
    if start and end and start > end:
        return None
    merged = dict(a.conditions)
    for name, value in b.conditions.items():
        if merged.setdefault(name, value) != value:
            return None
    return merged if can_occur(merged) else None


def _covers(rule: Rule, conditions: dict, municipality_code) -> bool:
    """Whether `rule` applies in every situation described by `conditions`, at every date."""
    return (
        rule.municipality_code in (None, municipality_code)
        and rule.source.valid_from is None
        and rule.source.valid_to is None
        and all(conditions.get(name) == value for name, value in rule.conditions.items())
    )


def find_conflict(rule: Rule, others) -> Conflict | None:
    """The first rule among `others` that ties with `rule` somewhere and disagrees with it."""
    others = [other for other in others if other.group == rule.group]
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


# Building the map


def _units_for(outcome, catalog: Catalog, municipality_code):
    if outcome.get("unit_id"):
        return [unit for unit in catalog.units if unit.id == outcome["unit_id"]]
    kind = outcome.get("unit_kind")
    if not kind:
        return []
    local = [
        u for u in catalog.units if u.kind == kind and u.municipality_code == municipality_code
    ]
    if local:
        return local
    return [u for u in catalog.units if u.kind == kind and u.municipality_code is None]


def _principal_name(principal, catalog, municipality, units):
    if principal == "region":
        return catalog.region.name
    if principal == "kommun":
        return municipality.authority_name
    return units[0].name if units else ""


def _distance(a, b):
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return math.inf
    mean_lat = math.radians((a.latitude + b.latitude) / 2)
    dx = (a.longitude - b.longitude) * math.cos(mean_lat)
    return math.hypot(dx, a.latitude - b.latitude)


def _physiotherapists(catalog, municipality, day):
    """Private physiotherapists in the municipality, or in the nearest one that has any."""
    physios = [u for u in catalog.units if u.kind == PRIVATE_PHYSIO and u.source.valid_on(day)]
    local = [u for u in physios if u.municipality_code == municipality.code]
    if local or not physios:
        return local, None
    nearest = min(
        {u.municipality_code for u in physios if u.municipality_code},
        key=lambda code: (_distance(municipality, catalog.municipalities[code]), code),
        default=None,
    )
    if nearest is None:
        return [], None
    return [u for u in physios if u.municipality_code == nearest], catalog.municipalities[nearest]


def wanted_needs(situation: Situation):
    """The needs the map answers: those ticked, and for a relative always support for relatives
    (the start page promises it to everyone who starts as a relative)."""
    if situation.role == RELATIVE:
        return situation.needs | {RELATIVE_SUPPORT}
    return situation.needs


def build_map(situation: Situation, catalog: Catalog, day) -> PatientMap:
    municipality = catalog.municipalities[situation.municipality_code]
    sources = []

    winners = choose(catalog.responsibilities, situation, day)
    responsibilities = []
    for topic in catalog.topics:
        rule = winners.get(("topic", topic.slug))
        if rule is None:
            continue
        units = [
            u
            for u in _units_for(rule.outcome, catalog, municipality.code)
            if u.source.valid_on(day)
        ]
        professions = [catalog.professions[slug] for slug in rule.professions]
        responsibilities.append(
            ResponsibilityEntry(
                topic=topic,
                principal=rule.outcome["principal"],
                principal_name=_principal_name(
                    rule.outcome["principal"], catalog, municipality, units
                ),
                units=units,
                text=rule.outcome["text"],
                explanation=rule.outcome["explanation"],
                source=rule.source,
                professions=professions,
            )
        )
        sources += [rule.source, *(u.source for u in units)]

    sections = {}
    needs = wanted_needs(situation)
    chosen = [
        rule
        for rule in choose(catalog.guidance, situation, day).values()
        if not rule.outcome.get("need") or rule.outcome["need"] in needs
    ]
    for rule in sorted(chosen, key=lambda r: (r.outcome.get("order", 0), r.id)):
        entry = GuidanceEntry(
            title=rule.outcome.get("title", ""),
            text=rule.outcome["text"],
            source=rule.source,
            need=rule.outcome.get("need") or "",
        )
        sections.setdefault(rule.outcome["section"], []).append(entry)
        sources.append(rule.source)

    seen = {p.slug: p for entry in responsibilities for p in entry.professions}
    professions = sorted(seen.values(), key=lambda p: (p.order, p.name))

    current = [u for u in catalog.units if u.source.valid_on(day)]
    motivation = [
        u
        for u in current
        if u.kind in MOTIVATION_KINDS
        and u.municipality_code in (None, municipality.code)
        and not u.is_national
    ]
    physios, elsewhere = _physiotherapists(catalog, municipality, day)
    national = [u for u in current if u.is_national and u.kind == ADVICE_LINE]
    level = catalog.levels.get(situation.level)
    sources += [u.source for u in motivation + physios + national]
    if level:
        sources.append(level.source)

    return PatientMap(
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
