"""The English translation: complete, not fuzzy, compiled, and actually used by the pages.

Swedish is the source language; every string marked in code and templates must have an English
msgstr in locale/en/LC_MESSAGES/django.po, and the committed django.mo must hold the same texts
(a fresh clone serves it without gettext tools). The .po is read with polib.
"""

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from pathways import flow

from .html import visible_text

LOCALE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO = LOCALE / "django.po"
MO = LOCALE / "django.mo"

# Strings whose English is, rightly, the same as the Swedish.
SAME_IN_BOTH = {
    "Svenska",  # the language switch names each language in itself
    "English",
    "Rehabkartan – administration",
    "Patient",
    "region",
    "text",
}

_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


@pytest.fixture(scope="module")
def catalog():
    return polib.pofile(str(PO))


@pytest.fixture(scope="module")
def messages(catalog):
    """The current entries (not the obsolete ones polib lists separately)."""
    return [entry for entry in catalog if not entry.obsolete]


def forms(entry):
    """The entry's translations: {0: singular} or {0: singular, 1: plural}."""
    return dict(entry.msgstr_plural) if entry.msgid_plural else {0: entry.msgstr}


def label(entry):
    return entry.msgid[:70]


def test_the_po_file_has_a_proper_header(catalog):
    assert not catalog.metadata_is_fuzzy
    assert catalog.metadata["Language"] == "en"
    assert "charset=UTF-8" in catalog.metadata["Content-Type"]
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_every_string_is_translated_and_none_is_fuzzy(messages):
    assert len(messages) > 400  # the whole site, not a stub
    fuzzy = [label(entry) for entry in messages if entry.fuzzy]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    empty = []
    for entry in messages:
        expected = 2 if entry.msgid_plural else 1
        texts = forms(entry)
        if len(texts) != expected or not all(text.strip() for text in texts.values()):
            empty.append(label(entry))
    assert not empty, f"untranslated entries: {empty}"


def test_the_translations_keep_the_placeholders(messages):
    wrong = []
    for entry in messages:
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        wanted = set().union(*(set(_PLACEHOLDER.findall(source)) for source in sources))
        for text in forms(entry).values():
            if set(_PLACEHOLDER.findall(text)) != wanted:
                wrong.append(label(entry))
    assert not wrong, f"placeholders changed in: {wrong}"


def test_the_translations_are_english_not_copies_of_the_swedish(messages):
    copies = {entry.msgid for entry in messages if forms(entry)[0] == entry.msgid}
    assert copies <= SAME_IN_BOTH, f"msgstr equals the Swedish msgid: {copies - SAME_IN_BOTH}"


def test_no_straight_double_quote_in_a_translation(messages):
    # Translations are put into double-quoted HTML attributes and the PDF's CSS content strings.
    quoted = [label(e) for e in messages for text in forms(e).values() if '"' in text]
    assert not quoted, f"use “ ” instead of straight double quotes in: {quoted}"


def test_the_compiled_mo_matches_the_po(messages):
    assert MO.exists(), "run: manage.py compilemessages (and commit the .mo)"
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in messages:
        msgid, texts = entry.msgid, forms(entry)
        if entry.msgctxt is not None:
            got = [compiled.pgettext(entry.msgctxt, msgid)]
            want = [texts[0]]
        elif entry.msgid_plural:
            got = [compiled.ngettext(msgid, entry.msgid_plural, n) for n in (1, 2)]
            want = [texts[0], texts[1]]
        else:
            got, want = [compiled.gettext(msgid)], [texts[0]]
        if got != want:
            stale.append(label(entry))
    assert not stale, f"django.mo is older than django.po (run compilemessages): {stale}"


def test_django_serves_the_english_catalog():
    with translation.override("en"):
        assert (
            translation.gettext("Din karta över rehabiliteringen") == "Your map of rehabilitation"
        )
        assert translation.gettext("Fast vårdkontakt") == "Named care contact (fast vårdkontakt)"
    with translation.override("sv"):
        assert (
            translation.gettext("Din karta över rehabiliteringen")
            == "Din karta över rehabiliteringen"
        )


# The pages in English: the interface is English (the regions' own texts may stay Swedish).

KIRUNA_MAP = "/karta/?kommun=2584&ta_sig=nej&inlagd=ja&behov=hjalpmedel"
ANSWERS = {"roll": "patient", "kommun": "2584", "inlagd": "nej", "boende": "ordinart"}

PAGES = {
    "start": (
        "/",
        {},
        {
            "en": ["Your map of rehabilitation", "Who is it for?", "Start as a relative"],
            "sv": ["Din karta över rehabiliteringen", "För vem?", "Börja som närstående"],
        },
    ),
    "question": (
        "/fragor/ta-sig/",
        ANSWERS,
        {
            "en": [
                "Can you get to the health centre (hälsocentralen)?",
                "Question 4 of 4",
                "Continue",
            ],
            "sv": ["Kan du ta dig till hälsocentralen?", "Fråga 4 av 4", "Fortsätt"],
        },
    ),
    "map": (
        KIRUNA_MAP,
        {},
        {
            "en": [
                "Region Norrbotten has the main responsibility for your rehabilitation",
                "Contact first",
                "Next steps",
                "Who does what",
                "Rules for assistive aids",
            ],
            "sv": [
                "Region Norrbotten har huvudansvaret för din rehabilitering",
                "Kontakta först",
                "Nästa steg",
                "Vem gör vad",
                "Regler för hjälpmedel",
            ],
        },
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=list(PAGES))
@pytest.mark.parametrize(("language", "other"), [("en", "sv"), ("sv", "en")])
def test_the_pages_speak_the_chosen_language(client, page, language, other):
    url, answers, expected = PAGES[page]
    if answers:
        session = client.session
        session[flow.SESSION_KEY] = answers
        session.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    text = visible_text(response)
    for phrase in expected[language]:
        assert phrase in text
    for phrase in expected[other]:
        assert phrase not in text
