"""Your organisation and its members over the API, for every persona (tests/test_api_operations.py).

Any member reads the organisation and its members; only its administrators change them, and a
membership of another organisation is missing, KDIA's view included (as on the organisation page).
"""

from core.testing import ApiOperation

GATED = {"anonymous": "unauthorised", "pending": "forbidden", "kdia_no_2fa": "forbidden"}
# korean_admin, other_korean, foreign and kdia administer their organisations; korean_member and dapa do not.
ADMINS = {**GATED, "korean_member": "forbidden", "dapa": "forbidden"}
# The Korean company's memberships: other organisations' administrators find nothing there.
KOREAN_ADMIN_ONLY = {**ADMINS, "other_korean": "missing", "foreign": "missing", "kdia": "missing"}


def own_organization_etag(world, client):
    """If-Match with the caller's own organisation's ETag, read first as a client would."""
    return {"If-Match": client.get("/api/v1/organization").get("ETag") or ""}


def member_of_korean(world):
    return {"member_id": world.users.korean_member.membership.pk}


def admin_of_korean(world):
    return {"member_id": world.users.korean_admin.membership.pk}


OPERATIONS = [
    ApiOperation("GET", "/api/v1/organization", outcomes=GATED),
    ApiOperation(
        "PATCH",
        "/api/v1/organization",
        body=lambda w: {"website": "https://www.example.invalid"},
        headers=own_organization_etag,
        outcomes=ADMINS,
    ),
    ApiOperation(
        "PATCH",
        "/api/v1/organization",
        body=lambda w: {"website": "https://www.example.invalid"},
        default="conflict",
        outcomes=ADMINS,
        label="without If-Match",
    ),
    ApiOperation("GET", "/api/v1/organization/members", outcomes=GATED),
    ApiOperation(
        "POST",
        "/api/v1/organization/members",
        body=lambda w: {"email": "new.colleague@example.invalid", "full_name": "Hana Yoon", "role": "member"},
        default="created",
        outcomes=ADMINS,
    ),
    ApiOperation(
        "PATCH",
        "/api/v1/organization/members/{member_id}",
        kwargs=member_of_korean,
        body=lambda w: {"role": "admin"},
        outcomes=KOREAN_ADMIN_ONLY,
    ),
    ApiOperation(
        "PATCH",
        "/api/v1/organization/members/{member_id}",
        kwargs=admin_of_korean,
        body=lambda w: {"role": "member"},
        outcomes={**KOREAN_ADMIN_ONLY, "korean_admin": "conflict"},
        label="the last administrator",
    ),
    ApiOperation(
        "DELETE",
        "/api/v1/organization/members/{member_id}",
        kwargs=member_of_korean,
        default="deleted",
        outcomes=KOREAN_ADMIN_ONLY,
    ),
    ApiOperation(
        "DELETE",
        "/api/v1/organization/members/{member_id}",
        kwargs=admin_of_korean,
        outcomes={**KOREAN_ADMIN_ONLY, "korean_admin": "conflict"},
        label="oneself",
    ),
]
