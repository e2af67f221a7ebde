"""A relative's map speaks about the person they help, never to them as the patient (issue 19).

Each map is read as its reader meets it: the rendered page, the PDF's text and the JSON. A sentence
that says "du", "dig", "din", "ditt" or "dina" on a relative's map must not be one the patient's own
map of the same answers has: that sentence was written to the patient. The proof over every
municipality and situation: check_content (pathways/content_check.py, tests/test_content.py).
"""

import json
import re

import pytest
from django.http import QueryDict

from pathways import pdf
from pathways.models import Guidance, Responsibility
from pathways.query import load_map

from .html import parse, text_of
from .paper import pdf_text

pytestmark = pytest.mark.django_db

SECOND_PERSON = re.compile(r"\b(?:du|dig|din|ditt|dina)\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
NEEDS = "&behov=hjalpmedel&behov=lakemedel&behov=resor&behov=bostadsanpassning"


def _said_to_you(pieces):
    """The sentences of `pieces` that say du/dig/din/ditt/dina, whitespace collapsed."""
    sentences = (" ".join(s.split()) for p in pieces for s in SENTENCE_END.split(p))
    return {s for s in sentences if SECOND_PERSON.search(s)}


def _strings(value):
    if isinstance(value, dict):
        # A source is quoted by its title ("Så kan du påverka"): not said to the reader.
        return [
            s for k, v in value.items() if k not in ("source", "number_source") for s in _strings(v)
        ]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return [value] if isinstance(value, str) and not value.startswith("http") else []


def readings(client, query):
    """{rendering: the sentences that say "du"} of one map: the page (each element's text on its
    own: a title is not run into the text after it), the PDF's text and the JSON."""
    article = parse(client.get(f"/karta/?{query}")).find("article")
    for source in article.select(".sources, .number-source"):
        source.decompose()  # the sources, quoted by their titles
    page = article.get_text("\n").split("\n")
    paper = pdf_text(pdf.render_pdf(load_map(QueryDict(query))))
    body = client.get(f"/api/karta/?{query}").json()
    return {
        "page": _said_to_you(page),
        "paper": _said_to_you([paper]),
        "json": _said_to_you(_strings(body)),
    }


# Both regions, in hospital and at home, special housing, an adult and a child: check_content reads
# every municipality's relative map in every situation; these read what a person gets.
@pytest.mark.parametrize(
    "answers",
    [
        "kommun=2523&inlagd=ja&ta_sig=nej&alder=vuxen",  # Gällivare, in hospital
        "kommun=2584&inlagd=nej&ta_sig=ja&alder=barn&forlopp=langvarig",  # Kiruna, a child
        "kommun=2080&inlagd=ja&ta_sig=ja&alder=barn",  # Falun, a child in hospital
        "kommun=2062&inlagd=nej&ta_sig=nej&alder=vuxen&niva=2",  # Mora, at home
        "kommun=2031&inlagd=nej&boende=sarskilt&alder=vuxen",  # Rättvik, special housing
    ],
)
def test_a_relatives_map_never_says_to_them_what_it_says_to_the_patient(client, answers):
    relative = readings(client, f"{answers}&roll=narstaende{NEEDS}")
    patient = readings(client, f"{answers}{NEEDS}")
    for rendering, sentences in relative.items():
        assert sentences & patient[rendering] == set(), rendering


@pytest.mark.parametrize(
    ("answers", "said_to_the_patient", "said_to_the_relative"),
    [
        (
            "kommun=2523&inlagd=ja&ta_sig=nej",
            "Du får en fast vårdkontakt i öppenvården",
            "Hen får en fast vårdkontakt i öppenvården",
        ),
        (
            "kommun=2080&inlagd=ja",
            "Behöver du hjälp från både regionen och kommunen efteråt",
            "Behöver personen hjälp från både regionen och kommunen efteråt",
        ),
        (
            "kommun=2584&ta_sig=nej",
            "blir du inskriven får du en vårdplan",
            "blir hen inskriven får hen en vårdplan",
        ),
        (
            "kommun=2062&ta_sig=ja",
            "Du ska få kontakt med vårdcentralen samma dag som du söker",
            "Personen ska få kontakt med vårdcentralen samma dag som hen söker",
        ),
    ],
)
def test_the_general_texts_speak_about_the_person(
    client, answers, said_to_the_patient, said_to_the_relative
):
    """The texts issue 19 names: the fast vårdkontakt, the SIP, home health care, waiting times."""
    query = f"{answers}&roll=narstaende{NEEDS}"
    article = parse(client.get(f"/karta/?{query}")).find("article")
    page = text_of(article)
    body = json.dumps(client.get(f"/api/karta/?{query}").json(), ensure_ascii=False)
    for text in (page, body):  # the JSON has no unit descriptions
        assert said_to_the_patient not in text
    assert said_to_the_relative in page


def test_the_patients_own_map_is_unchanged(client):
    """The patient reads the rows' own texts, never their relative forms (as before them)."""
    body = client.get(f"/api/karta/?kommun=2523&inlagd=ja&ta_sig=nej{NEEDS}").json()
    rows = set(Responsibility.objects.values_list("text", flat=True))
    assert body["responsibilities"]
    for entry in body["responsibilities"]:
        assert entry["text"] in rows
    guidance = set(Guidance.objects.values_list("text", flat=True))
    texts = [entry["text"] for entries in body["sections"].values() for entry in entries]
    assert texts and set(texts) <= guidance
    everything = json.dumps(body, ensure_ascii=False)
    assert "Du får en fast vårdkontakt i öppenvården" in everything
    assert "personen" not in everything.lower().replace("personal", "")
