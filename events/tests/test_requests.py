"""Meeting requests: either direction, reasons, one open request per pair, expiry and reminders."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events import services
from events.choices import RequestStatus
from events.models import MeetingRequest
from events.testing import validated
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(cast):
    validated(cast.event, cast.company)
    validated(cast.event, cast.other_company)
    return cast


def ask(cast, sender, recipient, reason="Sonar housings for the frigate", by=None):
    return services.request_meeting(cast.event.pk, sender=sender, recipient=recipient, reason=reason, by=by)


def test_a_contractor_asks_and_the_company_accepts(registered, django_capture_on_commit_callbacks):
    cast = registered
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(cast, cast.contractor, cast.korean, by=cast.people.contractor)
    assert request.initiator == "contractor" and request.recipient == cast.korean
    assert request.expires_at <= timezone.now() + timedelta(hours=cast.event.request_expiry_hours)
    # The Korean admin prefers Korean: the e-mail comes in Korean.
    assert any(cast.people.korean.email in m.to and "미팅" in m.subject for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_request(request.pk, accept=True, by=cast.people.korean)
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert Notification.objects.filter(user=cast.people.contractor, title_en__contains="Accepted").exists()


def test_a_company_asks_a_contractor_who_declines_with_a_reason(registered):
    cast = registered
    request = ask(cast, cast.korean, cast.contractor)
    assert request.initiator == "company" and request.recipient == cast.contractor
    with pytest.raises(services.Refused, match="Say why you decline"):
        services.answer_request(request.pk, accept=False, reason="", by=cast.people.contractor)
    services.answer_request(
        request.pk, accept=False, reason="We source housings in-house.", by=cast.people.contractor
    )
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == (
        RequestStatus.DECLINED,
        "We source housings in-house.",
    )
    # Declined: the pair may ask again.
    assert ask(cast, cast.contractor, cast.korean).status == RequestStatus.REQUESTED


def test_rules_for_who_may_ask(registered):
    cast = registered
    with pytest.raises(services.Refused, match="Say why"):
        ask(cast, cast.contractor, cast.korean, reason="  ")
    ask(cast, cast.contractor, cast.korean)
    with pytest.raises(services.Refused, match="already an open request"):
        ask(cast, cast.korean, cast.contractor)
    with pytest.raises(services.Refused, match="between a foreign contractor and a Korean company"):
        ask(cast, cast.korean, cast.other)
    with pytest.raises(services.Refused, match="take part"):
        ask(cast, cast.contractor, cast.large)  # not registered


def test_requests_expire_and_the_sender_is_told(registered):
    cast = registered
    request = ask(cast, cast.contractor, cast.korean)
    later = request.expires_at + timedelta(minutes=1)
    assert services.expire_requests(now=later - timedelta(hours=2)) == 0
    assert services.expire_requests(now=later) == 1
    request.refresh_from_db()
    assert request.status == RequestStatus.EXPIRED
    assert Notification.objects.filter(user=cast.people.contractor, title_en__contains="expired").exists()
    with pytest.raises(services.Refused, match="no longer waiting"):
        services.answer_request(request.pk, accept=True, by=cast.people.korean)


def test_answering_after_the_expiry_time_expires_it_there_and_then(registered):
    cast = registered
    request = ask(cast, cast.contractor, cast.korean)
    MeetingRequest.objects.filter(pk=request.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(services.Refused, match="expired"):
        services.answer_request(request.pk, accept=True, by=cast.people.korean)
    request.refresh_from_db()
    assert request.status == RequestStatus.EXPIRED


def test_the_recipient_is_reminded_once_before_expiry_and_the_command_runs(registered, capsys):
    cast = registered
    request = ask(cast, cast.contractor, cast.korean)
    soon = request.expires_at - timedelta(hours=2)
    assert services.remind_expiring(now=soon) == 1
    assert services.remind_expiring(now=soon) == 0
    assert Notification.objects.filter(
        user=cast.people.korean, title_en__startswith="Waiting for your answer"
    ).exists()
    call_command("expire_meeting_requests")
    assert "0 requests expired" in capsys.readouterr().out


def test_cancelling_tells_the_other_side(registered):
    cast = registered
    request = ask(cast, cast.contractor, cast.korean)
    services.cancel_request(request.pk, by=cast.people.korean)
    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED
    assert Notification.objects.filter(
        user=cast.people.contractor, title_en__startswith="Meeting cancelled"
    ).exists()
    assert not Notification.objects.filter(
        user=cast.people.korean, title_en__startswith="Meeting cancelled"
    ).exists()


def test_the_pages_request_answer_and_hide_others_requests(registered, login):
    cast = registered
    contractor = login(cast.people.contractor)
    url = reverse("events:request_create", args=[cast.event.pk])
    page = contractor.get(url + f"?to={cast.korean.pk}")
    assert page.status_code == 200
    # Bad input: no reason, an id that is not a counterpart.
    response = contractor.post(url, {"recipient": cast.korean.pk, "reason": "", "priority": 1})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    response = contractor.post(url, {"recipient": cast.rival.pk, "reason": "x", "priority": 1})
    assert response.status_code == 200 and "recipient" in response.context["form"].errors
    response = contractor.post(url, {"recipient": cast.korean.pk, "reason": "Sonar domes", "priority": 2})
    assert response.status_code == 302
    request = MeetingRequest.objects.get()
    # The other company cannot answer or even see it: 404.
    other = login(cast.people.other)
    assert (
        other.post(reverse("events:request_answer", args=[request.pk]), {"decision": "accept"}).status_code
        == 404
    )
    assert "Sonar domes" not in other.get(reverse("events:requests", args=[cast.event.pk])).content.decode()
    korean = login(cast.people.korean, "ko")
    inbox = korean.get(reverse("events:requests", args=[cast.event.pk]))
    assert "Sonar domes" in inbox.content.decode() and "답변" in inbox.content.decode()
    response = korean.post(reverse("events:request_answer", args=[request.pk]), {"decision": "decline"})
    request.refresh_from_db()
    assert request.status == RequestStatus.REQUESTED  # a decline needs a reason
    korean.post(reverse("events:request_answer", args=[request.pk]), {"decision": "accept"})
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
