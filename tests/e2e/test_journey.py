"""The patient's journey in a real browser on a phone-sized screen, with and without JavaScript.

With JavaScript the questions are swapped in place by htmx (no full page load between them) and
the browser's history still works; without it, every answer is a plain form post and redirect.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from .steps import arrive

pytestmark = pytest.mark.e2e

KIRUNA = "2584"
SCREEN = 844  # the first screen of a 390 × 844 phone
# (step URL segment, what to choose on its page): the radios by their visible labels.
ANSWERS = [
    ("boende", ["Nej", "I eget hem (vanligt boende)"]),
    ("ta-sig", ["Nej, det går inte just nu"]),
]
# Kiruna, at home, cannot get to the health centre: the municipality rehabilitates at home.
PRINCIPAL = "Kiruna kommun"
MOST_PAGES = 4  # question pages from the start page to the map


def question(page: Page, number: int, total: int = 4):
    """The page's heading, and its "question n of 4" caption."""
    expect(page.locator("#flow .caption")).to_have_text(f"Fråga {number} av {total}")
    return page.get_by_role("heading", level=1)


def start(page: Page):
    """From the start page's button through the first question (who answers) to the second."""
    page.goto("/")
    expect(page).to_have_title(re.compile("Rehabkartan"))
    page.get_by_role("link", name="Börja", exact=True).click()
    arrive(page, r"/fragor/roll/$")
    expect(question(page, 1)).to_have_text("Svarar du för dig själv eller för någon du hjälper?")
    page.get_by_label("För mig själv", exact=True).check()
    page.get_by_role("button", name="Fortsätt").click()
    arrive(page, r"/fragor/kommun/$")
    expect(question(page, 2)).to_have_text("Vilken kommun bor du i?")


def answer_all(page: Page, before_each=None):
    """The municipality and the pages after it, to the map; the question pages answered."""
    page.get_by_label("Kommun", exact=True).select_option(KIRUNA)
    page.get_by_role("button", name="Fortsätt").click()
    for number, (slug, labels) in enumerate(ANSWERS, start=3):
        arrive(page, rf"/fragor/{slug}/$")
        question(page, number)
        if before_each:
            before_each(number)
        for label in labels:
            page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Fortsätt").click()
    return 2 + len(ANSWERS)


def see_map(page: Page):
    """The map, straight after the last question: the answer, a number to call, one question."""
    arrive(page, r"/karta/\?.*kommun=2584")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(
            rf"^{PRINCIPAL} har huvudansvaret för (din rehabilitering|rehabiliteringen av personen du hjälper)$"
        )
    )
    expect(page.locator(".result a[href^='tel:']")).to_be_visible()
    expect(page.locator(".map-meta")).to_contain_text("Kiruna, Region Norrbotten")
    assert "alder=" not in page.url  # only what was asked: the map asks the rest
    return page.locator("#beratta-mer")


