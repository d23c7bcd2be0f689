"""API keys: shown once, stored hashed, refused when expired, revoked, unknown or orphaned."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Membership
from api.models import ApiKey, digest_of
from core.testing import api_key_for, key_client


def test_a_key_acts_as_its_creator(world, key_for):
    body = key_for("foreign").get("/api/v1/me").json()
    assert body["email"] == world.users.foreign.email


def test_the_key_also_works_in_the_x_api_key_header(world):
    secret = api_key_for(world.users.foreign)
    response = key_client("unused").get("/api/v1/me", HTTP_AUTHORIZATION="", HTTP_X_API_KEY=secret)
    assert response.status_code == 200


def test_a_key_sees_what_its_creator_sees_on_public_operations(world, key_for):
    """The other company's draft profile is visible to its own members, key or session."""
    url = f"/api/v1/companies/{world.directory.draft.brn}"
    assert key_for("other_korean").get(url).status_code == 200
    assert key_for("foreign").get(url).status_code == 404


def test_the_secret_is_stored_only_as_a_digest(world):
    secret = api_key_for(world.users.korean_admin)
    key = ApiKey.objects.get()
    assert key.secret_digest == digest_of(secret) and secret not in key.secret_digest
    assert secret.startswith(key.prefix) and len(key.prefix) < len(secret)
    history = key.history.get()
    assert not hasattr(history, "secret_digest")


@pytest.mark.parametrize(
    "spoil",
    [
        lambda key: ApiKey.objects.filter(pk=key.pk).update(expires_at=timezone.now() - timedelta(minutes=1)),
        lambda key: ApiKey.objects.filter(pk=key.pk).update(revoked_at=timezone.now()),
        lambda key: Membership.objects.filter(user=key.created_by).delete(),
        lambda key: type(key.created_by).objects.filter(pk=key.created_by_id).update(is_active=False),
        lambda key: type(key.organization).objects.filter(pk=key.organization_id).update(status="suspended"),
    ],
    ids=["expired", "revoked", "creator_left", "creator_deactivated", "organisation_suspended"],
)
def test_an_unusable_key_is_refused_with_401(world, spoil):
    secret = api_key_for(world.users.foreign)
    client = key_client(secret)
    assert client.get("/api/v1/me").status_code == 200
    spoil(ApiKey.objects.get())
    for path in ("/api/v1/me", "/api/v1/companies"):  # refused on public operations too
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.json()["code"] == "invalid_key"


@pytest.mark.parametrize("secret", ["kof_not-a-real-key", "something-else", "kof_" + "x" * 300])
def test_an_unknown_key_is_refused_with_401(db, secret):
    response = key_client(secret).get("/api/v1/companies")
    assert response.status_code == 401
    assert response.json() == {"code": "invalid_key", "message": "This API key is not known.", "field": None}


def test_a_read_only_key_may_read_but_not_write(world, key_for):
    client = key_for("foreign", "read")
    assert client.get("/api/v1/me").status_code == 200
    # Refused before the body is read, on signed-in and public operations alike.
    for path in ("/api/v1/consultations/cases", "/api/v1/offsets/calculate"):
        response = client.post(path, "{}", content_type="application/json")
        assert response.status_code == 403, path
        assert response.json()["code"] == "read_only_key"


def test_a_read_write_key_needs_no_csrf_token(world):
    """An empty case with a key and a client that enforces CSRF: refused for its body, not for CSRF."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {api_key_for(world.users.foreign)}")
    response = client.post("/api/v1/consultations/cases", "{}", content_type="application/json")
    assert response.status_code == 422, response.content


def test_last_used_is_written_at_most_once_a_minute(world, key_for):
    client = key_for("foreign")
    client.get("/api/v1/me")
    first = ApiKey.objects.get().last_used_at
    assert first is not None
    client.get("/api/v1/me")
    assert ApiKey.objects.get().last_used_at == first
    ApiKey.objects.update(last_used_at=first - timedelta(minutes=2))
    client.get("/api/v1/me")
    assert ApiKey.objects.get().last_used_at > first


def test_the_session_still_works_and_keeps_csrf(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users.foreign)
    assert client.get("/api/v1/me").status_code == 200
    refused = client.post("/api/v1/consultations/cases", "{}", content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
