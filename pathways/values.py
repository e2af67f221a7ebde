"""Plain values that flow through the rules: a region's catalog in, a patient's map out.

No Django here, so the rules and their tests run without a database.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from .situation import Situation

if TYPE_CHECKING:
    from .answer import Answer


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
    description_for_relative: str = ""  # a relative's map reads these (rules.build_map)
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
    description_for_relative: str = ""  # a relative's map reads it instead (rules.build_map)


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
    def specificity(self) -> tuple[int, bool, int]:
        """A higher priority wins; then a municipality's own row beats the region's; then the row
        with more conditions."""
        return (self.priority, self.municipality_code is not None, len(self.conditions))


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


@dataclass(frozen=True)
class GuidanceEntry:
    title: str
    text: str
    source: Source
    need: str = ""  # the need (Need value) the text is about, if any
    key: str = ""  # the row's key within its section, e.g. "forst" (whom to ask first)


@dataclass(frozen=True)
class PatientMap:
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
    sources: list[Source] = field(default_factory=list)
    answer: "Answer | None" = None  # the result card and next steps, attached by load_map

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
