"""The shared cache: Django's own Redis backend, where Redis being down is only a miss.

With `REDIS_URL` set (settings.py), every gunicorn worker and every app server shares one
cache of page bodies. Django's `RedisCache` raises on a connection error; `SafeRedisCache`
logs it, answers as if the key were absent (a write is dropped) and leaves Redis alone for
`RETRY_SECONDS` before trying again, so a page never waits on a dead Redis more than once
in that window: pages keep answering from the database.

Keys carry the database's name and the release (`make_key`): two deployments (or two test
runs) sharing one Redis never read each other's pages, whose keys hold a data version that
only means something inside one database, and a deploy starts with keys of its own.
"""

import logging
import threading
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache
from django.db import connections
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# After a failure, Redis is not asked again for this long (per process).
RETRY_SECONDS = 5.0

_state = {"down_until": 0.0}
_lock = threading.Lock()


def make_key(key: str, key_prefix: str, version: int) -> str:
    """`prefix:database:release:version:key` (Django's default is `prefix:version:key`): a
    body rendered by an earlier release's templates is not served after a deploy."""
    from lapor_monitor.release import release

    database = connections["default"].settings_dict.get("NAME") or ""
    return f"{key_prefix}:{database}:{release()}:{version}:{key}"


def reset() -> None:
    """Forget an earlier failure: the next operation tries Redis again (tests)."""
    with _lock:
        _state["down_until"] = 0.0


def is_down() -> bool:
    return time.monotonic() < _state["down_until"]


def _failed(operation: str, error: Exception) -> None:
    with _lock:
        first = not is_down()
        _state["down_until"] = time.monotonic() + RETRY_SECONDS
    if first:
        logger.warning(
            "cache unavailable (%s: %s); serving from the database, retrying in %.0f s",
            operation,
            error,
            RETRY_SECONDS,
        )


def _safe(default):
    """Run the operation unless Redis failed lately; on a Redis error, return `default`."""

    def decorate(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            if is_down():
                return default() if callable(default) else default
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                _failed(method.__name__, error)
                return default() if callable(default) else default

        return wrapper

    return decorate


class SafeRedisCache(RedisCache):
    """`RedisCache` whose errors are misses (reads) or no-ops (writes), logged once per outage."""

    def get(self, key, default=None, version=None):
        if is_down():
            return default
        try:
            return super().get(key, default, version)
        except (RedisError, OSError) as error:
            _failed("get", error)
            return default

    @_safe(False)
    def add(self, key, value, timeout=None, version=None):
        return super().add(key, value, timeout, version)

    @_safe(None)
    def set(self, key, value, timeout=None, version=None):
        return super().set(key, value, timeout, version)

    @_safe(False)
    def touch(self, key, timeout=None, version=None):
        return super().touch(key, timeout, version)

    @_safe(False)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_safe(dict)
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_safe(False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @_safe(list)
    def set_many(self, data, timeout=None, version=None):
        return super().set_many(data, timeout, version)

    @_safe(None)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_safe(False)
    def clear(self):
        return super().clear()

    def incr(self, key, delta=1, version=None):
        # A counter that cannot be read is not a missing key: let ValueError/RedisError through
        # (nothing in the project counts in the cache).
        return super().incr(key, delta, version)
