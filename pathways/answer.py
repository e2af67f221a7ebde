"""The answer a map leads with: whom to contact first (with a number known from a source) and the
next steps, built from the person's answers; and `build_map`, which makes a map whole: what the
rules decided and this answer (pathways.values.PatientMap).

Pure Python over plain values (no database, no request, no template), like the rules it reads:
the page, the PDF and the JSON show what these functions return.
"""

from dataclasses import replace
from datetime import date

from . import phone
from .choices import (
    HABILITATION_TOPIC,
    AgeGroup,
    Cause,
    Housing,
    Need,
    Principal,
    Process,
    UnitKind,
    YesNo,
)
from .rules import decide, wanted_needs
from .situation import Situation
from .values import (
    CHILD_CLINIC,
    HOME_CARE,
    HOUSING_STAFF,
    IN_PERSON,
    OWN,
    RESPONSIBLE,
    VIA_NATIONAL,
    VIA_SWITCHBOARD,
    WARD,
    Answer,
    Catalog,
    Contact,
    NextStep,
    PatientMap,
    ResponsibilityEntry,
    Ruling,
    UnitInfo,
)

MAX_STEPS = 5
ENOUGH_STEPS = 3  # general steps are added only until there are this many
# The needs in the order the questions list them: the chosen ones lead the next steps.
NEED_ORDER = tuple(Need.values)
# When the person chose no need, the steps come from these topics: everyone has them.
GENERAL_TOPICS = ("uppfoljning", "samordning")
# The general topics that happen at home: for an inpatient, answered by the map at home.
AFTER_DISCHARGE = ("uppfoljning",)


def build_map(situation: Situation, catalog: Catalog, day: date) -> PatientMap:
    """The map of a situation on a day, whole: what the rules decide and the answer read from it.
    The one way a map is made (the page, the PDF, the JSON, the discharge app, the checks)."""
    ruling = decide(situation, catalog, day)
    return PatientMap.whole(ruling, answer_for(ruling, catalog))


def _switchboard(principal: str, catalog: Catalog, municipality_code: str) -> UnitInfo | None:
    """The switchboard of a principal: the person's municipality's, or the region's."""
    if principal == Principal.MUNICIPALITY:
        wanted = [u for u in catalog.units if u.municipality_code == municipality_code]
    elif principal == Principal.REGION:
        wanted = [u for u in catalog.units if u.municipality_code is None and not u.is_national]
    else:
        return None
    return next(
        (
            u
            for u in wanted
            if u.kind == UnitKind.SWITCHBOARD and u.principal == principal and u.phone
        ),
        None,
    )


def national_line(catalog: Catalog) -> UnitInfo | None:
    """The national advice line (1177 Vårdguiden in national.json); never an emergency number."""
    lines = [
        u
        for u in catalog.units
        if u.is_national
        and u.kind == UnitKind.ADVICE_LINE
        and u.phone
        and not phone.is_emergency(u.phone)
    ]
    return min(lines, key=lambda u: u.id, default=None)


def contact_for(
    unit: UnitInfo | None,
    name: str,
    principal: str,
    catalog: Catalog,
    code: str,
    kind: str = RESPONSIBLE,
    principal_name: str = "",
) -> Contact:
    """The unit with its own number, else its principal's switchboard, else the national line."""
    if unit is not None and unit.phone:
        return Contact(unit.name, unit, unit, OWN, kind, principal, principal_name)
    switchboard = _switchboard(principal, catalog, code)
    if switchboard:
        return Contact(name, unit, switchboard, VIA_SWITCHBOARD, kind, principal, principal_name)
    line = national_line(catalog)
    return Contact(name, unit, line, VIA_NATIONAL, kind, principal, principal_name)


def _own_unit(entry: ResponsibilityEntry, municipality_code: str) -> UnitInfo | None:
    """Of a responsibility's units, the one in the person's municipality, or the only one; None
    when several serve the whole region (the region's hospitals): then the principal is named."""
    local = [u for u in entry.units if u.municipality_code == municipality_code]
    if local:
        return local[0]
    return entry.units[0] if len(entry.units) == 1 else None


def home_map(ruling: Ruling, catalog: Catalog) -> Ruling | None:
    """For an inpatient: what the rules decide for the same situation once discharged (else None)."""
    if ruling.situation.in_hospital != YesNo.YES:
        return None
    home = replace(ruling.situation, in_hospital=YesNo.NO)
    return decide(home, catalog, ruling.made_on)


def _in_person(kind: str, entry: ResponsibilityEntry, unit: UnitInfo | None = None) -> Contact:
    return Contact(
        name="",
        unit=unit,
        number_from=None,
        via=IN_PERSON,
        kind=kind,
        principal=entry.principal,
        principal_name=entry.principal_name,
    )


