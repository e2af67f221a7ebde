"""The map reads the regional data in a constant number of queries, then from the cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pathways.management.commands.benchmark import multiply_regional_data
from pathways.models import Unit

# Each test starts in a process that has read no catalog yet, as the counts below assume.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cold_catalogs")]

MAP = "/karta/?kommun=2584&ta_sig=nej&inlagd=ja&behov=resor&behov=hjalpmedel"
API = "/api/karta/?kommun=2080&boende=sarskilt"
COLD_MAX = 8  # region codes and read_catalog's seven
WARM_MAX = 2


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [MAP, API])
def test_a_cold_map_reads_the_catalog_in_a_few_queries_and_a_warm_one_in_none(client, url):
    cold = count_queries(client, url)
    warm = count_queries(client, url)
    assert cold <= COLD_MAX
    assert warm <= WARM_MAX


def test_the_query_count_stays_the_same_with_ten_times_the_data(client):
    cold_before = count_queries(client, MAP)
    warm_before = count_queries(client, MAP)
    units = Unit.objects.count()

    multiply_regional_data(10)

    assert Unit.objects.count() == units * 10
    assert count_queries(client, MAP) == cold_before
    assert count_queries(client, MAP) == warm_before


def test_an_edit_is_seen_at_once(client):
    count_queries(client, MAP)
    unit = Unit.objects.get(name__startswith="Sjukresor", region__slug="norrbotten")
    unit.phone = "020-11 22 33"
    unit.save()
    assert count_queries(client, MAP) > WARM_MAX  # the catalog is read again
    assert "020-11 22 33" in client.get(MAP).content.decode()


def test_other_situations_in_the_same_region_reuse_the_cached_catalog(
    client, django_assert_max_num_queries
):
    client.get(MAP)
    for query in ("kommun=2580", "kommun=2584&alder=barn", "kommun=2510&boende=sarskilt"):
        with django_assert_max_num_queries(WARM_MAX):
            assert client.get(f"/karta/?{query}").status_code == 200


def test_a_flushed_cache_never_brings_back_old_data(client):
    from django.core.cache import cache

    client.get(MAP)  # this process now holds the catalog
    unit = Unit.objects.get(name__startswith="Sjukresor", region__slug="norrbotten")
    unit.phone = "020-44 55 66"
    unit.save()
    cache.clear()  # e.g. Redis restarted: the data version starts again
    assert "020-44 55 66" in client.get(MAP).content.decode()
