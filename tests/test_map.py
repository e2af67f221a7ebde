"""The map page, /karta/?<the public contract>: the answer first, six sections by task, the 400 page.

The HTML is read with an HTML parser (BeautifulSoup), as a reader meets it: by element and text.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from pathways.presenters import LAYOUT

from .html import element_text, parse, text_of, visible_text

pytestmark = pytest.mark.django_db

KIRUNA, FALUN = "2584", "2080"
SECTIONS = [slug for slug, *_rest in LAYOUT]


def result_card(response):
    card = parse(response).find("section", class_="result")
    assert card is not None
    return card


def get_map(client, query, **headers):
    response = client.get(f"/karta/?{query}", **headers)
    assert response.status_code == 200, response.content[:2000]
    return response


# The answer first


@pytest.mark.parametrize(
    ("query", "principal"),
    [
        # The threshold principle: cannot get to the health centre -> the municipality
        (f"kommun={KIRUNA}&ta_sig=nej", "Kiruna kommun"),
        (f"kommun={KIRUNA}&ta_sig=ja", "Region Norrbotten"),
        # Children stay with the region even when they cannot get there
        (f"kommun={KIRUNA}&ta_sig=nej&alder=barn", "Region Norrbotten"),
        # Special housing: the municipality, whatever ta_sig says
        (f"kommun={KIRUNA}&boende=sarskilt&ta_sig=ja", "Kiruna kommun"),
        # In hospital now: the region, until discharge
        (f"kommun={KIRUNA}&inlagd=ja&ta_sig=nej", "Region Norrbotten"),
        (f"kommun={FALUN}&ta_sig=nej", "Falu kommun"),
        (f"kommun={FALUN}", "Region Dalarna"),
    ],
)
def test_the_heading_states_who_has_the_main_responsibility(client, query, principal):
    response = get_map(client, query)
    headings = parse(response).find_all("h1")
    assert [text_of(h) for h in headings] == [
        f"{principal} har huvudansvaret för din rehabilitering"
    ]
    rows = {
        text_of(row.th): text_of(row.td)
        for row in parse(response).find(id="ansvar").find("tbody").find_all("tr")
    }
    assert rows["Rehabilitering"] == principal


def test_the_result_card_comes_first_with_why_and_whom_to_call(client):
    response = get_map(client, f"kommun={KIRUNA}&ta_sig=nej")
    article = parse(response).find("article", class_="map")
    first, tools, second = article.find_all(recursive=False)[:3]
    assert "demo-line" in first["class"]  # a one-line notice, the easy-to-read link, the answer
    assert "map-tools" in tools["class"]
    assert second.name == "section" and second["class"] == ["result"]
    card = text_of(second)
    assert "Du kan inte ta dig till hälsocentralen" in card  # why
    assert "Kontakta först" in card
    # The home care has no number in the data: the card says whom to ask and that the number is
    # missing, and gives 1177 only as the labelled last resort (issue 19).
    assert "Hemsjukvård och rehabilitering, Kiruna kommun" in card
    assert "Vi har inget telefonnummer till hemsjukvården" in card
    assert "Fråga efter hemsjukvården hos Kiruna kommun" in card
    last_resort = second.find(class_="last-resort")
    assert text_of(last_resort).startswith("När inget annat är känt: 1177 Vårdguiden")
    call = last_resort.find("a", href="tel:1177")
    assert call is not None and text_of(call) == "Ring 1177"
    hours = response.context["patient_map"].answer.first_contact.hours
    assert not hours or f"Öppet: {hours}" in card  # the line's hours, when the data has them


def test_the_next_steps_begin_with_the_needs_asked_for(client):
    response = get_map(client, f"kommun={KIRUNA}&ta_sig=nej&behov=resor&behov=hjalpmedel")
    steps = parse(response).find("section", class_="next-steps").find_all("li")
    assert 2 <= len(steps) <= 5
    titles = [text_of(step.h3) for step in steps]
    assert titles[:2] == ["Hjälpmedel: Kiruna kommun", "Sjukresor: Region Norrbotten"]
    travel = steps[1]
    assert "minst två dagar i förväg" in text_of(travel)  # the deadline, from the data
    assert travel.find("a", href="tel:+46209600 96".replace(" ", "")) is not None


def test_who_cannot_get_to_the_health_centre_is_not_sent_there(client):
    response = get_map(client, f"kommun={KIRUNA}&ta_sig=nej&behov=hjalpmedel")
    answer = text_of(result_card(response)) + text_of(
        parse(response).find("section", class_="next-steps")
    )
    assert "Börja hos hälsocentralen" not in answer
    assert "Börja med att kontakta hälsocentralen" not in answer
    assert parse(response).find(id="direktatkomst") is None  # no "go directly to a physio"
    assert parse(get_map(client, f"kommun={KIRUNA}")).find(id="direktatkomst") is not None


def test_in_hospital_the_card_has_now_and_at_home_with_discharge_and_sip(client):
    response = get_map(client, f"kommun={KIRUNA}&inlagd=ja&ta_sig=nej")
    card = result_card(response)
    parts = [text_of(part.h2) for part in card.find_all("div", class_="card-part")]
    assert parts == ["Nu, på sjukhuset", "När du kommer hem"]
    home = text_of(card.find_all("div", class_="card-part")[1])
    assert "Sedan tar Kiruna kommun över din rehabilitering." in home
    assert card.find("a", href=lambda href: href and href.startswith("tel:")) is not None
    assert card.find(id="utskrivning") is not None and card.find(id="sip") is not None
    about = parse(response).find(id="om")
    assert about.find(id="utskrivning") is None and about.find(id="sip") is None
    # Reaching the health centre: the region takes over at home.
    reaches = get_map(client, f"kommun={KIRUNA}&inlagd=ja&ta_sig=ja")
    assert "Sedan tar Region Norrbotten över" in text_of(result_card(reaches))


def test_discharge_only_when_in_hospital(client):
    at_home = get_map(client, f"kommun={KIRUNA}&inlagd=nej")
    assert parse(at_home).find(id="utskrivning") is None
    assert "Samordnad utskrivning" not in visible_text(at_home)
    assert parse(at_home).find(id="sip") is not None  # folded under "Om din rehabilitering"


@pytest.mark.parametrize(
    "query",
    [
        f"kommun={KIRUNA}&roll=narstaende",
        f"kommun={KIRUNA}&inlagd=ja&ta_sig=nej&roll=narstaende&behov=resor",
        f"kommun={FALUN}&boende=sarskilt&roll=narstaende",
    ],
)
def test_a_relatives_map_speaks_about_the_person_they_help(client, query):
    response = get_map(client, query)
    text = visible_text(response).lower()
    assert "din rehabilitering" not in text
    assert "personen du hjälper" in text_of(parse(response).find("h1"))
    # Support for relatives is always there, whether or not that need was ticked.
    steps = text_of(parse(response).find("section", class_="next-steps"))
    assert "Stöd till dig som är närstående" in steps


# Six sections by task, in the one order


@pytest.mark.parametrize(
    "query",
    [
        f"kommun={KIRUNA}&ta_sig=nej&behov=resor",
        f"kommun={KIRUNA}&inlagd=ja&niva=2&forlopp=plotslig&roll=narstaende",
        f"kommun={KIRUNA}&boende=sarskilt&behov=hjalpmedel&behov=lakemedel",
        f"kommun={FALUN}&alder=barn&niva=vet_ej&forlopp=langvarig&behov=arbete",
        "kommun=2580",
    ],
)
def test_six_sections_in_the_layouts_order_each_with_one_source_block(client, query):
    document = parse(get_map(client, query))
    sections = document.find_all("section", class_="map-section")
    assert [s["id"] for s in sections] == SECTIONS
    assert len(sections) <= 6
    assert len(document.find_all("h1")) == 1
    for node in sections:
        assert len(node.find_all("details", class_="sources")) <= 1, node["id"]
        assert "Källa:" not in text_of(node)  # no source line per paragraph


def test_each_sections_sources_name_title_and_whether_and_when_reviewed(client):
    # A checked source gives its review date; one nobody checked says so and gives none.
    document = parse(get_map(client, f"kommun={KIRUNA}&ta_sig=nej"))
    sources = document.find(id="ansvar").find("details", class_="sources")
    assert text_of(sources.summary) == "Källa och granskning"
    items = sources.find_all("li")
    assert items
    for item in items:
        unchecked = item.find("strong", class_="unreviewed")
        checked = any(text.strip().startswith("granskad") for text in item.strings)
        assert bool(unchecked) != checked, item
        assert not checked or item.find("time", datetime=True), item


def test_no_organisation_appears_twice_among_the_contacts(client):
    for query in (f"kommun={KIRUNA}&ta_sig=nej", f"kommun={FALUN}&inlagd=ja&niva=2"):
        document = parse(get_map(client, query))
        cards = [
            text_of(card.find(class_="unit-name")) for card in document.find_all(class_="unit")
        ]
        contacts = document.find(id="kontakter")
        names = [text_of(li).split(",")[0] for li in contacts.find("ul", class_="names")("li")]
        assert len(cards) == len(set(cards))
        assert len(names) == len(set(names)) and not set(names) & set(cards)


def test_who_does_what_is_one_compact_table(client):
    document = parse(get_map(client, f"kommun={KIRUNA}&ta_sig=nej"))
    rows = document.find(id="ansvar").find("tbody").find_all("tr")
    topics = [text_of(row.th) for row in rows]
    assert topics[0] == "Rehabilitering"
    assert {"Hjälpmedel", "Bostadsanpassning", "Sjukresor", "Uppföljning"} <= set(topics)
    assert len(rows) == len(set(topics)) >= 7


def test_the_rules_asked_for_are_open_and_first_the_others_folded(client):
    document = parse(get_map(client, f"kommun={KIRUNA}&behov=lakemedel"))
    rules = document.find(id="regler")
    parts = [node["id"] for node in rules.find_all(id=["lakemedel", "hjalpmedel", "sjukresor"])]
    assert parts == ["lakemedel", "hjalpmedel", "sjukresor"]
    assert rules.find(id="lakemedel").name == "div"  # open
    assert rules.find(id="hjalpmedel").name == "details"  # folded
    assert not rules.find(id="hjalpmedel").has_attr("open")


def test_about_your_rehabilitation_is_folded(client):
    about = parse(get_map(client, f"kommun={KIRUNA}")).find(id="om")
    folds = about.find_all("details", class_="more")
    assert {"Vilka du kan möta", "Uppföljning", "SIP – samordnad individuell plan"} <= {
        text_of(d.summary) for d in folds
    }
    assert not any(d.has_attr("open") for d in folds)


def test_the_answers_are_folded_with_a_link_to_change_them(client):
    response = get_map(client, f"kommun={FALUN}&ta_sig=ja")
    answers = parse(response).find("details", class_="your-answers")
    assert text_of(answers.summary) == "Dina svar"
    assert "Tar sig till vårdcentralen" in text_of(answers)  # the region's own word
    change = answers.find("a", string="Ändra dina svar")
    assert parse_qs(urlsplit(change["href"]).query)["kommun"] == [FALUN]


def test_what_happened_is_among_the_answers_and_the_change_link_keeps_it(client):
    answers = parse(get_map(client, f"kommun={FALUN}&orsak=demens")).find(
        "details", class_="your-answers"
    )
    said = {text_of(dt): text_of(dt.find_next_sibling("dd")) for dt in answers.find_all("dt")}
    assert said["Vad som har hänt"] == "Demens"
    change = answers.find("a", string="Ändra dina svar")
    assert parse_qs(urlsplit(change["href"]).query)["orsak"] == ["demens"]
    unasked = parse(get_map(client, f"kommun={FALUN}")).find("details", class_="your-answers")
    assert "Vad som har hänt" not in text_of(unasked)


def test_private_physiotherapists_nearby_when_none_in_the_municipality(client):
    # Arjeplog had no private physiotherapist with a regional agreement in May 2022 (the report).
    text = element_text(get_map(client, "kommun=2506"), "direktatkomst")
    assert "Det finns ingen privat fysioterapeut med avtal med regionen i Arjeplog" in text
    assert "Arvidsjaur" in text  # the nearest municipality that has one
    own = element_text(get_map(client, f"kommun={KIRUNA}"), "direktatkomst")
    assert "Det finns ingen privat fysioterapeut" not in own


def test_links_change_answers_pdf_and_share_keep_the_answers(client):
    document = parse(get_map(client, f"behov=resor&ta_sig=nej&kommun={KIRUNA}"))
    query = (
        "kommun=2584&inlagd=nej&boende=ordinart&ta_sig=nej&alder=vuxen&niva=vet_ej"
        "&forlopp=vet_ej&behov=resor&roll=patient"
    )
    # The questions and the share link: the answers given, in the contract's order, no default
    # written in (the map asks what is left); the PDF: the whole situation.
    given = f"kommun={KIRUNA}&ta_sig=nej&behov=resor"
    hrefs = {a["href"] for a in document.find(id="dela").find_all("a")}
    assert {
        f"/fragor/?{given}",
        f"/karta/pdf/?{query}",
        f"http://testserver/karta/?{given}",
    } <= hrefs
    assert document.find("button", class_="print-button") is not None


def test_the_map_page_links_its_stylesheet_and_is_marked_demo(client):
    document = parse(get_map(client, f"kommun={KIRUNA}"))
    assert document.find("link", href=lambda href: href and "css/map.css" in href)
    assert text_of(document.find(class_="demo-line")).startswith("Exempeluppgifter.")
    assert document.find(class_="demo-notice") is None  # one line, not the block


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_ACCEPT_LANGUAGE": "en"}, {"HTTP_COOKIE": "django_language=en"}],
)
def test_the_map_renders_in_english(client, headers):
    response = get_map(client, f"kommun={KIRUNA}&ta_sig=nej", **headers)
    assert parse(response).html["lang"] == "en"
    assert "Kiruna kommun" in visible_text(response)


def test_the_map_renders_in_swedish_by_default(client):
    assert parse(get_map(client, f"kommun={KIRUNA}")).html["lang"] == "sv"


# 400: what is wrong, never a 500


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("kommun=9999", "kommun"),
        ("", "kommun"),
        ("inlagd=ja", "kommun"),
        (f"kommun={KIRUNA}&niva=4", "niva"),
        (f"kommun={KIRUNA}&niva=två", "niva"),
        (f"kommun={KIRUNA}&behov=allt", "behov"),
        (f"kommun={KIRUNA}&inlagd=kanske", "inlagd"),
        ("kommun=%00%01%02", "kommun"),
        ("kommun=Kir%C3%BCn%C3%A4", "kommun"),
        ("kommun=%FF%FE", "kommun"),
        ("kommun=<script>alert(1)</script>", "kommun"),
        (f"kommun={KIRUNA}&roll=" + "x" * 5000, "roll"),
        ("kommun=" + "2584" * 1250, "kommun"),
    ],
)
def test_bad_parameters_give_a_400_page_that_says_what_is_wrong(client, query, parameter):
    response = client.get(f"/karta/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    document = parse(response)
    assert parameter in [text_of(code) for code in document.find_all("code")]
    assert document.find("script", string=lambda s: s and "alert" in s) is None
    assert len(html) < 20_000  # a 5000-character value is not echoed whole
    assert document.find("a", href="/fragor/") is not None  # back to the questions
    assert "Kartans adress går inte att läsa" in visible_text(response)


def test_the_400_page_names_every_wrong_parameter(client):
    response = client.get("/karta/?kommun=9999&niva=x&behov=resor&behov=nej")
    text = visible_text(response)
    assert "Kommunkoden 9999 finns inte" in text
    assert "niva" in text and "behov" in text
    assert "boende" not in text


def test_the_400_page_in_english_has_lang_en(client):
    response = client.get("/karta/?kommun=9999", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert parse(response).html["lang"] == "en"


def test_the_map_only_answers_get(client):
    assert client.post(f"/karta/?kommun={KIRUNA}").status_code == 405


def test_in_english_the_regions_swedish_text_is_marked_and_said_to_be_swedish(client):
    client.cookies["django_language"] = "en"
    document = parse(get_map(client, f"kommun={KIRUNA}&ta_sig=nej"))
    assert "is only available in Swedish" in text_of(document.find(class_="content-language"))
    cells = document.find(id="ansvar").find("tbody").find_all("td")
    assert cells and all(cell["lang"] == "sv" for cell in cells)

    client.cookies["django_language"] = "sv"
    document = parse(get_map(client, f"kommun={KIRUNA}&ta_sig=nej"))
    assert document.find("main").find(lang="sv") is None
    assert document.find(class_="content-language") is None


def test_staff_are_offered_a_discharge_map_from_the_map_and_patients_are_not(staff_client):
    query = f"kommun={KIRUNA}&ta_sig=nej"

    def staff_links(client):
        links = parse(get_map(client, query)).find_all("a", href=True)
        return [a["href"] for a in links if a["href"].startswith("/personal/ny/?")]

    assert staff_links(Client()) == []
    [link] = staff_links(staff_client)
    assert link.startswith("/personal/ny/?kommun=2584&inlagd=nej&boende=ordinart&ta_sig=nej")


def test_a_text_given_as_a_next_step_is_not_repeated_among_the_rules(client):
    response = get_map(client, f"kommun={FALUN}&behov=arbete")
    steps = parse(response).find("section", class_="next-steps")
    work = [li for li in steps.find_all("li") if text_of(li.h3) == "Arbete och sjukskrivning"]
    assert len(work) == 1
    said = text_of(work[0].p)
    assert visible_text(response).count(said) == 1
