"""Worker processes for the slow parts of a large rebuild (text analysis, sentence embeddings).

Both are plain CPU work in Python or numpy, one core each; above PARALLEL_MINIMUM documents a
rebuild spreads them over one worker per core. Below it, starting the workers (each imports the
analyser or loads the model) costs more than it saves. Workers are spawned, not forked: a forked
worker would share the parent's database connections.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

PARALLEL_MINIMUM = 5000
MAX_WORKERS = 8


def worker_count() -> int:
    return min(os.cpu_count() or 1, MAX_WORKERS)


class Spread:
    """Runs ``function`` over a list split in one part per worker; results come back in order."""

    def __init__(self, pool: ProcessPoolExecutor, workers: int, function: Callable[[list], list]):
        self.pool, self.workers, self.function = pool, workers, function

    def submit(self, items: list) -> list[Future]:
        size = max(1, -(-len(items) // self.workers))
        return [
            self.pool.submit(self.function, items[start : start + size])
            for start in range(0, len(items), size)
        ]

    def __call__(self, items: list) -> list:
        return gather(self.submit(items))


def gather(futures: list[Future]) -> list:
    """The results of ``Spread.submit``'s futures, in order."""
    results = []
    for future in futures:
        results.extend(future.result())
    return results


@contextlib.contextmanager
def spread(function: Callable[[list], list], count: int) -> Iterator[Callable[[list], list] | None]:
    """A ``Spread`` of ``function`` over worker processes for ``count`` items to come, or None
    when they are too few (or the machine has one core): the caller then runs it itself."""
    workers = worker_count()
    if count < PARALLEL_MINIMUM or workers < 2:
        yield None
        return
    with ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=gc.disable
    ) as pool:
        yield Spread(pool, workers, function)


@contextlib.contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Leave Python's cycle collector off for a rebuild (its workers run without it too).

    A rebuild allocates millions of short-lived objects (rows, documents, token sets) that hold
    no reference cycles and are freed as soon as they are written; the collector's passes over
    them took an eighth of the rebuilding process's time and freed nothing.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
