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
# (step URL segment, what to choose): the radio or checkbox by its visible label.
ANSWERS = [
    ("sjukhus", "Nej"),
    ("boende", "I eget hem (vanligt boende)"),
    ("ta-sig", "Nej, det går inte just nu"),
    ("alder", "20–84 år"),
    ("plats", "Hemma"),
    ("forlopp", "En plötslig skada eller sjukdom, till exempel stroke eller en fraktur"),
    ("behov", "Hjälpmedel"),
]
# Kiruna, at home, cannot get to the health centre: the municipality rehabilitates at home.
PRINCIPAL = "Kiruna kommun"


def question(page: Page, number: int, total: int = 9):
    """The question's heading, and its "question n of 9" caption."""
    expect(page.locator("legend .caption")).to_have_text(f"Fråga {number} av {total}")
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
    page.get_by_label("Kommun", exact=True).select_option(KIRUNA)
    page.get_by_role("button", name="Fortsätt").click()
    for number, (slug, label) in enumerate(ANSWERS, start=3):
        arrive(page, rf"/fragor/{slug}/$")
        question(page, number)
        if before_each:
            before_each(number)
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Fortsätt").click()
    arrive(page, r"/fragor/kontrollera/$")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollera dina svar")
    summary = page.locator(".summary-list")
    expect(summary).to_contain_text("Kiruna")
    expect(summary).to_contain_text("Hjälpmedel")
    expect(summary).to_contain_text("För mig själv")


def see_map(page: Page, link="Visa min karta"):
    page.get_by_role("link", name=link).click()
    arrive(page, r"/karta/\?.*kommun=2584")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(
            rf"^{PRINCIPAL} har huvudansvaret för (din rehabilitering|rehabiliteringen av personen du hjälper)$"
        )
    )
    expect(page.locator(".result a[href^='tel:']")).to_be_visible()
    expect(page.locator(".map-meta")).to_contain_text("Kiruna, Region Norrbotten")


def test_the_journey_with_javascript_swaps_questions_in_place(page: Page):
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
            expect(page).to_have_title("Fel: Är du inlagd på sjukhus nu? – Rehabkartan")
            page.get_by_role("link", name="Välj om du är inlagd på sjukhus nu").click()
            expect(page.get_by_label("Ja, och jag ska snart hem")).to_be_focused()

    answer_all(page, before_each=still_the_same_document)
    expect(page).to_have_title("Kontrollera dina svar – Rehabkartan")
    assert page.evaluate("window.rehabMarker") == "still here"
    assert requests == [], [r.url for r in requests]  # every step came by htmx, none as a page

    # The browser's back button returns to the last question, with its answer kept.
    page.go_back()
    arrive(page, r"/fragor/behov/$")
    expect(question(page, 9)).to_have_text("Vad behöver du hjälp med?")
    expect(page.get_by_label("Hjälpmedel", exact=True)).to_be_checked()
    page.go_back()
    arrive(page, r"/fragor/forlopp/$")
    expect(question(page, 8)).to_have_text("Vad gäller din rehabilitering?")
    # Reload: the full page of the same question, rendered by the server.
    page.reload()
    arrive(page, r"/fragor/forlopp/$")
    expect(question(page, 8)).to_have_text("Vad gäller din rehabilitering?")
    expect(page.get_by_label(ANSWERS[-2][1], exact=True)).to_be_checked()
    assert page.evaluate("window.rehabMarker") is None  # it really was a new document
    page.go_forward()
    arrive(page, r"/fragor/behov/$")
    # The address changes at once; htmx swaps the question in after it. Wait for the question,
    # or the click below lands on the previous one's button.
    expect(question(page, 9)).to_have_text("Vad behöver du hjälp med?")
    page.get_by_role("button", name="Fortsätt").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollera dina svar")
    see_map(page)
    page.reload()
    expect(page.locator("main h1")).to_contain_text(PRINCIPAL)


def test_the_journey_without_javascript_is_plain_form_posts(nojs_page: Page):
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

    answer_all(page)
    # Back link, not the browser: a plain link to the previous question.
    page.goto("/fragor/behov/")
    page.get_by_role("link", name="Tillbaka").click()
    arrive(page, r"/fragor/forlopp/$")
    expect(page.get_by_label(ANSWERS[-2][1], exact=True)).to_be_checked()
    page.goto("/fragor/kontrollera/")
    see_map(page)


def test_typing_filters_the_municipalities_and_picks_the_only_match(page: Page):
    start(page)
    search = page.get_by_label("Sök bland kommunerna")
    search.fill("lule")
    select = page.get_by_label("Kommun", exact=True)
    expect(select.locator("option")).to_have_text(["Välj kommun", "Luleå"])
    expect(select).to_have_value("2580")
    expect(page.get_by_role("status")).to_have_text("Kommuner som passar: 1")
    page.get_by_role("button", name="Fortsätt").click()
    expect(question(page, 3)).to_have_text("Är du inlagd på sjukhus nu?")
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
    expect(question(page, 3)).to_have_text("Är personen du hjälper inlagd på sjukhus nu?")
    for slug, label in ANSWERS:
        arrive(page, rf"/fragor/{slug}/$")  # never /fragor/roll/
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Fortsätt").click()
    expect(page.locator(".summary-list")).to_contain_text("För någon jag hjälper, som närstående")
    see_map(page, link="Visa kartan")
    arrive(page, r"roll=narstaende")


def test_the_questions_can_be_answered_with_the_keyboard_alone(page: Page):
    """Tab to a question, arrows or Space to pick, Tab to "Fortsätt" and Enter: to the check page."""

    def tab_until(script, what):
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate(f"(e => {script})(document.activeElement)"):
                return
        raise AssertionError(f"no tab stop: {what}")

    def label_of_focused():
        return page.evaluate("document.activeElement.labels?.[0]?.textContent.trim()")

    def choose(label):
        # The address changes at once; htmx swaps the question in after it. Wait for the answer
        # to be there, or the tabbing starts in the previous question.
        expect(page.get_by_label(label, exact=True)).to_be_visible()
        page.locator("body").focus()
        tab_until("e.matches('.choice-input')", "a choice")
        kind = page.evaluate("document.activeElement.type")
        for _ in range(10):  # radios: one tab stop, arrows move; checkboxes: a tab stop each
            if label_of_focused() == label:
                break
            page.keyboard.press("ArrowDown" if kind == "radio" else "Tab")
        page.keyboard.press("Space")
        send()

    def send():
        tab_until("e.textContent.trim() === 'Fortsätt'", "the Fortsätt button")
        page.keyboard.press("Enter")

    page.goto("/")
    tab_until("e.textContent.trim() === 'Börja'", "the start button")
    page.keyboard.press("Enter")
    arrive(page, r"/fragor/roll/$")
    choose("För mig själv")
    arrive(page, r"/fragor/kommun/$")
    tab_until("e.type === 'search'", "the municipality search")
    page.keyboard.type("kiruna")  # the only match is chosen in the select
    send()
    for slug, label in ANSWERS:
        arrive(page, rf"/fragor/{slug}/$")
        choose(label)
    arrive(page, r"/fragor/kontrollera/$")
    expect(page.locator(".summary-list")).to_contain_text("Kiruna")
    expect(page.locator(".summary-list")).to_contain_text("Hemma")
