"""The answer a map leads with: whom to contact first (with a number known from a source) and the
next steps, built from the person's answers.

Pure Python over plain values (no database, no request, no template), like the rules it reads:
the page, the PDF and the JSON show what these functions return.
"""

from dataclasses import dataclass, replace

from . import phone
from .choices import (
    HABILITATION_TOPIC,
    AgeGroup,
    Housing,
    Need,
    Principal,
    Process,
    UnitKind,
    YesNo,
)
from .rules import build_map, wanted_needs
from .values import Catalog, PatientMap, ResponsibilityEntry, Source, UnitInfo

MAX_STEPS = 5
ENOUGH_STEPS = 3  # general steps are added only until there are this many
# The needs in the order the questions list them: the chosen ones lead the next steps.
NEED_ORDER = tuple(Need.values)
# When the person chose no need, the steps come from these topics: everyone has them.
GENERAL_TOPICS = ("uppfoljning", "samordning")
# The general topics that happen at home: for an inpatient, answered by the map at home.
AFTER_DISCHARGE = ("uppfoljning",)

# How the contact is reached: by its own number, through its principal's switchboard, in person
# (the staff around the person: no number to ring), or, when the data knows no number at all,
# with the national advice line as the labelled last resort.
OWN, VIA_SWITCHBOARD, VIA_NATIONAL, IN_PERSON = "egen", "vaxel", "nationell", "personal"

# Who the first contact is, by situation (Contact.kind), in the order they are tried.
WARD = "avdelningen"  # in hospital: the ward's staff, and the fast vårdkontakt they name
HOUSING_STAFF = "boendet"  # special housing: the home's staff and its nurse
CHILD_CLINIC = "barnet"  # a child: the region's habilitering, or the child's own clinic
HOME_CARE = "hemsjukvarden"  # cannot get to the health centre: the municipality's home care
RESPONSIBLE = "ansvarig"  # otherwise: the unit (or principal) responsible


@dataclass(frozen=True)
class Contact:
    """An organisation to contact and the number to ring, which is its own only if `via` is OWN.

    With VIA_SWITCHBOARD or VIA_NATIONAL the organisation has no number of its own in the data,
    and `number_from` is the unit whose (sourced) number is given instead.
    """

    name: str
    unit: UnitInfo | None
    number_from: UnitInfo | None
    via: str
    kind: str = RESPONSIBLE
    principal: str = ""  # whose contact this is: the same principal as the answer it serves
    principal_name: str = ""

    @property
    def phone(self):
        return phone.display(self.number_from.phone) if self.number_from else ""

    @property
    def tel(self):
        return phone.tel_uri(self.number_from.phone) if self.number_from else ""

    @property
    def hours(self):
        return self.number_from.opening_hours if self.number_from else ""

    @property
    def web(self):
        if self.unit and self.unit.web:
            return self.unit.web
        # The national line's site is not this organisation's: it is only the last resort.
        if self.via == VIA_SWITCHBOARD and self.number_from:
            return self.number_from.web
        return ""


@dataclass(frozen=True)
class NextStep:
    title: str
    text: str
    source: Source
    contact: Contact | None = None  # only with the unit's own number: a step never says "ring 1177"


@dataclass(frozen=True)
class Answer:
    first_contact: Contact | None
    next_steps: tuple
    # In hospital: who holds the rehabilitation once the person is home again (else None), and
    # whom to contact then. Both come from `home`, the map of the same situation at home, which
    # also answers who follows up after discharge.
    at_home: ResponsibilityEntry | None = None
    home_contact: Contact | None = None
    home: PatientMap | None = None


def _switchboard(principal, catalog: Catalog, municipality_code):
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


def national_line(catalog: Catalog):
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
    code,
    kind=RESPONSIBLE,
    principal_name="",
):
    """The unit with its own number, else its principal's switchboard, else the national line."""
    who = {"kind": kind, "principal": principal, "principal_name": principal_name}
    if unit is not None and unit.phone:
        return Contact(name=unit.name, unit=unit, number_from=unit, via=OWN, **who)
    switchboard = _switchboard(principal, catalog, code)
    if switchboard:
        return Contact(name=name, unit=unit, number_from=switchboard, via=VIA_SWITCHBOARD, **who)
    line = national_line(catalog)
    return Contact(name=name, unit=unit, number_from=line, via=VIA_NATIONAL, **who)


def _own_unit(entry: ResponsibilityEntry, municipality_code):
    """Of a responsibility's units, the one in the person's municipality, or the only one; None
    when several serve the whole region (the region's hospitals): then the principal is named."""
    local = [u for u in entry.units if u.municipality_code == municipality_code]
    if local:
        return local[0]
    return entry.units[0] if len(entry.units) == 1 else None


