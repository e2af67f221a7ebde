"""The import preview in words (templates/admin/pathways/import_changes.html)."""

from django import template

from ..resources import totals_in_words

register = template.Library()


@register.filter
def import_totals(totals):
    return totals_in_words(totals)


@register.filter
def import_changes(rows):
    """The Change of each row that is added or changed (pathways.resources.ChangeInWords)."""
    return [row.change for row in rows if hasattr(row, "change")]
