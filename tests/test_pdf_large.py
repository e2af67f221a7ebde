"""Large print on paper, /karta/pdf/?…&text=stor (issue 21): body 16 pt or more read back from the
PDF, phone numbers larger and on lines of their own, at most four pages, no care-level number the
person did not give, and a QR code that a 60 dpi scan still reads. Four renders in all."""

from urllib.parse import urlencode

import pypdfium2
import pytest
import zxingcpp
from django.conf import settings
from django.http import QueryDict
from django.utils import translation

from pathways import pdf
from pathways.query import load_map

from .paper import font_sizes, pdf_text

KIRUNA = "kommun=2584&ta_sig=nej"
# The longest address among the examples: the most QR modules, the most text.
ALL_NEEDS = "kommun=2584&ta_sig=ja&" + "&".join(
    f"behov={need}"
    for need in ("hjalpmedel", "resor", "lakemedel", "arbete", "bostadsanpassning", "narstaende")
)
IN_HOSPITAL_LEVEL = "kommun=2584&inlagd=ja&niva=2&forlopp=plotslig&behov=resor"


@pytest.fixture(scope="module")
def kiruna_large(django_db_setup, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get(f"/karta/pdf/?{KIRUNA}&text=stor")
    assert response.status_code == 200
    return response.content


def large(query):
    with translation.override("sv"):
        return pdf.render_pdf(load_map(QueryDict(query)), large=True)


def body_size(body):
    """The size most of the text is set in, in points."""
    sizes = font_sizes(body)
    return max(set(sizes), key=sizes.count)


def test_large_print_sets_every_letter_in_16_points_or_more_on_at_most_four_pages(kiruna_large):
    assert body_size(kiruna_large) == pytest.approx(16, abs=0.05)
    assert min(font_sizes(kiruna_large)) >= 15.95  # the page numbers, too
    assert len(pypdfium2.PdfDocument(kiruna_large)) <= 4


@pytest.mark.django_db
def test_the_ordinary_pdf_stays_12_points(client):
    body = client.get(f"/karta/pdf/?{KIRUNA}").content
    assert body_size(body) == pytest.approx(12, abs=0.05)


def test_phone_numbers_are_larger_than_the_text_and_stand_on_lines_of_their_own(kiruna_large):
    document = pypdfium2.PdfDocument(kiruna_large)
    text = pdf_text(kiruna_large)
    assert "Telefon: 1177" in text
    # The number's own size: larger than the 16 pt body.
    sizes = font_sizes(kiruna_large)
    assert max(sizes) > 20
    # On a line of its own: "Telefon: 1177" is a whole line of the page's text.
    lines = [
        line.strip()
        for page in document
        for line in page.get_textpage().get_text_range().splitlines()
    ]
    assert "Telefon: 1177" in lines, lines


@pytest.mark.django_db
def test_the_longest_address_fits_four_pages_and_its_qr_code_reads_at_60_dpi():
    body = large(ALL_NEEDS)
    document = pypdfium2.PdfDocument(body)
    assert len(document) <= 4
    image = document[0].render(scale=60 / 72).to_pil()
    situation = load_map(QueryDict(ALL_NEEDS)).situation
    expected = f"{settings.SITE_URL}/karta/?{urlencode(situation.query_params())}"
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [expected]


@pytest.mark.django_db
def test_a_care_level_is_printed_only_when_the_person_gave_one(kiruna_large):
    assert "nivå 1" not in pdf_text(kiruna_large).lower()
    assert "Vårdnivå 2" in pdf_text(large(IN_HOSPITAL_LEVEL))


@pytest.mark.django_db
def test_the_map_page_offers_large_print(client):
    html = client.get(f"/karta/?{KIRUNA}").text
    assert '&amp;text=stor">stor text</a>)</li>' in html


def test_the_staffs_discharge_print_offers_large_print_and_gives_it(staff_client):
    from pathways.discharge.tests.test_discharge import PHONE, create_map

    discharge_map, token = create_map(staff_client)
    preview = staff_client.get(f"/personal/kartor/{discharge_map.id}/").text
    choice = f"/personal/kartor/{discharge_map.id}/pdf/?text=stor"
    assert f'href="{choice}"' in preview
    body = staff_client.get(choice).content
    assert body_size(body) == pytest.approx(16, abs=0.05)
    assert len(pypdfium2.PdfDocument(body)) <= 4
    assert PHONE in pdf_text(body)  # the person's own contacts are on it too
    assert f'href="/d/{token}/pdf/?text=stor"' in staff_client.get(f"/d/{token}/").text
