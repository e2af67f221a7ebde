"""Swedish phone numbers: stored normalised (E.164), shown grouped, dialled through a `tel:` link.

Short national numbers (1177, 112, 113 13) are not E.164 numbers; they are kept as written and
dialled as they are.
"""

import phonenumbers
from phonenumbers import PhoneNumberFormat
from phonenumbers import shortnumberinfo as short

REGION = "SE"


class InvalidPhoneNumber(ValueError):
    pass


def _parse(number: str):
    try:
        return phonenumbers.parse(number, REGION)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhoneNumber(number) from error


def _is_short(parsed) -> bool:
    return short.is_valid_short_number_for_region(parsed, REGION)


def normalise(number: str) -> str:
    """The form to store: +46… for ordinary numbers, the digits for a short national number."""
    number = number.strip()
    if not number:
        return ""
    parsed = _parse(number)
    if _is_short(parsed):
        return str(parsed.national_number)
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidPhoneNumber(number)
    return phonenumbers.format_number(parsed, PhoneNumberFormat.E164)


def read(number: str) -> str:
    """What a person typed, in the form to store when it can be read; else as typed, for the model
    (Unit.clean) to refuse with its message. Forms and imports read numbers through it."""
    try:
        return normalise(number)
    except InvalidPhoneNumber:
        return number


def display(number: str) -> str:
    """As Swedes write it: 0920-45 30 00, 020-96 00 96, 1177."""
    if not number:
        return ""
    try:
        parsed = _parse(number)
    except InvalidPhoneNumber:
        return number
    if _is_short(parsed):
        return str(parsed.national_number)
    return phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL)


def tel_uri(number: str) -> str:
    """The href of a tap-to-call link, or "" for something that is not a number."""
    if not number:
        return ""
    try:
        return "tel:" + normalise(number)
    except InvalidPhoneNumber:
        return ""


def is_emergency(number: str) -> bool:
    """112 and the like: never offered as the number to ring with a question."""
    return bool(number) and short.is_emergency_number(number, REGION)
