"""Guests' page views read from a PostgreSQL read replica; everything else uses the primary.

Active only when DATABASE_REPLICA_URL is set (koffset/settings.py). The rule is deliberately
narrow, because a replica lags the primary by a moment:

- only GET/HEAD requests of visitors who are not signed in and send no API key read from the
  replica: what they see is public and a second old at worst, and nobody expects to read
  their own write there;
- once such a request writes anything (a rate-limit counter in the database cache, a stored
  search result), its later reads go to the primary, so it reads what it wrote;
- reads inside a transaction, and of sessions, the cache table and accounts, always use the
  primary;
- migrations run on the primary only (the replica copies them).
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from django.db import connections

REPLICA = "replica"
PRIMARY = "default"
# Tables whose rows must never be a moment old: sessions (sign-in), the database cache (search
# index version, rate limits), users and their authentication.
PRIMARY_ONLY_APPS = frozenset({"sessions", "django_cache", "accounts", "auth", "account", "mfa", "api"})
API_KEY_HEADERS = ("Authorization", "X-API-Key")


@dataclass
class _GuestRead:
    wrote: bool = False


_current: ContextVar[_GuestRead | None] = ContextVar("koffset_guest_read", default=None)


class GuestReadsOnReplicaMiddleware:
    """Marks a guest's GET/HEAD request as one whose reads may use the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_guest_read(request):
            return self.get_response(request)
        token = _current.set(_GuestRead())
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


def _is_guest_read(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if any(request.headers.get(header) for header in API_KEY_HEADERS):
        return False  # an API key acts as a member: treated as signed in
    return not request.user.is_authenticated


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        state = _current.get()
        if state is None or state.wrote or model._meta.app_label in PRIMARY_ONLY_APPS:
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY  # a transaction reads its own snapshot, not the replica's
        return REPLICA

    def db_for_write(self, model, **hints):
        state = _current.get()
        if state is not None:
            state.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
