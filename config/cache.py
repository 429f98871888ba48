"""Redis as a speed-up, not a single point of failure.

When Redis does not answer, the cache falls back to this process's memory for a few seconds
before trying Redis again, and says so once in the log. Pages and the API keep working; the
throttles count per process meanwhile, which still stops a script hammering one server.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("spolu.cache")

# After a failure Redis is left alone this long, so no request waits for a dead server's timeout.
RETRY_AFTER_SECONDS = 5


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5,
                                        **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._fallback = LocMemCache(f"spolu-fallback-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300)})
        self._down_until = 0.0

    @property
    def is_down(self):
        return time.monotonic() < self._down_until

    def _call(self, name, *args, **kwargs):
        if not self.is_down:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except (RedisError, OSError):
                self._went_down()
        return getattr(self._fallback, name)(*args, **kwargs)

    def _went_down(self):
        logger.warning("Redis is down: the cache uses this process's memory for %s s", RETRY_AFTER_SECONDS)
        self._down_until = time.monotonic() + RETRY_AFTER_SECONDS

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

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        self._fallback.clear()
        return self._call("clear")
