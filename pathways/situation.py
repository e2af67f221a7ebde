"""A person's situation: what they answered, as a plain value the rules can read, and the list of
questions (QUESTIONS) that everything asking, parsing, matching or documenting an answer reads.

Values are the public map URL's tokens (see README, "The map URL"), the enumerations of
pathways.choices. No request, database or template here: the rules are tested without them.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Choices
from django.utils.translation import gettext_lazy as _

from .choices import (
    DONT_KNOW,
    AgeGroup,
    Cause,
    Housing,
    Level,
    Need,
    Place,
    Process,
    Role,
    YesNo,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise  # gettext_lazy's type, for the checker only


@dataclass(frozen=True)
class Question:
    """One answer of the map URL. A new question is one line here (docs/contributing.md)."""

    name: str  # the Situation's attribute; for a condition, also the rule rows' field (models.py)
    param: str  # the map URL's parameter (a public contract: never renamed)
    label: "StrPromise"  # what the answer is about, in "what you answered" and the URL's errors
    choices: type[Choices]  # the tokens
    about: str  # the OpenAPI document's description of the parameter
    condition: bool = False  # whether a rule row can say "only when …" about it
    dont_know: bool = False  # whether DONT_KNOW is an answer
    # The token the URL writes for no answer; None: the parameter is left out.
    unanswered: str | None = None
    many: bool = False  # several values (repeated parameter)
    # May go unanswered, and nothing but the rules reads it: the content check tries only the
    # values some rule names (any other value gives the same map as no answer) and `acted_on`.
    optional: bool = False
    # Of an optional question, the values the code itself acts on (pathways.answer): always tried.
    acted_on: tuple[str, ...] = ()
    # A narrower answer -> the rule value that covers it too: a rule row naming the broader value
    # also applies to the narrower answer, and a row naming the narrower one beats it (includes).
    broader: Mapping[str, str] = field(default_factory=dict, hash=False)


QUESTIONS = (
    Question(
        "in_hospital",
        "inlagd",
        _("Inlagd på sjukhus"),
        YesNo,
        "In hospital now (default nej)",
        condition=True,
    ),
    Question(
        "housing",
        "boende",
        _("Boende"),
        Housing,
        "How the person lives: ordinart (own home), sarskilt (special housing), lss (housing "
        "with special service under LSS: a group or service home), korttid (a short-term stay) "
        "(default ordinart)",
        condition=True,
    ),
    Question(
        "reaches_health_centre",
        "ta_sig",
        _("Tar sig till hälsocentralen"),
        YesNo,
        "Can get to the health centre (default ja; asked and read only for boende=ordinart)",
        condition=True,
    ),
    Question(
        "age_group",
        "alder",
        _("Ålder"),
        AgeGroup,
        "Age: barn (under 18), ung (18–19), vuxen (20–84), 85plus (85 or older) (default vuxen)",
        condition=True,
        broader={AgeGroup.YOUNG: AgeGroup.ADULT, AgeGroup.OLD: AgeGroup.ADULT},
    ),
    Question(
        "level",
        "niva",
        _("Vårdnivå"),
        Level,
        "Care level (default vet_ej)",
        condition=True,
        dont_know=True,
        unanswered=DONT_KNOW,
    ),
    Question(
        "place",
        "plats",
        _("Var rehabiliteringen sker"),
        Place,
        "Where the rehabilitation happens or will happen: hemma and halsocentral mean level 1, "
        "sjukhus level 2, specialiserad level 3 (optional; must agree with niva when both are given)",
        dont_know=True,
    ),
    Question(
        "process",
        "forlopp",
        _("Förlopp"),
        Process,
        "Process (default vet_ej)",
        condition=True,
        dont_know=True,
        unanswered=DONT_KNOW,
    ),
    Question(
        "cause",
        "orsak",
        _("Vad som har hänt"),
        Cause,
        "What happened, why the person needs rehabilitation (optional, one value)",
        condition=True,
        dont_know=True,
        optional=True,
        acted_on=(Cause.DISABILITY,),  # a child with a lifelong disability: the habilitering
    ),
    Question(
        "needs",
        "behov",
        _("Behov"),
        Need,
        "What the person needs help with (repeatable)",
        many=True,
    ),
    Question(
        "role", "roll", _("Roll"), Role, "Patient or relative (default patient)", condition=True
    ),
)
QUESTION = {question.param: question for question in QUESTIONS}
QUESTION_BY_NAME = {question.name: question for question in QUESTIONS}
# What a rule row can condition on, by name: the Situation's attributes and the rows' fields.
CONDITIONS = tuple(question for question in QUESTIONS if question.condition)
CONDITION_NAMES = tuple(question.name for question in CONDITIONS)


def includes(name: str, wanted: object, value: object) -> bool:
    """Whether a rule's condition `name` = `wanted` holds for the answer `value`: the same value,
    or a broader one that covers it (a row's `vuxen`, 18 or older, covers `ung` and `85plus`).
    With `value` a rule's value too: whether every situation the one holds in, the other does."""
    return wanted == value or QUESTION_BY_NAME[name].broader.get(str(value)) == wanted


def narrowness(name: str, value: object) -> int:
    """How much narrower a rule's value is than the broadest (0, or 1 for a narrower answer)."""
    return int(str(value) in QUESTION_BY_NAME[name].broader)


def reaching_is_asked(housing: object) -> bool:
    """Whether `ta_sig` is asked: only in the person's own (ordinary) home. In special housing,
    LSS housing and a short-term stay the municipality gives the care whether or not the person
    gets out (HSL 12 kap. 1 § and 5 §: the threshold principle does not apply there)."""
    return housing in (None, "", Housing.ORDINARY)


def can_occur(conditions: Mapping[str, object]) -> bool:
    """Whether some situation meets all these conditions (by condition name)."""
    return reaching_is_asked(conditions.get("housing")) or not conditions.get(
        "reaches_health_centre"
    )


def homes() -> list[tuple[str, str]]:
    """Every (housing, reaches_health_centre) a map tells apart, "" where reaching is not asked."""
    return [
        (housing, reaches)
        for housing in Housing.values
        for reaches in (YesNo.values if reaching_is_asked(housing) else [""])
    ]


@dataclass(frozen=True)
class Situation:
    municipality_code: str
    in_hospital: str = YesNo.NO
    housing: str = Housing.ORDINARY
    # Asked only in one's own home (reaching_is_asked): "" elsewhere.
    reaches_health_centre: str = YesNo.YES
    age_group: str = AgeGroup.ADULT
    level: int | None = None
    # Where the rehabilitation happens (the URL's `plats`), when the person said; "" when not.
    # The rules read only the level it means; it is kept so the URL round-trips the answer.
    place: str = ""
    process: str = ""
    cause: str = ""  # what happened (Cause), DONT_KNOW, or "" when not asked
    needs: frozenset[str] = field(default_factory=frozenset)
    role: str = Role.PATIENT

    def __post_init__(self) -> None:
        if not reaching_is_asked(self.housing):
            object.__setattr__(self, "reaches_health_centre", "")

    def condition_values(self) -> dict[str, object]:
        """The values rules are matched against, by condition name."""
        return {name: getattr(self, name) for name in CONDITION_NAMES}

    def query_params(self) -> list[tuple[str, str]]:
        """The map URL's parameters for this situation, in the contract's names and order."""
        params = [("kommun", self.municipality_code)]
        for question in QUESTIONS:
            value = getattr(self, question.name)
            if question.many:
                params += [(question.param, str(item)) for item in sorted(value)]
            elif value:
                params.append((question.param, str(value)))
            elif question.unanswered:
                params.append((question.param, question.unanswered))
        return params
