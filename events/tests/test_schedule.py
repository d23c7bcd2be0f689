"""The schedule: scheduler runs with nobody double-booked, pins kept, moves refused with the clash
named, self-booking, the database's own guard, publishing agendas."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from events import planning, services
from events.choices import EventStatus, PlacedBy
from events.models import Availability, Meeting, ScheduleRun
from events.testing import accepted_request, validated
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests(cast):
    """Both companies validated; each contractor has an accepted request with each company."""
    validated(cast.event, cast.company)
    validated(cast.event, cast.other_company)
    made = [
        accepted_request(cast.event, contractor, company)
        for contractor in (cast.contractor, cast.rival)
        for company in (cast.company, cast.other_company)
    ]
    services.change_status(cast.event.pk, EventStatus.REGISTRATION_CLOSED, by=None)
    return made


def no_double_booking(event):
    seen = set()
    for meeting in event.meetings.select_related("company"):
        for key in (
            (meeting.slot_id, "table", meeting.table_id),
            (meeting.slot_id, "org", meeting.contractor_id),
            (meeting.slot_id, "org", meeting.company.organization_id),
        ):
            assert key not in seen, key
            seen.add(key)
    return True


def test_the_scheduler_places_every_request_without_a_clash(cast, requests):
    run = planning.run_scheduler(cast.event.pk, by=cast.people.kdia)
    assert (run.requests, run.placed, run.bound, run.optimal) == (4, 4, 4, True)
    assert ScheduleRun.objects.get().by == cast.people.kdia
    cast.event.refresh_from_db()
    assert cast.event.status == EventStatus.SCHEDULED
    assert no_double_booking(cast.event)


def test_availability_is_respected_and_pinned_meetings_kept(cast, requests):
    slots = list(cast.event.slots.all())
    services.set_availability(cast.event, cast.korean, slots[2:])
    pinned = planning.place(
        requests[3].pk, slot_id=slots[0].pk, table_id=cast.event.tables.last().pk, by=None
    )
    assert pinned.pinned and pinned.placed_by == PlacedBy.KDIA
    run = planning.run_scheduler(cast.event.pk, by=None)
    assert run.kept == 1 and run.placed == 4
    pinned.refresh_from_db()
    assert (pinned.slot_id, pinned.pinned) == (slots[0].pk, True)
    korean_slots = set(Meeting.objects.filter(company=cast.company).values_list("slot_id", flat=True))
    assert korean_slots <= {slots[2].pk, slots[3].pk}
    assert no_double_booking(cast.event)


def test_a_move_that_clashes_is_refused_naming_the_clash(cast, requests):
    slots, tables = list(cast.event.slots.all()), list(cast.event.tables.all())
    planning.place(requests[0].pk, slot_id=slots[0].pk, table_id=tables[0].pk, by=None)  # Westmark + Garam
    with pytest.raises(services.Refused, match="Westmark Dynamics already has a meeting"):
        planning.place(requests[1].pk, slot_id=slots[0].pk, table_id=tables[1].pk, by=None)  # Westmark + Nuri
    with pytest.raises(services.Refused, match="Table T1 is taken"):
        planning.place(
            requests[3].pk, slot_id=slots[0].pk, table_id=tables[0].pk, by=None
        )  # Aldergate + Nuri
    services.set_availability(cast.event, cast.other, slots[1:])
    with translation.override("en"), pytest.raises(services.Refused, match="Nuri Materials is not available"):
        planning.place(requests[3].pk, slot_id=slots[0].pk, table_id=tables[1].pk, by=None)


def test_the_staff_grid_shows_the_refusal(cast, requests, login):
    slots, tables = list(cast.event.slots.all()), list(cast.event.tables.all())
    planning.place(requests[0].pk, slot_id=slots[0].pk, table_id=tables[0].pk, by=None)
    kdia = login(cast.people.kdia)
    url = reverse("staff_events:place", args=[cast.event.pk, requests[1].pk])
    response = kdia.post(url, {"slot": slots[0].pk, "table": tables[1].pk}, follow=True)
    assert "Westmark Dynamics already has a meeting" in response.content.decode()
    response = kdia.post(url, {"slot": "x", "table": tables[1].pk}, follow=True)
    assert response.status_code == 200 and "Slot:" in response.content.decode()
    grid = kdia.get(reverse("staff_events:schedule", args=[cast.event.pk]))
    assert grid.status_code == 200 and "Westmark Dynamics" in grid.content.decode()


def test_the_database_refuses_a_double_booking_too(cast, requests):
    slots, tables = list(cast.event.slots.all()), list(cast.event.tables.all())
    first = planning.place(requests[0].pk, slot_id=slots[0].pk, table_id=tables[0].pk, by=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            request=requests[1],
            event=cast.event,
            contractor=first.contractor,
            company=cast.other_company,
            slot=slots[0],
            table=tables[1],
            placed_by=PlacedBy.KDIA,
        )


def test_a_contractors_own_table(cast, requests):
    table = cast.event.tables.last()
    entry = cast.event.contractors.get(organization=cast.contractor)
    entry.table = table
    entry.save()
    planning.run_scheduler(cast.event.pk, by=None)
    assert set(Meeting.objects.filter(contractor=cast.contractor).values_list("table", flat=True)) == {
        table.pk
    }
    with pytest.raises(services.Refused, match="its own table"):
        meeting = Meeting.objects.filter(contractor=cast.contractor).first()
        planning.place(
            meeting.request_id, slot_id=meeting.slot_id, table_id=cast.event.tables.first().pk, by=None
        )


def test_self_booking_of_a_free_slot(cast, requests, login):
    slots, tables = list(cast.event.slots.all()), list(cast.event.tables.all())
    planning.place(requests[0].pk, slot_id=slots[0].pk, table_id=tables[0].pk, by=None)
    cast.event.status = EventStatus.SCHEDULED
    cast.event.save()
    with pytest.raises(services.Refused, match="does not let participants book"):
        planning.self_book(requests[1].pk, slot_id=slots[1].pk, by=cast.people.other)
    cast.event.self_booking = True
    cast.event.save()
    with pytest.raises(services.Refused, match="Only the two participants"):
        planning.self_book(requests[1].pk, slot_id=slots[1].pk, by=cast.people.korean)
    free = [slot.pk for slot, _table in planning.free_places(cast.event, requests[1])]
    assert slots[0].pk not in free  # Westmark is busy then
    with pytest.raises(services.Refused, match="not free"):
        planning.self_book(requests[1].pk, slot_id=slots[0].pk, by=cast.people.other)
    client = login(cast.people.other)
    page = client.get(reverse("events:book", args=[requests[1].pk]))
    assert page.status_code == 200
    response = client.post(reverse("events:book", args=[requests[1].pk]), {"slot": slots[1].pk})
    assert response.status_code == 302
    meeting = Meeting.objects.get(request=requests[1])
    assert (meeting.slot_id, meeting.placed_by) == (slots[1].pk, PlacedBy.SELF)
    assert Notification.objects.filter(user=cast.people.contractor, title_en__contains="booked").exists()


def test_publishing_tells_every_participant_and_shows_agendas(cast, requests, login):
    planning.run_scheduler(cast.event.pk, by=None)
    korean = login(cast.people.other)
    before = korean.get(reverse("events:agenda", args=[cast.event.pk]))
    assert "has not published" in before.content.decode()
    planning.publish_agendas(cast.event.pk, by=cast.people.kdia)
    assert Notification.objects.filter(title_en__startswith="Your agenda").count() == 4
    after = korean.get(reverse("events:agenda", args=[cast.event.pk]))
    assert "Westmark Dynamics" in after.content.decode() and "Aldergate Systems" in after.content.decode()
    # Re-running after publication takes the event back to "scheduled" until published again.
    planning.run_scheduler(cast.event.pk, by=None)
    cast.event.refresh_from_db()
    assert cast.event.status == EventStatus.SCHEDULED


def test_the_scheduler_needs_closed_registration_and_a_grid(cast):
    with pytest.raises(services.Refused, match="Close registration"):
        planning.run_scheduler(cast.event.pk, by=None)
    services.change_status(cast.event.pk, EventStatus.REGISTRATION_CLOSED, by=None)
    cast.event.slots.all().delete()
    with pytest.raises(services.Refused, match="Generate the time slots"):
        planning.run_scheduler(cast.event.pk, by=None)


def test_availability_of_every_slot_is_no_record(cast):
    slots = list(cast.event.slots.all())
    assert services.set_availability(cast.event, cast.korean, slots[:2]) is not None
    assert services.set_availability(cast.event, cast.korean, slots) is None
    assert not Availability.objects.exists()
