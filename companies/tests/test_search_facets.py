"""A search's facet counts are worked out in Python; they must be the database's, value for value."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from companies.choices import CompanyStatus
from companies.filters import (
    COMPANY_FACET_PATHS,
    COMPANY_FACETS,
    PRODUCT_FACETS,
    CompanyFilter,
    ProductFilter,
    _counted_in_database,
    _counted_in_python,
    _indexed_facet_keys,
    indexed_facet_keys,
)
from companies.models import (
    Capability,
    Certification,
    CertificationType,
    Company,
    DefenceField,
    OffsetField,
    Product,
    ProductCategory,
)
from core.testing import fictional_brn
from search.indexing import _flush as index_on_commit  # what a commit runs; the test never commits
from search.indexing import rebuild
from search.models import SearchEntry
from search.service import forget_caches


@pytest.fixture
def directory(db):
    fields = list(DefenceField.objects.all()[:3])
    capabilities = list(Capability.objects.all()[:3])
    types = list(CertificationType.objects.all()[:2])
    categories = list(ProductCategory.objects.all()[:2])
    offset_fields = list(OffsetField.objects.all()[:2])
    for i, (region, size) in enumerate(
        [
            ("busan", "sme"),
            ("seoul", "mid"),
            ("busan", "large"),
            ("", "sme"),
            ("gyeongnam", ""),
            ("busan", "sme"),
        ]
    ):
        company = Company.objects.create(
            brn=fictional_brn(),
            name_en=f"Actuator Works {i}",
            description_en="Landing gear actuators and hydraulic cylinders.",
            region=region,
            size_class=size,
            status=CompanyStatus.DRAFT if i == 5 else CompanyStatus.PUBLISHED,
        )
        company.fields.set(fields[: i % 3 + 1])
        company.capabilities.set(capabilities[i % 2 :])
        company.offset_fields.set(offset_fields[: i % 2])
        for kind in types[: i % 3]:
            Certification.objects.create(company=company, type=kind)
            Certification.objects.create(
                company=company, type=kind, number="again"
            )  # two of a kind count once
        Product.objects.create(
            company=company,
            name_en=f"Actuator {i}",
            description_en="Hydraulic actuator.",
            trl=i + 1,
            category=categories[i % 2] if i else None,
        )
    rebuild("company")
    rebuild("product")
    forget_caches()
    return {"field": fields, "capability": capabilities, "certification": types, "category": categories}


def _summary(facets):
    return {facet.name: sorted((v.value, v.count, v.selected) for v in facet.values) for facet in facets}


def _queries(directory):
    field, capability = directory["field"][0].code, directory["capability"][1].pk
    certification, category = directory["certification"][0].pk, directory["category"][0].pk
    return [
        "q=actuator",
        "q=actuator&region=busan",
        "q=actuator&region=busan&region=seoul&size=sme",
        f"q=actuator&field={field}&capability={capability}",
        f"q=actuator&certification={certification}&region=busan",
        "q=actuator&offset_field=1&sort=name",
        "q=actuator&region=atlantis",  # rejected by the form: no region filter at all
        f"q=actuator&category={category}&region=busan",
        "q=hydraulic&trl=3",
    ]


@pytest.mark.parametrize(
    "filterset_class,facets,model",
    [(CompanyFilter, COMPANY_FACETS, Company), (ProductFilter, PRODUCT_FACETS, Product)],
)
def test_python_counts_are_the_database_counts(directory, filterset_class, facets, model):
    for query in _queries(directory):
        data = QueryDict(query)
        if "category" in data and filterset_class is CompanyFilter:
            continue
        queryset = model.objects.visible_to(AnonymousUser())
        filterset = filterset_class(data, queryset=queryset)
        filterset.unordered_qs  # noqa: B018 - runs the search
        allowed, in_python = _counted_in_python(filterset, facets)
        in_database = _counted_in_database(filterset_class(data, queryset=queryset), facets)
        assert _summary(in_python) == _summary(in_database), query
        assert allowed == set(filterset.qs.values_list("pk", flat=True)), query
        assert any(value.count for facet in in_python for value in facet.values), query


def _company_counts(query):
    data = QueryDict(query)
    filterset = CompanyFilter(data, queryset=Company.objects.visible_to(AnonymousUser()))
    filterset.unordered_qs  # noqa: B018 - runs the search
    return _summary(_counted_in_python(filterset, COMPANY_FACETS)[1])


def test_a_search_counts_companies_from_their_index_entries(directory, django_assert_max_num_queries):
    filterset = CompanyFilter(QueryDict("q=actuator"), queryset=Company.objects.visible_to(AnonymousUser()))
    filterset.unordered_qs  # noqa: B018
    base = filterset.qs_without(set(COMPANY_FACETS))
    with django_assert_max_num_queries(1):  # the results with their entries
        keys = _indexed_facet_keys(filterset, base, COMPANY_FACET_PATHS)
    assert sorted(keys) == sorted(base.values_list("pk", flat=True))
    from_tables = indexed_facet_keys(base, COMPANY_FACET_PATHS)
    assert {pk: sorted(own) for pk, own in keys.items()} == {
        pk: sorted(own) for pk, own in from_tables.items()
    }


def test_entries_without_facet_keys_are_counted_from_the_tables(directory):
    expected = _company_counts("q=actuator&region=busan")
    SearchEntry.objects.filter(kind="company").update(facets=None)
    assert _company_counts("q=actuator&region=busan") == expected
    SearchEntry.objects.filter(kind="company").update(facets="~:other field:x")
    assert _company_counts("q=actuator&region=busan") == expected


def test_an_edit_reaches_the_counts_when_it_commits(directory):
    company = Company.objects.filter(status=CompanyStatus.PUBLISHED).first()
    new_field = DefenceField.objects.exclude(pk__in=company.fields.all()).exclude(
        pk__in=[f.pk for f in directory["field"]]
    )[0]
    assert new_field.code not in {v for v, _, _ in _company_counts("q=actuator")["field"]}
    company.fields.add(new_field)
    index_on_commit()
    forget_caches()
    assert (new_field.code, 1, False) in _company_counts("q=actuator")["field"]
    company.region = "jeju"
    company.save()
    index_on_commit()
    forget_caches()
    assert ("jeju", 1, False) in _company_counts("q=actuator")["region"]