def _child_unit(ruling: Ruling, main: ResponsibilityEntry, code: str) -> UnitInfo | None:
    """A child with a long-term condition or a lifelong disability: the region's habilitering;
    else the child's clinic."""
    habilitation = ruling.responsibility(HABILITATION_TOPIC)
    lifelong = ruling.situation.cause == Cause.DISABILITY
    if (
        (ruling.situation.process == Process.LONG_TERM or lifelong)
        and habilitation
        and habilitation.principal == main.principal
    ):
        return _own_unit(habilitation, code)
    return None


def first_contact(ruling: Ruling, catalog: Catalog) -> Contact:
    """Whom to contact first in this situation, within the main responsibility:

    in hospital the ward's staff; an adult in special housing, LSS housing or a short-term stay,
    the home's staff (the municipality holds the care on the home, HSL 12 kap. 1 §); a child,
    the region's habilitering or the child's own clinic; someone the municipality's home care
    looks after, the home care; otherwise the unit responsible.
    """
    entry = ruling.main
    situation = ruling.situation
    code = ruling.municipality.code
    if entry is None:
        return contact_for(None, "", "", catalog, code)
    unit = _own_unit(entry, code)
    if situation.in_hospital == YesNo.YES:
        return _in_person(WARD, entry)
    if situation.housing != Housing.ORDINARY and situation.age_group != AgeGroup.CHILD:
        # The home's staff are there, and the municipality holds the care on the home, even
        # when a hospital unit gives the rehabilitation itself (level 2 or 3).
        own = unit if entry.principal == Principal.MUNICIPALITY else None
        return replace(
            _in_person(HOUSING_STAFF, entry, own),
            principal=Principal.MUNICIPALITY,
            principal_name=ruling.municipality.authority_name,
        )
    kind = RESPONSIBLE
    if situation.age_group == AgeGroup.CHILD:
        kind, unit = CHILD_CLINIC, _child_unit(ruling, entry, code) or unit
    elif situation.reaches_health_centre == YesNo.NO and entry.principal == Principal.MUNICIPALITY:
        kind = HOME_CARE
    name = unit.name if unit else entry.principal_name
    return contact_for(unit, name, entry.principal, catalog, code, kind, entry.principal_name)


def _title(entry: ResponsibilityEntry) -> str:
    """E.g. "Hjälpmedel: Kiruna kommun": the region's topic name and who answers for it."""
    return f"{entry.topic.name}: {entry.principal_name}"


def _step_for_need(need: str, ruling: Ruling) -> NextStep | None:
    """The need's step: the topic that answers it (its unit's own number, if it has one), else the
    first text the region wrote for it (a guidance row marked with the need)."""
    for entry in ruling.responsibilities:
        if entry.topic.need == need:
            title = _title(entry)
            unit = next((u for u in entry.units if u.phone), None)
            contact = Contact(unit.name, unit, unit, OWN) if unit else None
            return NextStep(title, entry.text, entry.source, contact)
    for entries in ruling.sections.values():
        for guidance in entries:
            if guidance.need == need:
                return NextStep(guidance.title, guidance.text, guidance.source)
    return None


def next_steps(ruling: Ruling, home: Ruling | None = None) -> tuple[NextStep, ...]:
    """Two to five steps: the needs the person chose first, then follow-up and coordination
    (those only up to three steps: the needs are what the person came for).

    Every step's text is the region's text for exactly this situation (the rule that won), so a
    step cannot send someone who cannot get to the health centre there. For an inpatient the
    follow-up is read from `home`, the map at home: it happens after discharge, so it is the
    same answer as "När du kommer hem".
    """
    needs = wanted_needs(ruling.situation)
    found = (_step_for_need(need, ruling) for need in NEED_ORDER if need in needs)
    steps = [step for step in found if step]
    for slug in GENERAL_TOPICS:
        after = home if home and slug in AFTER_DISCHARGE else ruling
        entry = after.responsibility(slug)
        if entry and len(steps) < ENOUGH_STEPS:
            steps.append(NextStep(_title(entry), entry.text, entry.source))
    return tuple(steps[:MAX_STEPS])


def answer_for(ruling: Ruling, catalog: Catalog) -> Answer:
    """The answer, computed once: every part of the map (card, at home, steps, sections, PDF,
    JSON) reads who answers for what from here."""
    home = home_map(ruling, catalog)
    return Answer(
        first_contact=first_contact(ruling, catalog),
        next_steps=next_steps(ruling, home),
        at_home=home.main if home else None,
        home_contact=first_contact(home, catalog) if home else None,
        home=home,
    )
