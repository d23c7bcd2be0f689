"""record(): what a row holds, that it shares the caller's transaction, and that rows stay put."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.utils import timezone

from accounts.choices import MembershipRole, OrganizationKind
from audit.choices import AuditAction
from audit.models import AppendOnlyError, AuditEvent
from audit.services import record, record_export
from core.testing import make_org, make_user


@pytest.fixture
def member(db):
    return make_user(make_org(OrganizationKind.KOREAN_COMPANY), MembershipRole.ADMIN)


def test_a_row_holds_actor_organisation_target_and_request(member):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7", HTTP_USER_AGENT="Browser/" + "x" * 400)
    request.user = member
    event = record(AuditAction.API_KEY_CREATED, request=request, target=member.organization, scope="read")
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor == member and event.actor_email == member.email
    assert event.organization == member.organization
    assert event.target_type.model == "organization" and event.target_id == str(member.organization.pk)
    assert event.target_repr == str(member.organization)
    assert event.ip_address == "192.0.2.7"
    assert len(event.user_agent) == 255
    assert event.details == {"scope": "read"}


def test_secret_looking_details_are_never_stored(member):
    event = record(AuditAction.SIGN_IN, actor=member, password="hunter2-secret", api_token="t", note="kept")
    assert AuditEvent.objects.get(pk=event.pk).details == {"note": "kept"}


def test_a_rolled_back_transaction_leaves_no_row(member):
    with pytest.raises(RuntimeError), transaction.atomic():
        record(AuditAction.ORGANIZATION_APPROVED, actor=member, target=member.organization)
        raise RuntimeError("the approval failed after the audit row was written")
    assert not AuditEvent.objects.exists()


def test_rows_cannot_be_changed_or_deleted_through_the_orm(member):
    event = record(AuditAction.SIGN_IN, actor=member)
    event.action = AuditAction.SIGN_OUT
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action=AuditAction.SIGN_OUT)
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == AuditAction.SIGN_IN


def test_the_database_refuses_to_rewrite_a_row(member):
    event = record(AuditAction.SIGN_IN, actor=member)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'sign_out' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == AuditAction.SIGN_IN


def test_deleting_the_actor_keeps_the_row_and_its_email_snapshot(member):
    event = record(AuditAction.SIGN_IN, actor=member)
    email = member.email
    member.delete()  # Django nulls the reference: the one UPDATE the database allows
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor is None and event.actor_email == email


def test_an_export_records_format_filters_and_rows(member):
    request = RequestFactory().get("/companies/export/csv/?q=%3Dcmd&region=busan")
    request.user = member
    event = record_export(request, "companies", fmt="csv", rows=3)
    assert event.action == AuditAction.EXPORT
    assert event.details == {
        "what": "companies",
        "format": "csv",
        "query": "q=%3Dcmd&region=busan",
        "rows": 3,
    }
    assert record_export(request, "companies", fmt="pdf") is None  # no file was produced
    assert AuditEvent.objects.count() == 1


def test_prune_deletes_only_rows_older_than_the_period(member):
    old = record(AuditAction.SIGN_IN, actor=member)
    ancient = AuditEvent(action=AuditAction.SIGN_OUT, actor=member, when=timezone.now() - timedelta(days=400))
    ancient.save()
    out = StringIO()
    call_command("prune_audit", "--older-than-days", "365", "--dry-run", stdout=out)
    assert "1 audit events" in out.getvalue() and AuditEvent.objects.count() == 2
    call_command("prune_audit", "--older-than-days", "365", stdout=out)
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [old.pk]
