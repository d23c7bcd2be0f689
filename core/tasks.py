"""The task worker's heartbeat: proof for /healthz that background work still runs.

Every minute the worker's scheduler queues ``worker_heartbeat`` and a worker thread runs it, so a
fresh beat shows the whole round trip works (scheduler, queue, workers, shared cache). The beat
is the time, in the shared cache that every app server reads. A worker also beats when it
starts, so a deploy is healthy without waiting for the first minute.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, on_startup

HEARTBEAT_KEY = "core:worker:heartbeat"
# Long enough to outlive any staleness window; a missing beat reads as stale anyway.
HEARTBEAT_KEPT_SECONDS = 24 * 3600


def beat() -> float:
    """Record that the worker is alive now; returns the time written."""
    now = time.time()
    cache.set(HEARTBEAT_KEY, now, HEARTBEAT_KEPT_SECONDS)
    return now


def heartbeat_age() -> float | None:
    """Seconds since the worker's last beat; None when no beat is known."""
    last = cache.get(HEARTBEAT_KEY)
    if last is None:
        return None
    return max(time.time() - float(last), 0.0)


def worker_beat() -> tuple[bool, float | None]:
    """(whether the worker beat within settings.WORKER_HEARTBEAT_STALE_MINUTES, the beat's age).
    An unreadable cache counts as no recent beat (/healthz reports the cache itself)."""
    try:
        age = heartbeat_age()
    except Exception:
        return False, None
    return age is not None and age <= settings.WORKER_HEARTBEAT_STALE_MINUTES * 60, age


# A database task (connections are checked before and after) because without Redis the shared
# cache is a database table; a failed beat is not retried: the next minute's replaces it.
@db_periodic_task(crontab(minute="*"), name="core.worker_heartbeat")
def worker_heartbeat() -> float:
    """Every minute: the worker's heartbeat."""
    return beat()


@on_startup(name="core.worker_started")
def worker_started() -> None:
    try:
        beat()
    finally:
        close_old_connections()  # the worker thread's own connection, reopened when next needed
