"""Every state change made with a session needs the CSRF token; an API key does not (by design).

Rows come from the permission matrix (POST pages) and tests/test_api_operations.py (API writes),
so a new form or operation is covered without touching this file.
"""

from __future__ import annotations

import json

import pytest
from django.db import IntegrityError, transaction
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from conftest import client_for
from core.testing import api_key_for, key_client
from tests.hostile.support import changed_tables, snapshot
from tests.test_api_operations import OPERATIONS
from tests.test_permission_matrix import MATRIX

PERSONAS = ("korean_admin", "korean_member", "other_korean", "foreign", "kdia", "dapa", "anonymous")
POST_ROWS = [row for row in MATRIX if row.method == "post"]
WRITES = [operation for operation in OPERATIONS if operation.method != "GET"]
# Outcomes that mean the view (or API handler) itself would have run with a valid token.
REACHES_THE_VIEW = {"ok", "done", "missing", "forbidden", "created", "deleted", "invalid", "conflict"}
# POSTs that change nothing (the calculator takes its inputs as a body); open to everyone.
NOT_STATE_CHANGING = {"/api/v1/offsets/calculate"}


def row_urls(world):
    """Each row's URL; kwargs helpers used by several rows run once (some create records)."""
    made = {}
    urls = []
    for row in POST_ROWS:
        if row.kwargs is not None and row.kwargs not in made:
            try:
                with transaction.atomic():
                    made[row.kwargs] = row.kwargs(world)
            except IntegrityError:
                continue  # two helpers make the same record (a saved search); the first row covers it
        urls.append((reverse(row.name, kwargs=made.get(row.kwargs)), row))
    return urls


def prepared(operation, world, client):
    """URL, body, form and headers worked out in advance: their helpers create records and read
    pages, which must happen before the 'nothing changed' snapshot."""
    try:
        with transaction.atomic():
            url = operation.url(world)
            body = json.dumps(operation.body(world), default=str) if operation.body else ""
            form = operation.form(world) if operation.form else None
            headers = {
                f"HTTP_{name.upper().replace('-', '_')}": value
                for name, value in operation._headers(world, client)
            }
    except IntegrityError:
        return None
    return operation, url, body, form, headers


def send(client, operation, url, body, form, headers):
    if form is not None:
        encoded = encode_multipart(BOUNDARY, form)
        return client.generic(operation.method, url, encoded, content_type=MULTIPART_CONTENT, **headers)
    return client.generic(operation.method, url, body, content_type="application/json", **headers)


def test_there_is_something_to_check():
    assert len(POST_ROWS) > 30 and len(WRITES) > 20


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_refuse_a_post_without_a_token(world, persona):
    client = client_for(world, persona, enforce_csrf_checks=True)
    urls = row_urls(world)
    assert len(urls) > 30
    before = snapshot()
    failures = []
    for url, row in urls:
        response = client.post(url, row.data)
        if row.expected(persona) in REACHES_THE_VIEW and response.status_code != 403:
            failures.append(f"POST {url}: {response.status_code}")
    assert failures == [], "\n".join(failures)
    assert changed_tables(before, snapshot()) == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_writes_with_a_session_refuse_a_missing_token(world, persona):
    client = client_for(world, persona, enforce_csrf_checks=True)
    calls = [
        prepared(operation, world, client)
        for operation in WRITES
        if operation.expected(persona) in REACHES_THE_VIEW and operation.path not in NOT_STATE_CHANGING
    ]
    calls = [call for call in calls if call is not None]
    before = snapshot()
    failures = []
    for operation, *request in calls:
        response = send(client, operation, *request)
        if response.status_code != 403:
            failures.append(f"{operation}: {response.status_code} {response.content[:120]!r}")
    assert failures == [], "\n".join(failures)
    assert changed_tables(before, snapshot()) == []


@pytest.mark.parametrize("persona", ["korean_admin", "foreign", "kdia"])
def test_api_keys_need_no_csrf_token(world, persona):
    client = key_client(api_key_for(getattr(world.users, persona), "read_write"), enforce_csrf_checks=True)
    refused = []
    for operation in WRITES:
        response = operation.call(client, world)
        if response.status_code == 403 and b"csrf" in response.content.lower():
            refused.append(str(operation))
    assert refused == []


def test_a_key_write_succeeds_without_a_token(world):
    """Not only 'not refused for CSRF': a write with a key and no token does what it says."""
    client = key_client(api_key_for(world.users.other_korean, "read_write"), enforce_csrf_checks=True)
    submit = next(
        operation
        for operation in WRITES
        if operation.path == "/api/v1/companies/{brn}/submit" and not operation.label
    )
    assert submit.expected("other_korean") == "ok"
    assert submit.call(client, world).status_code == 200
    world.directory.draft.refresh_from_db()
    assert world.directory.draft.status == "submitted"
