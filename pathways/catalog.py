"""A region's rows as plain values, read in a constant number of queries and cached.

Each region has a data version (DataVersion) that any save or delete of its rows replaces
(pathways.signals; national rows replace every region's). A request reads all versions once, from
the shared cache or, without one, from the database; a worker's copy of a region's catalog is used
only while its version matches. So an edit shows on every worker's next request, and an edit in
Dalarna leaves Norrbotten's cached catalog, maps and PDFs alone.
"""

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models import Q

from .models import (
    CareLevel,
    DataVersion,
    Guidance,
    Municipality,
    Region,
    Responsibility,
    Topic,
    Unit,
)
from .values import (
    Catalog,
    LevelInfo,
    MunicipalityInfo,
    ProfessionInfo,
    RegionInfo,
    Rule,
    Source,
    TopicInfo,
    UnitInfo,
)

TIMEOUT = 60 * 60 * 24


def _source(row):
    return Source(
        title=row.source_title,
        url=row.source_url,
        reviewed_on=row.reviewed_on,
        is_demo=row.is_demo,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
    )


def _conditions(row):
    return {
        name: getattr(row, name)
        for name in row.CONDITION_FIELDS
        if getattr(row, name) not in ("", None)
    }


def _municipality_code(row):
    return row.municipality.code if row.municipality_id else None


def rule_from_row(row):
    """A Responsibility or Guidance row as a Rule (also used to check a row before it is saved)."""
    if isinstance(row, Responsibility):
        group = ("topic", row.topic.slug)
        outcome = {
            "principal": row.principal,
            "unit_kind": row.unit_kind,
            "unit_id": row.unit_id,
            "text": row.text,
            "explanation": row.explanation,
        }
        # An unsaved row has no professions yet; a saved one has them prefetched.
        professions = tuple(p.slug for p in row.professions.all()) if row.pk else ()
    else:
        professions = ()
        group = ("guidance", row.section, row.key, row.need)
        outcome = {
            "section": row.section,
            "title": row.title,
            "text": row.text,
            "order": row.order,
            "need": row.need,
        }
    return Rule(
        id=row.pk or 0,
        label=str(row),
        group=group,
        conditions=_conditions(row),
        source=_source(row),
        municipality_code=_municipality_code(row),
        outcome=outcome,
        professions=professions,
    )


def _unit(row):
    return UnitInfo(
        id=row.pk,
        name=row.name,
        kind=row.kind,
        principal=row.principal,
        source=_source(row),
        municipality_code=_municipality_code(row),
        is_national=row.region_id is None,
        care_level=row.care_level,
        description=row.description,
        address=row.address,
        phone=row.phone,
        email=row.email,
        web=row.web,
        opening_hours=row.opening_hours,
        accepts_self_referral=row.accepts_self_referral,
        digital_options=row.digital_options,
    )


def _float(value):
    return float(value) if value is not None else None


def _region_info(region):
    return RegionInfo(
        id=region.pk,
        slug=region.slug,
        name=region.name,
        health_centre_word=region.health_centre_word,
        health_centre_word_definite=region.health_centre_word_definite,
        home_care_word=region.home_care_word,
        web=region.web,
    )


def read_catalog(region_slug) -> Catalog:
    """Read a region's data from the database: seven queries, whatever the amount of data."""
    rows = list(Municipality.objects.filter(region__slug=region_slug).select_related("region"))
    region = rows[0].region if rows else Region.objects.get(slug=region_slug)
    municipalities = {
        m.code: MunicipalityInfo(
            code=m.code,
            name=m.name,
            authority_name=m.authority_name,
            latitude=_float(m.latitude),
            longitude=_float(m.longitude),
            minority_languages=m.minority_languages,
        )
        for m in rows
    }
    units = Unit.objects.filter(Q(region=region) | Q(region__isnull=True)).select_related(
        "municipality"
    )
    responsibilities = (
        Responsibility.objects.filter(region=region)
        .select_related("topic", "municipality", "region")  # str(row) names the region
        .prefetch_related("professions")
    )
    guidance = Guidance.objects.filter(region=region).select_related("municipality")
    return Catalog(
        region=_region_info(region),
        municipalities=municipalities,
        levels={
            level.number: LevelInfo(
                level.number, level.name, level.description, level.where, _source(level)
            )
            for level in CareLevel.objects.filter(region=region)
        },
        topics=[TopicInfo(t.slug, t.name, t.description, t.need) for t in Topic.objects.all()],
        # Only the professions some rule names can appear on a map; they come with the rules.
        professions={
            p.slug: ProfessionInfo(p.slug, p.name, p.description, p.order)
            for row in responsibilities
            for p in row.professions.all()
        },
        units=[_unit(row) for row in units],
        responsibilities=[rule_from_row(row) for row in responsibilities],
        guidance=[rule_from_row(row) for row in guidance],
    )