def test_the_journey_with_javascript_swaps_questions_and_refines_the_map_in_place(page: Page):
    start(page)
    # Set on the first question: a full page load between questions would lose it.
    page.evaluate("window.rehabMarker = 'still here'")
    requests = []
    page.on("request", lambda r: requests.append(r) if r.resource_type == "document" else None)

    def still_the_same_document(number):
        assert page.evaluate("window.rehabMarker") == "still here", f"reloaded at question {number}"
        # The swapped-in question takes focus, so a screen reader reads it out.
        expect(page.locator("h1#question")).to_be_focused()
        if number == 3:
            # No answer: the error summary is swapped in, takes focus and names the page.
            page.get_by_role("button", name="Fortsätt").click()
            expect(page.get_by_role("alert")).to_be_focused()
            expect(page).to_have_title("Fel: Var är du nu, och hur bor du? – Rehabkartan")
            expect(page.get_by_role("alert").get_by_role("link")).to_have_count(2)
            page.get_by_role("link", name="Välj om du är inlagd på sjukhus nu").click()
            expect(page.get_by_label("Ja, och jag ska snart hem")).to_be_focused()

    pages = answer_all(page, before_each=still_the_same_document)
    assert pages <= MOST_PAGES
    block = see_map(page)
    # The map is a whole page (not swapped into the questions), and the only one loaded.
    assert [r.url.split("?")[0] for r in requests] == [f"{page.url.split('/karta/')[0]}/karta/"]

    # On the map, one question at a time, swapped in place with the address pushed.
    page.evaluate("window.rehabMarker = 'the first map'")
    expect(block.get_by_role("group", name="Hur gammal är du?")).to_be_visible()
    block.get_by_label("Under 18 år", exact=True).check()
    block.get_by_role("button", name="Visa kartan").click()
    arrive(
        page, r"/karta/\?kommun=2584&inlagd=nej&boende=ordinart&ta_sig=nej&alder=barn&roll=patient$"
    )
    expect(block.get_by_role("group", name="Varför behöver du rehabilitering?")).to_be_visible()
    assert page.evaluate("window.rehabMarker") == "the first map"  # swapped, not reloaded
    expect(page.locator("#svar-h")).to_be_focused()  # the new map's answer is read out
    # A child in Kiruna stays with the region even when they cannot get to the health centre.
    expect(page.locator("main h1")).to_have_text(
        "Region Norrbotten har huvudansvaret för din rehabilitering"
    )
    expect(page.locator(".your-answers")).to_contain_text("Under 18 år")
    expect(page).to_have_title(re.compile("Din rehabiliteringskarta – Kiruna"))
    # The language switch goes to the refined map, not the first one.
    expect(page.locator("#language-next")).to_have_value(re.compile("alder=barn"))

    block.get_by_role("link", name="Hoppa över").click()
    arrive(page, r"&roll=patient&hoppa=orsak$")
    expect(
        block.get_by_role("group", name=re.compile("^Var får du rehabilitering"))
    ).to_be_visible()
    assert page.evaluate("window.rehabMarker") == "the first map"

    # Back: the map before the skip, as it was; a reload: the same map, rendered whole.
    page.go_back()
    arrive(page, r"&alder=barn&roll=patient$")
    expect(block.get_by_role("group", name="Varför behöver du rehabilitering?")).to_be_visible()
    page.reload()
    expect(block.get_by_role("group", name="Varför behöver du rehabilitering?")).to_be_visible()
    assert page.evaluate("window.rehabMarker") is None  # it really was a new document


def test_the_journey_without_javascript_is_plain_form_posts_and_a_plain_get(nojs_page: Page):
    page = nojs_page
    start(page)
    # An empty answer: the error summary on top, its message linking to the field.
    page.get_by_role("button", name="Fortsätt").click()
    expect(page).to_have_title("Fel: Vilken kommun bor du i? – Rehabkartan")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Det finns ett problem")
    link = summary.get_by_role("link", name="Välj den kommun du bor i")
    expect(link).to_have_attribute("href", "#id_kommun")
    expect(page.locator("#kommun-error")).to_contain_text("Välj den kommun du bor i")
    link.click()
    expect(page.get_by_label("Kommun", exact=True)).to_be_focused()

    assert answer_all(page) <= MOST_PAGES
    block = see_map(page)
    # The map's question is a plain GET form to the map: the answer lands in its address.
    block.get_by_label("20–84 år", exact=True).check()
    block.get_by_role("button", name="Visa kartan").click()
    arrive(
        page,
        r"/karta/\?kommun=2584&inlagd=nej&boende=ordinart&ta_sig=nej&alder=vuxen&roll=patient$",
    )
    expect(block.get_by_role("group", name="Varför behöver du rehabilitering?")).to_be_visible()
    block.get_by_label("Stroke (slaganfall)", exact=True).check()
    block.get_by_role("button", name="Visa kartan").click()
    arrive(page, r"&alder=vuxen&orsak=stroke&roll=patient$")
    block.get_by_role("link", name="Hoppa över").click()
    arrive(page, r"&roll=patient&hoppa=plats$")
    expect(block.get_by_role("group", name="Vad gäller din rehabilitering?")).to_be_visible()

    # Changing an earlier answer: the page of answers, seeded from the map's address.
    page.locator(".your-answers summary").click()
    page.locator(".your-answers").get_by_role("link", name="Ändra dina svar").click()
    arrive(page, r"/fragor/kontrollera/$")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dina svar")
    summary = page.locator(".summary-list")
    expect(summary).to_contain_text("Stroke (slaganfall)")
    page.get_by_role("link", name="Ändra boende").click()
    arrive(page, r"/fragor/boende/\?andra=1$")
    page.get_by_label("I särskilt boende, till exempel ett äldreboende", exact=True).check()
    page.get_by_role("button", name="Fortsätt").click()
    arrive(page, r"/fragor/kontrollera/$")
    page.get_by_role("link", name="Visa min karta").click()
    arrive(
        page,
        r"/karta/\?kommun=2584&inlagd=nej&boende=sarskilt&alder=vuxen&orsak=stroke&roll=patient$",
    )
    expect(page.locator("main h1")).to_have_text(
        "Kiruna kommun har huvudansvaret för din rehabilitering"
    )