def home_map(patient_map: PatientMap, catalog: Catalog):
    """For an inpatient: the map of the same situation once discharged (else None)."""
    if patient_map.situation.in_hospital != YesNo.YES:
        return None
    home = replace(patient_map.situation, in_hospital=YesNo.NO)
    return build_map(home, catalog, patient_map.made_on)


def _in_person(kind, entry: ResponsibilityEntry, unit=None):
    return Contact(
        name="",
        unit=unit,
        number_from=None,
        via=IN_PERSON,
        kind=kind,
        principal=entry.principal,
        principal_name=entry.principal_name,
    )


def _child_unit(patient_map: PatientMap, main: ResponsibilityEntry, code):
    """A child with a long-term condition: the region's habilitering; else the child's clinic."""
    habilitation = patient_map.responsibility(HABILITATION_TOPIC)
    if (
        patient_map.situation.process == Process.LONG_TERM
        and habilitation
        and habilitation.principal == main.principal
    ):
        return _own_unit(habilitation, code)
    return None


def first_contact(patient_map: PatientMap, catalog: Catalog):
    """Whom to contact first in this situation, within the main responsibility:

    in hospital the ward's staff; an adult in special housing, the home's staff (the municipality
    holds the care on the home); a child, the region's habilitering or the child's own clinic; someone the
    municipality's home care looks after, the home care; otherwise the unit responsible.
    """
    entry = patient_map.main
    situation = patient_map.situation
    code = patient_map.municipality.code
    if entry is None:
        return contact_for(None, "", "", catalog, code)
    unit = _own_unit(entry, code)
    if situation.in_hospital == YesNo.YES:
        return _in_person(WARD, entry)
    if situation.housing == Housing.SPECIAL and situation.age_group != AgeGroup.CHILD:
        # The home's staff are there, and the municipality holds the care on the home, even
        # when a hospital unit gives the rehabilitation itself (level 2 or 3).
        own = unit if entry.principal == Principal.MUNICIPALITY else None
        return replace(
            _in_person(HOUSING_STAFF, entry, own),
            principal=Principal.MUNICIPALITY,
            principal_name=patient_map.municipality.authority_name,
        )
    kind = RESPONSIBLE
    if situation.age_group == AgeGroup.CHILD:
        kind, unit = CHILD_CLINIC, _child_unit(patient_map, entry, code) or unit
    elif situation.reaches_health_centre == YesNo.NO and entry.principal == Principal.MUNICIPALITY:
        kind = HOME_CARE
    name = unit.name if unit else entry.principal_name
    return contact_for(unit, name, entry.principal, catalog, code, kind, entry.principal_name)


def _title(entry: ResponsibilityEntry):
    """E.g. "Hjälpmedel: Kiruna kommun": the region's topic name and who answers for it."""
    return f"{entry.topic.name}: {entry.principal_name}"


def _step_for_need(need, patient_map: PatientMap):
    for entry in patient_map.responsibilities:
        if entry.topic.need == need:
            title = _title(entry)
            unit = next((u for u in entry.units if u.phone), None)
            contact = Contact(unit.name, unit, unit, OWN) if unit else None
            return NextStep(title, entry.text, entry.source, contact)
    for entries in patient_map.sections.values():
        for guidance in entries:
            if guidance.need == need:
                return NextStep(guidance.title, guidance.text, guidance.source)
    own_section = patient_map.sections.get(need)  # e.g. "arbete": a section of its own
    if own_section:
        return NextStep(own_section[0].title, own_section[0].text, own_section[0].source)
    return None


def next_steps(patient_map: PatientMap, home: PatientMap | None = None):
    """Two to five steps: the needs the person chose first, then follow-up and coordination
    (those only up to three steps: the needs are what the person came for).

    Every step's text is the region's text for exactly this situation (the rule that won), so a
    step cannot send someone who cannot get to the health centre there. For an inpatient the
    follow-up is read from `home`, the map at home: it happens after discharge, so it is the
    same answer as "När du kommer hem".
    """
    needs = wanted_needs(patient_map.situation)
    steps = [_step_for_need(need, patient_map) for need in NEED_ORDER if need in needs]
    steps = [step for step in steps if step]
    for slug in GENERAL_TOPICS:
        after = home if home and slug in AFTER_DISCHARGE else patient_map
        entry = after.responsibility(slug)
        if entry and len(steps) < ENOUGH_STEPS:
            steps.append(NextStep(_title(entry), entry.text, entry.source))
    return tuple(steps[:MAX_STEPS])


def answer_for(patient_map: PatientMap, catalog: Catalog) -> Answer:
    """The answer, computed once: every part of the map (card, at home, steps, sections, PDF,
    JSON) reads who answers for what from here."""
    home = home_map(patient_map, catalog)
    return Answer(
        first_contact=first_contact(patient_map, catalog),
        next_steps=next_steps(patient_map, home),
        at_home=home.main if home else None,
        home_contact=first_contact(home, catalog) if home else None,
        home=home,
    )
