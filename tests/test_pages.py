"""The site layout, the start page, the accessibility statement, the error pages and both languages."""

import pytest
from django.conf import settings
from django.template import Context, Template
from django.template.loader import get_template
from django.test import override_settings

from pathways import flow

from .html import parse

KIRUNA = "2584"
FULL = {
    "roll": "patient",
    "kommun": KIRUNA,
    "inlagd": "nej",
    "boende": "ordinart",
    "ta_sig": "ja",
    "alder": "vuxen",
    "plats": "vet_ej",
    "forlopp": "vet_ej",
    "behov": ["resor"],
}
# Every page of this feature, with the answers it needs to render rather than redirect.
PAGES = [
    ("/", {}),
    ("/tillganglighet/", {}),
    *[(f"/fragor/{step.slug}/", FULL) for step in flow.STEPS],
    ("/fragor/kontrollera/", FULL),
]


def set_answers(client, answers):
    session = client.session
    session[flow.SESSION_KEY] = answers
    session.save()


@pytest.mark.django_db
def test_the_layout_has_a_skip_link_main_landmark_footer_and_language_switch(client):
    html = client.get("/").content.decode()
    assert '<html lang="sv">' in html
    assert 'href="#main"' in html and '<main id="main"' in html
    assert "<header" in html and "<footer" in html
    assert 'href="/tillganglighet/"' in html
    assert 'action="/i18n/setlang/"' in html
    assert 'name="language" value="en"' in html
    assert "htmx" not in html.replace("hx-headers", "")  # only the questions load htmx
    question = client.get("/fragor/", follow=True).content.decode()
    assert 'name="htmx-config"' in question and '"historyCacheSize":0' in question
    assert "htmx-2.min.js" in question
    assert 'hx-headers=\'{"X-CSRFToken"' in html


@pytest.mark.django_db
def test_no_inline_script_or_style(client):
    html = client.get("/").content.decode()
    assert "<style" not in html
    for tag in html.split("<script")[1:]:
        assert " src=" in tag.split(">")[0]


@pytest.mark.django_db
def test_the_start_page_says_what_it_is_for_whom_and_that_nothing_is_stored(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Din karta över rehabiliteringen</h1>" in html
    assert "närstående" in html
    assert "sparar inga uppgifter om vem du är" in html
    assert 'class="button button-start" href="/fragor/"' in html
    assert 'href="/fragor/?roll=narstaende"' in html


@pytest.mark.django_db
def test_the_start_page_shows_the_national_advice_lines_from_the_data(client):
    html = client.get("/").content.decode()
    assert "1177 Vårdguiden" in html and 'href="tel:1177"' in html
    assert 'href="tel:112"' in html


@pytest.mark.django_db
def test_the_start_page_falls_back_to_a_sentence_without_data(client):
    from pathways.models import Unit

    Unit.objects.filter(region__isnull=True).delete()
    html = client.get("/").content.decode()
    assert "ring larmnumret vid akut fara" in html
    assert "tel:" not in html


@pytest.mark.django_db
def test_the_relatives_link_starts_the_questions_as_a_relative(client):
    response = client.get("/fragor/?roll=narstaende", follow=True)
    assert client.session[flow.SESSION_KEY] == {"roll": "narstaende"}
    assert response.redirect_chain == [("/fragor/kommun/", 302)]  # the role is not asked again
    assert "Vilken kommun bor personen du hjälper i?" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "answers"), PAGES, ids=[url for url, _ in PAGES])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_both_languages_render_every_page(client, url, answers, language):
    set_answers(client, answers)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert 'aria-current="true"' in html  # the current language is marked, the other offered


@pytest.mark.django_db
def test_accept_language_picks_english(client):
    html = client.get("/", headers={"Accept-Language": "en"}).content.decode()
    assert '<html lang="en">' in html
    assert 'name="language" value="sv"' in html


@pytest.mark.django_db
def test_the_language_switch_keeps_the_answers_and_the_page(client):
    set_answers(client, FULL)
    html = client.get("/fragor/niva/?andra=1").content.decode()
    assert 'name="next" id="language-next" value="/fragor/niva/?andra=1"' in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/fragor/niva/?andra=1"})
    assert response.status_code == 302
    assert response["Location"] == "/fragor/niva/?andra=1"
    assert client.session[flow.SESSION_KEY] == FULL
    html = client.get(response["Location"]).content.decode()
    assert '<html lang="en">' in html


@pytest.mark.django_db
def test_the_accessibility_statement_has_what_the_law_requires(client):
    response = client.get("/tillganglighet/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Tillgänglighets\u00adredogörelse</h1>" in html
    for anchor in [
        "who",
        "status",
        "known-issues",
        "method",
        "feedback",
        "exemptions",
        "out-of-scope",
    ]:
        assert f'id="{anchor}"' in html
    assert "Rehabkartan" in html
    assert "delvis förenlig" in html and "2018:1937" in html
    assert "ännu inte granskats" in html
    assert "Bedömningen gjordes den 23 november 2026" in html
    assert "uppdaterades senast den" in html
    assert 'href="https://www.digg.se/tdosanmalan"' in html


@pytest.mark.django_db
@override_settings(ACCESSIBILITY_CONTACT_EMAIL="tillganglighet@example.se")
def test_the_accessibility_statement_shows_the_feedback_address_when_set(client):
    html = client.get("/tillganglighet/").content.decode()
    assert 'href="mailto:tillganglighet@example.se"' in html


@pytest.mark.django_db
def test_the_demo_notice_shows_when_the_page_has_demo_data(rf):
    template = Template('{% extends "base.html" %}')
    request = rf.get("/")
    html = template.render(Context({"has_demo": True, "request": request}))
    assert "Exempeluppgifter" in html and "Demodata" not in html
    assert "Exempeluppgifter" not in template.render(
        Context({"has_demo": False, "request": request})
    )


@pytest.mark.django_db
def test_404_page_extends_the_layout(client):
    response = client.get("/finns-inte/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Sidan finns inte" in html and '<main id="main"' in html


def test_500_page_renders_without_a_request_or_database():
    # django.views.defaults.server_error renders it with an empty context: no request, no DB.
    html = get_template("500.html").render({})
    assert "Något gick fel" in html
    assert '<main id="main"' in html
    assert "csrfmiddlewaretoken" not in html


@pytest.mark.django_db
def test_400_page_has_a_content_block_and_a_way_back(client, rf):
    html = get_template("400.html").render({}, rf.get("/karta/"))
    assert "Något i adressen är fel" in html
    assert 'href="/fragor/"' in html


@pytest.mark.django_db
def test_the_stylesheet_is_small_and_has_print_and_focus_styles():
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    assert "@media print" in css and ":focus-visible" in css
    assert "@font-face" not in css and "url(" not in css
    assert len(css.encode()) < 15_000


@pytest.mark.django_db
def test_the_start_page_describes_itself_for_search_engines(client):
    html = parse(client.get("/"))
    description = html.select_one('head meta[name="description"]')["content"]
    assert "rehabilitering" in description
    assert 50 <= len(description) <= 160  # what a search result shows whole
