"""Per-process values built from the index (embedding matrices, the spelling vocabulary) that are
rebuilt when the index moves on, without making searches wait for the rebuild.

The first build of a kind happens in the request that needs it (one thread builds, the others
wait for it). Afterwards, once the kind's index version has changed and the value is at least
``min_age`` seconds old, it is rebuilt: in the calling request when it was built from fewer than
``BACKGROUND_ABOVE_ROWS`` index rows (a small directory, the tests: milliseconds), otherwise in a
background thread while every request goes on with the previous value. At 100,000 companies a rebuild reads a million index rows and takes seconds;
with edits arriving every few seconds, rebuilding in the request made each worker stall.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from django.db import connections

logger = logging.getLogger(__name__)

T = TypeVar("T")
# Values built from more index rows than this are rebuilt in the background (about a second).
BACKGROUND_ABOVE_ROWS = 20_000


class IndexDerived(Generic[T]):
    """``get(kind, version)`` returns the value ``build(kind)`` made for a recent index version."""

    def __init__(
        self,
        build: Callable[[str], T],
        *,
        min_age: float,
        rows: Callable[[T], int],
        worth_keeping: Callable[[T], bool] = lambda value: True,
    ):
        self._build = build
        self._rows = rows  # how many index rows a value was built from
        self.min_age = min_age
        # A value not worth keeping (an empty matrix) is rebuilt as soon as the version changes.
        self._worth_keeping = worth_keeping
        self._entries: dict[str, tuple[object, float, T]] = {}  # version, built at, value
        self._lock = threading.Lock()
        self._building: dict[str, threading.Lock] = {}
        self._refreshing: set[str] = set()

    def get(self, kind: str, version) -> T:
        with self._lock:
            entry = self._entries.get(kind)
            if entry is not None:
                built_version, built_at, value = entry
                young = time.monotonic() - built_at < self.min_age and self._worth_keeping(value)
                if built_version == version or young:
                    return value
                if self._rows(value) > BACKGROUND_ABOVE_ROWS:
                    if kind not in self._refreshing:
                        self._refreshing.add(kind)
                        threading.Thread(
                            target=self._refresh,
                            args=(kind, version),
                            name=f"search-refresh-{kind}",
                            daemon=True,
                        ).start()
                    return value
            building = self._building.setdefault(kind, threading.Lock())
        with building:
            with self._lock:
                entry = self._entries.get(kind)
                if entry is not None and entry[0] == version:
                    return entry[2]  # another thread built it while this one waited
            return self._store(kind, version)

    def _store(self, kind: str, version) -> T:
        value = self._build(kind)
        with self._lock:
            self._entries[kind] = (version, time.monotonic(), value)
        return value

    def _refresh(self, kind: str, version) -> None:
        try:
            self._store(kind, version)
        except Exception:  # the previous value keeps serving; the next search tries again
            logger.exception("rebuilding the search %s data failed", kind)
        finally:
            with self._lock:
                self._refreshing.discard(kind)
            connections.close_all()  # this thread's own connections

    def forget(self) -> None:
        with self._lock:
            self._entries.clear()
