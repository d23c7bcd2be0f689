"""The events API: the same permission path as the pages."""

import pytest

from events import planning, services
from events.choices import EventStatus
from events.models import MeetingRequest
from events.testing import make_event, validated

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(cast):
    validated(cast.event, cast.company)
    return cast


def test_events_list_and_detail_hide_drafts(registered, login):
    draft = make_event(status=EventStatus.DRAFT, title_en="Secret draft")
    client = login(registered.people.korean)
    items = client.get("/api/v1/events").json()["items"]
    assert [item["id"] for item in items] == [registered.event.pk]
    assert client.get(f"/api/v1/events/{draft.pk}").status_code == 404
    assert login(registered.people.kdia).get(f"/api/v1/events/{draft.pk}").status_code == 200
    assert client.get("/api/v1/events?limit=0").status_code == 422


def test_send_answer_and_list_requests(registered, login):
    cast = registered
    contractor = login(cast.people.contractor)
    body = {"event": cast.event.pk, "recipient": cast.korean.pk, "reason": "Sonar housings", "priority": 2}
    response = contractor.post("/api/v1/events/meeting-requests", body, content_type="application/json")
    assert response.status_code == 201, response.content
    request_id = response.json()["id"]
    again = contractor.post("/api/v1/events/meeting-requests", body, content_type="application/json")
    assert again.status_code == 400 and "already" in again.content.decode()
    missing = contractor.post(
        "/api/v1/events/meeting-requests",
        body | {"recipient": cast.large.pk},
        content_type="application/json",
    )
    assert missing.status_code == 404
    bad = contractor.post(
        "/api/v1/events/meeting-requests", body | {"reason": ""}, content_type="application/json"
    )
    assert bad.status_code == 422
    # Only the recipient may answer; everyone else gets 404.
    url = f"/api/v1/events/meeting-requests/{request_id}/answer"
    assert contractor.post(url, {"accept": True}, content_type="application/json").status_code == 404
    assert (
        login(cast.people.other).post(url, {"accept": True}, content_type="application/json").status_code
        == 404
    )
    korean = login(cast.people.korean)
    assert korean.get("/api/v1/events/meeting-requests").json()["items"][0]["awaits_your_answer"] is True
    declined = korean.post(url, {"accept": False}, content_type="application/json")
    assert declined.status_code == 400
    assert korean.post(url, {"accept": True}, content_type="application/json").json()["status"] == "accepted"
    assert login(cast.people.other).get("/api/v1/events/meeting-requests").json()["count"] == 0


def test_registrations_and_agenda(registered, login):
    cast = registered
    request = services.request_meeting(
        cast.event.pk, sender=cast.contractor, recipient=cast.korean, reason="x", by=None
    )
    services.answer_request(request.pk, accept=True, by=None)
    services.change_status(cast.event.pk, EventStatus.REGISTRATION_CLOSED, by=None)
    planning.run_scheduler(cast.event.pk, by=None)
    korean = login(cast.people.korean)
    assert korean.get(f"/api/v1/events/{cast.event.pk}/agenda").json() == []  # not published yet
    planning.publish_agendas(cast.event.pk, by=None)
    agenda = korean.get(f"/api/v1/events/{cast.event.pk}/agenda").json()
    assert len(agenda) == 1 and agenda[0]["with_organization"]
    assert login(cast.people.other).get(f"/api/v1/events/{cast.event.pk}/agenda").status_code == 404
    registrations = korean.get("/api/v1/events/registrations").json()
    assert [row["status"] for row in registrations] == ["validated"]
    assert login(cast.people.contractor).get("/api/v1/events/registrations").json() == []
    assert MeetingRequest.objects.count() == 1
