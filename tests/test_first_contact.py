"""The first contact fits the situation, and the map gives one answer everywhere (issue 19).

Each situation of the issue, read as the person reads it: the rendered page, the PDF's text and
the JSON, on the regional data as it is. The pure rules behind them: tests/test_answer.py; the
proof over every situation: check_content (tests/test_content.py).
"""

import json

import pytest
from django.http import QueryDict

from pathways import pdf
from pathways.query import load_map

from .html import parse, text_of
from .paper import pdf_text

pytestmark = pytest.mark.django_db


def read(client, query):
    """(page, paper, json) texts of one map, whitespace collapsed."""
    article = parse(client.get(f"/karta/?{query}")).find("article")
    # The map's own texts: "Berätta mer" lists the same answers to everyone (MS, Parkinson…).
    if refine := article.find(id="beratta-mer"):
        refine.decompose()
    page = text_of(article)
    paper = pdf_text(pdf.render_pdf(load_map(QueryDict(query))))
    body = client.get(f"/api/karta/?{query}").json()
    return page, paper, body


def card(client, query):
    soup = parse(client.get(f"/karta/?{query}"))
    return soup.find("section", class_="result")


# In hospital: the ward's staff now, and one answer for at home


@pytest.mark.parametrize(
    ("query", "region"),
    [
        ("kommun=2521&inlagd=ja&niva=3&ta_sig=nej", "Region Norrbotten"),
        ("kommun=2039&inlagd=ja&niva=3&ta_sig=nej", "Region Dalarna"),
        ("kommun=2582&inlagd=ja&niva=2&ta_sig=nej", "Region Norrbotten"),
        ("kommun=2582&inlagd=ja&plats=sjukhus&ta_sig=nej", "Region Norrbotten"),
    ],
)
def test_in_hospital_the_ward_first_and_the_same_principal_at_home_and_for_the_follow_up(
    client, query, region
):
    page, paper, body = read(client, query)
    for text in (page, paper):
        assert "Fråga personalen på avdelningen innan du skrivs ut" in text
        assert f"Sedan tar {region} över din rehabilitering" in text
        assert f"Uppföljning: {region}" in text  # the next step: who follows up at home
        assert "Uppföljning: Pajala kommun" not in text and "Uppföljning: Bodens kommun" not in text
    first = body["first_contact"]
    assert (first["kind"], first["via"], first["tel"]) == ("avdelningen", "personal", None)
    assert body["at_home"]["name"] == region
    assert body["home_contact"]["principal"]["name"] == region
    follow_up = [s for s in body["next_steps"] if s["title"].startswith("Uppföljning")]
    assert [s["title"] for s in follow_up] == [f"Uppföljning: {region}"]
    # The level's text once in the card, not once for now and once for at home; on paper at
    # most once.
    level_text = next(r["text"] for r in body["responsibilities"] if r["topic"] == "rehabilitering")
    result = text_of(card(client, query))
    assert result.count(level_text) == 1
    assert paper.count(level_text) <= 1


def test_in_hospital_the_card_offers_no_number_for_the_ward(client):
    now = card(client, "kommun=2521&inlagd=ja&niva=3&ta_sig=nej").find(class_="card-part")
    assert "Fråga personalen på avdelningen" in now.get_text()
    assert now.find("a", href=True) is None


# Cannot get to the health centre: the municipality everywhere


@pytest.mark.parametrize("code", ["2584", "2080"])
def test_who_cannot_get_to_the_health_centre_is_sent_to_the_home_care_everywhere(client, code):
    page, paper, body = read(client, f"kommun={code}&ta_sig=nej")
    municipality = body["municipality"]["name"]
    assert body["first_contact"]["kind"] == "hemsjukvarden"
    assert body["first_contact"]["principal"]["kind"] == "kommun"
    for text in (page, paper, json.dumps(body, ensure_ascii=False)):
        for wrong in ("Börja hos hälsocentralen", "Börja hos vårdcentralen", "Gå direkt till"):
            assert wrong not in text, (municipality, wrong)
        assert "ring hälsocentralen med frågor" not in text
        assert "ring vårdcentralen med frågor" not in text
    assert "direktatkomst" not in body["sections"]
    assert "fråga efter hemsjukvården" in page.lower()


# Special housing: the home's staff, no grant advice, no 1177 for prescriptions


