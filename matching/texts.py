"""Text criteria of a requirement (work package, quality system, experience), judged through search.

Each text is one query to the search service over companies (and, for the work package, over
products, whose names become the evidence). What a text credits each company is worked out
once per search result and kept while the search returns the very same result.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from companies.models import Product
from core import bilingual
from matching.models import StoredTextResult
from matching.sql import pk_in
from search.service import search, search_cached

SCALE = 1000  # points are kept in thousandths, as integers, in SQL and Python alike

# Text criteria: the share of a text a company (or one of its products) covers is the search's
# score (the rarity-weighted share of the words it matches, x1.0 in names and x0.75 elsewhere,
# less through the glossary or a typo fix), capped by the plain share of the words matched.
TEXT_MET_SHARE = 0.6
TEXT_PARTLY_SHARE = 0.2
PARTLY_CREDIT = 0.5
SEARCH_LIMIT = 1000  # hits ``search_cached`` returns (the search service's default limit)


@dataclass(frozen=True)
class TextSpec:
    key: str
    weight: int
    query: str
    products: bool = False  # also search products (their names are the evidence)


# --- text criteria through the search service -----------------------------------------------


@dataclass
class ProductHit:
    pk: int
    name_ko: str
    name_en: str
    share: float
    matched: dict[str, str]

    @property
    def name(self) -> str:
        return bilingual.pick(self, "name")


@dataclass
class TextResult:
    spec: TextSpec
    share: dict[int, float] = field(default_factory=dict)  # company -> best share (company or product)
    semantic: set[int] = field(default_factory=set)  # found by meaning only
    matched: dict[int, dict[str, str]] = field(default_factory=dict)  # company -> query word -> what matched
    products: dict[int, list[ProductHit]] = field(default_factory=dict)
    complete: bool = True  # False when the search stopped at its limit
    points_by_company: dict[int, int] = field(default_factory=dict)

    def credit(self, company_id: int) -> float:
        share = self.share.get(company_id, 0.0)
        if share >= TEXT_MET_SHARE:
            return 1.0
        if share >= TEXT_PARTLY_SHARE or company_id in self.semantic:
            return PARTLY_CREDIT
        return 0.0

    def points(self, company_id: int) -> int:
        return round(self.spec.weight * SCALE * self.credit(company_id))

    def credited(self) -> dict[int, int]:
        """Companies earning points for this text, with the points (worked out once)."""
        return self.points_by_company


def _share(hit, terms: int) -> float:
    """How much of a text a hit covers: the search's score, but no more than the share of the
    text's words it matched. (The search weighs only words found somewhere in the index, so a
    text whose rare words no company uses would otherwise count as met on its common ones.)"""
    return min(hit.score, len(hit.matched) / max(terms, 1))


# What a text's search results credit, kept while ``search_cached`` returns the very same results
# (it does while the index is unchanged): spec -> (company results, product results, credit).
_derived: dict[TextSpec, tuple] = {}
DERIVED_SIZE = 256


def text_results(specs: list[TextSpec]) -> list[TextResult]:
    """What each text credits: from its stored result while that is fresh, else searched now."""
    stored = stored_results(specs)
    return [stored.get(spec) or _searched(spec) for spec in specs]


def _searched(spec: TextSpec) -> TextResult:
    found = search_cached(spec.query, kind="company")
    products = search_cached(spec.query, kind="product") if spec.products else None
    remembered = _derived.get(spec)
    if remembered is not None and remembered[0] is found and remembered[1] is products:
        return remembered[2]
    result = _text_result(spec, found, products)
    if len(_derived) >= DERIVED_SIZE:
        _derived.clear()
    _derived[spec] = (found, products, result)
    return result


def _text_result(spec: TextSpec, found, products) -> TextResult:
    result = TextResult(spec)
    terms = len(found.query.terms) + len(found.query.codes)
    result.complete = len(found.hits) < SEARCH_LIMIT
    for hit in found.hits:
        if hit.score > 0:
            result.share[hit.object_id] = _share(hit, terms)
            result.matched[hit.object_id] = dict(hit.matched)
        elif hit.semantic is not None:
            result.semantic.add(hit.object_id)
    if products is not None:
        _add_products(result, products)
    return _with_points(result)


def _with_points(result: TextResult) -> TextResult:
    result.points_by_company = {
        pk: points for pk in result.share.keys() | result.semantic if (points := result.points(pk))
    }
    return result


def _add_products(result: TextResult, found) -> None:
    """Credit companies for their products' matches; keep the products as evidence."""
    terms = len(found.query.terms) + len(found.query.codes)
    by_product = {hit.object_id: hit for hit in found.hits if hit.score > 0}
    if not by_product:
        return
    rows = (
        Product.objects.filter(pk_in(Product, by_product))
        .order_by()
        .values_list("pk", "company_id", "name_ko", "name_en")
    )
    for pk, company_id, name_ko, name_en in rows:
        hit = by_product[pk]
        share = _share(hit, terms)
        result.products.setdefault(company_id, []).append(
            ProductHit(pk, name_ko, name_en, share, dict(hit.matched))
        )
        if share > result.share.get(company_id, 0.0):
            result.share[company_id] = share
    for products in result.products.values():
        products.sort(key=lambda product: (-product.share, product.pk))


