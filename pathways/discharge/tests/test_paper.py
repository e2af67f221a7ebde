"""The staff's additions on paper: printed at the top of the map's PDF, only what was filled in,
and the QR code opens the private link instead of the public map."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.http import QueryDict
from django.utils import translation

from pathways import pdf
from pathways.discharge.additions import Additions, Appointment, Contact
from pathways.discharge.views import render_additions
from pathways.query import load_map
from tests.paper import pdf_text
from tests.test_pdf import KIRUNA_HOME, qr_codes

STOCKHOLM = ZoneInfo("Europe/Stockholm")


ADDITIONS = {
    "contacts": [{"role": "Fast vårdkontakt", "name": "Åsa Öberg", "phone": "0980-123 45"}],
    "appointments": [
        {
            "what": "Återbesök arbetsterapeut",
            "when": datetime(2026, 12, 3, 10, 30, tzinfo=STOCKHOLM),
            "where": "Kiruna hälsocentral",
        }
    ],
    "goal": "Gå till affären själv före jul",
    "note": "Ta med hjälpmedelskortet.",
    "fast_vardkontakt": "Sjuksköterska Åsa Öberg, hemsjukvården",
    "sip_planned": "10 december 2026",
    "care_plans": "Vårdplan för hemsjukvård",
    "interventions": "Hemrehabilitering två gånger i veckan",
    "principal_per_intervention": "Kommunen: hemrehabilitering. Regionen: läkemedel.",
    "others": "Närstående handlar varannan vecka.",
    "overall_responsibility": "Kiruna kommun, rehabenheten",
}


@pytest.mark.django_db
def test_additions_are_printed_at_the_top_and_the_qr_opens_the_private_link():
    patient_map = load_map(QueryDict(KIRUNA_HOME))
    link = "https://rehabkartan.example/d/Zm9vYmFyYmF6cXV4cXV1eA/"
    with translation.override("sv"):
        body = pdf.render_pdf(patient_map, personal_html=render_additions(ADDITIONS), link=link)
    text = pdf_text(body)
    personal = text.index("Dina egna kontakter och tider")
    assert personal < text.index("har huvudansvaret för din rehabilitering")
    for value in (
        "Fast vårdkontakt Åsa Öberg 0980-123 45",
        "Återbesök arbetsterapeut 3 december 2026, 10:30 Kiruna hälsocentral",
        "Gå till affären själv före jul",
        "Ta med hjälpmedelskortet.",
        "Sjuksköterska Åsa Öberg, hemsjukvården",
        "När din SIP är planerad 10 december 2026",
        "Vårdplan för hemsjukvård",
        "Hemrehabilitering två gånger i veckan",
        "Kommunen: hemrehabilitering. Regionen: läkemedel.",
        "Närstående handlar varannan vecka.",
        "Vem som har det övergripande ansvaret Kiruna kommun, rehabenheten",
    ):
        assert value in text, value
    assert qr_codes(body) == [link]
    assert link in text.replace(" ", "")


@pytest.mark.django_db
def test_only_filled_additions_are_printed():
    patient_map = load_map(QueryDict(KIRUNA_HOME))
    html = pdf.render_html(patient_map, personal_html=render_additions({"goal": "Cykla igen"}))
    assert "Cykla igen" in html
    assert "Dina egna kontakter och tider" in html
    for heading in (
        "<h3>Dina kontakter</h3>",  # the additions' own heading (the map's section is an h2)
        "Dina nästa tider",
        "Din SIP",
        "Anteckning",
        "fasta vårdkontakt",
    ):
        assert heading not in html
    assert "Dina egna kontakter och tider" not in pdf.render_html(
        patient_map, personal_html=render_additions({})
    )


def test_additions_accept_a_dict_or_the_dataclass():
    assert not Additions.coerce(None)
    assert not Additions.coerce({"contacts": [{"role": "", "name": "", "phone": ""}]})
    additions = Additions.coerce({**ADDITIONS, "unknown": "ignored"})
    assert additions.contacts == (Contact("Fast vårdkontakt", "Åsa Öberg", "0980-123 45"),)
    assert isinstance(additions.appointments[0], Appointment)
    assert additions.has_patient_act_items and additions.has_sip_items
    assert Additions.coerce(additions) is additions
