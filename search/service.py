"""The one search entry point used by the directory pages, the API, exports and matching."""

from __future__ import annotations

import functools
import math
import time
from collections import defaultdict
from dataclasses import dataclass, field

from search import embeddings
from search.backends import backend
from search.glossary import Glossary, read_data_file
from search.indexing import index_version
from search.query import Alternative, ParsedQuery, Phrase, parse
from search.vocabulary import forget as vocabulary_forget
from search.vocabulary import vocabulary_for

TITLE_FACTOR = 1.0
BODY_FACTOR = 0.75
CODE_SCORE = 10.0  # an exact registration number, NSN or HS code goes to the top
RRF_K = 10  # small: rank differences near the top should matter
SEMANTIC_WEIGHT = 0.5
SEMANTIC_MINIMUM = 0.45  # cosine below which a document without any lexical match is not shown
SEMANTIC_CANDIDATES = 30


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
    _recent.clear()


def search(text: str, *, kind: str = "company", limit: int = 1000, semantic: bool = True) -> SearchResult:
    """Rank objects of ``kind`` for ``text``; callers intersect the ids with what the user may see."""
    started = time.perf_counter()
    terms = glossary()
    vocabulary = vocabulary_for(kind, index_version(kind), extra=terms.english_words)
    parsed = parse(text or "", glossary=terms, vocabulary=vocabulary)
    if parsed.is_empty:
        return SearchResult(parsed, [], 0.0)
    lexical = _lexical(parsed, kind)
    ranked = sorted(lexical.values(), key=lambda hit: (-hit.score, hit.object_id))
    if semantic and embeddings.enabled() and parsed.terms:
        ranked = _blend(parsed, kind, ranked)
    hits = ranked[:limit]
    return SearchResult(parsed, hits, (time.perf_counter() - started) * 1000)


def _lexical(parsed: ParsedQuery, kind: str) -> dict[int, Hit]:
    engine = backend()
    hits: dict[int, Hit] = {}

    @functools.cache
    def where(phrase: Phrase) -> tuple[frozenset, frozenset]:
        return frozenset(engine.match(kind, phrase, "title")), frozenset(engine.match(kind, phrase, "body"))

    # Each term weighs by how rare its matches are (inverse document frequency), so that a
    # query's specific words ('turbine blade') count for more than its common ones ('machining').
    per_term: list[tuple[float, dict[int, tuple[float, Alternative]]]] = []
    population = max(_document_count(kind), 1)
    for term in parsed.terms:
        best: dict[int, tuple[float, Alternative]] = {}
        for alternative in term.alternatives:
            for object_id, factor in _alternative_matches(alternative, where).items():
                score = alternative.weight * factor
                if score > best.get(object_id, (0.0, None))[0]:
                    best[object_id] = (score, alternative)
        rarity = math.log(1 + population / max(len(best), 1))
        per_term.append((term.weight * rarity, best))
    total_weight = sum(weight for weight, best in per_term if best) or 1.0
    for term, (weight, best) in zip(parsed.terms, per_term, strict=True):
        for object_id, (score, alternative) in best.items():
            hit = hits.setdefault(object_id, Hit(object_id, 0.0))
            hit.score += weight * score / total_weight
            hit.matched[term.text] = alternative.label
    for code in parsed.codes:
        for object_id in engine.match(kind, Phrase((code,)), "codes"):
            hit = hits.setdefault(object_id, Hit(object_id, 0.0))
            hit.score += CODE_SCORE
            hit.code = True
            hit.matched[code] = code
    return hits


_counts: dict[str, tuple[object, int]] = {}


def _document_count(kind: str) -> int:
    version = index_version(kind)
    cached = _counts.get(kind)
    if cached is None or cached[0] != version:
        from search.models import SearchEntry

        cached = _counts[kind] = (version, SearchEntry.objects.filter(kind=kind).count())
    return cached[1]


def _alternative_matches(alternative: Alternative, where) -> dict[int, float]:
    """Objects in which every phrase of the alternative appears, with the field factor."""
    in_title: set[int] | None = None
    anywhere: set[int] | None = None
    for phrase in alternative.phrases:
        title, body = where(phrase)
        in_title = set(title) if in_title is None else in_title & title
        anywhere = set(title | body) if anywhere is None else anywhere & (title | body)
    return {
        object_id: TITLE_FACTOR if object_id in (in_title or ()) else BODY_FACTOR
        for object_id in anywhere or ()
    }


def _blend(parsed: ParsedQuery, kind: str, ranked: list[Hit]) -> list[Hit]:
    """Reciprocal-rank fusion of the lexical ranking with the embedding's nearest documents.

    Codes stay on top. A document found only by meaning must be quite similar to be shown.
    """
    codes = [hit for hit in ranked if hit.code]
    lexical = [hit for hit in ranked if not hit.code]
    vector = embeddings.encode([parsed.text])[0]
    near = embeddings.nearest(
        kind, vector, limit=SEMANTIC_CANDIDATES, version=index_version(kind), minimum=SEMANTIC_MINIMUM
    )
    if not near:
        return ranked
    fused: dict[int, float] = defaultdict(float)
    by_id = {hit.object_id: hit for hit in lexical}
    for rank, hit in enumerate(lexical):
        fused[hit.object_id] += 1.0 / (RRF_K + rank + 1)
    for rank, (object_id, similarity) in enumerate(near):
        fused[object_id] += SEMANTIC_WEIGHT / (RRF_K + rank + 1)
        hit = by_id.get(object_id)
        if hit is None:
            by_id[object_id] = hit = Hit(object_id, 0.0)
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


def warm_up() -> None:
    """Load the Korean analyser and the embedding model now, not on the first user's query.

    Called by the WSGI entry point, so with gunicorn --preload the models are loaded once
    and shared by the workers.
    """
    from search.query import kiwi

    kiwi().tokenize("터빈 블레이드")
    if embeddings.enabled():
        embeddings.encode(["warm up"])
