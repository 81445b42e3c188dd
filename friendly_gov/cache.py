"""The cache backend: django-redis, which counts in this process's memory while Redis does not
answer.

The cache holds the rate-limit and throttle counters and nothing a citizen's request needs
besides (sessions are in the database, messages in a cookie or the session, the CSRF token in a
cookie). Redis going away must not turn a survey, a feedback or a login into a server error, so
a call that cannot reach Redis (refused, timed out, an error reply) is answered by a LocMem cache
of this process instead. While Redis is down each gunicorn process therefore counts alone: a
client gets at most the limit times the number of processes through, and counting is shared
again as soon as Redis answers.

After a failure the next FALLBACK_SECONDS go straight to the local cache without trying Redis,
so a dead or black-holed Redis costs one request a short socket timeout every few seconds and
the others nothing. The switch is logged once each way, per process.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# socket.timeout and refused connections are OSErrors; django-redis re-raises redis-py's errors.
UNREACHABLE = (RedisError, ConnectionInterrupted, OSError)

# Redis answers a counter in well under a millisecond; a quarter of a second means it is not
# answering. Overridable per cache in OPTIONS (django-redis's own option names).
DEFAULT_OPTIONS = {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.25, "FALLBACK_SECONDS": 5}

# A counter created on Redis whose increment lands here (Redis went away in between) starts
# again locally; it lives as long as the longest window the portal counts over.
ORPHAN_COUNTER_SECONDS = 3600


class _Breaker:
    """Whether this process uses Redis, shared by the threads of the process."""

    def __init__(self, name: str):
        self.name = name
        self.retry_at: float | None = None  # None: Redis in use
        self.lock = threading.Lock()

    def use_redis(self, *, probe: bool) -> bool:
        retry_at = self.retry_at
        return retry_at is None or (probe and time.monotonic() >= retry_at)

    def failed(self, error: Exception, seconds: float) -> None:
        with self.lock:
            first = self.retry_at is None
            self.retry_at = time.monotonic() + seconds
        if first:
            logger.warning(
                "Redis cache %s unreachable (%s): rate limits count in this process until it answers.",
                self.name,
                error.__class__.__name__,
            )

    def succeeded(self) -> None:
        if self.retry_at is None:
            return
        with self.lock:
            recovered = self.retry_at is not None
            self.retry_at = None
        if recovered:
            logger.warning("Redis cache %s answers again: rate limits are shared again.", self.name)


# The address without its password, for the log.
_CREDENTIALS = re.compile(r"//[^@/]*@")

_breakers: dict[str, _Breaker] = {}
_breakers_lock = threading.Lock()


def _breaker(name: str) -> _Breaker:
    with _breakers_lock:
        if name not in _breakers:
            _breakers[name] = _Breaker(_CREDENTIALS.sub("//", name))
        return _breakers[name]


class FallbackRedisCache(RedisCache):
    """`django_redis.cache.RedisCache` with a per-process fallback (see the module's docstring).

    OPTIONS are django-redis's, plus FALLBACK_SECONDS (default 5): how long after a failure
    Redis is left alone. Only Django's cache API falls back (get, set, add, incr...); the
    Redis-only extras (ttl, lock, keys...) still raise."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        self.fallback_seconds = float(options.pop("FALLBACK_SECONDS"))
        super().__init__(server, {**params, "OPTIONS": options})
        # Django makes one backend per thread: the state and the local counters are per process.
        self.breaker = _breaker(server)
        local_params = {k: v for k, v in params.items() if k in {"TIMEOUT", "KEY_PREFIX", "VERSION"}}
        self.local = LocMemCache(f"redis-fallback:{server}", local_params)

    @property
    def is_falling_back(self) -> bool:
        return not self.breaker.use_redis(probe=False)

    def _call(self, name: str, *args, probe: bool = True, **kwargs):
        if self.breaker.use_redis(probe=probe):
            try:
                result = getattr(RedisCache, name)(self, *args, **kwargs)
            except UNREACHABLE as error:
                self.breaker.failed(error, self.fallback_seconds)
            else:
                self.breaker.succeeded()
                return result
        return getattr(self.local, name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, key, delta=1, version=None, **kwargs):
        # An increment follows the add or get that created its key: it never brings Redis back
        # into use on its own, or it would look for a key that was created here.
        if self.breaker.use_redis(probe=False):
            try:
                return RedisCache.incr(self, key, delta, version=version, **kwargs)
            except UNREACHABLE as error:
                self.breaker.failed(error, self.fallback_seconds)
        try:
            return self.local.incr(key, delta, version=version)
        except ValueError:
            # The counter was on Redis, which went away since: count from here.
            if self.local.add(key, delta, ORPHAN_COUNTER_SECONDS, version=version):
                return delta
            return self.local.incr(key, delta, version=version)

    def decr(self, key, delta=1, version=None, **kwargs):
        return self.incr(key, -delta, version=version, **kwargs)

    def clear(self):
        self.local.clear()
        return self._call("clear")

    def close(self, **kwargs):
        try:
            super().close(**kwargs)
        except UNREACHABLE:
            pass
