"""The one search entry point used by the directory pages, the API, exports and matching."""

from __future__ import annotations

import functools
import gc
import hashlib
import logging
import math
import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.core.cache import cache
from django.db.models import OuterRef, Subquery

from search import embeddings
from search.backends import backend
from search.glossary import Glossary, read_data_file
from search.indexing import index_version
from search.query import ParsedQuery, Phrase, parse
from search.vocabulary import forget as vocabulary_forget
from search.vocabulary import vocabulary_for

TITLE_FACTOR = 1.0
BODY_FACTOR = 0.75
CODE_SCORE = 10.0  # an exact registration number, NSN or HS code goes to the top
RRF_K = 10  # small: rank differences near the top should matter
SEMANTIC_WEIGHT = 0.5
SEMANTIC_MINIMUM = 0.45  # cosine below which a document without any lexical match is not shown
SEMANTIC_CANDIDATES = 30
LOOKUP_LIMIT = 1000  # objects one index look-up returns at most; more make a word a common one
COUNT_LIMIT = 20_000  # a common word's matches are counted up to this many, for its weight

logger = logging.getLogger(__name__)


@dataclass
class Hit:
    object_id: int
    score: float
    matched: dict[str, str] = field(default_factory=dict)  # query term -> what matched it
    semantic: float | None = None
    code: bool = False


@dataclass
class SearchResult:
    query: ParsedQuery
    hits: list[Hit]
    took_ms: float = 0.0
    index_ms: float = 0.0  # of took_ms, spent in index look-ups and counts

    @property
    def ids(self) -> list[int]:
        return [hit.object_id for hit in self.hits]

    @property
    def highlight_terms(self) -> list[str]:
        labels = {label for hit in self.hits[:50] for label in hit.matched.values()}
        return sorted(labels | {term.text for term in self.query.terms}, key=len, reverse=True)


GLOSSARY_TTL = 60
_glossary_cache: dict = {"at": 0.0, "value": None}


def glossary() -> Glossary:
    """The shipped glossary plus KDIA's additions, refreshed every minute."""
    if _glossary_cache["value"] is None or time.monotonic() - _glossary_cache["at"] > GLOSSARY_TTL:
        from search.models import GlossaryEntry

        pairs = _shipped_pairs() + list(GlossaryEntry.objects.values_list("korean", "english"))
        _glossary_cache.update(value=Glossary.from_pairs(pairs), at=time.monotonic())
    return _glossary_cache["value"]


@functools.lru_cache(maxsize=1)
def _shipped_pairs() -> list[tuple[str, str]]:
    return read_data_file()


def forget_caches() -> None:
    """Drop cached glossary, vocabulary and embeddings (tests; after a rebuild)."""
    _glossary_cache.update(value=None, at=0.0)
    embeddings.forget()
    vocabulary_forget()
    _counts.clear()
    _df.clear()
    forget_results()


def forget_results() -> None:
    """Drop remembered search results (``search_cached``), nothing else."""
    _recent.clear()


def search(text: str, *, kind: str = "company", limit: int = 1000, semantic: bool = True) -> SearchResult:
    """Rank objects of ``kind`` for ``text``; callers intersect the ids with what the user may see."""
    started = time.perf_counter()
    terms = glossary()
    vocabulary = vocabulary_for(kind, index_version(kind), extra=terms.english_words)
    parsed = parse(text or "", glossary=terms, vocabulary=vocabulary)
    if parsed.is_empty:
        return SearchResult(parsed, [], 0.0)
    scored = _lexical(parsed, kind)
    if semantic and embeddings.enabled() and parsed.terms:
        hits = _blend(parsed, kind, scored, limit)
    else:
        hits = scored.hits(limit)
    return SearchResult(parsed, hits[:limit], (time.perf_counter() - started) * 1000, scored.index_ms)


