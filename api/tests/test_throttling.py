"""Rate limits: per key (or person) and per IP for guests; 429 with Retry-After and the error JSON."""

from django.test import Client, override_settings


@override_settings(API_RATE_LIMIT_PER_IP="3/min")
def test_guests_are_limited_per_ip(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    statuses = [client.get("/api/v1/companies").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/companies")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["code"] == "throttled" and response.json()["field"] is None
    # Another address has its own allowance.
    assert Client(REMOTE_ADDR="192.0.2.7").get("/api/v1/companies").status_code == 200


@override_settings(API_RATE_LIMIT_PER_KEY="2/min", API_RATE_LIMIT_PER_IP="1000/min")
def test_each_key_has_its_own_allowance(world, key_for):
    first, second = key_for("foreign"), key_for("foreign")
    assert [first.get("/api/v1/me").status_code for _ in range(3)] == [200, 200, 429]
    assert second.get("/api/v1/me").status_code == 200
    assert "Retry-After" in first.get("/api/v1/me")
