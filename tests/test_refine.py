"""The map's "Berätta mer så blir kartan mer personlig": one question at a time, read from the map's
address alone, as a plain GET form to the map (and a "Hoppa över" link). Read as a browser reads the
page: the form parsed, submitted the way a browser serialises it (inputs in document order)."""

from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

import pytest

from pathways import flow

from .html import parse, text_of

pytestmark = pytest.mark.django_db

KIRUNA = "2584"
# A map reached by the four questions: only what decides the principal.
FOUR = f"kommun={KIRUNA}&inlagd=nej&boende=ordinart&ta_sig=nej&roll=patient"
RELATIVE = f"kommun={KIRUNA}&inlagd=nej&boende=ordinart&ta_sig=nej&roll=narstaende"


def map_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:1000]
    return parse(response)


def block(html):
    return html.find(id="beratta-mer")


def asked(html):
    """The name of the one question the block asks."""
    names = {i["name"] for i in block(html).select("fieldset input")}
    assert len(names) == 1, names
    return names.pop()


def submit(html, choose):
    """The URL a browser's GET of the block's form opens, with the options `choose` picks
    (a function of the option's label) checked."""
    form = block(html).form
    pairs = []
    for field in form.find_all("input"):
        if field["type"] == "hidden":
            pairs.append((field["name"], field["value"]))
        else:
            label = text_of(form.select_one(f'label[for="{field["id"]}"]'))
            if choose(label):
                pairs.append((field["name"], field["value"]))
    assert form["method"] == "get"
    return f"{form['action']}?{urlencode(pairs)}"


def answers_shown(html):
    details = html.select_one("details.your-answers")
    return {text_of(dt): text_of(dt.find_next("dd")) for dt in details.select("dt")}


def test_the_block_comes_after_the_answer_and_before_the_next_steps(client):
    html = map_page(client, f"/karta/?{FOUR}")
    order = [
        node.get("id") or node["class"][0]
        for node in html.select("section.result, #beratta-mer, section.next-steps")
    ]
    assert order == ["result", "beratta-mer", "next-steps"]
    assert text_of(block(html).h2) == "Berätta mer så blir kartan mer personlig"
    assert block(html).has_attr("open")


def test_no_age_in_the_address_is_asked_even_though_the_map_assumes_an_adult(client):
    html = map_page(client, f"/karta/?{FOUR}")
    assert asked(html) == "alder"
    assert text_of(block(html).legend) == "Hur gammal är du?"
    # The answers so far, hidden, in the contract's order around the new question; no default.
    form = block(html).form
    hidden = [(i["name"], i["value"]) for i in form.select('input[type="hidden"]')]
    assert hidden == parse_qsl(FOUR)
    names = [i["name"] for i in form.find_all("input")]
    assert names.index("ta_sig") < names.index("alder") < names.index("roll")


def test_dina_svar_shows_what_the_address_gives_not_the_defaults_still_asked(client):
    shown = answers_shown(map_page(client, f"/karta/?{FOUR}&plats=sjukhus"))
    assert shown == {
        "Kommun": "Kiruna (Region Norrbotten)",
        "Inlagd på sjukhus": "Nej",
        "Boende": "Ordinärt boende",
        "Tar sig till hälsocentralen": "Nej",
        "Var rehabiliteringen sker": "På en mottagning på sjukhuset",
        "Roll": "Patient",
    }  # no age, course or care level ("Vårdnivå"): not given, the map asks or derives them


def test_answering_gives_the_map_with_the_new_answer_and_the_next_question(client):
    html = map_page(client, f"/karta/?{FOUR}")
    url = submit(html, lambda label: label == "Under 18 år")
    assert parse_qsl(urlsplit(url).query) == [
        *parse_qsl(FOUR)[:4],
        ("alder", "barn"),
        ("roll", "patient"),
    ]
    refined = map_page(client, url)
    assert answers_shown(refined)["Ålder"] == "Under 18 år"
    assert asked(refined) == "orsak"
    # A child in Kiruna who cannot get to the health centre stays with the region.
    assert "Region Norrbotten har huvudansvaret" in text_of(refined.h1)