def test_typing_filters_the_municipalities_and_picks_the_only_match(page: Page):
    start(page)
    search = page.get_by_label("Sök bland kommunerna")
    search.fill("lule")
    select = page.get_by_label("Kommun", exact=True)
    expect(select.locator("option")).to_have_text(["Välj kommun", "Luleå"])
    expect(select).to_have_value("2580")
    expect(page.get_by_role("status")).to_have_text("Kommuner som passar: 1")
    page.get_by_role("button", name="Fortsätt").click()
    expect(question(page, 3)).to_have_text("Var är du nu, och hur bor du?")
    # Back to the first question (swapped in by htmx): one search box, the whole list again.
    page.get_by_role("link", name="Tillbaka").click()
    expect(question(page, 2)).to_have_text("Vilken kommun bor du i?")
    expect(page.get_by_label("Sök bland kommunerna")).to_have_count(1)
    expect(page.get_by_label("Kommun", exact=True)).to_have_value("2580")
    expect(page.get_by_label("Kommun", exact=True).locator("option")).to_have_count(30)


def test_the_start_buttons_are_on_the_first_phone_screen(page: Page):
    page.goto("/")
    for name in ("Börja", "Börja som närstående"):
        box = page.get_by_role("link", name=name, exact=True).bounding_box()
        assert box["y"] + box["height"] <= SCREEN, f"{name!r} ends at {box['y'] + box['height']} px"


def test_a_relative_is_not_asked_the_role_and_the_map_is_theirs(nojs_page: Page):
    page = nojs_page
    page.goto("/")
    page.get_by_role("link", name="Börja som närstående").click()
    arrive(page, r"/fragor/kommun/$")
    expect(question(page, 2)).to_have_text("Vilken kommun bor personen du hjälper i?")
    page.get_by_label("Kommun", exact=True).select_option(KIRUNA)
    page.get_by_role("button", name="Fortsätt").click()
    expect(question(page, 3)).to_have_text("Var är personen du hjälper nu, och hur bor hen?")
    pages = 1
    for slug, labels in ANSWERS:
        arrive(page, rf"/fragor/{slug}/$")  # never /fragor/roll/
        pages += 1
        for label in labels:
            page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Fortsätt").click()
    assert pages == 3  # the start page's button answered the role
    block = see_map(page)
    arrive(page, r"roll=narstaende")
    expect(block).to_contain_text("personen du hjälper")
    expect(block.get_by_role("group", name="Hur gammal är personen du hjälper?")).to_be_visible()


def test_the_questions_can_be_answered_with_the_keyboard_alone(page: Page):
    """Tab to a question, arrows or Space to pick, Tab to "Fortsätt" and Enter: to the map."""

    def tab_until(script, what):
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate(f"(e => {script})(document.activeElement)"):
                return
        raise AssertionError(f"no tab stop: {what}")

    def label_of_focused():
        return page.evaluate("document.activeElement.labels?.[0]?.textContent.trim()")

    def choose(label, first=True):
        # The address changes at once; htmx swaps the question in after it. Wait for the answer
        # to be there, or the tabbing starts in the previous question.
        expect(page.get_by_label(label, exact=True)).to_be_visible()
        if first:
            page.locator("body").focus()
        tab_until("e.matches('.choice-input')", "a choice")
        kind = page.evaluate("document.activeElement.type")
        for _ in range(10):  # radios: one tab stop, arrows move; checkboxes: a tab stop each
            if label_of_focused() == label:
                break
            page.keyboard.press("ArrowDown" if kind == "radio" else "Tab")
        page.keyboard.press("Space")

    def send():
        tab_until("e.textContent.trim() === 'Fortsätt'", "the Fortsätt button")
        page.keyboard.press("Enter")

    page.goto("/")
    tab_until("e.textContent.trim() === 'Börja'", "the start button")
    page.keyboard.press("Enter")
    arrive(page, r"/fragor/roll/$")
    choose("För mig själv")
    send()
    arrive(page, r"/fragor/kommun/$")
    tab_until("e.type === 'search'", "the municipality search")
    page.keyboard.type("kiruna")  # the only match is chosen in the select
    send()
    for slug, labels in ANSWERS:
        arrive(page, rf"/fragor/{slug}/$")
        for number, label in enumerate(labels):
            choose(label, first=number == 0)  # the page's next question is the next tab stop
        send()
    see_map(page)
