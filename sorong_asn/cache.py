"""A Redis cache that degrades instead of failing when Redis cannot be reached.

The cache only saves work: every page computes its data without it. When Redis is down, reads are
misses, writes and deletes are dropped, and the counters (`add`/`incr`, used by the rate limits) are
kept in this process's memory so the limits keep counting (per process, hence looser) until Redis is
back. After a failure Redis is not asked again for a few seconds, so a dead server costs a page one
connection attempt, not one per call; the warning is logged at most once a minute.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER = 5.0  # seconds without asking Redis after a failure
WARN_EVERY = 60.0  # seconds between two warnings about the same server

# Per server, shared by the per-thread cache instances of this process.
_down_until: dict[str, float] = {}
_warned_at: dict[str, float] = {}


class ForgivingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._name = ",".join(self._servers)
        self._counters = LocMemCache(f"counters-while-redis-down:{self._name}", {})

    def _call(self, method: str, *args, fallback=None, **kwargs):
        """Run the RedisCache method; on an unreachable server return `fallback()` instead."""
        if time.monotonic() < _down_until.get(self._name, 0.0):
            return fallback() if fallback else None
        try:
            return getattr(super(), method)(*args, **kwargs)
        except UNREACHABLE as exc:
            now = time.monotonic()
            _down_until[self._name] = now + RETRY_AFTER
            if now - _warned_at.get(self._name, -WARN_EVERY) >= WARN_EVERY:
                _warned_at[self._name] = now
                logger.warning("Cache Redis %s tidak dapat dihubungi (%s); dihitung tanpa cache.", self._name, exc)
            return fallback() if fallback else None

    @property
    def reachable(self) -> bool:
        """Whether Redis answers now (for the health page); a failure opens the same short pause."""
        return self._call("has_key", "health:ping", fallback=lambda: None) is not None

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version, fallback=lambda: default)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version, fallback=dict)

    def has_key(self, key, version=None):
        return bool(self._call("has_key", key, version))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version, fallback=lambda: list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return bool(self._call("touch", key, timeout, version))

    def delete(self, key, version=None):
        return bool(self._call("delete", key, version))

    def delete_many(self, keys, version=None):
        self._call("delete_many", keys, version)

    def clear(self):
        return self._call("clear")

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            "add", key, value, timeout, version, fallback=lambda: self._counters.add(key, value, timeout, version)
        )

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version, fallback=lambda: self._counters.incr(key, delta, version))
