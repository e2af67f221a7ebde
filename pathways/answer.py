"""The answer a map leads with: whom to contact first (with a number known from a source) and the
next steps, built from the person's answers.

Pure Python over plain values (no database, no request, no template), like the rules it reads:
the page, the PDF and the JSON show what these functions return.
"""

from dataclasses import dataclass, replace

from . import phone
from .choices import Need, Principal, UnitKind
from .rules import build_map, wanted_needs
from .situation import NO, YES
from .values import Catalog, PatientMap, ResponsibilityEntry, Source, UnitInfo

MAX_STEPS = 5
ENOUGH_STEPS = 3  # general steps are added only until there are this many
# The needs in the order the questions list them: the chosen ones lead the next steps.
NEED_ORDER = tuple(Need.values)
# When the person chose no need, the steps come from these topics: everyone has them.
GENERAL_TOPICS = ("uppfoljning", "samordning")

OWN, VIA_SWITCHBOARD, VIA_NATIONAL = "egen", "vaxel", "nationell"


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
        return (self.unit and self.unit.web) or (self.number_from and self.number_from.web) or ""


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
    # In hospital: who holds the rehabilitation once the person is home again (else None).
    at_home: ResponsibilityEntry | None = None


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


def contact_for(unit: UnitInfo | None, name: str, principal: str, catalog: Catalog, code):
    """The unit with its own number, else its principal's switchboard, else the national line."""
    if unit is not None and unit.phone:
        return Contact(name=unit.name, unit=unit, number_from=unit, via=OWN)
    switchboard = _switchboard(principal, catalog, code)
    if switchboard:
        return Contact(name=name, unit=unit, number_from=switchboard, via=VIA_SWITCHBOARD)
    return Contact(name=name, unit=unit, number_from=national_line(catalog), via=VIA_NATIONAL)


def _own_unit(entry: ResponsibilityEntry, municipality_code):
    """Of a responsibility's units, the one in the person's municipality, or the only one; None
    when several serve the whole region (the region's hospitals): then the principal is named."""
    local = [u for u in entry.units if u.municipality_code == municipality_code]
    if local:
        return local[0]
    return entry.units[0] if len(entry.units) == 1 else None


def at_home(patient_map: PatientMap, catalog: Catalog):
    """For an inpatient: the main responsibility in the same situation once discharged."""
    if patient_map.situation.in_hospital != YES:
        return None
    home = replace(patient_map.situation, in_hospital=NO)
    return build_map(home, catalog, patient_map.made_on).main


def first_contact(patient_map: PatientMap, catalog: Catalog, home=None):
    """Whom to contact first: the main responsible unit (at home, for an inpatient)."""
    entry = home or patient_map.main
    code = patient_map.municipality.code
    if entry is None:
        return contact_for(None, "", "", catalog, code)
    unit = _own_unit(entry, code)
    name = unit.name if unit else entry.principal_name
    return contact_for(unit, name, entry.principal, catalog, code)


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


def next_steps(patient_map: PatientMap):
    """Two to five steps: the needs the person chose first, then follow-up and coordination
    (those only up to three steps: the needs are what the person came for).

    Every step's text is the region's text for exactly this situation (the rule that won), so a
    step cannot send someone who cannot get to the health centre there.
    """
    needs = wanted_needs(patient_map.situation)
    steps = [_step_for_need(need, patient_map) for need in NEED_ORDER if need in needs]
    steps = [step for step in steps if step]
    for slug in GENERAL_TOPICS:
        entry = patient_map.responsibility(slug)
        if entry and len(steps) < ENOUGH_STEPS:
            steps.append(NextStep(_title(entry), entry.text, entry.source))
    return tuple(steps[:MAX_STEPS])


def answer_for(patient_map: PatientMap, catalog: Catalog) -> Answer:
    home = at_home(patient_map, catalog)
    return Answer(
        first_contact=first_contact(patient_map, catalog, home),
        next_steps=next_steps(patient_map),
        at_home=home,
    )
