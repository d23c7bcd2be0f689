"""Self-booking, the participants list, the agenda as .ics and the private calendar feed over /api/v1."""

import pytest

from conftest import client_for
from events.choices import PlacedBy
from events.models import CalendarFeed, Meeting
from events.testing import bookable_request
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def post(client, url, data=None, **headers):
    return client.post(url, data or {}, content_type="application/json", **headers)


def book_url(request) -> str:
    return f"/api/v1/events/meeting-requests/{request.pk}/book"


def first_slot(request):
    return request.event.slots.order_by("starts_at").first()


# --- Self-booking -------------------------------------------------------------------------------


def test_the_contractor_books_a_free_slot_and_the_company_is_told(world):
    request = bookable_request(world)
    slot = first_slot(request)
    before = Notification.objects.filter(user=world.users.korean_admin).count()
    booker_before = Notification.objects.filter(user=world.users.foreign).count()
    response = post(client_for(world, "foreign"), book_url(request), {"slot": slot.pk})
    assert response.status_code == 201, response.content
    meeting = Meeting.objects.get(request=request)
    assert meeting.slot == slot and meeting.placed_by == PlacedBy.SELF
    assert response.json()["id"] == meeting.pk and response.json()["with_organization"]
    assert Notification.objects.filter(user=world.users.korean_admin).count() == before + 1
    # The contractor's own side is not told of its own booking.
    assert Notification.objects.filter(user=world.users.foreign).count() == booker_before


def test_a_booked_request_cannot_be_booked_again(world):
    request = bookable_request(world)
    client = client_for(world, "korean_member")
    assert post(client, book_url(request), {"slot": first_slot(request).pk}).status_code == 201
    later = request.event.slots.order_by("starts_at").last()
    again = post(client, book_url(request), {"slot": later.pk})
    assert again.status_code == 409, again.content
    assert again.json()["code"] == "conflict"
    assert again.json()["message"] == "Only an accepted request without a meeting can be booked."
    assert Meeting.objects.get(request=request).slot == first_slot(request)


def test_an_event_without_self_booking_is_a_conflict_with_its_reason(world):
    response = post(
        client_for(world, "foreign"),
        book_url(world.events.pending),
        {"slot": world.events.open_event.slots.first().pk},
    )
    assert response.status_code == 409
    assert response.json()["message"] == "This event does not let participants book slots themselves now."
    assert not Meeting.objects.filter(request=world.events.pending).exists()


def test_a_slot_that_is_not_free_is_refused_naming_the_slot(world):
    request = bookable_request(world)
    elsewhere = world.events.open_event.slots.first()
    response = post(client_for(world, "foreign"), book_url(request), {"slot": elsewhere.pk})
    assert response.status_code == 422 and response.json()["field"] == "slot"
    missing = post(client_for(world, "foreign"), book_url(request), {})
    assert missing.status_code == 422 and missing.json()["field"] == "slot"
    assert not Meeting.objects.filter(request=request).exists()


@pytest.mark.parametrize(("persona", "status"), [("other_korean", 404), ("kdia", 403), ("dapa", 403)])
def test_only_the_two_sides_book(world, persona, status):
    request = bookable_request(world)
    response = post(client_for(world, persona), book_url(request), {"slot": first_slot(request).pk})
    assert response.status_code == status
    assert set(response.json()) == {"code", "message", "field"}
    assert not Meeting.objects.filter(request=request).exists()


# --- Participants -------------------------------------------------------------------------------


def test_participants_of_an_event(world):
    url = f"/api/v1/events/{world.events.open_event.pk}/participants"
    body = client_for(world, "foreign").get(url).json()
    assert [row["name_en"] for row in body["contractors"]] == ["Westmark Dynamics"]
    company = body["companies"][0]
    assert company["brn"] == world.directory.published.brn_display
    # The contractor's request to the company waits for an answer: it is open with that company.
    assert company["request_open"] is True and body["can_request"] is True
    staff = client_for(world, "dapa").get(url).json()
    assert staff["can_request"] is False and len(staff["companies"]) == 1
    assert staff["companies"][0]["request_open"] is False


def test_participants_are_hidden_from_outsiders(world):
    url = f"/api/v1/events/{world.events.open_event.pk}/participants"
    assert client_for(world, "other_korean").get(url).status_code == 404
    draft = f"/api/v1/events/{world.events.draft.pk}/participants"
    assert client_for(world, "foreign").get(draft).status_code == 404
    assert client_for(world, "anonymous").get(url).status_code == 401


# --- The agenda as .ics -------------------------------------------------------------------------


def test_the_agenda_downloads_as_icalendar(world):
    url = f"/api/v1/events/{world.events.event.pk}/agenda.ics"
    response = client_for(world, "korean_admin").get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR") and f"meeting-{world.events.meeting.pk}@k-offset" in text
    assert "Westmark Dynamics" in text


def test_kdia_names_the_participant_whose_agenda_it_downloads(world):
    url = f"/api/v1/events/{world.events.event.pk}/agenda.ics"
    kdia = client_for(world, "kdia")
    assert kdia.get(url).status_code == 404
    named = kdia.get(f"{url}?participant={world.orgs.foreign.pk}")
    assert (
        named.status_code == 200 and f"meeting-{world.events.meeting.pk}@k-offset" in named.content.decode()
    )
    outsider = kdia.get(f"{url}?participant={world.orgs.other.pk}")
    assert outsider.status_code == 404
    assert client_for(world, "other_korean").get(url).status_code == 404


# --- The private calendar feed ------------------------------------------------------------------


def test_the_calendar_feed_is_created_regenerated_and_revoked(world):
    client = client_for(world, "korean_member")
    url = "/api/v1/events/calendar-feed"
    assert client.get(url).json() == {
        "active": False,
        "url": None,
        "created_at": None,
        "last_used_at": None,
        "message": "",
    }
    created = post(client, url, {"action": "create"}).json()
    token = CalendarFeed.objects.get(user=world.users.korean_member).token
    assert created["active"] is True and created["url"].endswith(f"/events/calendar/{token}.ics")
    assert created["message"] == "A new private URL is ready; any earlier one no longer works."
    assert client.get(created["url"]).status_code == 200
    renewed = post(client, url, {"action": "regenerate"}).json()
    assert renewed["url"] != created["url"]
    assert client.get(created["url"]).status_code == 404  # the old URL stops working
    revoked = post(client, url, {"action": "revoke"}).json()
    assert revoked["active"] is False and revoked["url"] is None
    assert not CalendarFeed.objects.filter(user=world.users.korean_member).exists()


def test_calendar_feed_refusals(world):
    url = "/api/v1/events/calendar-feed"
    bad = post(client_for(world, "foreign"), url, {"action": "rotate"})
    assert bad.status_code == 422 and bad.json()["field"] == "action"
    assert client_for(world, "kdia").get(url).status_code == 403
    assert post(client_for(world, "dapa"), url, {"action": "create"}).status_code == 403
    assert not CalendarFeed.objects.exists()
