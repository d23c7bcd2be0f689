"""The one definition of how directory lists are filtered: pages, API and exports share it.

Facet counts are "disjunctive": the count beside each value of a facet is computed with
every other filter applied but not the facet's own, so ticking a second value shows how
many more results it adds.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import chain

import django_filters
from django.db import connection
from django.db.models import Case, Count, Max, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from companies.choices import CompanySort, ProductSort, Region, SizeClass
from companies.models import (
    Capability,
    CertificationType,
    Company,
    DefenceField,
    OffsetField,
    Product,
    ProductCategory,
)
from core.identifiers import normalise_brn
from search.backends import AnyOf  # noqa: F401 - registers the any_of lookup used here
from search.service import search_cached, stored_facets

# Results beyond this rank keep the default order: relevance matters at the top of a list.
RANKED = 300
MAX_QUERY_LENGTH = 200


class SearchMixin:
    """``q``: free text, through the one search service; results come in relevance order."""

    search_kind = "company"
    search_result = None

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        self.search_result = search_cached(value[:MAX_QUERY_LENGTH], kind=self.search_kind)
        # SQLite: a literal list, not any_of. With it the planner knows how few ids there are and
        # looks them up; with a JSON parameter it scanned all public companies. PostgreSQL: one
        # array parameter (its planner sees the array; psycopg split a statement with a literal
        # list of 1,000 at every placeholder, 5 ms a page).
        lookup = "pk__any_of" if connection.vendor == "postgresql" else "pk__in"
        return queryset.filter(**{lookup: self.search_result.ids})

    @property
    def unordered_qs(self):
        """The filtered queryset without any ordering: for counts, where order costs and adds nothing."""
        return super().qs

    def qs_without(self, names) -> QuerySet:
        """The queryset with every filter but ``names`` applied, unordered (as django-filter applies
        them, without building another FilterSet: that deep-copies every filter and form field)."""
        self.form.is_valid()
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name not in names:
                queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by()

    def relevance_order(self, queryset):
        ids = self.search_result.ids[:RANKED]
        if not ids:
            return queryset
        position = Case(
            *[When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ids)], default=Value(RANKED)
        )
        return queryset.order_by(position, name_order(), "pk")


def name_order(prefix: str = ""):
    """Order by the name in the reader's language, falling back to the other language."""
    first, second = ("name_ko", "name_en") if translation.get_language() == "ko" else ("name_en", "name_ko")
    return Coalesce(NullIf(f"{prefix}{first}", Value("")), f"{prefix}{second}")


class TrlChoices:
    CHOICES = [(str(level), str(level)) for level in range(1, 10)]


def company_attribute_filters(prefix: str = "") -> dict[str, django_filters.Filter]:
    """The filters on a company's attributes, for companies (prefix '') or products ('company__')."""
    return {
        "field": django_filters.ModelMultipleChoiceFilter(
            label=_("Defence field"),
            field_name=f"{prefix}fields__code",
            to_field_name="code",
            queryset=DefenceField.objects.all(),
        ),
        "capability": django_filters.ModelMultipleChoiceFilter(
            label=_("Capability"), field_name=f"{prefix}capabilities", queryset=Capability.objects.all()
        ),
        "region": django_filters.MultipleChoiceFilter(
            label=_("Region"), field_name=f"{prefix}region", choices=Region.choices
        ),
        "size": django_filters.MultipleChoiceFilter(
            label=_("Size class"), field_name=f"{prefix}size_class", choices=SizeClass.choices
        ),
        "certification": django_filters.ModelMultipleChoiceFilter(
            label=_("Certification"),
            field_name=f"{prefix}certifications__type",
            queryset=CertificationType.objects.all(),
        ),
        "offset_field": django_filters.ModelMultipleChoiceFilter(
            label=_("Offset field"),
            field_name=f"{prefix}offset_fields__number",
            to_field_name="number",
            queryset=OffsetField.objects.all(),
        ),
    }


# Bases holding the shared declarations; django-filter's metaclass collects them from the class dict.
CompanyAttributes = type("CompanyAttributes", (django_filters.FilterSet,), company_attribute_filters())
ProductCompanyAttributes = type(
    "ProductCompanyAttributes", (django_filters.FilterSet,), company_attribute_filters("company__")
)