STATE_KEY = "catalog:state"
# The shared copy of the versions is deleted when one changes; this bounds how long a copy written
# by a reader that raced an edit (or survived a cache outage during one) can live.
STATE_TIMEOUT = 60


@dataclass(frozen=True)
class DataState:
    versions: dict  # region slug -> data version
    codes: dict  # municipality code -> region slug, for every supported municipality


def new_version():
    # A timestamp, not a counter: after a database restore or a cache flush no version can come
    # back meaning other data than a worker's copy or a cache entry made under it.
    return time.time_ns() // 1000


def _read_state():
    """One query: only regions with municipalities have maps."""
    rows = Municipality.objects.values_list("code", "region__slug", "region__data_version__version")
    return DataState(
        versions={slug: version or 0 for _code, slug, version in rows},
        codes={code: slug for code, slug, _version in rows},
    )


# The state is read once per request and kept for the rest of it (request_started/finished).
_request = threading.local()


def _begin_request(**kwargs):
    _request.active, _request.state = True, None


def _end_request(**kwargs):
    _request.active, _request.state = False, None


request_started.connect(_begin_request)
request_finished.connect(_end_request)


def data_state() -> DataState:
    """Every region's data version and the municipality codes: one cache read (or query)."""
    if getattr(_request, "state", None) is not None:
        return _request.state
    state = cache.get(STATE_KEY) if settings.CACHE_IS_SHARED else None
    if state is None:
        state = _read_state()
        if settings.CACHE_IS_SHARED:
            cache.set(STATE_KEY, state, STATE_TIMEOUT)
    if getattr(_request, "active", False):
        _request.state = state
    return state


def data_version(region_slug):
    return data_state().versions.get(region_slug, 0)


def bump_version(region_ids=None):
    """Give these regions (None: every region, for national rows) a new data version."""
    regions = (
        Region.objects.all() if region_ids is None else Region.objects.filter(pk__in=region_ids)
    )
    ids = list(regions.values_list("pk", flat=True))
    DataVersion.objects.bulk_create([DataVersion(region_id=i) for i in ids], ignore_conflicts=True)
    DataVersion.objects.filter(region_id__in=ids).update(version=new_version())
    _request.state = None
    # After the commit, or a reader could copy the old versions back before the edit is visible.
    transaction.on_commit(lambda: cache.delete(STATE_KEY))


def region_codes():
    """Municipality code -> region slug, for every supported municipality."""
    return data_state().codes


# The latest catalog of each region this process has used, with its version. Unpickling a region's
# catalog from the cache costs more than building a map from it (manage.py benchmark), so a process
# keeps the one it last used while the region's data version stays the same.
_latest = {}


def load_catalog(region_slug) -> Catalog:
    version = data_version(region_slug)
    latest_version, catalog = _latest.get(region_slug, (None, None))
    if latest_version == version:
        return catalog
    key = f"catalog:{region_slug}:{version}"
    catalog = cache.get(key)
    if catalog is None:
        catalog = read_catalog(region_slug)
        cache.set(key, catalog, TIMEOUT)
    _latest[region_slug] = (version, catalog)
    return catalog


def catalog_for_municipality(code) -> Catalog | None:
    """The catalog of the region the municipality belongs to, or None for an unknown code."""
    slug = region_codes().get(code)
    return load_catalog(slug) if slug else None
