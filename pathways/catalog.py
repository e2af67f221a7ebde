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
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, transaction
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
    TopicInfo,
    UnitInfo,
)

TIMEOUT = 60 * 60 * 24


def _municipality_code(row: Unit) -> str | None:
    return row.municipality.code if row.municipality is not None else None


def _unit(row: Unit) -> UnitInfo:
    return UnitInfo(
        id=row.pk,
        name=row.name,
        kind=row.kind,
        principal=row.principal,
        source=row.as_source(),
        municipality_code=_municipality_code(row),
        is_national=row.region_id is None,
        care_level=row.care_level,
        description=row.description,
        address=row.address,
        phone=row.phone,  # E.164 as stored (Unit.clean); formatted where shown (pathways.phone)
        email=row.email,
        web=row.web,
        opening_hours=row.opening_hours,
        accepts_self_referral=row.accepts_self_referral,
        digital_options=row.digital_options,
        description_for_relative=row.description_for_relative,
    )


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _region_info(region: Region) -> RegionInfo:
    return RegionInfo(
        id=region.pk,
        slug=region.slug,
        name=region.name,
        health_centre_word=region.health_centre_word,
        health_centre_word_definite=region.health_centre_word_definite,
        home_care_word=region.home_care_word,
        web=region.web,
    )


def read_catalog(region_slug: str) -> Catalog:
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
                level.number,
                level.name,
                level.description,
                level.where,
                level.as_source(),
                level.description_for_relative,
                level.where_for_relative,
            )
            for level in CareLevel.objects.filter(region=region)
        },
        topics=[TopicInfo(t.slug, t.name, t.description, t.need) for t in Topic.objects.all()],
        # Only the professions some rule names can appear on a map; they come with the rules.
        professions={
            p.slug: ProfessionInfo(
                p.slug, p.name, p.description, p.order, p.description_for_relative
            )
            for row in responsibilities
            for p in row.professions.all()
        },
        units=[_unit(row) for row in units],
        responsibilities=[row.as_rule() for row in responsibilities],
        guidance=[row.as_rule() for row in guidance],
    )


STATE_KEY = "catalog:state"
# The shared copy of the versions is deleted when one changes. A copy can outlive a change when
# the delete fails (the cache unreachable from the editing server, or down and back again) or a
# reader raced the edit; it lives only STATE_TIMEOUT, so every server sees every edit within 5 s
# (one small query per STATE_TIMEOUT for the whole installation; 60 s let maps on other servers
# stay stale for 35-60 s, issue 24). A second copy, kept longer, is used only while the database
# cannot be read: warm maps keep being served through a database outage.
STATE_TIMEOUT = 3
LAST_STATE_KEY, LAST_STATE_TIMEOUT = "catalog:state:last", 60 * 60


@dataclass(frozen=True)
class DataState:
    versions: dict[str, int]  # region slug -> data version
    codes: dict[str, str]  # municipality code -> region slug, for every supported municipality


def new_version() -> int:
    # A timestamp, not a counter: after a database restore or a cache flush no version can come
    # back meaning other data than a worker's copy or a cache entry made under it.
    return time.time_ns() // 1000


def _read_state() -> DataState:
    """One query: only regions with municipalities have maps."""
    rows = Municipality.objects.values_list("code", "region__slug", "region__data_version__version")
    return DataState(
        versions={slug: version or 0 for _code, slug, version in rows},
        codes={code: slug for code, slug, _version in rows},
    )


# The state is read once per request and kept for the rest of it (request_started/finished).
_request = threading.local()


def _begin_request(**kwargs: object) -> None:
    _request.active, _request.state = True, None


def _end_request(**kwargs: object) -> None:
    _request.active, _request.state = False, None


request_started.connect(_begin_request)
request_finished.connect(_end_request)


def data_state() -> DataState:
    """Every region's data version and the municipality codes: one cache read (or query)."""
    kept: DataState | None = getattr(_request, "state", None)
    if kept is not None:
        return kept
    state: DataState | None = cache.get(STATE_KEY) if settings.CACHE_IS_SHARED else None
    if state is None:
        try:
            state = _read_state()
        except DatabaseError:
            state = cache.get(LAST_STATE_KEY) if settings.CACHE_IS_SHARED else None
            if state is None:
                raise
            # The next seconds' requests use it without waiting for the database again.
            cache.set(STATE_KEY, state, STATE_TIMEOUT)
        else:
            if settings.CACHE_IS_SHARED:
                cache.set(STATE_KEY, state, STATE_TIMEOUT)
                cache.set(LAST_STATE_KEY, state, LAST_STATE_TIMEOUT)
    if getattr(_request, "active", False):
        _request.state = state
    return state


def data_version(region_slug: str) -> int:
    return data_state().versions.get(region_slug, 0)


def bump_version(region_ids: set[int] | None = None) -> None:
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


def region_codes() -> dict[str, str]:
    """Municipality code -> region slug, for every supported municipality."""
    return data_state().codes


# The latest catalog of each region this process has used, with its version. Unpickling a region's
# catalog from the cache costs more than building a map from it (manage.py benchmark), so a process
# keeps the one it last used while the region's data version stays the same.
_latest: dict[str, tuple[int, Catalog]] = {}


def load_catalog(region_slug: str) -> Catalog:
    version = data_version(region_slug)
    if region_slug in _latest and _latest[region_slug][0] == version:
        return _latest[region_slug][1]
    key = f"catalog:{region_slug}:{version}"
    catalog: Catalog | None = cache.get(key)
    if catalog is None:
        catalog = read_catalog(region_slug)
        cache.set(key, catalog, TIMEOUT)
    _latest[region_slug] = (version, catalog)
    return catalog


def catalog_for_municipality(code: str) -> Catalog | None:
    """The catalog of the region the municipality belongs to, or None for an unknown code."""
    slug = region_codes().get(code)
    return load_catalog(slug) if slug else None