class _Scored:
    """Lexical scores of every object found, ranked; ``Hit`` objects are made only for those shown."""

    def __init__(self, parsed: ParsedQuery, ids, scores, per_term, codes, index_ms: float):
        self.parsed = parsed
        self.index_ms = index_ms
        self.ids = ids
        self.scores = scores
        self.order = np.lexsort((ids, -scores))  # best first, then by object id
        self.per_term = per_term  # for each term: its matched ids (sorted) and the alternative of each
        self.codes = codes  # for each code: the ids it matched (sorted)

    def hits(self, count: int) -> list[Hit]:
        """The first ``count`` hits."""
        return self._hits(self.order[:count])

    def hit(self, position: int) -> Hit:
        return self._hits(self.order[position : position + 1])[0]

    def _hits(self, rows: np.ndarray) -> list[Hit]:
        """Hits for these rows, with what matched each term (looked up for all of them at once)."""
        ids, scores = self.ids[rows], self.scores[rows]
        matched = [
            (
                term.text,
                [alternative.label for alternative in term.alternatives],
                *self._found(term_ids, ids),
                alts,
            )
            for term, (term_ids, alts) in zip(self.parsed.terms, self.per_term, strict=True)
        ]
        codes = [
            (code, *self._found(code_ids, ids))
            for code, code_ids in zip(self.parsed.codes, self.codes, strict=True)
        ]
        hits = []
        for i, (object_id, score) in enumerate(zip(ids.tolist(), scores.tolist(), strict=True)):
            hit = Hit(object_id, score)
            for text, labels, found, where, alts in matched:
                if found[i]:
                    hit.matched[text] = labels[alts[where[i]]]
            for code, found, _ in codes:
                if found[i]:
                    hit.code = True
                    hit.matched[code] = code
            hits.append(hit)
        return hits

    @staticmethod
    def _found(sorted_ids: np.ndarray, ids: np.ndarray) -> tuple[list[bool], list[int]]:
        """For each of ``ids``: whether it is in ``sorted_ids``, and where."""
        where = np.minimum(np.searchsorted(sorted_ids, ids), max(len(sorted_ids) - 1, 0))
        found = sorted_ids[where] == ids if len(sorted_ids) else np.zeros(len(ids), dtype=bool)
        return found.tolist(), where.tolist()

    def rank_of(self, object_id: int) -> int | None:
        """Position of an object in the lexical ranking (None when not found)."""
        index = np.searchsorted(self.ids, object_id)
        if index == len(self.ids) or self.ids[index] != object_id:
            return None
        return int(self._positions[index])

    @functools.cached_property
    def _positions(self) -> np.ndarray:
        positions = np.empty(len(self.order), dtype=np.int64)
        positions[self.order] = np.arange(len(self.order))
        return positions


def _lexical(parsed: ParsedQuery, kind: str) -> _Scored:
    """Score every object that matches a term, by the rarity-weighted share of the query it matches.

    Each term weighs by how rare its matches are (inverse document frequency), so that a query's
    specific words ('turbine blade') count for more than its common ones ('machining'). Look-ups
    are capped at LOOKUP_LIMIT objects: a term found more often than that is counted in the
    index for its weight (up to COUNT_LIMIT: beyond, all words are about equally common), and
    only its first LOOKUP_LIMIT objects are scored for it.
    """
    engine = _TimedBackend(backend())
    requests = list(
        dict.fromkeys(
            [
                (alternative.phrases, field)
                for term in parsed.terms
                for alternative in term.alternatives
                for field in ("title", "text")
            ]
            + [((Phrase((code,)),), "codes") for code in parsed.codes]
        )
    )
    looked_up = {
        request: (np.unique(np.asarray(found[:LOOKUP_LIMIT], dtype=np.int64)), len(found) <= LOOKUP_LIMIT)
        for request, found in zip(requests, engine.match_many(kind, requests, LOOKUP_LIMIT + 1), strict=True)
    }

    def lookup(phrases: tuple[Phrase, ...], field: str) -> tuple[np.ndarray, bool]:
        return looked_up[(phrases, field)]

    population = max(_document_count(kind), 1)
    per_term = [_term_matches(term, lookup) for term in parsed.terms]
    found = [len(ids) for ids, *_ in per_term]
    incomplete = {
        index: tuple(alternative.phrases for alternative in parsed.terms[index].alternatives)
        for index, (*_, complete) in enumerate(per_term)
        if not complete
    }
    for index, count in _counts_of(engine, kind, incomplete).items():
        found[index] = max(found[index], count)
    weights = [
        term.weight * math.log(1 + population / max(n, 1))
        for term, n in zip(parsed.terms, found, strict=True)
    ]
    per_term = [(ids, alternatives, scores) for ids, scores, alternatives, _ in per_term]
    total_weight = (
        sum(weight for weight, (ids, _, _) in zip(weights, per_term, strict=True) if len(ids)) or 1.0
    )
    all_ids = [ids for ids, _, _ in per_term]
    # Added up term by term, in the order of the query, as a running sum per object would be.
    contributions = [
        weight * scores / total_weight for weight, (_, _, scores) in zip(weights, per_term, strict=True)
    ]
    codes = [looked_up[((Phrase((code,)),), "codes")][0] for code in parsed.codes]
    all_ids += codes
    contributions += [np.full(len(ids), CODE_SCORE) for ids in codes]
    ids, inverse = np.unique(np.concatenate(all_ids or [np.zeros(0, np.int64)]), return_inverse=True)
    totals = np.bincount(inverse, weights=np.concatenate(contributions or [np.zeros(0)]), minlength=len(ids))
    return _Scored(parsed, ids, totals, [(ids, alts) for ids, alts, _ in per_term], codes, engine.spent_ms)


