"""KDIA's audit log page: who may open it, its filters, its CSV download."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import MembershipRole, OrganizationKind
from audit.choices import AuditAction
from audit.models import AuditEvent
from audit.services import record
from core.testing import make_org, make_user, signed_in

PAGE = reverse("staff_audit:event_list")
CSV = reverse("staff_audit:event_export")
SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def people(db):
    kdia = make_user(make_org(OrganizationKind.KDIA), MembershipRole.ADMIN, totp=True)
    company = make_org(OrganizationKind.KOREAN_COMPANY, name_en="Hanbit Optics")
    member = make_user(company, MembershipRole.ADMIN, email="minji.park@hanbit.example.invalid")
    client = signed_in(kdia, second_factor=True)
    AuditEvent.objects.prune_older_than(timezone.now() + timedelta(days=1))  # forget the set-up's sign-ins
    return kdia, member, client


def listed(response) -> list[AuditEvent]:
    return list(response.context["page"].object_list)


def test_only_kdia_with_its_second_factor_reads_the_log(people):
    kdia, member, client = people
    assert client.get(PAGE).status_code == 200
    assert signed_in(member).get(PAGE).status_code == 403
    assert signed_in(member).get(CSV).status_code == 403
    assert signed_in(None).get(PAGE)["Location"].startswith(reverse("account_login"))
    assert signed_in(kdia).get(PAGE)["Location"].startswith(reverse("mfa_reauthenticate"))


def test_empty_log_says_so(people):
    _kdia, _member, client = people
    response = client.get(PAGE)
    assert b"No audit events match these filters." in response.content


def test_newest_first_paginated_by_fifty_in_seoul_time(people):
    _kdia, member, client = people
    for _ in range(51):
        record(AuditAction.SIGN_IN, actor=member)
    late = AuditEvent(
        action=AuditAction.SIGN_OUT, actor=member, when=datetime(2030, 3, 1, 15, 30, tzinfo=SEOUL)
    )
    late.save()
    response = client.get(PAGE)
    assert listed(response)[0] == late and len(listed(response)) == 50
    assert b"2030-03-01 15:30:00" in response.content  # shown as the Seoul wall clock
    assert len(listed(client.get(PAGE, {"page": 2}))) == 2


def test_filters_by_action_actor_organisation_and_seoul_dates(people):
    kdia, member, client = people
    sign_in = record(AuditAction.SIGN_IN, actor=member)
    export = record(AuditAction.EXPORT, actor=kdia, what="companies")
    # 00:30 on 2 March in Seoul is still 1 March in UTC: the filter's days are Seoul days.
    early = AuditEvent(
        action=AuditAction.SIGN_OUT,
        actor=member,
        actor_email=member.email,
        organization=member.organization,
        when=datetime(2031, 3, 2, 0, 30, tzinfo=SEOUL),
    )
    early.save()
    assert listed(client.get(PAGE, {"action": "export"})) == [export]
    assert set(listed(client.get(PAGE, {"actor": "HANBIT.example"}))) == {sign_in, early}
    assert set(listed(client.get(PAGE, {"organization": member.organization.pk}))) == {sign_in, early}
    assert listed(client.get(PAGE, {"date_from": "2031-03-02", "date_to": "2031-03-02"})) == [early]
    assert listed(client.get(PAGE, {"date_to": "2031-03-01"})) == [export, sign_in]


def test_a_filter_not_understood_is_named_with_a_400(people):
    _kdia, _member, client = people
    response = client.get(PAGE, {"date_from": "yesterday-ish", "action": "explode"})
    assert response.status_code == 400
    assert b"date_from" in response.content and b"action" in response.content
    response = client.get(CSV, {"date_from": "31/02/2031"})
    assert response.status_code == 400 and b"date_from" in response.content
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_csv_download_keeps_the_filter_neutralises_formulas_and_is_recorded(people):
    kdia, member, client = people
    record(AuditAction.SIGN_IN_FAILED, actor_email='=HYPERLINK("http://x.invalid")')
    record(AuditAction.SIGN_IN, actor=member)
    response = client.get(CSV, {"action": "sign_in_failed"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["when_kst", "action", "actor_email"]
    assert [row[1] for row in rows[1:]] == ["sign_in_failed"]
    assert rows[1][2] == '\'=HYPERLINK("http://x.invalid")'
    [download] = AuditEvent.objects.filter(action=AuditAction.EXPORT)
    assert download.actor == kdia
    assert download.details == {
        "what": "audit_log",
        "format": "csv",
        "query": "action=sign_in_failed",
        "rows": 1,
    }


def test_kdia_finds_the_log_in_its_menu(people):
    _kdia, member, client = people
    assert PAGE.encode() in client.get(reverse("portal:home")).content
    assert PAGE.encode() not in signed_in(member).get(reverse("portal:home")).content
