"""What staff add to a map at discharge, as a plain value the PDF (and the link page) can print.

Every field is optional and printed only when filled. No Django here, and nothing that identifies
the patient: no name, no personal identity number.
"""

from dataclasses import dataclass, fields
from datetime import date, datetime


@dataclass(frozen=True)
class Contact:
    role: str = ""  # e.g. "Fast vårdkontakt", "Kommunens rehabkontakt"
    name: str = ""
    phone: str = ""

    def __bool__(self):
        return any((self.role, self.name, self.phone))


@dataclass(frozen=True)
class Appointment:
    what: str = ""
    when: datetime | date | None = None
    where: str = ""

    def __bool__(self):
        return bool(self.what or self.when or self.where)

    @property
    def has_time(self):
        return isinstance(self.when, datetime)


@dataclass(frozen=True)
class Additions:
    contacts: tuple[Contact, ...] = ()
    appointments: tuple[Appointment, ...] = ()
    goal: str = ""  # the patient's own main goal, in their words
    note: str = ""
    # The Patient Act, ch. 3 § 2 b: what a patient is told at discharge.
    fast_vardkontakt: str = ""
    sip_planned: str = ""  # when the SIP meeting is planned, if one is: staff's own words
    care_plans: str = ""
    # The four things a SIP states (Social Services Act / Health and Medical Services Act).
    interventions: str = ""
    principal_per_intervention: str = ""
    others: str = ""
    overall_responsibility: str = ""

    @classmethod
    def coerce(cls, value):
        """An Additions from None, an Additions, or a plain dict (contacts/appointments as dicts)."""
        if value is None or isinstance(value, cls):
            return value or cls()
        known = {f.name for f in fields(cls)}
        data = {key: item for key, item in dict(value).items() if key in known}
        data["contacts"] = tuple(_item(Contact, c) for c in data.get("contacts") or ())
        data["appointments"] = tuple(_item(Appointment, a) for a in data.get("appointments") or ())
        return cls(**data)

    @property
    def filled_contacts(self):
        return tuple(contact for contact in self.contacts if contact)

    @property
    def filled_appointments(self):
        return tuple(appointment for appointment in self.appointments if appointment)

    @property
    def has_patient_act_items(self):
        return bool(self.fast_vardkontakt or self.sip_planned or self.care_plans)

    @property
    def has_sip_items(self):
        return bool(
            self.interventions
            or self.principal_per_intervention
            or self.others
            or self.overall_responsibility
        )

    def __bool__(self):
        return bool(
            any(self.contacts)
            or any(self.appointments)
            or self.goal
            or self.note
            or self.has_patient_act_items
            or self.has_sip_items
        )


def _item(kind, value):
    if isinstance(value, kind):
        return value
    known = {f.name for f in fields(kind)}
    return kind(**{key: item for key, item in dict(value).items() if key in known})
