"""What happened (orsak, issue 20): each answer's content in both regions, as the person meets it
on the page, on paper and in the JSON. Every test here fails on the data before these rows: no
text said logoped, körkort, demens, närståendepenning or habilitering for the answer given."""

from datetime import date

import pypdfium2
import pytest
from django.http import QueryDict
from django.utils import translation

from pathways import pdf
from pathways.catalog import read_catalog
from pathways.content_check import situation_problems
from pathways.query import load_map

from .html import element_text, visible_text
from .paper import pdf_text

pytestmark = pytest.mark.django_db

DAY = date(2026, 12, 8)
LULEA, FALUN = "2580", "2080"
BOTH = pytest.mark.parametrize("code", [LULEA, FALUN], ids=["norrbotten", "dalarna"])


def page(client, query):
    response = client.get(f"/karta/?{query}")
    assert response.status_code == 200
    return response


def api(client, query):
    response = client.get(f"/api/karta/?{query}")
    assert response.status_code == 200
    return response.json()


def section(body, slug):
    """The texts of one guidance section in the JSON, each as "title. text"."""
    return [f"{entry['title']}. {entry['text']}" for entry in body["sections"].get(slug, [])]


def paper(query):
    with translation.override("sv"):
        body = pdf.render_pdf(load_map(QueryDict(query)))
    return body, pdf_text(body)


@BOTH
def test_after_a_stroke_the_map_names_the_logoped_and_the_driving_rule(client, code):
    query = f"kommun={code}&orsak=stroke"
    expect = " ".join(section(api(client, query), "forvanta"))
    assert "logoped" in expect
    assert "Logopederna är regionens" in expect
    expected_of_you = element_text(page(client, query), "forvantas")
    assert "Bilkörning efter en stroke" in expected_of_you
    assert "Transportstyrelsen" in expected_of_you
    assert "körkortslagen 10 kap. 2 §" in expected_of_you
    # Without the answer, neither is said: the rows are for a stroke only.
    other = visible_text(page(client, f"kommun={code}&orsak=fraktur"))
    assert "Bilkörning efter en stroke" not in other and "Logopederna är regionens" not in other


@BOTH
def test_a_relative_after_a_stroke_reads_about_the_person_and_gets_their_own_support_first(
    client, code
):
    query = f"kommun={code}&orsak=stroke&roll=narstaende"
    body = api(client, query)
    first = body["next_steps"][0]
    assert "närstående efter en stroke" in first["title"]
    assert "anhörigstöd" in first["text"] and "afasi" in first["text"]
    expected = " ".join(section(body, "forvantas"))
    assert "Personen ska inte köra bil" in expected
    assert "Kör inte bil" not in expected
    _, text = paper(query)
    assert "Stöd till dig som är närstående efter en stroke" in text


@BOTH
def test_a_relative_of_a_person_with_dementia_is_led_to_the_relatives_support(client, code):
    query = f"kommun={code}&orsak=demens&roll=narstaende"
    body = api(client, query)
    first = body["next_steps"][0]
    assert first["title"] == "Stöd till dig som är närstående till någon med demens"
    for words in ("anhörigstöd", "Dagverksamhet", "biståndshandläggare", "demenssjuksköterska"):
        assert words in first["text"]
    rights = element_text(page(client, query), "rattigheter")
    assert "Framtidsfullmakt och god man" in rights
    assert "lag 2017:310" in rights and "föräldrabalken 11 kap." in rights
    assert "Medan personen själv kan bestämma" in rights  # said about the person, not to them
    assert "minnesmottagning" in " ".join(section(body, "forvanta"))
    _, text = paper(query)
    assert "Stöd till dig som är närstående till någon med demens" in text
    assert "Framtidsfullmakt och god man" in text  # the rights' line names it


@BOTH
def test_the_palliative_phase_names_sip_at_once_specialised_care_and_narstaendepenning(
    client, code
):
    query = f"kommun={code}&orsak=palliativ"
    response = page(client, query)
    rights = element_text(response, "rattigheter")
    assert "Närståendepenning" in rights
    assert "Försäkringskassan" in rights and "socialförsäkringsbalken 47 kap." in rights
    assert "Be om en SIP med en gång" in element_text(response, "sip")
    expect = " ".join(section(api(client, query), "forvanta"))
    assert "Specialiserad palliativ vård" in expect and "Den är regionens" in expect
    _, text = paper(query)
    assert "Närståendepenning" in text


