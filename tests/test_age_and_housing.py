"""The answers alder=ung|85plus and boende=lss|korttid (issue 20), read as a person meets the map:
the page's text, the PDF's text and the JSON, in both regions. Which rows a narrower age reads is
the rules' hierarchy (tests/test_rules.py); every combination is proved by check_content."""

import json

import pytest
from django.http import QueryDict

from pathways import pdf
from pathways.query import load_map

from .html import parse, text_of
from .paper import pdf_text

pytestmark = pytest.mark.django_db

KIRUNA, LULEA, FALUN, MORA = "2584", "2580", "2080", "2062"


def readings(client, query):
    """{rendering: its text} of one map: the page's article, the PDF, the JSON."""
    page = client.get(f"/karta/?{query}")
    assert page.status_code == 200, page.content[:1000]
    body = client.get(f"/api/karta/?{query}")
    assert body.status_code == 200
    return {
        "page": " ".join(text_of(parse(page).find("article")).split()),
        "paper": pdf_text(pdf.render_pdf(load_map(QueryDict(query)))),
        "json": " ".join(json.dumps(body.json(), ensure_ascii=False).split()),
    }


# 85 or older: outpatient care is free (a national rule since 2017), in both regions.


@pytest.mark.parametrize("code", [KIRUNA, FALUN])
def test_an_85_year_olds_map_says_outpatient_visits_are_free(client, code):
    old = readings(client, f"kommun={code}&alder=85plus")
    assert "Gratis besök i öppenvården från 85 år" in old["paper"]
    for rendering in ("page", "json"):
        assert "för besök i öppenvården" in old[rendering], rendering
    adult = readings(client, f"kommun={code}&alder=vuxen")
    assert not any("från 85 år" in text for text in adult.values())


def test_in_norrbotten_the_aids_fitting_is_free_under_20_and_from_85(client):
    for age, said in [("ung", "Du är under 20 år"), ("85plus", "Du är 85 år eller äldre")]:
        texts = readings(client, f"kommun={LULEA}&alder={age}&behov=hjalpmedel")
        for rendering, text in texts.items():
            assert f"{said}: utprovningen av hjälpmedel är gratis för dig" in text, rendering
    adult = readings(client, f"kommun={LULEA}&behov=hjalpmedel")
    assert "betalar du 300 kronor" in adult["page"]
    assert "är gratis för dig" not in adult["page"]


@pytest.mark.parametrize("code", [KIRUNA, FALUN])
def test_an_18_year_old_gets_the_adults_responsibilities_and_not_the_childs(client, code):
    def responsibilities(age):
        query = f"kommun={code}&alder={age}&ta_sig=nej&forlopp=langvarig"
        return client.get(f"/api/karta/?{query}").json()["responsibilities"]

    assert responsibilities("ung") == responsibilities("vuxen")
    assert responsibilities("ung") != responsibilities("barn")
    assert (
        "Gratis vård för dig under 20 år" in readings(client, f"kommun={KIRUNA}&alder=ung")["paper"]
    )


# LSS housing and a short-term stay: the municipality's care, the staff there first.

HOMES = [
    ("lss", "personalen i din bostad", "LSS-handläggare"),
    ("korttid", "personalen på korttidsboendet", "biståndshandläggare"),
]


