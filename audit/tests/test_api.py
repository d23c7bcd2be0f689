"""GET /api/v1/audit: KDIA reads the log with the page's filters; bad filters are a 422 naming the field."""

import pytest

from accounts.choices import MembershipRole, OrganizationKind
from audit.choices import AuditAction
from audit.services import record
from core.testing import make_org, make_user, signed_in


@pytest.fixture
def people(db):
    kdia = make_user(make_org(OrganizationKind.KDIA), MembershipRole.ADMIN, totp=True)
    member = make_user(make_org(OrganizationKind.KOREAN_COMPANY), MembershipRole.ADMIN)
    return kdia, member


def test_kdia_reads_the_filtered_log(people):
    kdia, member = people
    failed = record(AuditAction.SIGN_IN_FAILED, actor_email=member.email)
    record(AuditAction.API_KEY_CREATED, actor=member, target=member.organization, scope="read")
    body = signed_in(kdia, second_factor=True).get("/api/v1/audit", {"action": "sign_in_failed"}).json()
    assert body["count"] == 1 and body["items"][0]["id"] == failed.pk
    assert body["items"][0]["actor_email"] == member.email and body["items"][0]["actor_id"] is None
    body = (
        signed_in(kdia, second_factor=True)
        .get("/api/v1/audit", {"organization": member.organization.pk})
        .json()
    )
    [item] = [item for item in body["items"] if item["action"] == "api_key_created"]
    assert item["target_type"] == "accounts.organization" and item["details"] == {"scope": "read"}


def test_others_are_refused(people):
    _kdia, member = people
    assert signed_in(member).get("/api/v1/audit").status_code == 403
    assert signed_in(None).get("/api/v1/audit").status_code == 401


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"date_from": "31/02/2031"}, "date_from"),
        ({"action": "explode"}, "action"),
        ({"organization": 987654}, "organization"),
    ],
)
def test_bad_filters_name_the_field(people, query, field):
    kdia, _member = people
    response = signed_in(kdia, second_factor=True).get("/api/v1/audit", query)
    assert response.status_code == 422
    assert response.json()["field"] == field