_df: dict[tuple, tuple[int, float]] = {}  # (kind, alternatives) -> (count, when counted)
DF_SIZE = 4096
# Counts only weigh the words of a query against each other, and one edit hardly moves them: they
# are kept for this long rather than until the index changes, which under a steady flow of profile
# edits meant counting again on almost every search (20-40 ms a word on PostgreSQL).
DF_MAX_AGE = 600.0


def _counts_of(engine, kind: str, terms: dict[int, tuple]) -> dict[int, int]:
    """How many objects match each term (its alternatives), counted up to COUNT_LIMIT.

    The counts are remembered for DF_MAX_AGE seconds, in the process and in the shared cache
    (another app server process has often counted the same word): common words recur from query
    to query, and counting one took PostgreSQL 20-40 ms on an idle server (it reads a table row
    per match), 200-750 ms with 50 users searching.
    """
    now = time.monotonic()
    counts, missing = {}, {}
    for index, alternatives in terms.items():
        count, counted_at = _df.get((kind, alternatives), (0, -DF_MAX_AGE))
        if now - counted_at < DF_MAX_AGE:
            counts[index] = count
        else:
            missing[index] = alternatives
    if not missing:
        return counts
    if len(_df) >= DF_SIZE:
        _df.clear()
    keys = {index: _shared_count_key(kind, alternatives) for index, alternatives in missing.items()}
    shared = cache.get_many(list(keys.values()))
    to_count = {index: alternatives for index, alternatives in missing.items() if keys[index] not in shared}
    if to_count:
        counted = engine.count_many(kind, list(to_count.values()), COUNT_LIMIT)
        fresh = dict(zip(to_count, counted, strict=True))
        cache.set_many({keys[index]: count for index, count in fresh.items()}, DF_MAX_AGE)
        shared |= {keys[index]: count for index, count in fresh.items()}
    for index, alternatives in missing.items():
        counts[index] = shared[keys[index]]
        _df[(kind, alternatives)] = (counts[index], now)
    return counts


def _shared_count_key(kind: str, alternatives: tuple) -> str:
    digest = hashlib.blake2s(repr(alternatives).encode(), digest_size=16).hexdigest()
    return f"search:count:{kind}:{digest}"


class _TimedBackend:
    """The index backend, keeping count of the time its look-ups take (the floor of a search)."""

    def __init__(self, engine):
        self.engine = engine
        self.spent_ms = 0.0

    def match_many(self, *args, **kwargs):
        return self._timed(self.engine.match_many, *args, **kwargs)

    def count_many(self, *args, **kwargs):
        return self._timed(self.engine.count_many, *args, **kwargs)

    def _timed(self, method, *args, **kwargs):
        started = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            self.spent_ms += (time.perf_counter() - started) * 1000


def _term_matches(term, lookup):
    """A term's matched ids (sorted) with, for each, its best score and which alternative gave it.

    An alternative matches where all its phrases are in the names (x TITLE_FACTOR) or anywhere
    (x BODY_FACTOR); the best alternative counts, the first one on a tie.
    """
    parts_ids, parts_scores, parts_alternatives, complete = [], [], [], True
    for index, alternative in enumerate(term.alternatives):
        title, title_complete = lookup(alternative.phrases, "title")
        anywhere, anywhere_complete = lookup(alternative.phrases, "text")
        complete = complete and title_complete and anywhere_complete
        ids = np.union1d(anywhere, title)
        factor = np.where(np.isin(ids, title, assume_unique=True), TITLE_FACTOR, BODY_FACTOR)
        parts_ids.append(ids)
        parts_scores.append(alternative.weight * factor)
        parts_alternatives.append(np.full(len(ids), index, dtype=np.int64))
    if not parts_ids:
        return np.zeros(0, np.int64), np.zeros(0), np.zeros(0, np.int64), True
    ids, scores, alternatives = (
        np.concatenate(parts) for parts in (parts_ids, parts_scores, parts_alternatives)
    )
    order = np.lexsort((alternatives, -scores, ids))
    ids, scores, alternatives = ids[order], scores[order], alternatives[order]
    first = np.ones(len(ids), dtype=bool)
    first[1:] = ids[1:] != ids[:-1]
    return ids[first], scores[first], alternatives[first], complete


