"""The map's top-level sections are one enumeration (presenters.TopSection): each one has its
template, and each one is on the page, on paper and in the JSON, in LAYOUT's order. A section
missing from LAYOUT, a template not found or a renamed slug fails here instead of silently
dropping a part of the map."""

import pytest
from django.http import QueryDict
from django.template.loader import get_template
from django.test import Client

from pathways import pdf, presenters
from pathways.presenters import LAYOUT, TopSection
from pathways.query import load_map

from .html import parse, text_of

pytestmark = pytest.mark.django_db

# Every need asked for: every section has something in it, the rules too.
QUERY = "kommun=2584&" + "&".join(
    f"behov={need}"
    for need in ("hjalpmedel", "resor", "lakemedel", "arbete", "bostadsanpassning", "narstaende")
)


def test_layout_lists_every_section_once_in_the_enumerations_order():
    assert [slug for slug, *_rest in LAYOUT] == list(TopSection)


@pytest.mark.parametrize("section", list(TopSection))
def test_every_section_has_its_template(section):
    assert get_template(section.template).origin.name.endswith(
        f"templates/pathways/map/sections/{section.value}.html"
    )


def test_every_section_is_on_the_page_with_its_title():
    response = Client().get(f"/karta/?{QUERY}")
    document = parse(response)
    titles = {s.slug: s.title for s in presenters.map_page(load_map(QueryDict(QUERY))).layout}
    found = [node["id"] for node in document.select("section.map-section")]
    assert found == list(TopSection)
    for section in TopSection:
        node = document.find("section", id=section.value)
        assert text_of(node.find("h2")) == titles[section]
        assert len(text_of(node)) > len(titles[section])  # and something under the heading


def test_every_section_is_in_the_json_in_order():
    body = Client().get(f"/api/karta/?{QUERY}").json()
    assert [section["slug"] for section in body["layout"]] == list(TopSection)


def test_every_section_is_on_paper():
    """Contacts and the rules asked for are printed in full; every other section is a line in
    "Mer på kartan på webben"."""
    patient_map = load_map(QueryDict(QUERY))
    page = presenters.map_page(patient_map)
    document = parse(pdf.render_html(patient_map))
    online = text_of(document.find("section", class_="online"))
    by_slug = {section.slug: section for section in page.layout}

    def in_full(section):
        return text_of(document.find(id=f"section-{section.value}")).startswith(
            by_slug[section].title
        )

    def rules_in_full(section):
        asked = [part for part in by_slug[section].parts if part.open]
        return bool(asked) and all(document.find(id=f"part-{part.slug}") for part in asked)

    def one_line(section):
        return f"{by_slug[section].title}:" in online

    printed = {
        TopSection.CONTACTS: in_full,
        TopSection.RULES: rules_in_full,
        TopSection.WHO_DOES_WHAT: one_line,
        TopSection.ABOUT: one_line,
        TopSection.RIGHTS: one_line,
        TopSection.WHEN_WRONG: one_line,
    }
    assert set(printed) == set(TopSection)  # a new section says how it is printed
    assert [section for section in TopSection if not printed[section](section)] == []
