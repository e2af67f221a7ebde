"""The easy-to-read map on a 390×844 phone (issue 21): at most two screens, the number to call on
the first, "Lyssna" reads the text with the browser's own speech synthesis (a stub records what
it is asked to say: speechSynthesis is the browser's, not ours), axe finds nothing, and the page
is whole without JavaScript."""

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

SCREEN = 844
WITH_A_NUMBER = {
    "at home, Kiruna": "kommun=2584",
    # The longest page: the home care through the municipality's switchboard.
    "cannot get to the health centre, Leksand": "kommun=2029&ta_sig=nej",
    "a child, Falun": "kommun=2080&alder=barn",
    "a relative, Mora": "kommun=2062&roll=narstaende",
}
IN_PERSON = {
    "in hospital, Luleå": "kommun=2580&inlagd=ja",
    "special housing, Mora": "kommun=2062&boende=sarskilt",
}
# What speechSynthesis.speak is asked to say, kept in the page instead of spoken.
RECORD_SPEECH = """
window.spoken = [];
if (window.speechSynthesis) {
  window.speechSynthesis.speak = (utterance) => {
    window.spoken.push({text: utterance.text, lang: utterance.lang});
  };
}
"""


def document_height(page: Page):
    return page.evaluate("document.documentElement.scrollHeight")


@pytest.mark.parametrize("situation", WITH_A_NUMBER)
def test_two_screens_and_the_number_on_the_first(reader: Page, situation):
    assert reader.goto(f"/karta/lattlast/?{WITH_A_NUMBER[situation]}").status == 200
    height = document_height(reader)
    print(f"{situation}: {height} px")
    assert height <= 2 * SCREEN, f"{situation}: {height} px"
    call = reader.locator("main a[href^='tel:']").first
    box = call.bounding_box()
    assert box["y"] + box["height"] <= SCREEN


@pytest.mark.parametrize("situation", IN_PERSON)
def test_two_screens_when_the_staff_are_asked_in_person(reader: Page, situation):
    assert reader.goto(f"/karta/lattlast/?{IN_PERSON[situation]}").status == 200
    height = document_height(reader)
    print(f"{situation}: {height} px")
    assert height <= 2 * SCREEN
    ask = reader.locator("main .contact-ask").bounding_box()
    assert ask["y"] + ask["height"] <= SCREEN


def test_lyssna_reads_the_easy_text_in_swedish_and_stops(page: Page):
    page.add_init_script(RECORD_SPEECH)
    page.goto("/karta/lattlast/?kommun=2584&ta_sig=nej")
    start = page.get_by_role("button", name="Lyssna")
    start.focus()
    page.keyboard.press("Enter")  # the keyboard works it, as the mouse does
    spoken = page.evaluate("window.spoken")
    assert len(spoken) == 1
    assert spoken[0]["lang"] == "sv-SE"
    assert "Kiruna kommun har ansvaret." in spoken[0]["text"]
    assert "Hjälpen kommer från kommunens hemsjukvård." in spoken[0]["text"]
    stop = page.get_by_role("button", name="Sluta läsa")
    assert stop.is_visible() and not start.is_visible()
    assert page.evaluate("document.activeElement.textContent") == "Sluta läsa"
    page.keyboard.press("Enter")
    assert start.is_visible() and not stop.is_visible()


def test_lyssna_on_the_map_reads_its_answer(page: Page):
    page.add_init_script(RECORD_SPEECH)
    page.goto("/karta/?kommun=2080")
    page.get_by_role("button", name="Lyssna").click()
    text = page.evaluate("window.spoken")[0]["text"]
    assert "Region Dalarna har huvudansvaret för din rehabilitering" in text
    assert "Nästa steg" in text
    assert "Spara, skriv ut eller dela kartan" not in text  # the answer, not the whole page


def test_without_speech_synthesis_there_is_no_lyssna(page: Page):
    page.add_init_script("delete window.speechSynthesis; delete Window.prototype.speechSynthesis")
    page.goto("/karta/lattlast/?kommun=2584")
    assert page.locator(".listen").is_hidden()


def test_without_javascript_the_page_is_whole(nojs_page: Page):
    nojs_page.goto("/karta/lattlast/?kommun=2584")
    assert nojs_page.locator("html").get_attribute("lang") == "sv"
    assert nojs_page.locator("main a[href^='tel:']").count() == 1
    assert nojs_page.locator(".listen").is_hidden()


@pytest.mark.parametrize(
    "query", ["kommun=2029&ta_sig=nej", "kommun=2580&inlagd=ja&roll=narstaende"]
)
def test_axe_finds_no_violations(reader: Page, assert_accessible, query):
    reader.goto(f"/karta/lattlast/?{query}")
    assert_accessible(reader)
