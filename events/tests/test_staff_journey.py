"""KDIA runs a whole event in the browser, and each participant gets its agenda."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.choices import EventStatus
from events.models import Event, Meeting, MeetingRequest, Registration, TimeSlot

pytestmark = pytest.mark.django_db


def test_kdia_runs_an_event_end_to_end(cast, login):
    kdia = login(cast.people.kdia)
    day = timezone.localdate() + timedelta(days=30)
    form = {
        "title_ko": "유도무기 상담회",
        "title_en": "Guided weapons consultation day",
        "kind": "consultation",
        "starts_at": f"{day}T09:00",
        "ends_at": f"{day}T17:00",
        "capacity": "10",
        "request_expiry_hours": "48",
        "manual_check": "on",
    }
    # Bad input names the field, never a 500.
    bad = kdia.post(reverse("staff_events:event_create"), form | {"ends_at": f"{day}T08:00"})
    assert bad.status_code == 200 and "ends_at" in bad.context["form"].errors
    assert kdia.post(reverse("staff_events:event_create"), form).status_code == 302
    event = Event.objects.get(title_en="Guided weapons consultation day")
    grid_url = reverse("staff_events:grid", args=[event.pk])
    bad = kdia.post(
        grid_url,
        {"day": day, "first": "09:00", "minutes": 30, "count": 6, "gap": 0, "tables": 3, "breaks": "noon"},
    )
    assert "breaks" in bad.context["form"].errors
    kdia.post(
        grid_url,
        {
            "day": day,
            "first": "09:00",
            "minutes": 30,
            "count": 6,
            "gap": 0,
            "tables": 3,
            "table_prefix": "A",
            "breaks": "10:00-10:30",
        },
    )
    starts = [
        timezone.localtime(s).strftime("%H:%M")
        for s in TimeSlot.objects.filter(event=event).values_list("starts_at", flat=True)
    ]
    assert starts == ["09:00", "09:30", "10:30", "11:00", "11:30", "12:00"]
    kdia.post(reverse("staff_events:contractors", args=[event.pk]), {"organization": cast.contractor.pk})
    kdia.post(reverse("staff_events:status", args=[event.pk]), {"step": "open"})
    # The company registers; KDIA validates.
    response = login(cast.people.other).post(reverse("events:register", args=[event.pk]), {})
    assert response.status_code == 302, response.context["form"].errors
    registration = Registration.objects.get(event=event)
    assert registration.status == "pending"
    kdia.post(
        reverse("staff_events:registration_decide", args=[event.pk, registration.pk]),
        {"decision": "validated"},
    )
    registration.refresh_from_db()
    assert registration.status == "validated"
    # The contractor asks; the company accepts.
    login(cast.people.contractor).post(
        reverse("events:request_create", args=[event.pk]),
        {"recipient": cast.other.pk, "reason": "Seeker housings", "priority": 3},
    )
    request = MeetingRequest.objects.get(event=event)
    login(cast.people.other).post(reverse("events:request_answer", args=[request.pk]), {"decision": "accept"})
    kdia.post(reverse("staff_events:status", args=[event.pk]), {"step": "close"})
    kdia.post(reverse("staff_events:schedule_run", args=[event.pk]))
    page = kdia.get(reverse("staff_events:schedule", args=[event.pk])).content.decode()
    assert "1 of 1 accepted requests placed; upper bound 1" in page
    kdia.post(reverse("staff_events:status", args=[event.pk]), {"step": "publish"})
    event.refresh_from_db()
    assert event.status == EventStatus.AGENDAS_PUBLISHED
    meeting = Meeting.objects.get(event=event)
    kdia.post(reverse("staff_events:attendance", args=[event.pk, meeting.pk]), {"action": "check_in"})
    for client, language, words in (
        (login(cast.people.other, "ko"), "ko", "일정표"),
        (login(cast.people.contractor), "en", "Agenda"),
    ):
        agenda = client.get(reverse("events:agenda", args=[event.pk]))
        assert words in agenda.content.decode() and "Seeker housings" in agenda.content.decode(), language
    for name in ("dashboard", "event_edit", "registrations", "requests", "checkin", "contractors"):
        for language in ("en", "ko"):
            assert (
                login(cast.people.kdia, language)
                .get(reverse(f"staff_events:{name}", args=[event.pk]))
                .status_code
                == 200
            )
