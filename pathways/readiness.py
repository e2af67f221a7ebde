"""Whether a municipality's maps can give a number to ring: of the contacts its maps name first
(in the overview's typical situations; for an inpatient also the contact at home), how many have their own number, only a switchboard, or
fall back to the national line (1177). The ones without their own number are the rows an editor
should fill in. The staff of a ward or a home, asked in person, need no number and are not counted.

Pure over a region's catalog, through the map's own answer (pathways.answer), so the figures are
what patients see. Shown on the admin index and on /ansvar/<kommun>/.
"""

from dataclasses import dataclass
from datetime import date

from .answer import build_map
from .overview import situations
from .values import (
    IN_PERSON,
    OWN,
    VIA_NATIONAL,
    VIA_SWITCHBOARD,
    Catalog,
    Contact,
    MunicipalityInfo,
)


@dataclass(frozen=True)
class Readiness:
    municipality: MunicipalityInfo
    contacts: tuple[Contact, ...]  # each first contact once, in the order the situations name them

    def _count(self, via):
        return sum(contact.via == via for contact in self.contacts)

    @property
    def own(self) -> int:
        return self._count(OWN)

    @property
    def switchboard(self) -> int:
        return self._count(VIA_SWITCHBOARD)

    @property
    def national(self) -> int:
        return self._count(VIA_NATIONAL)

    @property
    def to_fill_in(self) -> tuple[Contact, ...]:
        """The contacts without a number of their own: their unit (or their principal's
        switchboard) is the row to fill in."""
        return tuple(contact for contact in self.contacts if contact.via != OWN)


def readiness(catalog: Catalog, code: str, day: date) -> Readiness:
    contacts: dict[tuple, Contact] = {}
    for situation in situations(code):
        answer = build_map(situation, catalog, day).answer
        for contact in (answer.first_contact, answer.home_contact):
            if contact is not None and contact.via != IN_PERSON:
                contacts.setdefault((contact.name, contact.unit and contact.unit.id), contact)
    return Readiness(catalog.municipalities[code], tuple(contacts.values()))
