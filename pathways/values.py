"""Plain values that flow through the rules: a region's catalog in, a patient's map out.

No Django here, so the rules and their tests run without a database. A map is made whole
(pathways.answer.build_map): what the rules decided (Ruling) and the answer read from it.
"""

from dataclasses import dataclass, fields
from datetime import date
from typing import Self

from . import phone
from .situation import Situation, narrowness


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    reviewed_on: date | None  # None: nobody has compared the row with its source
    is_demo: bool = False
    valid_from: date | None = None
    valid_to: date | None = None
    compared_with: str = ""  # choices.ComparedWith: the live page, a stored copy, a document
    source_dated: date | None = None  # the stored copy's or the document's own date

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class RegionInfo:
    id: int
    slug: str
    name: str
    health_centre_word: str
    health_centre_word_definite: str
    home_care_word: str
    web: str = ""


@dataclass(frozen=True)
class MunicipalityInfo:
    code: str
    name: str
    authority_name: str
    latitude: float | None = None
    longitude: float | None = None
    minority_languages: str = ""


@dataclass(frozen=True)
class LevelInfo:
    number: int
    name: str
    description: str
    where: str
    source: Source
    description_for_relative: str = ""  # a relative's map reads these (rules.decide)
    where_for_relative: str = ""


@dataclass(frozen=True)
class UnitInfo:
    id: int
    name: str
    kind: str
    principal: str
    source: Source
    municipality_code: str | None = None
    is_national: bool = False
    care_level: int | None = None
    description: str = ""
    address: str = ""
    phone: str = ""  # E.164 as stored (or a short number: 1177); formatted where shown
    email: str = ""
    web: str = ""
    opening_hours: str = ""
    accepts_self_referral: bool = False
    digital_options: str = ""
    description_for_relative: str = ""  # a relative's map reads it instead (rules.decide)


@dataclass(frozen=True)
class TopicInfo:
    slug: str
    name: str
    description: str = ""
    need: str = ""


@dataclass(frozen=True)
class ProfessionInfo:
    slug: str
    name: str
    description: str
    order: int = 0
    description_for_relative: str = ""


@dataclass(frozen=True)
class ResponsibilityOutcome:
    """What a Responsibility row decides: who answers, and where to turn."""

    principal: str
    text: str
    explanation: str
    unit_kind: str = ""
    unit_id: int | None = None
    # The same said to a relative, about the person (blank: the text addresses nobody).
    text_for_relative: str = ""
    explanation_for_relative: str = ""
    easy_text: str = ""  # the easy-to-read map's text: the same facts, in lättläst svenska


@dataclass(frozen=True)
class GuidanceOutcome:
    """What a Guidance row says, and where on the map."""

    section: str
    text: str
    title: str = ""
    order: int = 0
    need: str = ""
    text_for_relative: str = ""  # the same said to a relative, about the person
    title_for_relative: str = ""


@dataclass(frozen=True)
class Rule[Outcome: (ResponsibilityOutcome, GuidanceOutcome)]:
    """A Responsibility or Guidance row: when it applies, and what it says."""

    id: int
    label: str
    group: tuple[
        str, ...
    ]  # rows in one group compete: ("topic", slug) or ("guidance", section, key, need)
    conditions: dict[str, str | int]  # condition name -> required value; absent means "any"
    source: Source
    municipality_code: str | None
    outcome: Outcome  # what the row says; compared to tell real conflicts from agreeing rows
    professions: tuple[str, ...] = ()  # whom the patient meets; not part of what a rule decides
    priority: int = 0  # an editor's "this rule goes first", before any specificity

    @property
    def specificity(self) -> tuple[int, bool, int, int]:
        """A higher priority wins; then a municipality's own row beats the region's; then the row
        with more conditions; then, of as many, the one with narrower values (`ung` beats
        `vuxen`, which covers it)."""
        narrower = sum(narrowness(name, value) for name, value in self.conditions.items())
        return (self.priority, self.municipality_code is not None, len(self.conditions), narrower)


type AnyRule = Rule[ResponsibilityOutcome] | Rule[GuidanceOutcome]


@dataclass(frozen=True)
class Catalog:
    region: RegionInfo
    municipalities: dict[str, MunicipalityInfo]  # by code
    levels: dict[int, LevelInfo]  # by number
    topics: list[TopicInfo]  # in display order
    professions: dict[str, ProfessionInfo]  # by slug
    units: list[UnitInfo]  # the region's and the national ones
    responsibilities: list[Rule[ResponsibilityOutcome]]
    guidance: list[Rule[GuidanceOutcome]]


