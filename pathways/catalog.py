"""A region's rows as plain values, read in a constant number of queries and cached.

The cache is keyed by a data version that any save or delete of regional data bumps
(pathways.signals), so administrators' edits show at once and no reader ever sees half an update.
"""

import time
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Q

from . import phone
from .models import (
    CareLevel,
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

VERSION_KEY = "catalog:version"
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
        phone=phone.display(row.phone),  # stored normalised (Unit.clean), shown grouped
        email=row.email,
        web=row.web,
        opening_hours=row.opening_hours,
        accepts_self_referral=row.accepts_self_referral,
        digital_options=row.digital_options,
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
                level.number, level.name, level.description, level.where, level.as_source()
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
        responsibilities=[row.as_rule() for row in responsibilities],
        guidance=[row.as_rule() for row in guidance],
    )


def _first_version() -> int:
    # Not 1: after a cache flush the count must not restart at a version a process still holds
    # in its local copy (_latest) from before an edit.
    return time.time_ns() // 1000


def data_version() -> int:
    version = cache.get_or_set(VERSION_KEY, _first_version, None)
    return int(version) if version is not None else _first_version()


def bump_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, _first_version(), None)


def region_codes() -> dict[str, str]:
    """Municipality code -> region slug, for every supported municipality (cached)."""
    key = f"catalog:{data_version()}:codes"
    codes: dict[str, str] | None = cache.get(key)
    if codes is None:
        codes = dict(Municipality.objects.values_list("code", "region__slug"))
        cache.set(key, codes, TIMEOUT)
    return codes


# The latest catalog of each region this process has used, by cache key. Unpickling a region's
# catalog from the cache costs more than building a map from it (manage.py benchmark), so a process
# keeps the one it last used while the data version stays the same.
_latest: dict[str, tuple[str, Catalog]] = {}


def load_catalog(region_slug: str) -> Catalog:
    key = f"catalog:{data_version()}:{region_slug}"
    if region_slug in _latest and _latest[region_slug][0] == key:
        return _latest[region_slug][1]
    catalog: Catalog | None = cache.get(key)
    if catalog is None:
        catalog = read_catalog(region_slug)
        cache.set(key, catalog, TIMEOUT)
    _latest[region_slug] = (key, catalog)
    return catalog


def catalog_for_municipality(code: str) -> Catalog | None:
    """The catalog of the region the municipality belongs to, or None for an unknown code."""
    slug = region_codes().get(code)
    return load_catalog(slug) if slug else None