def test_special_housing_gets_no_home_adaptation_grant_and_no_renewing_in_1177(client):
    query = "kommun=2510&boende=sarskilt&behov=bostadsanpassning&behov=lakemedel"
    page, paper, body = read(client, query)
    for text in (page, paper, json.dumps(body, ensure_ascii=False)):
        assert "Du söker bostadsanpassningsbidrag" not in text
        assert "Förnya recept i 1177:s e-tjänster" not in text
        assert "I särskilt boende ges inget bostadsanpassningsbidrag" in text
        assert "sjuksköterskan och läkaren" in text
    assert body["first_contact"]["kind"] == "boendet"


@pytest.mark.parametrize("code", ["2031", "2510"])
def test_special_housing_asks_the_staff_and_never_rings_1177_first(client, code):
    result = card(client, f"kommun={code}&boende=sarskilt&roll=narstaende")
    text = text_of(result)
    assert "Personalen på boendet" in text
    assert result.find("a", href=lambda href: href and href.startswith("tel:")) is None
    assert "1177" not in text


@pytest.mark.parametrize("code", ["2510", "2062"])
def test_habilitering_in_special_housing_is_the_municipalitys(client, code):
    body = client.get(f"/api/karta/?kommun={code}&boende=sarskilt").json()
    habilitering = next(r for r in body["responsibilities"] if r["topic"] == "habilitering")
    assert habilitering["principal"]["kind"] == "kommun"
    assert "12 kap. 5 §" in habilitering["explanation"]
    everything = json.dumps(body, ensure_ascii=False)
    assert "eller i särskilt boende" not in everything


# Relatives read about the person


@pytest.mark.parametrize(
    "query",
    [
        "kommun=2580&boende=sarskilt&roll=narstaende",
        "kommun=2582&inlagd=ja&roll=narstaende",
        "kommun=2031&boende=sarskilt&roll=narstaende",
        "kommun=2080&ta_sig=nej&roll=narstaende&behov=hjalpmedel&behov=lakemedel",
    ],
)
def test_a_relative_is_never_addressed_as_the_patient(client, query):
    page, paper, body = read(client, query)
    for phrase in ("ditt boende", "ditt behov", "ditt personnummer", "du är inlagd"):
        assert phrase not in page.lower() and phrase not in paper.lower()


@pytest.mark.parametrize("query", ["kommun=2523&inlagd=ja&ta_sig=nej", "kommun=2080&inlagd=ja"])
def test_a_relative_of_an_inpatient_reads_what_the_person_gets_not_what_they_get(client, query):
    page, paper, body = read(client, query + "&roll=narstaende")
    for name, text in (("page", page), ("paper", paper), ("json", json.dumps(body))):
        for said_to_the_patient in (
            "får du rehabilitering av sjukhusets",
            "ska du få: en sammanfattning",
            "tills du skrivs ut",
        ):
            assert said_to_the_patient not in text, (name, said_to_the_patient)
    assert "ska hen få" in page and "tills hen skrivs ut" in page
    assert "Medan personen är inlagd får hen rehabilitering" in page


# Children


def test_a_child_with_a_long_term_condition_gets_no_adult_texts(client):
    page, paper, body = read(client, "kommun=2521&alder=barn&forlopp=langvarig")
    for text in (page, paper, json.dumps(body, ensure_ascii=False)):
        for adult in ("Parkinson", "MS,", "förbundet", "Är du sjukskriven", "sjukskriv"):
            assert adult not in text, adult
    assert "barn- och ungdomshabilitering" in page
    follow_up = next(r for r in body["responsibilities"] if r["topic"] == "uppfoljning")
    assert "du kan ta dig" not in (follow_up["text"] + follow_up["explanation"]).lower()
    assert "barnets rehabilitering" in follow_up["text"]
    assert body["first_contact"]["kind"] == "barnet"
    assert "habilitering" in body["first_contact"]["name"].lower()
    assert body["motivation_units"] == []


@pytest.mark.parametrize("code", ["2521", "2080"])  # Pajala (Norrbotten), Falun (Dalarna)
def test_a_child_with_a_lifelong_disability_is_sent_to_the_habilitering(client, code):
    # No course given: a disability from birth or childhood is long-term by what it is.
    body = client.get(f"/api/karta/?kommun={code}&alder=barn&orsak=funktionsnedsattning").json()
    assert body["first_contact"]["kind"] == "barnet"
    assert "habilitering" in body["first_contact"]["name"].lower()
    broken_bone = client.get(f"/api/karta/?kommun={code}&alder=barn&orsak=fraktur").json()
    assert "habilitering" not in broken_bone["first_contact"]["name"].lower()
