"""The easy-to-read map, /karta/lattlast/ (issue 21): LIX ≤ 30 on the rendered text for every
municipality of both regions in and out of hospital, at home, in special housing, for a child and
for a relative; the first contact as the map's JSON gives it; the line that the easy version is
missing for a row without one; the same words on paper (?text=lattlast on /karta/pdf/); the
easy text beside the text in the admin."""

import pypdfium2
import pytest
from django.test import Client
from django.urls import reverse

from pathways import lix
from pathways.models import Municipality, Responsibility

from .html import parse, text_of
from .paper import pdf_text

pytestmark = pytest.mark.django_db

SITUATIONS = {
    "at home": "",
    "cannot get to the health centre": "&ta_sig=nej",
    "special housing": "&boende=sarskilt",
    "in hospital": "&inlagd=ja",
    "a child": "&alder=barn&ta_sig=nej",
    "a relative": "&roll=narstaende",
    "a relative, in hospital": "&roll=narstaende&inlagd=ja",
}
MOST_LIX = 30
BLOCKS = ["h1", "h2", "p", "li"]


def easy_page(client, query):
    response = client.get(f"/karta/lattlast/?{query}")
    assert response.status_code == 200
    return response


def read_text(response):
    """What the page shows, each block a sentence (a heading has no full stop): what LIX reads.
    A hidden element (the "Lyssna" controls without JavaScript) is not read."""
    main = parse(response).find("main")
    for hidden in main.find_all(hidden=True):
        hidden.decompose()
    lines = [text_of(node) for node in main.find_all(BLOCKS)]
    return " ".join(line if line[-1] in ".?!:" else line + "." for line in lines if line)


def test_every_municipality_reads_easily_in_every_situation(client):
    scores = {}
    for code in Municipality.objects.values_list("code", flat=True):
        for name, extra in SITUATIONS.items():
            text = read_text(easy_page(client, f"kommun={code}{extra}"))
            scores[code, name] = lix.score(text)
    assert len(scores) == 29 * len(SITUATIONS)
    worst = max(scores, key=scores.__getitem__)
    assert scores[worst] <= MOST_LIX, f"{worst}: LIX {scores[worst]:.1f}"
    print(f"LIX {min(scores.values()):.1f}–{scores[worst]:.1f} over {len(scores)} pages")


@pytest.mark.parametrize(
    "query",
    [
        "kommun=2584",
        "kommun=2584&ta_sig=nej",
        "kommun=2080&alder=barn",
        "kommun=2062&roll=narstaende",
    ],
)
def test_the_first_contact_is_the_maps(client, query):
    document = parse(easy_page(client, query))
    first = client.get(f"/api/karta/?{query}").json()["first_contact"]
    section = document.find(class_="easy-contact")
    assert first["name"] in text_of(section)
    assert section.find("a", href=first["tel"]) is not None
    assert first["tel"].startswith("tel:")


def test_the_responsible_and_the_next_step_come_from_the_rows(client):
    document = parse(easy_page(client, "kommun=2584&ta_sig=nej"))
    assert "Kiruna kommun har ansvaret." in text_of(document.find(class_="easy-responsible"))
    said = [text_of(p) for p in document.find_all(class_="easy-text")]
    assert "Hjälpen kommer från kommunens hemsjukvård." in said
    assert document.find(class_="easy-missing") is None
    # The ordinary map is one link away, and links here: one answer, two ways to read it.
    assert document.find("a", href="/karta/?kommun=2584&ta_sig=nej") is not None
    ordinary = parse(client.get("/karta/?kommun=2584&ta_sig=nej"))
    link = ordinary.find("a", string="Lättläst")
    assert link["href"] == "/karta/lattlast/?kommun=2584&ta_sig=nej"


def test_a_row_without_an_easy_text_says_so_and_links_to_the_ordinary_map(client):
    for row in Responsibility.objects.filter(region__slug="dalarna", topic__slug="rehabilitering"):
        row.easy_text = ""
        row.save()
    document = parse(easy_page(client, "kommun=2080&ta_sig=nej"))
    missing = document.find(class_="easy-missing")
    assert "Den lättlästa texten saknas här ännu." in text_of(missing)
    assert missing.find("a")["href"] == "/karta/?kommun=2080&ta_sig=nej"
    assert document.find(class_="easy-text") is None
    # Never the long text in its place.
    assert "Blir du inskriven" not in text_of(document)


def test_the_paper_has_the_easy_words(client):
    response = Client().get("/karta/pdf/?kommun=2584&ta_sig=nej&text=lattlast")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert len(pypdfium2.PdfDocument(response.content)) == 1
    text = pdf_text(response.content)
    assert "Kiruna kommun har ansvaret." in text
    assert "Hjälpen kommer från kommunens hemsjukvård." in text
    # The ordinary paper, asked for just before or after, is another document (its own key).
    ordinary = pdf_text(Client().get("/karta/pdf/?kommun=2584&ta_sig=nej").content)
    assert "Hjälpen kommer från kommunens hemsjukvård." not in ordinary
    assert "Kiruna kommun har ansvaret." not in ordinary


def test_a_relative_reads_about_the_person(client):
    document = parse(easy_page(client, "kommun=2062&roll=narstaende&inlagd=ja"))
    text = text_of(document.find("main"))
    assert text_of(document.find("h1")) == "Rehabilitering för personen du hjälper"
    assert "Personen bor i Mora." in text
    assert "Vem ska ni prata med först?" in text
    assert "Du bor" not in text and "din rehabilitering" not in text.lower()


def test_the_admin_shows_the_easy_text_beside_the_text(admin_client):
    row = Responsibility.objects.get(pk=1004)
    page = parse(admin_client.get(reverse("admin:pathways_responsibility_change", args=[row.pk])))
    text = page.find("textarea", attrs={"name": "text"})
    easy = page.find("textarea", attrs={"name": "easy_text"})
    assert easy.get_text().strip() == row.easy_text
    # One row of the form: the editor compares the two.
    assert text.find_parent(class_="form-row") is easy.find_parent(class_="form-row")
