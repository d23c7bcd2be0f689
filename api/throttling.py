"""Rate limits per API key (or signed-in person) and per IP address for guests.

Built on ninja's throttling (it answers 429 with Retry-After through our error handler), but
counted in fixed windows with ``cache.add`` + ``cache.incr``: ninja's own SimpleRateThrottle
keeps a list of timestamps it reads and writes back, which loses counts when several processes
share the cache, while ``incr`` is atomic in every shared cache backend. Rates come from the
settings ``API_RATE_LIMIT_PER_KEY`` and ``API_RATE_LIMIT_PER_IP`` ("600/min") on each request,
so tests can override them.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.core.cache import cache
from ninja.throttling import SimpleRateThrottle

DEFAULT_PER_KEY = "600/min"
DEFAULT_PER_IP = "120/min"


class ApiRateThrottle(SimpleRateThrottle):
    """One counter per caller and window: the key's id, else the person's id, else the IP."""

    cache_format = "api-throttle:%(scope)s:%(ident)s:%(window)s"

    def __init__(self):
        super().__init__(rate=DEFAULT_PER_KEY)
        # One instance serves every request; a threaded server runs several at once, so the
        # window a request was counted in (for its Retry-After) is kept per thread.
        self._current = threading.local()

    def caller(self, request) -> tuple[str, str]:
        key = getattr(request, "api_key", None)
        if key is not None:
            return "key", str(key.pk)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return "user", str(user.pk)
        return "ip", self.get_ident(request) or "unknown"

    def rate_for(self, scope: str) -> str:
        if scope == "ip":
            return getattr(settings, "API_RATE_LIMIT_PER_IP", DEFAULT_PER_IP)
        return getattr(settings, "API_RATE_LIMIT_PER_KEY", DEFAULT_PER_KEY)

    def allow_request(self, request) -> bool:
        scope, ident = self.caller(request)
        allowed, duration = self.parse_rate(self.rate_for(scope))
        now = time.time()
        window = int(now // duration)
        self._current.retry_after = (window + 1) * duration - now
        cache_key = self.cache_format % {"scope": scope, "ident": ident, "window": window}
        # add() starts the window at 0 only if nobody else has; incr() then counts atomically.
        cache.add(cache_key, 0, timeout=duration + 1)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # the window expired between add() and incr()
            cache.add(cache_key, 1, timeout=duration + 1)
            count = 1
        return count <= allowed

    def wait(self) -> float:
        return max(1.0, getattr(self._current, "retry_after", 1.0))
