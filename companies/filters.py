"""The one definition of how directory lists are filtered: pages, API and exports share it.

Facet counts are "disjunctive": the count beside each value of a facet is computed with
every other filter applied but not the facet's own, so ticking a second value shows how
many more results it adds.
"""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django.db.models import Case, Count, Max, Value, When
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
from search.service import search_cached

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
        return queryset.filter(pk__in=self.search_result.ids)

    @property
    def unordered_qs(self):
        """The filtered queryset without any ordering: for counts, where order costs and adds nothing."""
        return super().qs

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


def _taxonomy_values(model, key="pk"):
    """A facet's possible values from a vocabulary table, read when the page is built."""
    return lambda: [(str(getattr(term, key)), str(term)) for term in model.objects.all()]


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
PRODUCT_FACETS = {
    "category": ("category", _taxonomy_values(ProductCategory)),
    **company_attribute_facets("company__"),
}


def facet_counts(filterset_class, data, queryset, facets: dict) -> list[Facet]:
    """Every facet's values with the number of results each would give (values with 0 hidden unless chosen)."""
    result = []
    for name, (path, values) in facets.items():
        others = data.copy()
        others.pop(name, None)
        others.pop("sort", None)
        base = filterset_class(others, queryset=queryset).unordered_qs.order_by()
        counts = {
            str(row[path]): row["n"]
            for row in base.values(path).annotate(n=Count("pk", distinct=True)).order_by()
            if row[path] is not None
        }
        chosen = set(data.getlist(name)) if hasattr(data, "getlist") else set()
        items = [
            FacetValue(value, label, counts.get(value, 0), value in chosen)
            for value, label in values()
            if counts.get(value) or value in chosen
        ]
        label = filterset_class.base_filters[name].label
        result.append(Facet(name, label, items))
    return result


def highest_trl(queryset):
    """Annotate each company with its products' highest TRL (for lists and comparison)."""
    return queryset.annotate(top_trl=Max("products__trl"), product_count=Count("products", distinct=True))


def has_filters(data) -> bool:
    """Whether any facet or filter other than the text query is set."""
    return any(key not in {"page", "sort", "q"} and data.get(key) for key in data)