@BOTH
def test_a_childs_map_gives_the_rights_that_hold_for_a_child(client, code):
    """Närståendepenning and a framtidsfullmakt are adults' rights: a parent of a seriously ill child
    gets tillfällig föräldrapenning, and no one under 18 may write a framtidsfullmakt."""
    palliative = element_text(
        page(client, f"kommun={code}&alder=barn&orsak=palliativ"), "rattigheter"
    )
    assert "Tillfällig föräldrapenning för ett allvarligt sjukt barn" in palliative
    assert "Närståendepenning" not in palliative
    dementia = element_text(page(client, f"kommun={code}&alder=barn&orsak=demens"), "rattigheter")
    assert "har fyllt 18 år" in dementia
    assert "Framtidsfullmakt och god man" not in dementia


def test_each_region_says_what_its_own_source_says_about_palliative_care(client):
    norrbotten = " ".join(section(api(client, f"kommun={LULEA}&orsak=palliativ"), "forvanta"))
    dalarna = " ".join(section(api(client, f"kommun={FALUN}&orsak=palliativ"), "forvanta"))
    assert "palliativa rådgivningsteam" in norrbotten and "Region Dalarna" not in norrbotten
    assert "nordvästra Dalarna" in dalarna and "Region Norrbotten" not in dalarna


@BOTH
def test_cancer_names_the_contact_nurse_and_the_care_plan(client, code):
    expect = " ".join(section(api(client, f"kommun={code}&orsak=cancer"), "forvanta"))
    assert "kontaktsjuksköterska" in expect and "Min vårdplan" in expect
    assert "Cancerrehabilitering" in expect


@BOTH
def test_a_child_with_a_lifelong_disability_gets_habilitering_and_no_adult_association(
    client, code
):
    query = f"kommun={code}&alder=barn&orsak=funktionsnedsattning"
    body = api(client, query)
    expect = " ".join(section(body, "forvanta"))
    assert "Barn- och ungdomshabilitering" in expect
    assert "vuxenhabilitering" not in expect
    habilitation = next(r for r in body["responsibilities"] if r["topic"] == "habilitering")
    assert habilitation["unit"]["name"].startswith("Barn- och ungdomshabiliteringen")
    assert not [u for u in body["motivation_units"] if u["kind"] == "patientforening"]
    shown = visible_text(page(client, query))
    assert "förbundet" not in shown.lower()
    assert "sjukskriv" not in shown.lower()
    # An adult with the same answer is told about vuxenhabilitering instead.
    adult = " ".join(section(api(client, f"kommun={code}&orsak=funktionsnedsattning"), "forvanta"))
    assert "regionens vuxenhabilitering" in adult


@BOTH
def test_the_associations_follow_what_happened_and_stay_off_a_childs_map(client, code):
    stroke = element_text(page(client, f"kommun={code}&orsak=stroke"), "motivation")
    assert "Strokeförbundet" in stroke and "Afasiförbundet" in stroke
    dementia = element_text(page(client, f"kommun={code}&orsak=demens"), "motivation")
    assert "Demensförbundet" in dementia and "Alzheimer Sverige" in dementia
    neuro = element_text(page(client, f"kommun={code}&orsak=neurologisk"), "motivation")
    assert "Neuroförbundet" in neuro and "Parkinsonförbundet" in neuro
    assert "Demensförbundet" not in stroke
    child = visible_text(page(client, f"kommun={code}&alder=barn&orsak=stroke"))
    assert "Strokeförbundet" not in child


def test_a_named_local_association_is_given_where_a_source_names_it(client):
    heart = element_text(page(client, f"kommun={LULEA}&orsak=hjarta"), "motivation")
    assert "HjärtLung i Luleå" in heart
    dalarna = " ".join(section(api(client, f"kommun={FALUN}&orsak=hjarta"), "forvanta"))
    assert "Falun, Mora, Avesta och Ludvika" in dalarna


@pytest.mark.parametrize(
    "query",
    [
        # A relative of an inpatient after a stroke with every need: the richest paper these rows make.
        "kommun=2580&inlagd=ja&orsak=stroke&roll=narstaende&behov=hjalpmedel&behov=resor"
        "&behov=lakemedel&behov=bostadsanpassning",
        "kommun=2080&inlagd=ja&ta_sig=nej&orsak=palliativ&roll=narstaende&behov=hjalpmedel",
        "kommun=2080&orsak=demens&roll=narstaende&behov=resor&behov=lakemedel",
    ],
)
def test_the_paper_stays_within_two_pages_with_what_happened(query):
    body, _ = paper(query)
    assert len(pypdfium2.PdfDocument(body)) <= pdf.MAX_PAGES


@pytest.mark.parametrize("slug, code", [("norrbotten", LULEA), ("dalarna", FALUN)])
def test_check_content_finds_nothing_wrong_with_any_answer_in_one_municipality(slug, code):
    """The check's proof (relatives' wording, adult-only texts on a child's map, principals) over
    every combination of answers, the new orsak values included, in one municipality."""
    assert situation_problems(read_catalog(slug), DAY, codes=[code]) == []
