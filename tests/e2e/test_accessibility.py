"""WCAG 2.1 AA in a real browser: axe-core on every kind of page, reflow at 320 px, the keyboard.

axe runs with the WCAG 2.1 A and AA rule tags only; a failure lists each rule and element.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from ..staff_fixtures import totp_code
from .steps import arrive

pytestmark = pytest.mark.e2e

KIRUNA = "2584"
MAP = f"/karta/?kommun={KIRUNA}&ta_sig=nej&inlagd=ja&behov=hjalpmedel"
ALL_ANSWERS = (
    f"kommun={KIRUNA}&inlagd=ja&boende=ordinart&ta_sig=nej&alder=vuxen&plats=sjukhus"
    "&forlopp=plotslig&behov=hjalpmedel&behov=resor&roll=narstaende"
)
FIRST_SELECT = "/fragor/?roll=patient"  # the role answered: on to the municipality, a select
# Pages reached by their address alone. The map has its own: test_map_phone.py runs axe on it,
# every section open, for patients and a relative; test_axe_on_the_english_map below in English.
PAGES = {
    "start": "/",
    "first question (who answers)": "/fragor/roll/",
    "a question with a select": FIRST_SELECT,
    "the answers, after the map": f"/fragor/kontrollera/?{ALL_ANSWERS}",
    "400 page": "/karta/?kommun=9999&alder=gammal",
    "accessibility statement": "/tillganglighet/",
    "staff sign-in": "/accounts/login/",
    "responsibility overview": f"/ansvar/{KIRUNA}/",
}


def open_all_details(page: Page):
    # Folded content ("Varför?", the rules) is hidden from axe until opened.
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violations(reader: Page, assert_accessible, name):
    response = reader.goto(PAGES[name])
    expected = 400 if name == "400 page" else 200
    assert response.status == expected, f"{name}: {response.status}"
    # Opened, the page shows axe everything it shows folded (the summaries) and what folding hides.
    open_all_details(reader)
    assert_accessible(reader, name)


def test_axe_reports_what_it_finds(reader: Page, assert_accessible):
    """The zero-violation tests mean something: a planted image without alt text is caught."""
    reader.goto("/")
    reader.evaluate(
        """() => { const img = document.createElement('img'); img.src = 'data:,';
                   document.getElementById('main').prepend(img); }"""
    )
    with pytest.raises(AssertionError) as failure:
        assert_accessible(reader, "the start page with a planted fault")
    report = str(failure.value)
    assert "1 accessibility rule(s) fail on the start page with a planted fault" in report
    assert "[critical] image-alt: Images must have alternative text" in report
    assert '<img src="data:,">' in report


def test_axe_on_a_question_and_its_errors(page: Page, assert_accessible):
    page.goto(FIRST_SELECT)
    page.get_by_label("Kommun", exact=True).select_option(KIRUNA)
    page.get_by_role("button", name="Fortsätt").click()
    arrive(page, r"/fragor/boende/$")
    assert_accessible(page, "two radio questions on one page, swapped in by htmx")

    # An empty answer, swapped in by htmx …
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("alert")).to_contain_text("Det finns ett problem")
    assert_accessible(page, "a radio question with an error, swapped in by htmx")

    # … and the same as a whole page (form.submit() bypasses htmx: a plain post).
    with page.expect_navigation():
        page.locator("form[method=post]").last.evaluate("f => f.submit()")
    expect(page).to_have_title(re.compile(r"^Fel: "))
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page, "a radio question with an error, whole page")


def test_axe_on_the_maps_refinement_after_a_swap(page: Page, assert_accessible):
    page.goto(f"/karta/?kommun={KIRUNA}&inlagd=nej&boende=ordinart&ta_sig=nej&roll=narstaende")
    block = page.locator("#beratta-mer")
    expect(block.get_by_role("group", name="Hur gammal är personen du hjälper?")).to_be_visible()
    assert_accessible(page, "the map's one question (age)")
    block.get_by_role("link", name="Hoppa över").click()  # swapped in by htmx
    expect(block.get_by_role("group")).to_have_accessible_name(
        "Varför behöver personen du hjälper rehabilitering?"
    )
    assert_accessible(page, "the map's next question (what happened), swapped in")


def test_axe_on_the_english_map(page: Page, assert_accessible):
    page.goto(MAP)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    open_all_details(page)
    assert_accessible(page, "the map in English")


# --- Reflow: 200 % zoom on a 640 px screen is a 320 px wide page (WCAG 1.4.10), and the same
# with the text twice its size (1.4.4, as a browser's text-size setting does it: the root's size)


@pytest.mark.parametrize(
    "path",
    [FIRST_SELECT, "/fragor/boende/", MAP, "/", f"/ansvar/{KIRUNA}/", "/tillganglighet/"],
)
def test_no_horizontal_scrolling_at_320_px(reader: Page, path):
    reader.set_viewport_size({"width": 320, "height": 640})
    if path == "/fragor/boende/":
        reader.goto(FIRST_SELECT)
        reader.get_by_label("Kommun", exact=True).select_option(KIRUNA)
        reader.get_by_role("button", name="Fortsätt").click()
        arrive(reader, r"/fragor/boende/$")
        reader.get_by_role("button", name="Fortsätt").click()  # with its error message, too
        expect(reader.get_by_role("alert")).to_be_visible()
    else:
        reader.goto(path)
    open_all_details(reader)
    for text_size in ("100%", "200%"):
        reader.evaluate("size => { document.documentElement.style.fontSize = size; }", text_size)
        widths = reader.evaluate(
            "({scroll: document.documentElement.scrollWidth,"
            "  client: document.documentElement.clientWidth})"
        )
        wider = reader.evaluate(
            """() => [...document.querySelectorAll('body *')]
                  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                  .slice(0, 5).map(e => e.outerHTML.slice(0, 120))"""
        )
        assert widths["scroll"] <= widths["client"], (
            f"{path} at {text_size} text scrolls sideways: {widths}; {wider}"
        )


# --- Dark mode: the same pages in the dark scheme, axe's contrast rules included --------------


@pytest.fixture(scope="module")
def dark_page(browser, browser_context_args):
    from .conftest import TIMEOUT_MS

    context = browser.new_context(**browser_context_args, color_scheme="dark")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


@pytest.mark.parametrize("path", ["/", FIRST_SELECT, MAP, f"/ansvar/{KIRUNA}/"])
def test_axe_finds_no_violations_in_the_dark_scheme(dark_page: Page, assert_accessible, path):
    dark_page.goto(path)
    # The dark scheme is on (not the light page passing again): the page's background is dark.
    background = dark_page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(18, 20, 22)", background
    open_all_details(dark_page)
    assert_accessible(dark_page, f"{path} in the dark scheme")


# --- Keyboard --------------------------------------------------------------------------------


def focused(page: Page):
    return page.evaluate(
        """() => { const e = document.activeElement, s = getComputedStyle(e);
                   const r = e.getBoundingClientRect();
                   return {tag: e.tagName, id: e.id, cls: e.className, text: e.textContent.trim(),
                           outline: s.outlineStyle, outlineWidth: s.outlineWidth,
                           left: r.left, top: r.top, width: r.width}; }"""
    )


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(reader: Page):
    reader.goto("/")
    reader.keyboard.press("Tab")
    first = focused(reader)
    assert first["cls"] == "skip-link", first
    assert first["text"] == "Hoppa till innehållet"
    assert first["outline"] != "none", first
    assert first["left"] >= 0 and first["width"] > 0, f"the skip link is off screen: {first}"
    reader.keyboard.press("Enter")
    assert focused(reader)["id"] == "main"
    arrive(reader, "#main$")
    # The next tab stop is inside main, not back in the header.
    reader.keyboard.press("Tab")
    inside = reader.evaluate("document.getElementById('main').contains(document.activeElement)")
    assert inside, focused(reader)


@pytest.mark.parametrize("path", ["/", FIRST_SELECT, MAP])
def test_focus_is_visible_on_every_link_and_button(reader: Page, path):
    reader.goto(path)
    seen, visible_failures = 0, []
    for _ in range(60):
        reader.keyboard.press("Tab")
        state = focused(reader)
        if state["tag"] == "BODY":
            break
        seen += 1
        if state["tag"] in ("A", "BUTTON", "SUMMARY", "SELECT", "INPUT") and (
            state["outline"] == "none" or state["outlineWidth"] == "0px"
        ):
            visible_failures.append(state)
    assert seen >= 3, f"{path}: only {seen} tab stops"
    assert not visible_failures, f"{path}: focus not visible on {visible_failures}"


# --- The staff pages (allauth's, drawn by templates/allauth/elements/) -------------------------

STAFF_PASSWORD = "korrekt-häst-batteri-häftklammer"


@pytest.fixture(scope="session")
def staff_accounts(django_db_setup, django_db_blocker):
    """Two staff accounts, committed before any test's transaction so the live server sees them on
    PostgreSQL too: one new (sets up TOTP), one with TOTP already (its secret returned)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock():
        users = get_user_model().objects
        users.create_user("e2e-ny", "e2e-ny@example.se", STAFF_PASSWORD, is_staff=True)
        secret = generate_totp_secret()
        TOTP.activate(users.create_user("e2e-mfa", "e2e-mfa@example.se", STAFF_PASSWORD), secret)
    return secret