class CompanyFilter(SearchMixin, CompanyAttributes):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=MAX_QUERY_LENGTH * 5)
    trl = django_filters.ChoiceFilter(
        label=_("Products at TRL or above"), choices=TrlChoices.CHOICES, method="filter_trl"
    )
    brn = django_filters.CharFilter(label=_("Business registration number"), method="filter_brn")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=CompanySort.choices, method="sort_by", empty_label=None
    )

    # The company search index stores each company's COMPANY_FACETS values (companies/search.py).
    indexed_facets_kind = "company"

    class Meta:
        model = Company
        fields = ["q", "field", "capability", "region", "size", "certification", "offset_field", "trl", "brn"]

    def filter_trl(self, queryset, name, value):
        return queryset.filter(products__trl__gte=int(value)).distinct()

    def filter_brn(self, queryset, name, value):
        return queryset.filter(brn=normalise_brn(value))

    def sort_by(self, queryset, name, value):
        return queryset  # applied last, in .qs, so that facets and counts ignore it

    @property
    def qs(self):
        queryset = super().qs
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else None
        if self.search_result is not None and not sort:
            return self.relevance_order(queryset)
        return order_companies(queryset, sort or CompanySort.NAME)


def order_companies(queryset, sort: str):
    if sort == CompanySort.UPDATED:
        return queryset.order_by("-updated_at", "pk")
    if sort == CompanySort.FOUNDED:
        return queryset.order_by(Coalesce("founded", 9999), "pk")
    if sort == CompanySort.EMPLOYEES:
        return queryset.order_by(Coalesce("employees", -1).desc(), "pk")
    return queryset.order_by(name_order(), "pk")


class ProductFilter(SearchMixin, ProductCompanyAttributes):
    search_kind = "product"
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=MAX_QUERY_LENGTH * 5)
    category = django_filters.ModelMultipleChoiceFilter(
        label=_("Category"), queryset=ProductCategory.objects.all()
    )
    trl = django_filters.ChoiceFilter(
        label=_("TRL or above"), choices=TrlChoices.CHOICES, method="filter_trl"
    )
    promising = django_filters.BooleanFilter(
        label=_("On the promising-item list"), field_name="promising_item"
    )
    company = django_filters.CharFilter(label=_("Company registration number"), method="filter_company")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=ProductSort.choices, method="sort_by", empty_label=None
    )

    class Meta:
        model = Product
        fields = [
            "q",
            "category",
            "field",
            "capability",
            "region",
            "size",
            "certification",
            "offset_field",
            "trl",
            "promising",
        ]

    def filter_trl(self, queryset, name, value):
        return queryset.filter(trl__gte=int(value))

    def filter_company(self, queryset, name, value):
        return queryset.filter(company__brn=normalise_brn(value))

    def sort_by(self, queryset, name, value):
        return queryset

    @property
    def qs(self):
        queryset = super().qs
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else None
        if self.search_result is not None and not sort:
            return self.relevance_order(queryset)
        if sort == ProductSort.UPDATED:
            return queryset.order_by("-updated_at", "pk")
        if sort == ProductSort.TRL:
            return queryset.order_by(Coalesce("trl", 0).desc(), "pk")
        return queryset.order_by(name_order(), "pk")


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]

    @property
    def any_selected(self) -> bool:
        return any(v.selected for v in self.values)


TAXONOMY_TTL = 60  # seconds a facet's list of terms is reused
_terms: dict[tuple, tuple[float, list]] = {}


def _taxonomy_values(model, key="pk"):
    """A facet's possible values from a vocabulary table, read at most once a minute per process and
    language (one query per facet and page otherwise). KDIA's edits show within the minute, as
    the search glossary's do."""

    def values():
        cache_key = (model, key, translation.get_language())
        cached = _terms.get(cache_key)
        if cached is None or time.monotonic() - cached[0] > TAXONOMY_TTL:
            terms = [(str(getattr(term, key)), str(term)) for term in model.objects.all()]
            cached = _terms[cache_key] = (time.monotonic(), terms)
        return cached[1]

    return values


def _choice_values(options):
    return lambda: [(value, str(label)) for value, label in options]


def company_attribute_facets(prefix: str = "") -> dict:
    """For each facet: the path to count on, and how to list its values (value, label)."""
    return {
        "field": (f"{prefix}fields__code", _taxonomy_values(DefenceField, "code")),
        "capability": (f"{prefix}capabilities", _taxonomy_values(Capability)),
        "region": (f"{prefix}region", _choice_values(Region.choices)),
        "size": (f"{prefix}size_class", _choice_values(SizeClass.choices)),
        "certification": (f"{prefix}certifications__type", _taxonomy_values(CertificationType)),
        "offset_field": (f"{prefix}offset_fields__number", _taxonomy_values(OffsetField, "number")),
    }


