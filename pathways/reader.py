"""Who reads the map: a relative (roll=narstaende) reads about the person they help.

The region's texts speak to the patient ("ditt boende", "Du är inlagd"). Until the data has
texts written for relatives, these phrases are said about the person on a relative's map: the
page, the PDF and the JSON all use `for_relative`, and check_content uses `as_patient` to prove
that no relative's map still addresses the relative as the patient. Pure Python.
"""

import re

# (what the region's text says to the patient, what a relative reads instead). Lower case; a
# phrase that starts a sentence keeps its capital.
PHRASES = (
    ("medan du är inlagd får du", "medan personen är inlagd får hen"),
    ("innan du går hem", "innan personen går hem"),
    ("du behöver efteråt", "hen behöver efteråt"),
    ("du är inlagd", "personen är inlagd"),
    ("du skrivs ut", "hen skrivs ut"),
    ("du kommer hem", "personen kommer hem"),
    ("du bor i särskilt boende", "personen bor i särskilt boende"),
    ("du kan inte ta dig", "personen kan inte ta sig"),
    ("du kan ta dig", "personen kan ta sig"),
    ("ditt boende", "boendet"),
    ("ditt behov", "behovet"),
    ("ditt hem", "hemmet"),
    ("ditt personnummer", "personens personnummer"),
    ("dina hjälpmedel", "hjälpmedlen"),
    ("dina recept", "recepten"),
    ("dina läkemedel", "läkemedlen"),
)
_REHABILITATION = re.compile(r"\b([Dd])in (rehabilitering\w*)")  # din rehabilitering(splan)
_PHRASE = re.compile(r"\b(" + "|".join(re.escape(p) for p, _ in PHRASES) + r")\b", re.IGNORECASE)
_INSTEAD = dict(PHRASES)


def _rehabilitation(match):
    word = match[2] + "en"  # rehabiliteringen, rehabiliteringsplanen
    return word.capitalize() if match[1] == "D" else word


def _phrase(match):
    said = match[1]
    instead = _INSTEAD[said.lower()]
    return instead[0].upper() + instead[1:] if said[0].isupper() else instead


def for_relative(text: str) -> str:
    """The text as a relative reads it: about the person, not to them."""
    return _PHRASE.sub(_phrase, _REHABILITATION.sub(_rehabilitation, text))


def as_patient(text: str) -> list[str]:
    """The phrases in `text` that address its reader as the patient."""
    return [m[0] for m in (*_PHRASE.finditer(text), *_REHABILITATION.finditer(text))]
