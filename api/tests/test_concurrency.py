"""ETag on a single-resource GET and the If-Match checks updates make before saving."""

import pytest
from django.test import RequestFactory
from django.utils import timezone

from api.concurrency import etag_of, require_if_match
from api.errors import ApiError


def test_company_get_carries_its_etag(world, as_persona):
    company = world.directory.published
    response = as_persona("foreign").get(f"/api/v1/companies/{company.brn}")
    assert response.status_code == 200
    assert response["ETag"] == etag_of(company)
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')


def if_match_request(value=None):
    headers = {"HTTP_IF_MATCH": value} if value is not None else {}
    return RequestFactory().patch("/api/v1/companies/x", **headers)


def test_missing_if_match_is_428(world):
    with pytest.raises(ApiError) as refused:
        require_if_match(if_match_request(), world.directory.published)
    assert refused.value.status_code == 428 and refused.value.code == "precondition_required"
    assert "GET" in refused.value.message


def test_stale_if_match_is_412_and_the_current_one_passes(world):
    company = world.directory.published
    read_etag = etag_of(company)
    require_if_match(if_match_request(read_etag), company)  # fresh: no error
    require_if_match(if_match_request(f'W/{read_etag}, "other"'), company)  # a list, weak form
    require_if_match(if_match_request("*"), company)
    company.updated_at = timezone.now()
    company.save()
    with pytest.raises(ApiError) as refused:
        require_if_match(if_match_request(read_etag), company)
    assert refused.value.status_code == 412 and refused.value.code == "stale"


def test_the_flow_over_http_gives_the_error_shape(world, as_persona):
    """A 412 raised in a handler reaches the client as the error JSON."""
    from api.router import api

    try:
        require_if_match(if_match_request('"stale"'), world.directory.published)
    except ApiError as refused:
        response = api.on_exception(if_match_request(), refused)
    assert response.status_code == 412
    assert response.content.startswith(b'{"code": "stale"')
