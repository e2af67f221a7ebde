"""Template helpers for the map (page and PDF)."""

from functools import lru_cache
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .. import fragments, phone
from ..presenters import TopSection

register = template.Library()


@lru_cache(maxsize=512)
def _long_date(day, language):
    return date_format(day, "j F Y")


@register.filter
def long_date(day):
    """23 november 2026, in the active language. A map shows the same few dates dozens of times
    and Django's date filter is slow, so each (date, language) is formatted once per process."""
    if not day:
        return ""
    return _long_date(day, get_language())


@register.simple_tag
def regional_lang():
    """` lang="sv"` on an element holding the region's own text when the page is in another
    language: that text is entered in Swedish, and a screen reader should read it as Swedish."""
    language = get_language() or settings.LANGUAGE_CODE
    return (
        "" if language == settings.LANGUAGE_CODE else mark_safe(f' lang="{settings.LANGUAGE_CODE}"')
    )


@register.filter
def phone_display(number):
    return phone.display(number)


@register.filter
def tel(number):
    return phone.tel_uri(number)


@register.filter
def short_url(url):
    """A web address as a person reads it aloud: the host without www, e.g. norrbotten.se."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


@register.simple_tag
def kept(template_name, **values):
    """{% kept "pathways/map/_sources.html" sources=section.sources %}: the partial rendered with
    only these values, kept per worker under them and the language (pathways.fragments)."""
    language = get_language()
    key = (template_name, language, fragments.fingerprint(sorted(values.items())))
    return fragments.kept(key, lambda: get_template(template_name).render(values))


# What each of the map's sections (pathways/map/_section.html and the section's own template)
# reads of the page and the map besides the section itself: its key when it is kept.
SECTION_READS = {
    TopSection.CONTACTS: lambda page, patient_map: {
        "page": fragments.Reads(
            "page",
            relative=page.relative,
            contact_card=page.contact_card,
            other_units=page.other_units,
        )
    },
    TopSection.RULES: lambda page, patient_map: {},
    TopSection.WHO_DOES_WHAT: lambda page, patient_map: {
        "patient_map": fragments.Reads("patient_map", responsibilities=patient_map.responsibilities)
    },
    TopSection.ABOUT: lambda page, patient_map: {
        "page": fragments.Reads("page", relative=page.relative),
        "patient_map": fragments.Reads(
            "patient_map",
            level=patient_map.level,
            professions=patient_map.professions,
            motivation_units=patient_map.motivation_units,
            municipality=patient_map.municipality,
            physiotherapists=patient_map.physiotherapists,
            physiotherapists_elsewhere=patient_map.physiotherapists_elsewhere,
        ),
    },
    TopSection.RIGHTS: lambda page, patient_map: {},
    TopSection.WHEN_WRONG: lambda page, patient_map: {},
}


@register.simple_tag(takes_context=True)
def kept_section(context, section):
    """One of the map's sections, kept under what it shows (SECTION_READS)."""
    reads = SECTION_READS[section.slug](context["page"], context["patient_map"])
    return kept("pathways/map/_section.html", section=section, **reads)