# --- stored results -------------------------------------------------------------------------
# Up to four searches per requirement cost more than the rest of a ranking (on PostgreSQL by
# far), and the in-process cache above lasts only until the next profile edit anywhere. So each
# open requirement's texts are searched in the background (on publication, then every ten
# minutes) and their results stored; a ranking uses a stored result up to STORED_MAX_AGE old, so
# a shortlist shows a profile edit within minutes, not at once.
STORED_MAX_AGE = timedelta(minutes=15)


def digest(spec: TextSpec) -> str:
    return hashlib.sha256(f"{int(spec.products)}:{spec.query}".encode()).hexdigest()


def store(spec: TextSpec) -> StoredTextResult:
    """Search ``spec`` now and store what it credits (replacing an earlier result)."""
    result = _text_result(
        spec,
        search(spec.query, kind="company"),
        search(spec.query, kind="product") if spec.products else None,
    )
    stored, _created = StoredTextResult.objects.update_or_create(
        digest=digest(spec),
        defaults={
            "query": spec.query,
            "products": spec.products,
            "payload": _payload(result),
            "computed_at": timezone.now(),
        },
    )
    return stored


# Stored results already read by this process: (digest, computed_at) -> result.
_read: dict[tuple[str, object], TextResult] = {}


def stored_results(specs: list[TextSpec]) -> dict[TextSpec, TextResult]:
    """The fresh stored results of these texts (one query), read once per process."""
    if not specs:
        return {}
    by_digest = {digest(spec): spec for spec in specs}
    fresh = dict(
        StoredTextResult.objects.filter(
            digest__in=by_digest, computed_at__gte=timezone.now() - STORED_MAX_AGE
        ).values_list("digest", "computed_at")
    )
    unread = [
        row_digest for row_digest, computed_at in fresh.items() if (row_digest, computed_at) not in _read
    ]
    if unread:
        if len(_read) + len(unread) > DERIVED_SIZE:
            _read.clear()
        payloads = StoredTextResult.objects.filter(digest__in=unread).values_list(
            "digest", "computed_at", "payload"
        )
        for row_digest, computed_at, payload in payloads:
            _read[(row_digest, computed_at)] = _from_payload(by_digest[row_digest], payload)
    return {by_digest[key[0]]: _read[key] for key in fresh.items() if key in _read}


def forget_read() -> None:
    """Drop the stored results this process has read (tests, benchmarks)."""
    _read.clear()


def _payload(result: TextResult) -> dict:
    """The result as JSON (object keys are strings there, so id-keyed maps go as pairs)."""
    return {
        "share": [[pk, share] for pk, share in result.share.items()],
        "semantic": sorted(result.semantic),
        "matched": [[pk, words] for pk, words in result.matched.items()],
        "products": [
            [company, [[p.pk, p.name_ko, p.name_en, p.share, p.matched] for p in products]]
            for company, products in result.products.items()
        ],
        "complete": result.complete,
    }


def _from_payload(spec: TextSpec, payload: dict) -> TextResult:
    return _with_points(
        TextResult(
            spec,
            share=dict(payload["share"]),
            semantic=set(payload["semantic"]),
            matched=dict(payload["matched"]),
            products={
                company: [ProductHit(*product) for product in products]
                for company, products in payload["products"]
            },
            complete=payload["complete"],
        )
    )
