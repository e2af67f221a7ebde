"""Kept parts of a map (pathways/fragments.py): a map made of parts other maps rendered is the
map rendered whole; an edit, another language or other texts are other parts; a patient link's
token reaches no key."""

import re
from dataclasses import replace
from datetime import date

import pytest
from django.core.cache import caches
from django.template import Context, Template
from django.test import Client
from django.utils.html import linebreaks

from pathways import fragments
from pathways.discharge.tests.test_discharge import create_map
from pathways.models import Guidance
from pathways.presenters import Part
from pathways.values import GuidanceEntry, Source

pytestmark = pytest.mark.django_db

SITUATIONS = [
    "kommun=2584",
    "kommun=2584&inlagd=ja&niva=2&forlopp=plotslig&behov=hjalpmedel&behov=resor",
    "kommun=2584&ta_sig=nej&behov=resor&roll=narstaende",
    "kommun=2580&boende=sarskilt&behov=lakemedel",
    "kommun=2510&alder=barn&behov=hjalpmedel&behov=arbete",
    "kommun=2080&niva=vet_ej&forlopp=langvarig&behov=arbete",
    "kommun=2039&behov=narstaende",
]


def page(url, language="sv"):
    response = Client().get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return re.sub(r'nonce="[^"]*"', "", response.text)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_map_from_kept_parts_is_the_map_rendered_whole(language):
    whole = {}
    for query in SITUATIONS:  # each rendered with nothing kept
        fragments.clear()
        caches["local"].clear()
        whole[query] = page(f"/karta/?{query}", language)
    assert len(fragments._kept) > 3  # parts were kept, and are now used
    for query in reversed(SITUATIONS):
        caches["local"].clear()  # the page itself rendered again, from the others' parts
        assert page(f"/karta/?{query}", language) == whole[query], query


def test_a_kept_part_is_in_the_language_of_the_page():
    url = f"/karta/?{SITUATIONS[1]}"
    assert "Källa och granskning" in page(url)
    english = page(url, "en")
    assert "Källa och granskning" not in english
    assert "Source and review" in english


def test_an_edited_text_shows_at_once_in_every_map_that_has_it():
    urls = ["/karta/?kommun=2584", "/karta/?kommun=2584&alder=barn&behov=resor"]
    before = [page(url) for url in urls]
    rows = Guidance.objects.filter(region__slug="norrbotten")
    row = next(r for r in rows if all(linebreaks(r.text, True) in html for html in before))
    row.text = "En ny text om rehabiliteringen."
    row.save()
    for url in urls:
        assert "<p>En ny text om rehabiliteringen.</p>" in page(url)


def test_a_patient_links_token_reaches_no_kept_part(staff_client):
    _map, token = create_map(staff_client)
    assert Client().get(f"/d/{token}/").status_code == 200
    assert fragments._kept
    for key, html in fragments._kept.items():
        assert token not in repr(key)
        assert token not in html


def test_a_kept_part_that_reads_more_than_its_key_stops_instead_of_rendering_empty():
    # Django renders a missing attribute as ""; a kept section reading one would be kept under a
    # key that does not hold it and shown on maps where it differs.
    page = fragments.Reads("page", relative=True)
    assert Template("{{ page.relative }}").render(Context({"page": page})) == "True"
    with pytest.raises(fragments.NotKept, match="page.contact_card"):
        Template("{{ page.contact_card.name }}").render(Context({"page": page}))


def test_a_key_tells_apart_values_that_differ_in_any_field_however_deep():
    source = Source("Vårdguiden", "https://www.1177.se/", date(2026, 11, 2), compared_with="kopia")

    def part(text="Ring först.", reviewed_on=date(2026, 11, 2)):
        entry = GuidanceEntry("Vart du vänder dig", text, replace(source, reviewed_on=reviewed_on))
        return Part("fragor", "Vart du vänder dig med frågor", [entry], open=True)

    assert fragments.fingerprint(part()) == fragments.fingerprint(part())  # equal, not the same
    assert fragments.fingerprint(part()) != fragments.fingerprint(part(text="Ring sedan."))
    assert fragments.fingerprint(part()) != fragments.fingerprint(part(reviewed_on=None))
    assert fragments.fingerprint([part()]) != fragments.fingerprint([part(), part()])