@dataclass(frozen=True)
class ResponsibilityEntry:
    topic: TopicInfo
    principal: str
    principal_name: str
    units: list[UnitInfo]
    text: str
    explanation: str
    source: Source
    professions: list[ProfessionInfo]
    easy_text: str = ""  # empty: the easy-to-read map says its version is missing


@dataclass(frozen=True)
class GuidanceEntry:
    title: str
    text: str
    source: Source
    need: str = ""  # the need (Need value) the text is about, if any
    key: str = ""  # the row's key within its section, e.g. "forst" (whom to ask first)


# How a contact is reached (Contact.via): by its own number, through its principal's switchboard,
# in person (the staff around the person: no number to ring), or, when the data knows no number at
# all, with the national advice line as the labelled last resort.
OWN, VIA_SWITCHBOARD, VIA_NATIONAL, IN_PERSON = "egen", "vaxel", "nationell", "personal"

# Who the first contact is, by situation (Contact.kind), in the order they are tried.
WARD = "avdelningen"  # in hospital: the ward's staff, and the fast vårdkontakt they name
HOUSING_STAFF = "boendet"  # special or LSS housing, a short stay: the home's staff and nurse
CHILD_CLINIC = "barnet"  # a child: the region's habilitering, or the child's own clinic
HOME_CARE = "hemsjukvarden"  # cannot get to the health centre: the municipality's home care
RESPONSIBLE = "ansvarig"  # otherwise: the unit (or principal) responsible


@dataclass(frozen=True)
class Ruling:
    """What the rules decided for one situation on one day (pathways.rules.decide): everything on
    the map but the answer, which is read from it."""

    situation: Situation
    region: RegionInfo
    municipality: MunicipalityInfo
    made_on: date
    main: ResponsibilityEntry | None
    level: LevelInfo | None
    responsibilities: list[ResponsibilityEntry]
    sections: dict[str, list[GuidanceEntry]]  # by section value, in the rows' order
    professions: list[ProfessionInfo]
    motivation_units: list[UnitInfo]
    physiotherapists: list[UnitInfo]
    physiotherapists_elsewhere: MunicipalityInfo | None  # when none practise in the person's own
    national_units: list[UnitInfo]
    sources: list[Source]

    @property
    def has_demo(self) -> bool:
        return any(source.is_demo for source in self.sources)

    @property
    def unreviewed(self) -> int:
        """How many of the map's sources nobody has compared with their source ("ej granskad")."""
        return sum(source.reviewed_on is None for source in self.sources)

    @property
    def reviewed(self) -> int:
        return len(self.sources) - self.unreviewed

    @property
    def latest_review(self) -> date | None:
        return max((s.reviewed_on for s in self.sources if s.reviewed_on), default=None)

    def responsibility(self, topic_slug: str) -> ResponsibilityEntry | None:
        return next((r for r in self.responsibilities if r.topic.slug == topic_slug), None)


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
    def phone(self) -> str:
        return phone.display(self.number_from.phone) if self.number_from else ""

    @property
    def tel(self) -> str:
        return phone.tel_uri(self.number_from.phone) if self.number_from else ""

    @property
    def hours(self) -> str:
        return self.number_from.opening_hours if self.number_from else ""

    @property
    def web(self) -> str:
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
    """What the map leads with (pathways.answer): whom to contact first, and the next steps."""

    first_contact: Contact
    next_steps: tuple[NextStep, ...]
    # In hospital: who holds the rehabilitation once the person is home again (else None), and
    # whom to contact then. Both come from `home`, what the rules decide for the same situation at
    # home, which also answers who follows up after discharge.
    at_home: ResponsibilityEntry | None = None
    home_contact: Contact | None = None
    home: Ruling | None = None


@dataclass(frozen=True)
class PatientMap(Ruling):
    """The whole map: what the rules decided and the answer it leads with. Made only whole, by
    pathways.answer.build_map, which every rendering (page, PDF, JSON, discharge) starts from."""

    answer: Answer

    @classmethod
    def whole(cls, ruling: Ruling, answer: Answer) -> Self:
        return cls(**{f.name: getattr(ruling, f.name) for f in fields(ruling)}, answer=answer)
