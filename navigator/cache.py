"""Redis as a cache that may fail: an outage costs speed, never a page.

Every operation that fails answers as a cache that stores everything and forgets it at once
would: a read gives its default, a write "succeeds". Everything the site caches can be rebuilt
from the database. So allauth's rate-limit lock (an `add`) is granted and sign-in fails open:
the second factor, not the counter, is what stops a guessed password, and a cache outage must
not lock the wards out. After a failure the
cache is skipped for RETRY_SECONDS, so a Redis that stalls costs one short socket timeout per
worker every few seconds, not one per request.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0


class ReusedClient(RedisCacheClient):
    """One redis-py client per connection pool, not a new one per operation: building a client
    costs more than a local Redis round trip (a third of a kept map page's time, measured)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if id(pool) not in self._clients:
            self._clients[id(pool)] = self._client(connection_pool=pool)
        return self._clients[id(pool)]


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClient
        self._skip_until = 0.0

    def _try(self, operation, fallback, *args, **kwargs):
        if time.monotonic() < self._skip_until:
            return fallback
        try:
            return operation(*args, **kwargs)
        except RedisError as error:
            self._skip_until = time.monotonic() + RETRY_SECONDS
            logger.warning(
                "Cache unavailable, using the database for %ss: %s", RETRY_SECONDS, error
            )
            return fallback

    def get(self, key, default=None, version=None):
        return self._try(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._try(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._try(super().has_key, False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(super().add, True, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(super().set, None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(super().set_many, [], data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._try(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        return self._try(super().delete_many, None, keys, version)

    def incr(self, key, delta=1, version=None):
        result = self._try(super().incr, None, key, delta, version)
        if result is None:  # as if the key were missing: callers already handle that
            raise ValueError(f"Key '{key}' not found.")
        return result

    def clear(self):
        return self._try(super().clear, False)
