"""A person's situation: what they answered, as a plain value the rules can read.

Values are the public map URL's tokens (see README, "The map URL"). No Django here: the rules are
tested without it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

YES, NO = "ja", "nej"
ORDINARY, SPECIAL = "ordinart", "sarskilt"
ADULT, CHILD = "vuxen", "barn"
PATIENT, RELATIVE = "patient", "narstaende"
DONT_KNOW = "vet_ej"


def can_occur(conditions: Mapping[str, object]) -> bool:
    """Whether some situation meets all these conditions: in special housing reaching is not asked."""
    return not (conditions.get("housing") == SPECIAL and conditions.get("reaches_health_centre"))


@dataclass(frozen=True)
class Situation:
    municipality_code: str
    in_hospital: str = NO
    housing: str = ORDINARY
    # Not asked in special housing (the threshold principle does not apply there): "" means unknown.
    reaches_health_centre: str = YES
    age_group: str = ADULT
    level: int | None = None
    # Where the rehabilitation happens (the URL's `plats`), when the person said; "" when not.
    # The rules read only the level it means; it is kept so the URL round-trips the answer.
    place: str = ""
    process: str = ""
    needs: frozenset[str] = field(default_factory=frozenset)
    role: str = PATIENT

    def __post_init__(self) -> None:
        if self.housing == SPECIAL and self.reaches_health_centre:
            object.__setattr__(self, "reaches_health_centre", "")

    def condition_values(self) -> dict[str, str | int | None]:
        """The values rules are matched against, by condition name."""
        return {
            "in_hospital": self.in_hospital,
            "housing": self.housing,
            "reaches_health_centre": self.reaches_health_centre,
            "age_group": self.age_group,
            "level": self.level,
            "process": self.process,
            "role": self.role,
        }

    def query_params(self) -> list[tuple[str, str]]:
        """The map URL's parameters for this situation, in the contract's names."""
        params = [
            ("kommun", self.municipality_code),
            ("inlagd", self.in_hospital),
            ("boende", self.housing),
        ]
        if self.reaches_health_centre:
            params.append(("ta_sig", self.reaches_health_centre))
        params += [
            ("alder", self.age_group),
            ("niva", str(self.level) if self.level else DONT_KNOW),
        ]
        if self.place:
            params.append(("plats", self.place))
        params.append(("forlopp", self.process or DONT_KNOW))
        params += [("behov", need) for need in sorted(self.needs)]
        params.append(("roll", self.role))
        return params
