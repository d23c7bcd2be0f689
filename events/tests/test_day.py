"""The day: check-in, no-shows, outcomes, the statistics they feed; the agenda as ICS and feed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import day, planning, services, statistics
from events.choices import Attendance, EventStatus
from events.models import CalendarFeed, Meeting, TimeSlot
from events.testing import accepted_request, validated

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(cast):
    validated(cast.event, cast.company)
    validated(cast.event, cast.other_company)
    accepted_request(cast.event, cast.contractor, cast.company, reason="Sonar housings")
    accepted_request(cast.event, cast.rival, cast.company, reason="Radome repair")
    accepted_request(cast.event, cast.contractor, cast.other_company, reason="Composite panels")
    services.change_status(cast.event.pk, EventStatus.REGISTRATION_CLOSED, by=None)
    planning.run_scheduler(cast.event.pk, by=None)
    planning.publish_agendas(cast.event.pk, by=None)
    return cast


def _started(meeting):
    TimeSlot.objects.filter(pk=meeting.slot_id).update(starts_at=timezone.now() - timedelta(minutes=5))


def test_check_in_no_show_and_outcomes_feed_the_statistics(published, login):
    cast = published
    first, second, third = Meeting.objects.order_by("pk")
    kdia = login(cast.people.kdia)
    assert kdia.get(reverse("staff_events:checkin", args=[cast.event.pk])).status_code == 200
    kdia.post(reverse("staff_events:attendance", args=[cast.event.pk, first.pk]), {"action": "check_in"})
    kdia.post(
        reverse("staff_events:attendance", args=[cast.event.pk, second.pk]),
        {"action": "no_show", "absent": "company"},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.attendance == Attendance.CHECKED_IN and first.checked_in_at
    assert (second.attendance, second.absent) == (Attendance.NO_SHOW, "company")
    # An outcome waits until the meeting has begun.
    with pytest.raises(services.Refused, match="once the meeting has begun"):
        day.record_outcome(first.pk, outcome="nda", by=cast.people.kdia)
    _started(first)
    url = reverse("staff_events:outcome", args=[cast.event.pk, first.pk])
    response = kdia.post(url, {"outcome": "bogus", "version": ""})
    assert response.status_code == 200 and "outcome" in response.context["form"].errors
    assert kdia.post(url, {"outcome": "mou", "note": "MOU on housings"}).status_code == 302
    # A participant records the outcome of its own meeting; another company's is a 404.
    _started(third)
    own = Meeting.objects.get(pk=third.pk)
    other = login(cast.people.korean)
    assert other.get(reverse("events:meeting_outcome", args=[own.pk])).status_code == 404
    assert (
        login(cast.people.other)
        .post(reverse("events:meeting_outcome", args=[own.pk]), {"outcome": "follow_up"})
        .status_code
        == 302
    )
    figures = statistics.figures([cast.event])
    assert (figures.requests, figures.accepted, figures.placed, figures.held, figures.no_shows) == (
        3,
        3,
        3,
        2,
        1,
    )
    assert figures.outcomes["mou"] == 1 and figures.outcomes["follow_up"] == 1
    page = kdia.get(reverse("staff_events:dashboard", args=[cast.event.pk]))
    assert "MOU signed" in page.content.decode()


def test_the_agenda_ics_holds_the_meetings_in_utc(published, login):
    from icalendar import Calendar

    cast = published
    response = login(cast.people.other).get(reverse("events:agenda_ics", args=[cast.event.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    entries = list(calendar.walk("VEVENT"))
    assert len(entries) == 1
    meeting = Meeting.objects.filter(company=cast.other_company).order_by("slot__starts_at").first()
    first = sorted(entries, key=lambda e: e.decoded("dtstart"))[0]
    assert first.decoded("dtstart") == meeting.slot.starts_at
    assert str(first["uid"]) == f"meeting-{meeting.pk}@k-offset"
    assert "Meeting with" in str(first["summary"])
    assert "Table" in str(first["location"])
    # The Korean company's admin prefers Korean: its file is in Korean.
    korean = login(cast.people.korean).get(reverse("events:agenda_ics", args=[cast.event.pk]))
    assert "미팅" in korean.content.decode()


def test_the_feed_token_is_the_key_and_revoking_it_ends_access(published, login, client):
    cast = published
    korean = login(cast.people.korean)
    korean.post(reverse("events:feed_manage"), {"action": "create"})
    token = CalendarFeed.objects.get(user=cast.people.korean).token
    url = reverse("events:feed", args=[token])
    response = client.get(url)
    assert response.status_code == 200 and b"BEGIN:VEVENT" in response.content
    assert b"Radome repair" in response.content
    korean.post(reverse("events:feed_manage"), {"action": "regenerate"})
    assert client.get(url).status_code == 404
    fresh = CalendarFeed.objects.get(user=cast.people.korean).token
    assert client.get(reverse("events:feed", args=[fresh])).status_code == 200
    korean.post(reverse("events:feed_manage"), {"action": "revoke"})
    assert client.get(reverse("events:feed", args=[fresh])).status_code == 404
    assert client.get(reverse("events:feed", args=["guessed-token"])).status_code == 404


def test_agendas_stay_private(published, login):
    cast = published
    # A company not in the event: 404; KDIA chooses a participant.
    assert login(cast.people.large).get(reverse("events:agenda", args=[cast.event.pk])).status_code == 404
    kdia = login(cast.people.kdia)
    page = kdia.get(reverse("events:agenda", args=[cast.event.pk]) + f"?participant={cast.korean.pk}")
    assert "Radome repair" in page.content.decode()
    assert kdia.get(reverse("events:agenda", args=[cast.event.pk]) + "?participant=999999").status_code == 404