def test_one_question_at_a_time_in_order_until_none_is_left(client):
    url = f"/karta/?{FOUR}"
    seen = []
    for _question in flow.REFINEMENTS:
        html = map_page(client, url)
        seen.append(asked(html))
        url = submit(html, lambda label, first=[]: not first and not first.append(label))
    assert seen == ["alder", "orsak", "plats", "forlopp", "behov"]
    html = map_page(client, url)
    assert block(html) is None  # all answered: no block, the answers can still be changed
    links = {text_of(a): a["href"] for a in html.select("a")}
    change = links["Ändra dina svar"]
    assert change.startswith("/fragor/?")
    assert parse_qs(urlsplit(change).query)["orsak"] == ["stroke"]


def test_skipping_moves_to_the_next_question_and_is_kept_in_the_address(client):
    html = map_page(client, f"/karta/?{FOUR}")
    skip = block(html).find("a", string="Hoppa över")
    assert skip["href"] == f"/karta/?{FOUR}&hoppa=alder"
    assert skip["hx-get"] == skip["href"]
    html = map_page(client, skip["href"])
    assert asked(html) == "orsak"
    assert [i["value"] for i in block(html).select('input[name="hoppa"]')] == ["alder"]
    skip = block(html).find("a", string="Hoppa över")
    assert skip["href"] == f"/karta/?{FOUR}&hoppa=alder&hoppa=orsak"
    url = submit(map_page(client, skip["href"]), lambda label: label == "Hemma")
    assert parse_qs(urlsplit(url).query)["hoppa"] == ["alder", "orsak"]
    assert asked(map_page(client, url)) == "forlopp"


def test_needs_on_the_map_offer_no_none_of_these_skipping_says_that(client):
    query = f"{FOUR}&alder=vuxen&orsak=annat&plats=hemma&forlopp=vet_ej"
    html = map_page(client, f"/karta/?{query}")
    assert asked(html) == "behov"
    values = [i["value"] for i in block(html).select('input[name="behov"]')]
    assert "inget" not in values
    url = submit(html, lambda label: label in ("Hjälpmedel", "Resor till vården"))
    assert parse_qs(urlsplit(url).query)["behov"] == ["hjalpmedel", "resor"]
    assert block(map_page(client, url)) is None


def test_an_older_complete_address_shows_no_block(client):
    query = (
        f"kommun={KIRUNA}&inlagd=nej&boende=ordinart&ta_sig=nej&alder=vuxen&niva=2"
        "&forlopp=vet_ej&orsak=vet_ej&behov=resor&roll=patient"
    )
    html = map_page(client, f"/karta/?{query}")
    assert block(html) is None  # niva=2 says where: the place is not asked again
    assert not html.select('script[src*="htmx"]')  # nor htmx: nothing to swap


def test_the_block_speaks_to_a_relative_about_the_person_they_help(client):
    html = map_page(client, f"/karta/?{RELATIVE}")
    words = text_of(block(html))
    assert "personen du hjälper" in words
    assert text_of(block(html).legend) == "Hur gammal är personen du hjälper?"
    url = submit(html, lambda label: label == "20–84 år")
    refined = map_page(client, url)
    assert text_of(block(refined).legend) == "Varför behöver personen du hjälper rehabilitering?"


def test_the_care_level_words_stay_out_of_the_block(client):
    query = f"{FOUR}&alder=vuxen&orsak=fraktur"
    html = map_page(client, f"/karta/?{query}")
    assert asked(html) == "plats"
    assert "nivå" not in text_of(block(html)).lower()


def test_with_htmx_the_form_swaps_the_map_and_pushes_its_address(client):
    html = map_page(client, f"/karta/?{FOUR}")
    form = block(html).form
    assert form["hx-get"] == form["action"] == "/karta/"
    assert (form["hx-target"], form["hx-select"], form["hx-swap"]) == (
        "#karta",
        "#karta",
        "outerHTML",
    )
    assert form["hx-push-url"] == "true"
    assert html.select_one("article#karta") is not None
    assert html.select('script[src*="htmx"]')
    # The page htmx fetches is the same page: one per address, whoever asks.
    swapped = client.get(f"/karta/?{FOUR}", headers={"HX-Request": "true"})
    plain = client.get(f"/karta/?{FOUR}")
    assert str(parse(swapped).find(id="karta")) == str(parse(plain).find(id="karta"))


def test_the_share_link_and_the_questions_keep_what_is_still_unanswered(client):
    html = map_page(client, f"/karta/?{FOUR}&utm_source=x&hoppa=alder")
    share = html.select_one(".share-url a")["href"]
    assert share.endswith(f"/karta/?{FOUR}&hoppa=alder")  # no default written in, nothing unknown
    change = html.select_one(".your-answers a")["href"]
    assert change == f"/fragor/?{FOUR}"