_counts: dict[str, tuple[int, float]] = {}  # kind -> (its documents, when counted)


def _document_count(kind: str) -> int:
    """The kind's number of documents, for the same weighing as the counts (and kept as long)."""
    count, counted_at = _counts.get(kind, (0, -DF_MAX_AGE))
    if time.monotonic() - counted_at >= DF_MAX_AGE:
        from search.models import SearchEntry

        count = SearchEntry.objects.filter(kind=kind).count()
        _counts[kind] = (count, time.monotonic())
    return count


def _blend(parsed: ParsedQuery, kind: str, scored: _Scored, limit: int) -> list[Hit]:
    """Reciprocal-rank fusion of the lexical ranking with the embedding's nearest documents.

    Codes stay on top. A document found only by meaning must be quite similar to be shown.
    Only the first ``limit`` lexical hits can end up in the first ``limit`` places (each
    semantic neighbour only pushes them down), so no Hit is made for the others.
    """
    ranked = scored.hits(limit)
    vector = embeddings.encode([parsed.text])[0]
    near = embeddings.nearest(
        kind, vector, limit=SEMANTIC_CANDIDATES, version=index_version(kind), minimum=SEMANTIC_MINIMUM
    )
    if not near:
        return ranked
    codes = [hit for hit in ranked if hit.code]
    lexical = [hit for hit in ranked if not hit.code]
    fused: dict[int, float] = defaultdict(float)
    by_id = {hit.object_id: hit for hit in lexical}
    for rank, hit in enumerate(lexical):
        fused[hit.object_id] += 1.0 / (RRF_K + rank + 1)
    code_ids = {hit.object_id for hit in codes}
    for rank, (object_id, similarity) in enumerate(near):
        hit = by_id.get(object_id)
        if hit is None and object_id not in code_ids:
            # Found lexically too, but below the first ``limit``: its lexical rank still counts.
            position = scored.rank_of(object_id)
            if position is None:
                hit = Hit(object_id, 0.0)
            else:
                hit = scored.hit(position)
                fused[object_id] += 1.0 / (RRF_K + position - len(codes) + 1)
            by_id[object_id] = hit
        if hit is not None:
            fused[object_id] += SEMANTIC_WEIGHT / (RRF_K + rank + 1)
            hit.semantic = similarity
    blended = sorted(by_id.values(), key=lambda hit: (-fused[hit.object_id], -hit.score, hit.object_id))
    return codes + blended


_recent: dict[tuple, SearchResult] = {}
RECENT_SIZE = 128


def search_cached(text: str, *, kind: str = "company") -> SearchResult:
    """``search`` remembered for identical queries while the index is unchanged.

    A directory page runs the same query for its results and for every facet count.
    """
    key = (text, kind, index_version(kind))
    result = _recent.get(key)
    if result is None:
        if len(_recent) >= RECENT_SIZE:
            _recent.clear()
        result = _recent[key] = search(text, kind=kind)
    return result


def stored_facets(kind: str, queryset) -> dict[int, str | None]:
    """Each object of ``queryset`` with its facet keys as its document gave them
    (``Document.facets``; None without an entry), read with the objects in one query instead of
    one per facet from the app's own tables."""
    from search.models import SearchEntry

    entry = SearchEntry.objects.filter(kind=kind, object_id=OuterRef("pk")).values("facets")[:1]
    rows = queryset.order_by().annotate(stored_facets=Subquery(entry)).values_list("pk", "stored_facets")
    return dict(rows)


def warm_up() -> None:
    """Load the Korean analyser and the embedding model now, not on the first user's query.

    Called by the WSGI entry point, so with gunicorn --preload the models are loaded once
    and shared by the workers.
    """
    from search.query import kiwi

    kiwi().tokenize("터빈 블레이드")
    if embeddings.enabled():
        embeddings.encode(["warm up"])
    # What is built from the index (the embedding matrices, the spelling vocabularies) is read
    # from the database: at 100,000 companies a few seconds per kind that no first search should
    # wait for.
    from django.db import DatabaseError

    from search.registry import REGISTRY

    try:
        for kind in REGISTRY:
            version = index_version(kind)
            vocabulary_for(kind, version)
            if embeddings.enabled():
                embeddings.preload(kind, version)
    except DatabaseError:  # not migrated yet, or unreachable: the first searches load them instead
        logger.warning("search data not preloaded: the database did not answer", exc_info=True)
    # What is loaded by now lives as long as the process: keep the garbage collector from
    # walking it again and again (full collections had cost a request 20 ms on average), and
    # with --preload keep the workers from copying the pages it would touch.
    gc.freeze()
