"""Every API error is {"code", "message", "field"}."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from ninja.errors import HttpError

from api.errors import ApiError, field_of, split_field
from api.router import api

SHAPE = {"code", "message", "field"}


def call_handler(exc):
    request = RequestFactory().get("/api/v1/anything")
    response = api.on_exception(request, exc)
    return response.status_code, json.loads(response.content)


def test_400_from_a_filter_names_the_field(world, as_persona):
    response = as_persona("foreign").get("/api/v1/companies", {"size": "enormous"})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == SHAPE
    assert body["code"] == "bad_request" and body["field"] == "size"
    assert not body["message"].startswith("size:")


def test_401_for_a_guest_on_a_signed_in_operation(world, as_persona):
    response = as_persona("anonymous").get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated" and set(response.json()) == SHAPE


def test_403_from_the_organisation_gate(world, as_persona):
    body = as_persona("pending").get("/api/v1/companies").json()
    assert body["code"] == "organization_not_approved"


def test_404_for_an_unknown_company(world, as_persona):
    response = as_persona("foreign").get("/api/v1/companies/0000000000")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found" and body["field"] is None and body["message"]


def test_422_names_the_first_failing_field_without_its_location(world, as_persona):
    response = as_persona("foreign").get("/api/v1/companies", {"limit": "lots"})
    assert response.status_code == 422
    body = response.json()
    assert body == {"code": "invalid", "message": "limit: Enter a whole number.", "field": "limit"}


def test_422_for_a_body_names_the_field_inside_the_body(world, as_persona):
    response = as_persona("foreign").post(
        "/api/v1/consultations/cases", "{}", content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["field"] and body["field"] not in {"body", "payload"}
    assert "required" in body["message"]


def test_422_for_a_body_that_is_not_json(world, as_persona):
    response = as_persona("foreign").post("/api/v1/consultations/cases", "{", content_type="application/json")
    assert response.status_code in (400, 422)
    assert set(response.json()) == SHAPE


@pytest.mark.parametrize(
    "exc, status, code, field",
    [
        (ApiError(409, "conflict", "Already decided.", field="status"), 409, "conflict", "status"),
        (HttpError(400, "deadline: Enter a date in the future."), 400, "bad_request", "deadline"),
        (HttpError(403, "Only KDIA works consultation cases."), 403, "forbidden", None),
        (HttpError(412, "stale"), 412, "stale", None),
        (Http404("No Company matches the given query."), 404, "not_found", None),
        (PermissionDenied(), 403, "forbidden", None),
    ],
)
def test_handlers_give_the_shape(db, exc, status, code, field):
    got_status, body = call_handler(exc)
    assert got_status == status and set(body) == SHAPE
    assert body["code"] == code and body["field"] == field and body["message"]
    assert "Company" not in body["message"]  # get_object_or_404's sentence names no model


def test_field_helpers():
    assert field_of(("body", "payload", "name_en")) == "name_en"
    assert field_of(("query", "limit")) == "limit"
    assert field_of(("body", "payload", "items", 0, "qty")) == "qty"
    assert split_field("Free text without a field") == (None, "Free text without a field")
    assert split_field("sort: Pick one.") == ("sort", "Pick one.")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/events/%C3%98x", "/api/v1/no-such-thing", "/api/v1/companies/x/y/z"]
)
def test_a_path_no_operation_answers_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_a_guest_posting_without_csrf_is_told_to_sign_in():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/consultations/cases", {"topic": "rules"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


@pytest.mark.django_db
def test_a_nul_character_anywhere_is_a_422_naming_the_field(as_persona):
    client = as_persona("foreign")
    response = client.post(
        "/api/v1/inquiries/threads",
        {"company": "123\x00", "subject": "x", "body": "y"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["field"] == "company"
    response = client.get("/api/v1/companies", {"q": "bearing\x00"})
    assert response.status_code == 422 and response.json()["field"] == "q"


@pytest.mark.django_db
def test_a_nul_character_in_a_body_field_is_refused_before_the_operation_runs(as_persona):
    response = as_persona("foreign").post(
        "/api/v1/consultations/cases",
        {"topic": "rules", "subject": "Tooling", "body_en": "Does tooling\x00 count?"},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["field"] == "body_en"
