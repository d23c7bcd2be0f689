"""Stored XSS: every user-editable text field holds a payload; no page, feed or export runs it.

One world per test: the permission matrix's world, its text fields overwritten in place by
introspection (so a new model or field is covered without touching this file), then every GET
row of the matrix that a persona may open, every export format and the API GETs.
"""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree

import pytest
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse

from conftest import client_for
from tests.hostile.support import (
    FORMULA_PREFIXES,
    JAVASCRIPT_URL,
    MARKER,
    formula_payload,
    html_problems,
    project_models,
    text_fields,
    url_fields,
)
from tests.test_permission_matrix import API_OUTCOMES, MATRIX

# KDIA sees most; the contractor, the Korean company and DAPA see what is shared with them.
PERSONAS = ("kdia", "foreign", "korean_admin", "dapa", "anonymous")
API_EXPORTS = [
    "/api/v1/export/companies.csv",
    "/api/v1/export/companies.jsonl",
    "/api/v1/export/products.csv",
    "/api/v1/export/products.jsonl",
]


def poison(world) -> int:
    """Overwrite every text field of every row with a payload; URL fields get a javascript: link."""
    count = 0
    for model in project_models():
        if model._meta.proxy:
            continue
        texts, links = text_fields(model), url_fields(model)
        if not texts and not links:
            continue
        # A plain QuerySet: append-only models (the credit ledger) refuse update() on purpose,
        # but an attacker's text was written when the row was created.
        rows = QuerySet(model)
        for pk in rows.values_list("pk", flat=True):
            values = {
                field.name: formula_payload(index + pk, field.max_length) for index, field in enumerate(texts)
            }
            values = {name: value for name, value in values.items() if value}
            values.update({field.name: JAVASCRIPT_URL for field in links})
            try:
                with transaction.atomic():
                    rows.filter(pk=pk).update(**values)
            except IntegrityError:
                # Two rows may not share a name (unique together): keep them apart by their id.
                with transaction.atomic():
                    rows.filter(pk=pk).update(
                        **{name: f"{value[:1]}{pk}{value[1:]}" for name, value in values.items()}
                    )
            count += 1
    return count


def formula_cells(cells) -> list[str]:
    return [cell for cell in cells if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES)]


def problems_in(response) -> list[str]:
    """What in this response would run: markup in HTML, formulas in spreadsheets, broken JSON/XML."""
    kind = response.get("Content-Type", "").split(";")[0].strip()
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "text/html":
        return html_problems(body.decode())
    if kind == "text/csv":
        rows = csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""))
        return [f"CSV formula {cell!r}" for row in rows for cell in formula_cells(row)]
    if kind.endswith("spreadsheetml.sheet"):
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(body))
        found = []
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                found += [f"XLSX formula {cell.value!r}" for cell in row if cell.data_type == "f"]
                found += [f"XLSX formula {value!r}" for value in formula_cells(cell.value for cell in row)]
        return found
    if kind == "application/json":
        json.loads(body)
        return []
    if kind in {"application/jsonl", "application/x-ndjson"}:
        for line in body.decode().splitlines():
            json.loads(line)
        return []
    if kind in {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml"}:
        tree = ElementTree.fromstring(body)
        return [f"<{element.tag}> in a feed" for element in tree.iter() if element.tag.endswith("script")]
    if kind == "text/calendar":
        # A CR or LF in a value would start a property of the attacker's choosing.
        text = body.decode()
        return [f"ICS line {line!r}" for line in text.split("\r\n") if "\n" in line or "\r" in line]
    return []


def row_urls(world):
    """(url, row) for every GET row, kwargs computed before poisoning (some create records)."""
    urls = []
    for row in MATRIX:
        if row.method != "get":
            continue
        kwargs = row.kwargs(world) if row.kwargs else None
        url = reverse(row.name, kwargs=kwargs)
        urls.append((url, row))
        if kwargs and kwargs.get("fmt") in {"csv", "xlsx"}:
            other = "xlsx" if kwargs["fmt"] == "csv" else "csv"
            urls.append((reverse(row.name, kwargs={**kwargs, "fmt": other}), row))
    return urls


def api_urls(world):
    return [
        (path.format(**kwargs(world)), outcomes)
        for path, (kwargs, outcomes) in sorted(API_OUTCOMES.items())
        if outcomes.get("default", "ok") == "ok"
    ]


@pytest.fixture
def poisoned(world):
    pages, apis = row_urls(world), api_urls(world)
    assert poison(world) > 50
    return world, pages, apis


def test_payload_reaches_the_pages_it_is_tested_on(poisoned):
    """Guards the test itself: the payload is stored and shown (escaped) on a profile page."""
    world, _pages, _apis = poisoned
    html = (
        client_for(world, "kdia")
        .get(reverse("companies:company_detail", kwargs={"brn": world.directory.published.brn}))
        .content.decode()
    )
    assert MARKER in html
    assert "&lt;script&gt;" in html or "&lt;svg" in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_payload_runs_on_any_page_or_export(poisoned, persona):
    world, pages, apis = poisoned
    client = client_for(world, persona)
    failures, seen = [], 0
    for url, row in pages:
        if row.expected(persona) != "ok":
            continue
        response = client.get(url)
        if response.status_code != 200:
            failures.append(f"{url}: {response.status_code}")
            continue
        seen += 1
        failures += [f"{url}: {problem}" for problem in problems_in(response)]
    for url, outcomes in apis:
        if outcomes.get(persona, outcomes.get("default", "ok")) != "ok":
            continue
        response = client.get(url)
        if response.status_code != 200:
            failures.append(f"{url}: {response.status_code}")
            continue
        seen += 1
        failures += [f"{url}: {problem}" for problem in problems_in(response)]
    assert seen > 10
    assert failures == [], "\n".join(failures)


def test_the_bulk_export_neutralises_formulas(poisoned):
    world, _pages, _apis = poisoned
    client = client_for(world, "anonymous")
    failures = []
    for url in API_EXPORTS:
        response = client.get(url)
        assert response.status_code == 200, url
        failures += [f"{url}: {problem}" for problem in problems_in(response)]
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize(
    "value,shown",
    [
        ("https://garam.example/", "https://garam.example/"),
        ("HTTP://garam.example", "HTTP://garam.example"),
        (JAVASCRIPT_URL, ""),
        (" javascript:alert(1)", ""),
        ("data:text/html,<script>alert(1)</script>", ""),
        ("//evil.example", ""),
        (None, ""),
    ],
)
def test_web_url_links_only_to_http_addresses(value, shown):
    from core.templatetags.koffset import web_url

    assert web_url(value) == shown
