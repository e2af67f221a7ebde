"""A tiny iCalendar (RFC 5545) writer for a discharge map's appointments.

Enough for a phone to add the events: VCALENDAR with one VEVENT per appointment that has a time.
Text is escaped (§ 3.3.11), lines are folded at 75 octets (§ 3.1) and end in CRLF.
"""

from datetime import UTC, date, datetime

from django.utils.translation import gettext as _

PRODID = "-//Rehabkartan//Utskrivningskarta//SV"


def _escape(text):
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")  # a lone CR would end the content line early in some readers
    )


def _fold(line):
    """Split a content line into chunks of at most 75 octets, never inside a UTF-8 character."""
    out, current = [], b""
    limit = 75
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > limit:
            out.append(current)
            current, limit = b"", 74  # continuation lines start with a space
        current += encoded
    out.append(current)
    return "\r\n ".join(part.decode() for part in out)


def _stamp(moment: datetime):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _start(when):
    if isinstance(when, datetime):
        return f"DTSTART:{_stamp(when)}"
    return f"DTSTART;VALUE=DATE:{when:%Y%m%d}"


def calendar(appointments, *, uid_prefix, now: datetime, domain="rehabkartan"):
    """An .ics text for appointments with `what`, `when` (datetime/date) and `where`."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    for number, item in enumerate(appointments, start=1):
        if not isinstance(item.when, date):
            continue
        summary = item.what or _("Besök")  # outside the f-string, so makemessages finds it
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid_prefix}-{number}@{domain}",
            f"DTSTAMP:{_stamp(now)}",
            _start(item.when),
            f"SUMMARY:{_escape(summary)}",
        ]
        if item.where:
            lines.append(f"LOCATION:{_escape(item.where)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
