"""Per-process values built from the index (embedding matrices, the spelling vocabulary), kept
current as the index moves on without making searches wait.

The first value of a kind is built in the request that needs it (one thread builds, the others
wait for it). Once the kind's index version changes, the value is brought up to date:

- by an *update* when the value's maker offers one: only the index entries written since the
  last read (an index on ``(kind, updated_at)``), a few milliseconds however large the directory.
  At 100,000 companies a full build reads a million rows for seconds of CPU; under a steady flow
  of profile edits every app server process was spending most of its time on them.
- by a *full build* otherwise, and also after a full reindex (``new_generation``), and once the
  last full build is ``FULL_BUILD_EVERY`` old, which drops what updates cannot see (deleted
  objects' words and vectors; the callers only ever show objects still in the database).

Full builds wait ``min_age`` between them, updates ``UPDATE_MIN_AGE``. Either runs in the calling
request when the value came from fewer than ``BACKGROUND_ABOVE_ROWS`` index rows (a small
directory, the tests), otherwise in a background thread while requests go on with the previous
value.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from django.core.cache import cache
from django.db import connections
from django.utils import timezone

logger = logging.getLogger(__name__)

T = TypeVar("T")
# Values built from more index rows than this are refreshed in the background.
BACKGROUND_ABOVE_ROWS = 20_000
UPDATE_MIN_AGE = 2.0
FULL_BUILD_EVERY = 3600.0
# Entries are re-read from this long before the previous read began: a write committed late (its
# time is taken before the commit) and clocks of other app servers a little off are still seen.
OVERLAP = timedelta(minutes=2)


def generation(kind: str):
    """Changes when the kind's index is rebuilt from scratch (see ``new_generation``)."""
    return cache.get(f"search:generation:{kind}")


def new_generation(kind: str) -> None:
    """Tell every process that ``kind`` was reindexed whole: updates cannot follow that."""
    cache.set(f"search:generation:{kind}", time.time_ns(), None)


@dataclass(frozen=True)
class _Held(Generic[T]):
    value: T
    version: Any
    made_at: float  # monotonic
    read_from: datetime  # when the reads that made the value began
    full_at: float  # monotonic time of the last full build
    generation: Any


class IndexDerived(Generic[T]):
    """``get(kind, version)`` returns the value for a recent index version.

    ``build(kind)`` makes it from the whole index; ``update(kind, value, since)``, when given,
    returns it with the entries written since ``since`` taken into account.
    """

    def __init__(
        self,
        build: Callable[[str], T],
        *,
        min_age: float,
        rows: Callable[[T], int],
        worth_keeping: Callable[[T], bool] = lambda value: True,
        update: Callable[[str, T, datetime], T] | None = None,
    ):
        self._build = build
        self._update = update
        self._rows = rows  # how many index rows a value was built from
        self.min_age = min_age
        # A value not worth keeping (an empty matrix) is rebuilt as soon as the version changes.
        self._worth_keeping = worth_keeping
        self._held: dict[str, _Held[T]] = {}
        self._lock = threading.Lock()
        self._building: dict[str, threading.Lock] = {}
        self._refreshing: set[str] = set()

    def get(self, kind: str, version) -> T:
        with self._lock:
            held = self._held.get(kind)
            if held is not None:
                if held.version == version or self._young(kind, held):
                    return held.value
                if self._rows(held.value) > BACKGROUND_ABOVE_ROWS:
                    if kind not in self._refreshing:
                        self._refreshing.add(kind)
                        threading.Thread(
                            target=self._refresh,
                            args=(kind, version),
                            name=f"search-refresh-{kind}",
                            daemon=True,
                        ).start()
                    return held.value
            building = self._building.setdefault(kind, threading.Lock())
        with building:
            with self._lock:
                held = self._held.get(kind)
                if held is not None and held.version == version:
                    return held.value  # another thread made it while this one waited
            return self._store(kind, version)

    def _young(self, kind: str, held: _Held[T]) -> bool:
        if not self._worth_keeping(held.value):
            return False
        age = time.monotonic() - held.made_at
        return age < (UPDATE_MIN_AGE if self._can_update(held, generation(kind)) else self.min_age)

    def _can_update(self, held: _Held[T] | None, current_generation) -> bool:
        return (
            self._update is not None
            and held is not None
            and time.monotonic() - held.full_at < FULL_BUILD_EVERY
            and held.generation == current_generation
        )

    def _store(self, kind: str, version) -> T:
        held = self._held.get(kind)
        current_generation = generation(kind)
        read_from = timezone.now()
        if self._can_update(held, current_generation):
            value = self._update(kind, held.value, held.read_from - OVERLAP)
            full_at = held.full_at
        else:
            value = self._build(kind)
            full_at = time.monotonic()
        with self._lock:
            self._held[kind] = _Held(value, version, time.monotonic(), read_from, full_at, current_generation)
        return value

    def _refresh(self, kind: str, version) -> None:
        try:
            self._store(kind, version)
        except Exception:  # the previous value keeps serving; the next search tries again
            logger.exception("refreshing the search %s data failed", kind)
        finally:
            with self._lock:
                self._refreshing.discard(kind)
            connections.close_all()  # this thread's own connections

    def forget(self) -> None:
        with self._lock:
            self._held.clear()
