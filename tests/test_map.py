"""The map page, /karta/?<the public contract>: every section, the right principal, the 400 page."""

import re
from html import unescape

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

KIRUNA, FALUN = "2584", "2080"


def visible_text(response):
    """The page's text as a reader meets it: tags and scripts gone, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def section(response, anchor):
    """The text of one section of the map, by its id."""
    html = response.content.decode()
    match = re.search(rf'<(section|details) id="{anchor}"[^>]*>(.*?)</\1>', html, flags=re.S)
    assert match, f"no section #{anchor}"
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", match.group(2))))


def main_responsible(response):
    text = section(response, "i-korthet")
    return re.search(r"Huvudansvaret för din rehabilitering har nu: (.+?) ", text + " ").group(1)


def get_map(client, query, **headers):
    response = client.get(f"/karta/?{query}", **headers)
    assert response.status_code == 200, response.content[:2000]
    return response


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
def test_it_names_the_principal_with_the_main_responsibility(client, query, principal):
    response = get_map(client, query)
    assert main_responsible(response).startswith(principal.split()[0])
    assert principal in section(response, "i-korthet")
    assert principal in section(response, "ansvar")


ALWAYS = [
    "i-korthet",
    "ansvar",
    "moter",
    "fragor",
    "forvanta",
    "forvantas",
    "uppfoljning",
    "sip",
    "motivation",
    "direktatkomst",
    "hjalpmedel",
    "sjukresor",
    "lakemedel",
    "arbete",
    "rattigheter",
    "nar_fel",
    "dela",
]


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
def test_it_renders_every_section_with_one_h1_and_a_table_of_contents(client, query):
    response = get_map(client, query)
    html = response.content.decode()
    for anchor in ALWAYS:
        assert section(response, anchor).strip(), anchor
        assert f'href="#{anchor}"' in html or anchor == "dela", anchor
    assert html.count("<h1") == 1
    assert html.count("<h2") >= len(ALWAYS)


def test_every_topic_has_its_principal_unit_and_a_why(client):
    response = get_map(client, f"kommun={KIRUNA}&ta_sig=nej")
    text = section(response, "ansvar")
    for topic in ("Rehabilitering", "Hjälpmedel", "Bostadsanpassning", "Sjukresor"):
        assert topic in text
    html = response.content.decode()
    responsibilities = html.count('class="responsibility"')
    assert responsibilities >= 7
    assert html.count('<details class="why">') >= responsibilities  # + the one in "I korthet"
    # The sick-travel unit's phone is a tel: link
    assert 'href="tel:020960096"' in html


def test_why_explains_the_rule_with_source_and_reviewed_date(client):
    response = get_map(client, f"kommun={KIRUNA}&ta_sig=nej")
    why = re.search(
        r'<details class="why">(.*?)</details>', response.content.decode(), flags=re.S
    ).group(1)
    assert "<summary>Varför?</summary>" in why
    why_text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", why)))
    assert "inte ta dig till hälsocentralen" in why_text
    assert "Källa:" in why_text and "Senast granskad" in why_text
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\d">', why)


def test_every_guidance_section_shows_its_source_and_reviewed_date(client):
    response = get_map(client, f"kommun={KIRUNA}&inlagd=ja&behov=arbete")
    for anchor in ("fragor", "forvanta", "uppfoljning", "sip", "utskrivning", "motivation"):
        text = section(response, anchor)
        assert "Källa:" in text or "Kontaktuppgifter:" in text, anchor
        assert "granskad" in text, anchor


def test_the_needs_the_person_named_come_first_and_open(client):
    response = get_map(client, f"kommun={KIRUNA}&behov=lakemedel")
    html = response.content.decode()
    positions = [html.index(f'id="{slug}"') for slug in ("lakemedel", "hjalpmedel", "sjukresor")]
    assert positions == sorted(positions)
    assert '<section id="lakemedel"' in html
    assert '<details id="hjalpmedel" class="rules folded">' in html
    assert '<details id="sjukresor" class="rules folded">' in html
    toc = re.search(r'<nav class="toc".*?</nav>', html, flags=re.S).group(0)
    assert toc.index("#lakemedel") < toc.index("#hjalpmedel")


def test_without_needs_all_rules_are_folded_in_the_usual_order(client):
    html = get_map(client, f"kommun={KIRUNA}").content.decode()
    assert '<details id="hjalpmedel"' in html and '<details id="lakemedel"' in html
    assert (
        html.index('id="hjalpmedel"') < html.index('id="sjukresor"') < html.index('id="lakemedel"')
    )


def test_coordinated_discharge_only_when_in_hospital(client):
    inside = get_map(client, f"kommun={KIRUNA}&inlagd=ja")
    assert "Samordnad utskrivning" in section(inside, "utskrivning")
    at_home = get_map(client, f"kommun={KIRUNA}&inlagd=nej")
    assert 'id="utskrivning"' not in at_home.content.decode()
    assert "Samordnad utskrivning" not in visible_text(at_home)


def test_it_uses_the_regions_word_for_the_health_centre(client):
    text = visible_text(get_map(client, f"kommun={FALUN}&ta_sig=ja"))
    assert "Tar sig till vårdcentralen" in text
    assert "Tar sig till hälsocentralen" not in text


def test_private_physiotherapists_nearby_when_none_in_the_municipality(client):
    # Arjeplog had no private physiotherapist with a regional agreement in May 2022 (the report).
    text = section(get_map(client, "kommun=2506"), "direktatkomst")
    assert "Det finns ingen privat fysioterapeut med avtal med regionen i Arjeplog" in text
    assert "Arvidsjaur" in text  # the nearest municipality that has one
    own = section(get_map(client, f"kommun={KIRUNA}"), "direktatkomst")
    assert "Det finns ingen privat fysioterapeut" not in own


def test_links_change_answers_pdf_and_share_keep_the_answers(client):
    response = get_map(client, f"kommun={KIRUNA}&ta_sig=nej&behov=resor")
    html = unescape(response.content.decode())
    query = "kommun=2584&inlagd=nej&boende=ordinart&ta_sig=nej&alder=vuxen&niva=vet_ej&forlopp=vet_ej&behov=resor&roll=patient"
    assert f'href="/fragor/?{query}"' in html
    assert f'href="/karta/pdf/?{query}"' in html
    assert f"http://testserver/karta/?{query}</a>" in html
    assert "Skriv ut" in html


def test_the_map_page_links_its_stylesheet_and_is_marked_demo(client):
    response = get_map(client, f"kommun={KIRUNA}")
    html = response.content.decode()
    assert "css/map.css" in html
    assert response.context["has_demo"] is True


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_ACCEPT_LANGUAGE": "en"}, {"HTTP_COOKIE": "django_language=en"}],
)
def test_the_map_renders_in_english(client, headers):
    response = get_map(client, f"kommun={KIRUNA}&ta_sig=nej", **headers)
    assert '<html lang="en"' in response.content.decode()
    assert "Kiruna kommun" in visible_text(response)


def test_the_map_renders_in_swedish_by_default(client):
    response = get_map(client, f"kommun={KIRUNA}")
    assert '<html lang="sv"' in response.content.decode()


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
    assert f"<code>{parameter}</code>" in html
    assert "<script>alert" not in html
    assert len(html) < 20_000  # a 5000-character value is not echoed whole
    assert 'href="/fragor/"' in html  # back to the questions
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
    assert '<html lang="en"' in response.content.decode()


def test_the_map_only_answers_get(client):
    assert client.post(f"/karta/?kommun={KIRUNA}").status_code == 405


def test_in_english_the_regions_swedish_text_is_marked_and_said_to_be_swedish(client):
    client.cookies["django_language"] = "en"
    html = get_map(client, f"kommun={KIRUNA}&ta_sig=nej").content.decode()
    assert "is only available in Swedish" in html
    assert '<strong lang="sv">Kiruna kommun</strong>' in html

    client.cookies["django_language"] = "sv"
    html = get_map(client, f"kommun={KIRUNA}&ta_sig=nej").content.decode()
    assert 'lang="sv">' not in html.split("<main", 1)[1]
    assert "finns bara på svenska" not in html


def test_staff_are_offered_a_discharge_map_from_the_map_and_patients_are_not(staff_client):
    query = f"kommun={KIRUNA}&ta_sig=nej"
    assert "/personal/ny/?" not in get_map(Client(), query).content.decode()
    html = unescape(get_map(staff_client, query).content.decode())
    assert "/personal/ny/?kommun=2584&inlagd=nej&boende=ordinart&ta_sig=nej" in html
