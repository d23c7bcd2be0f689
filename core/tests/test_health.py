"""/healthz: the database, the shared cache and the task worker's heartbeat, 503 when one fails."""

import time
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import override_settings

from core import tasks
from core.apps import create_cache_table

pytestmark = pytest.mark.django_db

WITH_WORKER = {"HUEY": {**settings.HUEY, "immediate": False}}


def _health(client, query=""):
    response = client.get("/healthz" + query)
    return response.status_code, response.json()


def test_all_healthy_with_tasks_inline(client):
    status, body = _health(client)
    assert status == 200
    assert body == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "worker": "not_applicable",
        "worker_heartbeat_age_seconds": None,
    }


def test_only_get_is_answered(client):
    assert client.post("/healthz").status_code == 405


@override_settings(**WITH_WORKER)
def test_a_worker_that_never_beat_is_stale(client):
    status, body = _health(client)
    assert status == 503
    assert body["status"] == "error"
    assert body["worker"] == "stale"
    assert body["database"] == body["cache"] == "ok"


@override_settings(**WITH_WORKER)
def test_the_load_balancer_probe_ignores_the_worker(client):
    status, body = _health(client, "?scope=app")
    assert status == 200
    assert body["worker"] == "stale"  # still reported


@override_settings(**WITH_WORKER)
def test_the_periodic_heartbeat_makes_the_worker_healthy(client):
    tasks.worker_heartbeat.call_local()
    status, body = _health(client)
    assert status == 200
    assert body["worker"] == "ok"
    assert body["worker_heartbeat_age_seconds"] == 0


@override_settings(**WITH_WORKER)
def test_the_worker_beats_when_it_starts(client):
    tasks.worker_started()
    assert _health(client)[1]["worker"] == "ok"


@override_settings(WORKER_HEARTBEAT_STALE_MINUTES=5, **WITH_WORKER)
def test_an_old_heartbeat_is_stale(client):
    from django.core.cache import cache

    cache.set(tasks.HEARTBEAT_KEY, time.time() - 6 * 60)
    status, body = _health(client)
    assert status == 503
    assert body["worker"] == "stale"
    assert 355 <= body["worker_heartbeat_age_seconds"] <= 400

    cache.set(tasks.HEARTBEAT_KEY, time.time() - 4 * 60)
    status, body = _health(client)
    assert (status, body["worker"]) == (200, "ok")


def test_an_unreachable_cache_is_a_503_without_the_error_text(client):
    failure = ConnectionError("redis://secret-host:6379 refused")
    with mock.patch("core.views.cache.set", side_effect=failure):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "error"
    assert response.json()["database"] == "ok"
    assert b"secret-host" not in response.content


def test_an_unreachable_database_is_a_503(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert b"refused" not in response.content


def test_no_secrets_or_versions_in_the_answer(client):
    body = client.get("/healthz").content.decode()
    for word in ("version", "postgres", "sqlite", "redis", settings.SECRET_KEY):
        assert word not in body.lower()


def test_migrate_creates_the_database_cache_table():
    table = "koffset_cache_health_test"
    caches = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table}}
    assert table not in connection.introspection.table_names()
    with override_settings(CACHES=caches):
        create_cache_table(using="default")
    assert table in connection.introspection.table_names()
