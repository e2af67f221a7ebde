"""Checks of the regional data that a patient relies on (manage.py check_content, run in CI).

- Sources: every row names a deep source (a page, not a home page). A row without a web address
  passes only if it is example data or its title names a dated document, e.g. "(rapport 2022)".
- Review dates: a row that says it was checked was checked on a day that has come, against a
  source dated no later than that day; a row nobody checked has no date ("ej granskad").
- Principals: a unit shown under a responsibility has that responsibility's principal, and neither
  the responsibility's text nor the guidance beside it says that the other principal is in charge
  ("Luleå kommun ansvarar …" beside "Ansvarar: Region Norrbotten").
- Reach: every situation in every municipality gets every topic, with a unit, and the section
  "När något går fel"; children are never put in the municipality's charge where the region answers.

The map checks run the pure rules engine over every combination of answers.
"""

import itertools
import re
from urllib.parse import urlsplit

from django.utils import timezone

from .catalog import read_catalog
from .choices import AgeGroup, Housing, InHospital, Level, Need, Principal, Process, Role, Section
from .models import CareLevel, Guidance, Region, Responsibility, Unit
from .rules import build_map
from .situation import NO, SPECIAL, YES, Situation

# A printed document without a web address, named with its kind and year: "(rapport 2022)".
DATED_DOCUMENT = re.compile(r"\((?:rapport|uppdragsbeskrivning|riktlinjer)\b[^)]*\b\d{4}\)")
# Home adaptation is the municipality's for everyone, children too (Act 2018:222).
MUNICIPAL_FOR_ALL = {"bostadsanpassning"}


def source_problem(title, url, is_demo):
    """Why a row's source is not good enough, or None."""
    if url:
        parts = urlsplit(url)
        if parts.path.strip("/") == "" and not parts.query:
            return f"källan är en startsida, inte sidan med uppgiften: {url}"
        return None
    if is_demo or DATED_DOCUMENT.search(title):
        return None
    return "ingen webbadress till källan, och titeln namnger inget daterat dokument"


def review_problem(reviewed_on, source_dated, today):
    """Why a row's review date cannot be true, or None. A row nobody checked has none at all."""
    if reviewed_on is None:
        return None
    if reviewed_on > today:
        return f"granskad {reviewed_on}, en dag som inte har kommit"
    if source_dated and source_dated > reviewed_on:
        return f"granskad {reviewed_on} mot en källa daterad senare ({source_dated})"
    return None


def source_problems(today=None):
    today = today or timezone.localdate()
    problems = []
    for model in (CareLevel, Unit, Responsibility, Guidance):
        for row in model.objects.all():
            problem = source_problem(row.source_title, row.source_url, row.is_demo)
            problem = problem or review_problem(row.reviewed_on, row.source_dated, today)
            if problem:
                problems.append(f"{model._meta.verbose_name} {row.pk} ”{row}”: {problem}")
    return problems


def situations(municipality_code):
    """Every combination of answers, with every need ticked so that every text can show."""
    needs = frozenset(Need.values)
    places = [(Housing.ORDINARY, YES), (Housing.ORDINARY, NO), (Housing.SPECIAL, "")]
    for in_hospital, (housing, reaches), age, level, process, role in itertools.product(
        InHospital.values,
        places,
        AgeGroup.values,
        [None, *Level.values],
        ["", *Process.values],
        Role.values,
    ):
        yield Situation(
            municipality_code,
            in_hospital=in_hospital,
            housing=housing,
            reaches_health_centre=reaches if housing != SPECIAL else "",
            age_group=age,
            level=level,
            process=process,
            needs=needs,
            role=role,
        )


def _other_principal_name(entry, patient_map):
    if entry.principal == Principal.REGION:
        return patient_map.municipality.authority_name
    if entry.principal == Principal.MUNICIPALITY:
        return patient_map.region.name
    return None


def map_problems(patient_map, topics):
    """What is wrong with one map: missing topics or units, contradicting principals."""
    problems = []
    present = {entry.topic.slug for entry in patient_map.responsibilities}
    problems += [f"ämnet ”{slug}” saknas" for slug in sorted(set(topics) - present)]
    if not patient_map.sections.get(Section.WHEN_WRONG):
        problems.append("avsnittet ”När något går fel” saknas")
    for entry in patient_map.responsibilities:
        slug = entry.topic.slug
        if not entry.units:
            problems.append(f"”{slug}” visar ingen enhet att vända sig till")
        problems += [
            f"”{slug}”: enheten ”{unit.name}” har huvudmannen {unit.principal}, "
            f"ansvaret {entry.principal}"
            for unit in entry.units
            if unit.principal != entry.principal
        ]
        other = _other_principal_name(entry, patient_map)
        texts = [entry.text, *(g.text for g in patient_map.sections.get(slug, ()))]
        if other and any(f"{other} ansvarar" in text for text in texts):
            problems.append(
                f"”{slug}”: ansvarar {entry.principal_name}, men en text säger ”{other} ansvarar”"
            )
        if (
            patient_map.situation.age_group == AgeGroup.CHILD
            and entry.principal == Principal.MUNICIPALITY
            and slug not in MUNICIPAL_FOR_ALL
        ):
            problems.append(f"”{slug}”: kommunen ansvarar för ett barn")
    return problems


def catalog_problems(catalog, day, codes=None):
    """Every situation in every municipality of one region's catalog (or in `codes` of them),
    through the rules engine."""
    topics = [topic.slug for topic in catalog.topics]
    found = {}  # problem -> the first situation it was seen in, so the list stays readable
    for code in sorted(set(catalog.municipalities) & set(codes or catalog.municipalities)):
        for situation in situations(code):
            for problem in map_problems(build_map(situation, catalog, day), topics):
                found.setdefault(f"{catalog.region.name}: {problem}", situation)
    return [
        f"{problem} (t.ex. kommun {situation.municipality_code}, "
        f"{'&'.join(f'{k}={v}' for k, v in situation.query_params() if k != 'behov')})"
        for problem, situation in found.items()
    ]


def all_problems(day=None, codes=None):
    """Every problem: the sources of all rows, and the maps of all municipalities (or `codes`)."""
    day = day or timezone.localdate()
    problems = source_problems(timezone.localdate())
    for slug in Region.objects.order_by("slug").values_list("slug", flat=True):
        problems += catalog_problems(read_catalog(slug), day, codes)
    return problems