COMPANY_FACETS = company_attribute_facets()
COMPANY_FACET_PATHS = {name: path for name, (path, _values) in COMPANY_FACETS.items()}
PRODUCT_FACETS = {
    "category": ("category", _taxonomy_values(ProductCategory)),
    **company_attribute_facets("company__"),
}


def listing(filterset, facets: dict) -> tuple:
    """The filtered list's primary keys in display order, and every facet with its counts.

    A search has at most 1,000 results: a few queries read their facet values and
    everything else (the facet filters, the disjunctive counts) is worked out in Python. Over the
    whole directory the database filters and counts, one grouped query per facet. Both give the
    same numbers.
    """
    filterset.unordered_qs  # noqa: B018 - builds the filtered queryset, which runs the search
    result = filterset.search_result
    if result is None:
        return filterset.qs.values_list("pk", flat=True), _counted_in_database(filterset, facets)
    allowed, counted = _counted_in_python(filterset, facets)
    sort = filterset.form.cleaned_data.get("sort") if filterset.form.is_valid() else None
    if sort:
        return filterset.qs.values_list("pk", flat=True), counted
    # The search's own ranking, kept in Python: cheaper than ordering by a list of ids in SQL.
    return [pk for pk in result.ids if pk in allowed], counted


def _counted_in_database(filterset, facets: dict) -> list[Facet]:
    counts = {}
    for name, (path, _values) in facets.items():
        base = filterset.qs_without({name})
        counts[name] = {
            str(row[path]): row["n"]
            for row in base.values(path).annotate(n=Count("pk", distinct=True)).order_by()
            if row[path] is not None
        }
    return _facets(filterset, facets, counts)


def _counted_in_python(filterset, facets: dict) -> tuple[set[int], list[Facet]]:
    """(ids passing every filter, facets) from one read of the unfaceted results' facet keys.

    Objects are counted by their "name:value" keys as whole strings (a Counter over them runs in
    C): an object passing every chosen facet counts in every facet; one failing exactly one
    chosen facet counts in that facet only (a facet's counts ignore its own choice); the others
    count nowhere.
    """
    base = filterset.qs_without(set(facets))
    paths = {name: path for name, (path, _values) in facets.items()}
    keys = _indexed_facet_keys(filterset, base, paths)
    if keys is None:
        keys = indexed_facet_keys(base, paths)
    chosen = {
        name: {f"{name}:{value}" for value in values}
        for name in facets
        if (values := _chosen_keys(filterset, name))
    }
    passing, one_short, allowed = [], {name: [] for name in chosen}, set()
    for pk, own in keys.items():
        failed = [name for name, wanted in chosen.items() if wanted.isdisjoint(own)]
        if not failed:
            passing.append(own)
            allowed.add(pk)
        elif len(failed) == 1:
            one_short[failed[0]].append(own)
    counts = {name: Counter() for name in facets}
    for key, number in Counter(chain.from_iterable(passing)).items():
        name, _, value = key.partition(":")
        if name in counts:  # not the signature
            counts[name][value] += number
    for name, owners in one_short.items():
        prefix = f"{name}:"
        for key, number in Counter(chain.from_iterable(owners)).items():
            if key.startswith(prefix):
                counts[name][key[len(prefix) :]] += number
    return allowed, _facets(filterset, facets, counts)


def _facet_values(queryset, paths: dict[str, str]) -> tuple[list[int], dict[str, list[tuple[int, str]]]]:
    """The results' pks and, for each facet, its distinct (pk, value) pairs, values as strings.

    Single-valued facets are read with the results; each many-valued one in one more query,
    straight from its link table (joining the results' own wide rows again cost more than the
    rest; joining all facets to the results at once would multiply the rows, and one UNION of
    the link tables was slower than separate queries on both databases).
    """
    splits = {name: _split_path(queryset.model, path) for name, path in paths.items()}
    single = {name: path for name, (path, many) in splits.items() if many is None}
    prefixes = sorted({prefix or "pk" for prefix, many in splits.values() if many})
    ids, pairs = [], {name: [] for name in paths}
    owners = {prefix: defaultdict(list) for prefix in prefixes}  # prefix -> its value -> our pks
    for pk, *found in queryset.order_by().values_list("pk", *prefixes, *single.values()):
        ids.append(pk)
        for prefix, value in zip(prefixes, found, strict=False):
            owners[prefix][value].append(pk)
        for name, value in zip(single, found[len(prefixes) :], strict=True):
            if value is not None and value != "":
                pairs[name].append((pk, str(value)))
    for name, (prefix, many) in splits.items():
        if many:
            related, key, value_path = many
            ours = owners[prefix or "pk"]
            rows = related.objects.filter(**{f"{key}__any_of": ours}).order_by().values_list(key, value_path)
            pairs[name] = [
                (pk, str(value))
                for owner, value in rows.distinct()
                if value is not None
                for pk in ours[owner]
            ]
    return ids, pairs


