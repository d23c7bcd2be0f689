"""SQL and full-text-search syntax in every filter and search parameter is only ever text.

Three layers: each FilterSet in ``<app>/filters.py`` with each payload in each filter (refused or
no wider than no filter at all); every list page and list API with every known parameter
carrying the payload (never a 500; an API count never grows); and the database unchanged.
"""

from __future__ import annotations

import importlib

import django_filters
import pytest
from django.apps import apps
from django.test import RequestFactory
from django.urls import reverse

from conftest import client_for
from tests.hostile.support import changed_tables, snapshot
from tests.test_permission_matrix import API_OUTCOMES, MATRIX

PAYLOADS = [
    "' OR 1=1 --",
    "') OR ('1'='1",
    '" OR ""="',
    "'; DROP TABLE companies_company; --",
    '"',
    "'",
    "*",
    "a*",
    "NEAR(",
    "NEAR(a b, 2)",
    "AND OR NOT",
    "NOT",
    "^",
    ":",
    "name_en:x",
    ";",
    "%",
    "_",
    "%_%",
    "\\",
    "(",
    ")",
    "{}",
    "[]",
    "-1",
    "1e309",
    "99999999999999999999999",
    "x" * 5000,
    "가람 " * 800,
    "🛰️🚀 radar",
    "가람 Precision Ракета العربية 精密",
]


def filtersets():
    found = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.filters")
        except ModuleNotFoundError as missing:
            if missing.name != f"{config.name}.filters":
                raise
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, django_filters.FilterSet)
                and value.__module__ == module.__name__
                and getattr(value._meta, "model", None) is not None
            ):
                found.append(value)
    return found


FILTERSETS = filtersets()
# Every parameter any list understands, plus the usual paging and sorting words.
PARAMETERS = sorted(
    {name for filterset in FILTERSETS for name in filterset.base_filters}
    | {"q", "page", "sort", "ordering", "limit", "offset", "queue", "lang", "format"}
)


def test_the_filtersets_were_found():
    names = {filterset.__name__ for filterset in FILTERSETS}
    assert {"CompanyFilter", "ProductFilter", "RequirementFilter", "NoticeFilter"} <= names
    assert "q" in PARAMETERS


@pytest.mark.parametrize("filterset", FILTERSETS, ids=lambda filterset: filterset.__name__)
def test_no_payload_widens_a_filterset(world, filterset):
    request = RequestFactory().get("/")
    request.user = world.users.kdia
    queryset = filterset._meta.model._default_manager.all()
    everything = set(queryset.values_list("pk", flat=True))
    failures = []
    for name in filterset.base_filters:
        for payload in PAYLOADS:
            filtered = filterset(data={name: payload}, queryset=queryset, request=request)
            if not filtered.is_valid():
                continue  # refused as a value: harmless
            pks = list(filtered.qs.values_list("pk", flat=True))
            if len(pks) > len(everything) or not set(pks) <= everything:
                failures.append(f"{name}={payload[:30]!r}: {len(pks)} rows of {len(everything)}")
    assert failures == []


def list_pages(world, persona):
    pages = []
    for row in MATRIX:
        if row.method == "get" and row.expected(persona) == "ok" and row.kwargs is None:
            pages.append(reverse(row.name))
    return pages


def list_apis(persona):
    return [
        path
        for path, (_kwargs, outcomes) in sorted(API_OUTCOMES.items())
        if "{" not in path and outcomes.get(persona, outcomes.get("default", "ok")) == "ok"
    ]


def api_count(response):
    data = response.json()
    if isinstance(data, dict) and "count" in data:
        return data["count"]
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        return len(data["items"])
    return len(data) if isinstance(data, list) else None


# Over HTTP, a shorter list: the FilterSet test above already tries every payload in every filter.
HTTP_PAYLOADS = ["' OR 1=1 --", '"', "*", "NEAR(", "AND OR NOT", "^", ":", "%_%", "x" * 5000, "🛰️ 가람 Ракета"]


def text_parameters():
    """Parameters a list reads as free text (the rest are choices, numbers or ids)."""
    names = {"q"}
    for filterset in FILTERSETS:
        names |= {
            name
            for name, definition in filterset.base_filters.items()
            if isinstance(definition, django_filters.CharFilter)
        }
    return sorted(names)


def test_payloads_in_every_parameter_of_every_list(world):
    """KDIA sees every list; the contractor's API lists are checked for their own counts too."""
    clients = {persona: client_for(world, persona) for persona in ("kdia", "foreign")}  # signs in: before
    client = clients["kdia"]
    before = snapshot()
    failures = []
    texts = text_parameters()
    for url in list_pages(world, "kdia"):
        for payload in HTTP_PAYLOADS:
            response = client.get(url, dict.fromkeys(texts, payload))
            if response.status_code >= 500:
                failures.append(f"{url} with {payload[:30]!r}: {response.status_code}")
        # Every parameter alone too: an invalid choice elsewhere must not hide a failure here.
        response = client.get(url, dict.fromkeys(PARAMETERS, PAYLOADS[0]))
        if response.status_code >= 500:
            failures.append(f"{url} with every parameter: {response.status_code}")
    for persona, client in clients.items():
        for url in list_apis(persona):
            unfiltered = client.get(url)
            assert unfiltered.status_code == 200, url
            total = api_count(unfiltered)
            for payload in HTTP_PAYLOADS:
                response = client.get(url, dict.fromkeys(texts, payload))
                if response.status_code >= 500:
                    failures.append(f"{url} with {payload[:30]!r}: {response.status_code}")
                elif response.status_code == 200 and total is not None and api_count(response) > total:
                    failures.append(f"{url} with {payload[:30]!r}: {api_count(response)} > {total}")
    assert failures == [], "\n".join(failures)
    assert changed_tables(before, snapshot()) == []
