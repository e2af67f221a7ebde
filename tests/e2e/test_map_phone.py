"""The map on a 390×844 phone in Swedish (tests/e2e/conftest.py): the answer on the first screen.

For situations in both regions, each read in one page load: the main responsible principal's name
and a tap-to-call link (or, for the staff around the person, whom to ask) lie within the first
screen under the header; no organisation's card appears
twice; a relative's map never says "din rehabilitering"; with every <details> folded the page is at
most six screens (and the folded line of "Berätta mer", the map's one question, where it asks one, and the one line of "Lättläst" and "Lyssna"). axe checks the map with every section open, for patients and a relative.
"""

import io

import pypdfium2
import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

SCREEN = 844
MOST_SCREENS = 6
MOST_REFINE_PX = 80  # the folded "Berätta mer" block and its margin
MOST_TOOLS_PX = 52  # the "Lättläst" and "Lyssna" line and its margin: one line
SITUATIONS = {
    "at home, Kiruna": "kommun=2584&ta_sig=nej&behov=hjalpmedel&behov=resor",
    "at home, Falun": "kommun=2080&behov=lakemedel&behov=arbete",
    "special housing, Luleå": "kommun=2580&boende=sarskilt&behov=hjalpmedel",
    "special housing, Mora": "kommun=2062&boende=sarskilt",
    "in hospital, Kiruna": "kommun=2584&inlagd=ja&ta_sig=nej&behov=resor",
    "in hospital, Falun": "kommun=2080&inlagd=ja&niva=2",
    "a relative, Falun": "kommun=2080&roll=narstaende&behov=narstaende",
    "a relative, Gällivare, in hospital": "kommun=2523&inlagd=ja&ta_sig=nej&roll=narstaende",
    "a child, Jokkmokk": "kommun=2510&alder=barn&ta_sig=nej",
    "a child, Falun": "kommun=2080&alder=barn&behov=hjalpmedel",
}


@pytest.fixture
def page(reader):
    # Every test here but the one without JavaScript only opens maps and looks.
    return reader


def open_map(page: Page, query):
    response = page.goto(f"/karta/?{query}")
    assert response.status == 200
    return page.request.get(f"/api/karta/?{query}").json()


def fold_everything(page: Page):
    page.evaluate("document.querySelectorAll('details[open]').forEach(d => { d.open = false; })")


def bottom(page: Page, locator):
    """How far below the header the element ends, in CSS pixels of the whole page."""
    header = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().bottom")
    box = locator.bounding_box()
    return box["y"] + box["height"] - header


@pytest.mark.parametrize("situation", SITUATIONS)
def test_the_first_screen_answers_and_the_folded_map_is_short(page: Page, situation):
    # One page load per situation, read as the person reads it: the first screen, the contacts,
    # then the whole page with everything folded.
    body = open_map(page, SITUATIONS[situation])
    principal = body["main_responsible"]["name"]
    heading = page.locator("main h1")
    assert principal in heading.inner_text()
    assert bottom(page, heading) <= SCREEN
    first = body["first_contact"]
    if first["via"] == "personal":
        # The ward's or the home's staff are asked in person: who to ask is on the first screen,
        # and no number is offered for them (issue 19).
        ask = page.locator("main .result .contact-ask").first
        assert bottom(page, ask) <= SCREEN, f"{situation}: whom to ask ends below the first screen"
    else:
        call = page.locator("main .result a[href^='tel:']").first
        assert call.get_attribute("href") == first["tel"]
        assert bottom(page, call) <= SCREEN, (
            f"{situation}: the call link ends below the first screen"
        )

    cards = page.locator("main .unit .unit-name").all_inner_texts()
    names = [
        text.split(",")[0] if text.count(",") else text
        for text in page.locator("#kontakter .names > li").all_inner_texts()
    ]
    assert len(cards) == len(set(cards)), f"{situation}: an organisation twice: {cards}"
    assert len(names) == len(set(names)), f"{situation}: an organisation twice: {names}"

    if "roll=narstaende" in SITUATIONS[situation]:
        # textContent: the folded texts too, not only what is shown.
        assert "din rehabilitering" not in page.evaluate("document.body.textContent").lower()
        assert "personen du hjälper" in heading.inner_text()
        assert "Stöd till dig som är närstående" in page.locator(".next-steps").inner_text()

    fold_everything(page)
    height = page.evaluate("document.documentElement.scrollHeight")
    # A map that still has a question to ask ("Berätta mer") may take that block's folded line
    # more: two lines at most, whatever it asks.
    refine = page.locator("#beratta-mer")
    allowance = refine.bounding_box()["height"] + 12 if refine.count() else 0
    assert allowance <= MOST_REFINE_PX, f"{situation}: the folded question takes {allowance} px"
    # The one line of "Lättläst" and "Lyssna" above the answer (issue 21) may take its height.
    tools = page.locator(".map-tools").bounding_box()["height"] + 8
    assert tools <= MOST_TOOLS_PX, f"{situation}: the Lättläst line takes {tools} px"
    allowance += tools
    assert height <= MOST_SCREENS * SCREEN + allowance, f"{situation}: {height} px when folded"


def test_without_javascript_the_folded_sections_open_and_the_call_link_works(nojs_page: Page):
    nojs_page.goto(f"/karta/?{SITUATIONS['at home, Kiruna']}")
    more = nojs_page.locator("#om details.more").first
    more.locator("summary").click()
    assert more.get_attribute("open") is not None
    assert nojs_page.locator(".result a[href='tel:1177']").is_visible()


@pytest.mark.parametrize(
    "situation", ["in hospital, Kiruna", "special housing, Mora", "a relative, Falun"]
)
def test_axe_finds_no_violations_on_the_map_with_every_section_open(
    page: Page, assert_accessible, situation
):
    # Opened, the map shows axe everything it shows folded (the summaries) and what folding hides.
    open_map(page, SITUATIONS[situation])
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert_accessible(page, f"{situation}, every <details> open")


def test_the_browsers_print_is_the_papers_layout(page: Page):
    """Printed from the browser (print CSS), the map keeps the PDF's shape: the answer first,
    folded material one line, no site header, a few A4 pages."""
    open_map(page, SITUATIONS["in hospital, Kiruna"])
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".map-actions").is_visible()
    document = pypdfium2.PdfDocument(io.BytesIO(page.pdf(format="A4")))
    assert len(document) <= 2
    first = document[0].get_textpage().get_text_range()
    assert first.index("har huvudansvaret") < first.index("Nästa steg")
