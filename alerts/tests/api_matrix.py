"""Saved searches over the API, for every persona (tests/test_api_operations.py).

Everyone signed in keeps their own; another person's saved search is missing to all, KDIA included.
"""

from alerts.models import SavedSearch
from alerts.testing import make_saved_search
from companies.tests.api_matrix import if_match
from core.testing import ApiOperation

GATED = {"anonymous": "unauthorised", "pending": "forbidden", "kdia_no_2fa": "forbidden"}
# The Korean company member's saved search: only its owner finds it.
OWNER_ONLY = {**GATED, "korean_member": "ok"}


def the_korean_member_search(world) -> SavedSearch:
    # One world serves every operation in the read-only key test: reuse the search once made.
    owner = world.users.korean_member
    return SavedSearch.objects.filter(user=owner).first() or make_saved_search(owner)


def korean_member_search(world):
    return {"search_id": the_korean_member_search(world).pk}


OPERATIONS = [
    ApiOperation("GET", "/api/v1/alerts", outcomes=GATED),
    ApiOperation(
        "POST",
        "/api/v1/alerts",
        body=lambda w: {
            "kind": "companies",
            "querystring": "field=naval&region=gyeongnam",
            "frequency": "daily",
        },
        default="created",
        outcomes=GATED,
    ),
    ApiOperation(
        "POST",
        "/api/v1/alerts",
        body=lambda w: {"kind": "companies", "querystring": "field=naval", "frequency": "hourly"},
        default="invalid",
        outcomes=GATED,
        label="invalid frequency",
    ),
    ApiOperation(
        "GET",
        "/api/v1/alerts/{search_id}",
        kwargs=korean_member_search,
        default="missing",
        outcomes=OWNER_ONLY,
    ),
    ApiOperation(
        "PATCH",
        "/api/v1/alerts/{search_id}",
        kwargs=korean_member_search,
        body=lambda w: {"name": "Naval suppliers", "frequency": "off"},
        # The owner's current ETag; to everyone else the search is missing before any version check.
        headers=if_match(the_korean_member_search),
        default="missing",
        outcomes=OWNER_ONLY,
    ),
    ApiOperation(
        "DELETE",
        "/api/v1/alerts/{search_id}",
        kwargs=korean_member_search,
        default="missing",
        outcomes={**GATED, "korean_member": "deleted"},
    ),
]
