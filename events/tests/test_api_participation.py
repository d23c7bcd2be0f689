"""Registering, withdrawing, cancelling requests, availability, meetings and outcomes over /api/v1."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import client_for
from events.choices import RegistrationStatus, RequestStatus
from events.models import Availability, Meeting, MeetingRequest, Registration, TimeSlot

pytestmark = pytest.mark.django_db


def post(client, url, data=None, **headers):
    return client.post(url, data or {}, content_type="application/json", **headers)


def put(client, url, data, **headers):
    return client.put(url, data, content_type="application/json", **headers)


def etag(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response["ETag"]


# --- Registration -------------------------------------------------------------------------------


def test_a_korean_company_registers(world):
    url = f"/api/v1/events/{world.events.open_event.pk}/registrations"
    response = post(client_for(world, "other_korean"), url, {"note_en": "Composite panels"})
    assert response.status_code == 201, response.content
    registration = Registration.objects.get(pk=response.json()["id"])
    assert registration.company == world.directory.draft
    assert registration.status == RegistrationStatus.VALIDATED and registration.note_en == "Composite panels"
    assert response.json()["message"]


def test_registration_refusals(world):
    open_url = f"/api/v1/events/{world.events.open_event.pk}/registrations"
    before = Registration.objects.count()
    assert post(client_for(world, "korean_admin"), open_url).status_code == 409  # already registered
    assert post(client_for(world, "foreign"), open_url).status_code == 403
    assert post(client_for(world, "kdia"), open_url).status_code == 403
    draft_url = f"/api/v1/events/{world.events.draft.pk}/registrations"
    assert post(client_for(world, "other_korean"), draft_url).status_code == 404
    closed_url = f"/api/v1/events/{world.events.event.pk}/registrations"
    assert post(client_for(world, "other_korean"), closed_url).status_code == 409
    bad = post(client_for(world, "other_korean"), open_url, {"products": [world.directory.product.pk]})
    assert bad.status_code == 422 and bad.json()["field"] == "products"
    assert Registration.objects.count() == before


def test_a_company_withdraws_and_its_open_requests_are_cancelled(world):
    registration = Registration.objects.get(event=world.events.open_event, company=world.directory.published)
    url = f"/api/v1/events/registrations/{registration.pk}/withdraw"
    assert post(client_for(world, "other_korean"), url).status_code == 404
    assert post(client_for(world, "foreign"), url).status_code == 403
    response = post(client_for(world, "korean_member"), url)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == RegistrationStatus.WITHDRAWN
    assert MeetingRequest.objects.get(pk=world.events.pending.pk).status == RequestStatus.CANCELLED
    assert post(client_for(world, "korean_member"), url).status_code == 409


def test_either_side_cancels_an_open_request(world):
    url = f"/api/v1/events/meeting-requests/{world.events.pending.pk}/cancel"
    assert post(client_for(world, "other_korean"), url).status_code == 404
    response = post(client_for(world, "foreign"), url)
    assert response.status_code == 200 and response.json()["status"] == RequestStatus.CANCELLED
    assert post(client_for(world, "korean_admin"), url).status_code == 404


# --- Availability -------------------------------------------------------------------------------


def test_a_participant_sets_its_availability(world):
    client = client_for(world, "korean_admin")
    url = f"/api/v1/events/{world.events.open_event.pk}/availability"
    slots = client.get(url).json()["slots"]
    assert len(slots) == 4 and all(slot["available"] for slot in slots)
    chosen = [slots[0]["id"], slots[2]["id"]]
    assert put(client, url, {"slots": chosen}).status_code == 428
    assert put(client, url, {"slots": chosen}, HTTP_IF_MATCH='"old"').status_code == 412
    response = put(client, url, {"slots": chosen}, HTTP_IF_MATCH=etag(client, url))
    assert response.status_code == 200, response.content
    assert [slot["id"] for slot in response.json()["slots"] if slot["available"]] == chosen
    record = Availability.objects.get(event=world.events.open_event, organization=world.orgs.korean)
    assert sorted(record.slots.values_list("pk", flat=True)) == chosen
    stale = put(client, url, {"slots": [slots[1]["id"]]}, HTTP_IF_MATCH='"old"')
    assert stale.status_code == 412
    assert sorted(record.slots.values_list("pk", flat=True)) == chosen


def test_availability_refusals(world):
    client = client_for(world, "korean_admin")
    url = f"/api/v1/events/{world.events.open_event.pk}/availability"
    empty = put(client, url, {"slots": []}, HTTP_IF_MATCH=etag(client, url))
    assert empty.status_code == 422 and empty.json()["field"] == "slots"
    foreign_slot = TimeSlot.objects.filter(event=world.events.event).first()
    other = put(client, url, {"slots": [foreign_slot.pk]}, HTTP_IF_MATCH=etag(client, url))
    assert other.status_code == 422 and other.json()["field"] == "slots"
    assert not Availability.objects.filter(event=world.events.open_event).exists()
    assert client_for(world, "other_korean").get(url).status_code == 404
    assert client_for(world, "kdia").get(url).status_code == 403


# --- Meetings -----------------------------------------------------------------------------------


def test_participants_list_their_meetings(world):
    items = client_for(world, "foreign").get("/api/v1/events/meetings").json()["items"]
    assert [row["id"] for row in items] == [world.events.meeting.pk]
    assert items[0]["with_organization"] == str(world.directory.published)
    assert client_for(world, "other_korean").get("/api/v1/events/meetings").json()["count"] == 0
    assert (
        client_for(world, "kdia")
        .get(f"/api/v1/events/meetings?event={world.events.event.pk}")
        .json()["count"]
        == 1
    )
    url = f"/api/v1/events/meetings/{world.events.meeting.pk}"
    detail = client_for(world, "korean_member").get(url)
    assert detail.status_code == 200 and detail["ETag"]
    assert detail.json()["with_organization"] == "Westmark Dynamics"
    assert client_for(world, "other_korean").get(url).status_code == 404


def _begun(meeting):
    start = timezone.now() - timedelta(hours=1)
    TimeSlot.objects.filter(pk=meeting.slot_id).update(starts_at=start, ends_at=start + timedelta(minutes=30))


def test_a_participant_records_an_outcome(world):
    client = client_for(world, "korean_admin")
    url = f"/api/v1/events/meetings/{world.events.meeting.pk}"
    outcome = {"outcome": "nda", "note": "NDA signed on the spot"}
    assert (
        put(client, f"{url}/outcome", outcome, HTTP_IF_MATCH=etag(client, url)).status_code == 409
    )  # not yet
    _begun(world.events.meeting)
    assert put(client, f"{url}/outcome", outcome).status_code == 428
    assert put(client, f"{url}/outcome", outcome, HTTP_IF_MATCH='"old"').status_code == 412
    bad = put(client, f"{url}/outcome", {"outcome": "party"}, HTTP_IF_MATCH=etag(client, url))
    assert bad.status_code == 422 and bad.json()["field"] == "outcome"
    response = put(client, f"{url}/outcome", outcome, HTTP_IF_MATCH=etag(client, url))
    assert response.status_code == 200, response.content
    meeting = Meeting.objects.get(pk=world.events.meeting.pk)
    assert meeting.outcome == "nda" and meeting.outcome_by == world.users.korean_admin


def test_only_the_two_sides_and_kdia_record_outcomes(world):
    _begun(world.events.meeting)
    url = f"/api/v1/events/meetings/{world.events.meeting.pk}"
    dapa = client_for(world, "dapa")
    assert put(dapa, f"{url}/outcome", {"outcome": "mou"}, HTTP_IF_MATCH=etag(dapa, url)).status_code == 403
    assert put(client_for(world, "other_korean"), f"{url}/outcome", {"outcome": "mou"}).status_code == 404
    assert Meeting.objects.get(pk=world.events.meeting.pk).outcome == ""