def _signature(paths: dict[str, str]) -> str:
    """A short mark of which facets an index entry's keys were made for."""
    names = ",".join(f"{name}={path}" for name, path in sorted(paths.items()))
    return "~:" + hashlib.blake2s(names.encode(), digest_size=4).hexdigest()


def indexed_facet_keys(queryset, paths: dict[str, str]) -> dict[int, list[str]]:
    """Each object's facet values as "name:value" keys, for its search index entry
    (``search.registry.Document.facets``), marked with the facets' signature."""
    ids, pairs = _facet_values(queryset, paths)
    keys = {pk: [_signature(paths)] for pk in ids}
    for name, found in pairs.items():
        for pk, value in found:
            keys[pk].append(f"{name}:{value}")
    return keys


def _indexed_facet_keys(filterset, base, paths: dict[str, str]) -> dict[int, list[str]] | None:
    """``indexed_facet_keys`` of the results as their search index entries hold them, read with
    the results in one query (reading five tables per result id cost a third of a search page at
    100,000 companies). None when the filter set's kind stores no facets, or an entry holds none
    or other facets (written before they were indexed, or for another set of facets): the
    tables are read then."""
    kind = getattr(filterset, "indexed_facets_kind", None)
    if kind is None:
        return None
    signature = _signature(paths)
    keys = {}
    for pk, stored in stored_facets(kind, base).items():
        own = (stored or "").split()
        if not own or own[0] != signature:
            return None
        keys[pk] = own
    return keys


def _split_path(model, path: str):
    """(single-valued prefix, None) for a path without to-many steps; otherwise (the prefix up to
    the first to-many step, (model holding that step's rows, its key column, value path there))."""
    parts = path.split("__")
    for index, part in enumerate(parts):
        field = model._meta.get_field(part)
        rest = parts[index + 1 :]
        if field.many_to_many and not field.auto_created:  # a ManyToManyField of ours
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            many = (
                field.remote_field.through,
                f"{source}_id",
                "__".join([target, *rest]) if rest else f"{target}_id",
            )
        elif field.one_to_many:  # a foreign key to us from another model
            many = (field.related_model, f"{field.field.name}_id", "__".join(rest) or "pk")
        elif field.many_to_many:
            raise ValueError(f"facet path {path!r}: count it from the model that declares the relation")
        else:
            if not field.is_relation:
                return path, None
            model = field.related_model
            continue
        return "__".join(parts[:index]) or None, many
    return path, None


def _chosen_keys(filterset, name: str) -> set[str]:
    """The values of a facet the form accepted, as the strings facet values are compared by.

    As django-filter does, a value the form rejects means no filtering on that facet.
    """
    filterset.form.is_valid()
    chosen = filterset.form.cleaned_data.get(name) or []
    to_field = getattr(filterset.form.fields[name], "to_field_name", None)
    return {
        str(getattr(value, to_field or "pk")) if hasattr(value, "_meta") else str(value) for value in chosen
    }


def _facets(filterset, facets: dict, counts: dict[str, dict]) -> list[Facet]:
    """Every facet's values with the number of results each would give (values with 0 hidden unless chosen)."""
    data = filterset.data
    result = []
    for name, (_path, values) in facets.items():
        found = counts[name]
        chosen = set(data.getlist(name)) if hasattr(data, "getlist") else set()
        items = [
            FacetValue(value, label, found.get(value, 0), value in chosen)
            for value, label in values()
            if found.get(value) or value in chosen
        ]
        result.append(Facet(name, type(filterset).base_filters[name].label, items))
    return result


def highest_trl(queryset):
    """Annotate each company with its products' highest TRL and their number (lists, comparison).

    Each is a subquery on the products' company index: joining the products instead groups the
    join by every column of the companies' wide rows."""
    products = Product.objects.filter(company=OuterRef("pk")).order_by().values("company")
    return queryset.annotate(
        top_trl=Subquery(products.annotate(top=Max("trl")).values("top")),
        product_count=Coalesce(Subquery(products.annotate(count=Count("pk")).values("count")), 0),
    )


def has_filters(data) -> bool:
    """Whether any facet or filter other than the text query is set."""
    return any(key not in {"page", "sort", "q"} and data.get(key) for key in data)