def assert_like_the_site(page: Page, assert_accessible, name):
    """axe, and what the questions promise too: labelled inputs of at least 16 px, no browser
    validation bubbles (every form with inputs has novalidate)."""
    assert_accessible(page, name)
    inputs = page.evaluate(
        """[...document.querySelectorAll('main input:not([type=hidden]), main textarea')]
             .map(e => ({id: e.id, size: parseFloat(getComputedStyle(e).fontSize),
                         labels: e.labels.length, novalidate: !e.form || e.form.noValidate}))"""
    )
    for field in inputs:
        assert field["size"] >= 16, f"{name}: {field}"
        assert field["labels"] == 1, f"{name}: {field}"
        assert field["novalidate"], f"{name}: {field}"


def submit(page: Page):
    page.locator("main form.staff-form button[type=submit]").first.click()


def test_the_staff_pages_look_and_behave_like_the_site(
    page: Page, assert_accessible, staff_accounts
):
    # Each form is checked as it shows its errors: the same form, with the error summary added.
    page.goto("/accounts/login/")
    submit(page)  # empty: the server's errors, in the site's summary
    expect(page.get_by_role("alert")).to_contain_text("Skriv ditt användarnamn")
    assert_like_the_site(page, assert_accessible, "sign-in with errors")
    page.get_by_label("Användarnamn eller e-postadress").fill("e2e-ny")
    page.get_by_label("Lösenord", exact=True).fill(STAFF_PASSWORD)
    submit(page)

    # A new staff member sets up TOTP, straight after the password (pathways/accounts.py).
    arrive(page, r"/accounts/2fa/totp/activate/")
    page.locator("main input[name=code]").fill("000000")
    submit(page)
    expect(page.get_by_role("alert")).to_be_visible()
    assert_like_the_site(page, assert_accessible, "TOTP set-up with errors")
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("main input[name=code]").fill(totp_code(secret))
    submit(page)
    expect(page).not_to_have_url(re.compile(r"/activate/"))

    page.goto("/accounts/2fa/recovery-codes/")
    expect(page.locator("#recovery_codes")).to_be_visible()
    assert_like_the_site(page, assert_accessible, "recovery codes")
    # allauth's password prompt, shown once the sign-in is older than its 5-minute window.
    page.goto("/accounts/reauthenticate/")
    submit(page)
    expect(page.get_by_role("alert")).to_be_visible()
    assert_like_the_site(page, assert_accessible, "reauthenticate with errors")
    page.goto("/accounts/logout/")
    assert_like_the_site(page, assert_accessible, "sign out")
    submit(page)

    # A staff member with TOTP: the code after the password.
    page.goto("/accounts/login/")
    page.get_by_label("Användarnamn eller e-postadress").fill("e2e-mfa")
    page.get_by_label("Lösenord", exact=True).fill(STAFF_PASSWORD)
    submit(page)
    arrive(page, r"/accounts/2fa/authenticate/")
    page.locator("main input[name=code]").fill("000000")
    submit(page)
    expect(page.get_by_role("alert")).to_be_visible()
    assert_like_the_site(page, assert_accessible, "TOTP entry with errors")
    page.locator("main input[name=code]").fill(totp_code(staff_accounts))
    submit(page)
    expect(page).not_to_have_url(re.compile(r"/accounts/"))


def test_the_password_reset_pages_look_and_behave_like_the_site(page: Page, assert_accessible):
    page.goto("/accounts/password/reset/")
    submit(page)
    expect(page.get_by_role("alert")).to_be_visible()
    assert_like_the_site(page, assert_accessible, "password reset with errors")
    page.locator("main input[type=email]").fill("ingen@example.se")
    submit(page)
    arrive(page, r"/accounts/password/reset/done/")
    assert_like_the_site(page, assert_accessible, "password reset sent")