@pytest.mark.parametrize("code", [LULEA, MORA])
@pytest.mark.parametrize(("housing", "staff", "officer"), HOMES)
def test_in_lss_housing_or_a_short_stay_the_municipality_answers(
    client, code, housing, staff, officer
):
    query = f"kommun={code}&boende={housing}"
    body = client.get(f"/api/karta/?{query}").json()
    assert body["main_responsible"]["kind"] == "kommun"
    assert body["first_contact"]["kind"] == "boendet"
    texts = readings(client, query)
    for rendering in ("page", "json"):
        said = texts[rendering]
        assert "Kommunen ansvarar för din hälso- och sjukvård och rehabilitering" in said, rendering
        assert staff in said, rendering
    # On paper: the answer, whom to contact first, and the explanation beside it.
    assert "kommun har huvudansvaret för din rehabilitering" in texts["paper"]
    assert "Kontakta först: Personalen på boendet" in texts["paper"]
    assert "ansvarar kommunen för vården och rehabiliteringen" in texts["paper"]
    assert officer in texts["page"] and "förvaltningsrätten" in texts["page"]
    assert "tre veckor" in texts["json"]
    # Reaching the health centre is asked only in one's own home: no such answer is read here.
    assert client.get(f"/api/karta/?{query}&ta_sig=nej").json() == body
    assert "Tar sig inte till" not in texts["paper"]
    assert "ta dig till" not in texts["page"].lower()


@pytest.mark.parametrize("code", [KIRUNA, FALUN])
def test_home_adaptation_grants_are_for_ones_own_home_not_the_short_stay(client, code):
    texts = readings(client, f"kommun={code}&boende=korttid&behov=bostadsanpassning")
    assert "Bostadsanpassningsbidrag gäller ditt eget hem, inte korttidsboendet" in texts["page"]


@pytest.mark.parametrize("code", [LULEA, FALUN])
@pytest.mark.parametrize("housing", ["lss", "korttid"])
def test_a_relatives_map_speaks_of_the_person_they_help(client, code, housing):
    texts = readings(client, f"kommun={code}&boende={housing}&roll=narstaende")
    for rendering in ("page", "paper"):
        assert "personen du hjälper" in texts[rendering], rendering
    assert "Personen bor" in texts["page"] or "Personen är på korttidsboende" in texts["page"]
    assert "din bostad" not in texts["page"]


@pytest.mark.parametrize("code", [KIRUNA, FALUN])
def test_a_child_in_lss_housing_is_the_regions(client, code):
    body = client.get(f"/api/karta/?kommun={code}&boende=lss&alder=barn").json()
    assert body["main_responsible"]["kind"] == "region"


def test_the_admin_offers_a_rules_age_in_the_staffs_words(admin_client):
    page = parse(admin_client.get("/admin/pathways/responsibility/add/"))
    options = [text_of(o) for o in page.select('select[name="age_group"] option')]
    assert options[1:] == [
        "Vuxen (18 år eller äldre)",
        "18–19 år",
        "85 år eller äldre",
        "Barn (under 18 år)",
    ]
    homes = [text_of(o) for o in page.select('select[name="housing"] option')][1:]
    assert homes[2:] == [
        "Bostad med särskild service enligt LSS – gruppbostad eller servicebostad",
        "Korttidsboende eller korttidsvistelse",
    ]


@pytest.mark.parametrize(
    ("key", "labels"),
    [
        (
            "boende",
            [
                "I eget hem (vanligt boende)",
                "I särskilt boende, till exempel ett äldreboende",
                "I en gruppbostad eller servicebostad enligt LSS",
                "På korttidsboende, för en tid",
            ],
        ),
        ("alder", ["Under 18 år", "18–19 år", "20–84 år", "85 år eller äldre"]),
    ],
)
@pytest.mark.parametrize("role", ["patient", "narstaende"])
def test_the_questions_offer_every_home_and_age(client, key, labels, role):
    from pathways import flow

    from .test_flow import answers_before, set_answers, step_url

    step = next(s for s in flow.STEPS + flow.REFINEMENTS if key in s.keys)
    set_answers(client, answers_before(step, role=role))
    page = parse(client.get(step_url(step.slug)))
    # Hospital and housing share a page: the labels of this question's own radios.
    radios = page.select(f'input[name="{key}"]')
    assert [text_of(page.select_one(f'label[for="{r["id"]}"]')) for r in radios] == labels
    question = text_of(page.select_one("h1.question"))
    assert ("personen du hjälper" in question) == (role == "narstaende")
