"""Test factories for events (fictional content): an event with its grid, participants and requests."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from types import SimpleNamespace

from django.utils import timezone

from events import grid, planning, services
from events.choices import EventStatus, RegistrationStatus
from events.models import Event, EventContractor, Registration


def seoul(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def make_event(*, status=EventStatus.REGISTRATION_OPEN, days_ahead: int = 14, **fields) -> Event:
    day = timezone.localdate() + timedelta(days=days_ahead)
    defaults = {
        "title_en": "Naval systems consultation day",
        "title_ko": "함정 분야 절충교역 상담회",
        "venue_en": "KDIA hall, Seoul",
        "starts_at": seoul(day, 9),
        "ends_at": seoul(day, 18),
        "manual_check": False,
        "status": status,
    }
    return Event.objects.create(**(defaults | fields))


def make_grid(event: Event, *, slots: int = 4, tables: int = 2, minutes: int = 30) -> Event:
    first = timezone.localtime(event.starts_at)
    times = grid.slot_times(first, minutes=minutes, count=slots)
    return planning.generate_grid(
        event.pk, slots=times, table_names=[f"T{n}" for n in range(1, tables + 1)], by=None
    )


def add_contractor(event: Event, organization, *, table=None) -> EventContractor:
    return EventContractor.objects.create(event=event, organization=organization, table=table)


def validated(event: Event, company) -> Registration:
    registration, _ = Registration.objects.update_or_create(
        event=event, company=company, defaults={"status": RegistrationStatus.VALIDATED}
    )
    return registration


def accepted_request(event: Event, contractor, company, *, priority: int = 1, reason="Sonar housings"):
    request = services.request_meeting(
        event.pk, sender=contractor, recipient=company.organization, reason=reason, priority=priority, by=None
    )
    return services.answer_request(request.pk, accept=True, by=None)


def make_events_world(foreign, directory, users) -> SimpleNamespace:
    """``event``: agendas published, the contractor and the Korean company meet in the first slot;
    ``open_event``: registration open, the contractor's request waits for the Korean company;
    ``draft``: a draft only KDIA and DAPA see."""
    event = make_event(status=EventStatus.REGISTRATION_OPEN)
    make_grid(event)
    add_contractor(event, foreign)
    registration = validated(event, directory.published)
    request = accepted_request(event, foreign, directory.published)
    services.change_status(event.pk, EventStatus.REGISTRATION_CLOSED, by=None)
    meeting = planning.place(
        request.pk, slot_id=event.slots.first().pk, table_id=event.tables.first().pk, by=None
    )
    Event.objects.filter(pk=event.pk).update(status=EventStatus.SCHEDULED)
    event = planning.publish_agendas(event.pk, by=None)

    open_event = make_event(
        title_en="Aerospace networking evening", title_ko="항공우주 네트워킹", days_ahead=21
    )
    make_grid(open_event)
    add_contractor(open_event, foreign)
    validated(open_event, directory.published)
    pending = services.request_meeting(
        open_event.pk,
        sender=foreign,
        recipient=directory.published.organization,
        reason="Radome repair capacity",
        by=users.foreign,
    )
    draft = make_event(status=EventStatus.DRAFT, title_en="Draft briefing", title_ko="초안 설명회")
    return SimpleNamespace(
        event=event,
        registration=registration,
        request=request,
        meeting=meeting,
        open_event=open_event,
        pending=pending,
        draft=draft,
    )


def bookable_request(world):
    """An accepted request of the contractor to the Korean company, without a meeting, in a
    scheduled self-booking event; made on first use and kept on ``world.events`` (the world's
    other events are left as they are, so lists and counts elsewhere do not change)."""
    if getattr(world.events, "bookable", None) is None:
        event = make_event(
            title_en="Land systems self-booking day",
            title_ko="지상 분야 자율 예약 상담회",
            days_ahead=28,
            self_booking=True,
        )
        make_grid(event)
        add_contractor(event, world.orgs.foreign)
        validated(event, world.directory.published)
        request = accepted_request(event, world.orgs.foreign, world.directory.published, reason="Track links")
        Event.objects.filter(pk=event.pk).update(status=EventStatus.SCHEDULED)
        world.events.bookable = request
    return world.events.bookable
