"""Who answers each topic in each situation in one municipality: the responsibility overview.

The same rules as the map (answer.build_map) run for a fixed set of typical situations (at home or
in hospital; own home reaching the health centre, own home not reaching it, special housing, LSS
housing, a short-term stay; adult or child), so the overview can never disagree with a patient's map. A topic no rule covers in a
situation is a gap. Shown read-only to the public (/ansvar/<kommun>/) and in admin.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from .answer import build_map
from .choices import AgeGroup, Housing, YesNo
from .query import map_url
from .situation import Situation, homes
from .values import Catalog, ResponsibilityEntry, TopicInfo


@dataclass(frozen=True)
class Cell:
    label: str  # the situation in words
    map_url: str  # the patient's map for this situation ("preview as a patient")
    entry: ResponsibilityEntry | None  # None: a gap, no rule covers the topic here


@dataclass(frozen=True)
class TopicRow:
    topic: TopicInfo
    cells: list

    @property
    def gaps(self):
        return sum(cell.entry is None for cell in self.cells)


def _label(situation: Situation, catalog: Catalog) -> str:
    word = catalog.region.health_centre_word_definite
    parts = [_("inlagd på sjukhus") if situation.in_hospital == YesNo.YES else _("hemma")]
    if situation.housing == Housing.SPECIAL:
        parts.append(_("särskilt boende"))
    elif situation.housing == Housing.LSS:
        parts.append(_("LSS-bostad"))
    elif situation.housing == Housing.SHORT_TERM:
        parts.append(_("korttidsboende"))
    elif situation.reaches_health_centre == YesNo.YES:
        parts.append(_("tar sig till %(place)s") % {"place": word})
    else:
        parts.append(_("tar sig inte till %(place)s") % {"place": word})
    parts.append(_("vuxen") if situation.age_group == AgeGroup.ADULT else _("barn"))
    return ", ".join(parts)


def situations(code: str):
    for in_hospital in (YesNo.NO, YesNo.YES):
        for housing, reaches in homes():
            for age in (AgeGroup.ADULT, AgeGroup.CHILD):
                yield Situation(
                    code,
                    in_hospital=in_hospital,
                    housing=housing,
                    reaches_health_centre=reaches,
                    age_group=age,
                )


def overview(catalog: Catalog, code: str, day: date) -> list[TopicRow]:
    """One row per topic, one cell per typical situation."""
    maps = [build_map(situation, catalog, day) for situation in situations(code)]
    return [
        TopicRow(
            topic=topic,
            cells=[
                Cell(
                    label=_label(patient_map.situation, catalog),
                    map_url=map_url(patient_map.situation),
                    entry=patient_map.responsibility(topic.slug),
                )
                for patient_map in maps
            ],
        )
        for topic in catalog.topics
    ]
