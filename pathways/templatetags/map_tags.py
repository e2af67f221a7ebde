"""Template helpers for the map (page and PDF)."""

from functools import lru_cache

from django import template
from django.utils.formats import date_format
from django.utils.translation import get_language

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
