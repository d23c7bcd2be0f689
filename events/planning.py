"""The schedule: the scheduler run, KDIA's pins and moves, self-booking and publishing agendas.

``events/scheduling.py`` (plain Python) places requests; this module turns the database into its
``Problem`` and writes the ``Schedule`` back. Every placement, whoever makes it, passes the same
``scheduling.clashes`` check, and the database's unique constraints (one meeting per table and
slot, one place per participant and slot) stand behind it.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization
from events import scheduling
from events.choices import SCHEDULING_STATUSES, EventStatus, PlacedBy, RequestStatus
from events.models import Availability, Event, Meeting, MeetingRequest, ScheduleRun, Table, TimeSlot
from events.services import Refused, _locked_event, members_of, participant_of
from notifications.services import notify


def _accepted(event: Event):
    return MeetingRequest.objects.filter(event=event, status=RequestStatus.ACCEPTED).select_related(
        "company", "contractor"
    )


def build_problem(event: Event) -> scheduling.Problem:
    """The event as the scheduler sees it: slots, tables, accepted requests (with the contractor's own
    table, if it keeps one), availability, and the meetings it must keep (pinned or already held)."""
    own_tables = dict(
        event.contractors.filter(table__isnull=False).values_list("organization_id", "table_id")
    )
    requests = [
        scheduling.Request(
            id=request.pk,
            parties=(request.contractor_id, request.company.organization_id),
            priority=request.priority,
            tables=frozenset({own_tables[request.contractor_id]})
            if request.contractor_id in own_tables
            else None,
        )
        for request in _accepted(event)
    ]
    availability = {}
    for record in Availability.objects.filter(event=event).prefetch_related("slots"):
        availability[record.organization_id] = frozenset(slot.pk for slot in record.slots.all())
    fixed = [
        scheduling.Placement(meeting.request_id, meeting.slot_id, meeting.table_id)
        for meeting in event.meetings.all()
        if meeting.is_fixed
    ]
    return scheduling.Problem(
        slots=list(event.slots.order_by("starts_at").values_list("pk", flat=True)),
        tables=list(event.tables.values_list("pk", flat=True)),
        requests=sorted(requests, key=lambda r: r.id),
        availability=availability,
        fixed=sorted(fixed, key=lambda p: p.request_id),
    )


def _fingerprint(problem: scheduling.Problem):
    return (
        tuple(problem.slots),
        tuple(problem.tables),
        tuple(problem.requests),
        tuple(sorted(problem.availability.items())),
        tuple(problem.fixed),
    )


def run_scheduler(event_id: int, *, by, time_limit: float = 8.0) -> ScheduleRun:
    """Place the accepted requests, keeping pinned and held meetings; replace every other placement.

    The solver runs outside any transaction (it may take seconds); the result is written only if the
    event's requests, availability and fixed meetings did not change meanwhile. The event becomes
    "scheduled" (agendas published earlier must be published again)."""
    event = Event.objects.get(pk=event_id)
    if event.status not in SCHEDULING_STATUSES:
        raise Refused(_("Close registration before running the scheduler."), "not_yet")
    problem = build_problem(event)
    if not problem.slots or not problem.tables:
        raise Refused(_("Generate the time slots and tables first."), "no_grid")
    schedule = scheduling.solve(problem, time_limit=time_limit)
    with transaction.atomic():
        event = _locked_event(event_id)
        if _fingerprint(build_problem(event)) != _fingerprint(problem):
            raise Refused(
                _("Requests or availability changed while the scheduler ran; run it again."), "stale"
            )
        fixed_ids = {placement.request_id for placement in problem.fixed}
        event.meetings.exclude(request_id__in=fixed_ids).delete()
        parties = {request.id: request for request in _accepted(event)}
        Meeting.objects.bulk_create(
            Meeting(
                request=parties[placement.request_id],
                event=event,
                contractor_id=parties[placement.request_id].contractor_id,
                company_id=parties[placement.request_id].company_id,
                slot_id=placement.slot,
                table_id=placement.table,
                placed_by=PlacedBy.SCHEDULER,
            )
            for placement in schedule.placements
            if placement.request_id not in fixed_ids
        )
        if event.status != EventStatus.SCHEDULED:
            event.status = EventStatus.SCHEDULED
            event.save()
        run = ScheduleRun.objects.create(
            event=event,
            requests=len(problem.requests),
            placed=schedule.placed,
            bound=schedule.bound,
            optimal=schedule.optimal,
            seconds=round(schedule.seconds, 3),
            kept=len(fixed_ids),
            unplaced={str(key): value for key, value in schedule.unplaced.items()},
            by=by,
        )
    return run


# --- Placing one meeting by hand ------------------------------------------------------------


def _current_placements(event: Event) -> list[scheduling.Placement]:
    return [
        scheduling.Placement(request_id, slot_id, table_id)
        for request_id, slot_id, table_id in event.meetings.values_list("request_id", "slot_id", "table_id")
    ]


def explain(event: Event, clash: scheduling.Clash, slot: TimeSlot | None, table: Table | None) -> str:
    """One clash in words, naming the participant, table and slot concerned."""
    party = Organization.objects.filter(pk=clash.participant).first() if clash.participant else None
    values = {"party": party or "", "slot": slot or "", "table": table or ""}
    messages = {
        "party_busy": _("%(party)s already has a meeting in %(slot)s."),
        "table_taken": _("Table %(table)s is taken in %(slot)s."),
        "party_unavailable": _("%(party)s is not available in %(slot)s."),
        "table_not_allowed": _("This contractor meets only at its own table, not at %(table)s."),
        "unknown_slot": _("This slot is not part of the event."),
        "unknown_table": _("This table is not part of the event."),
        "unknown_request": _("Only accepted requests can be placed."),
    }
    return messages.get(str(clash.code), str(clash.code)) % values


def check_placement(event: Event, request_id: int, slot_id: int, table_id: int) -> list[str]:
    """Why the request may not go to (slot, table), in words; empty when it may."""
    problem = build_problem(event)
    candidate = scheduling.Placement(request_id, slot_id, table_id)
    found = scheduling.clashes(problem, _current_placements(event), candidate)
    slot = TimeSlot.objects.filter(pk=slot_id, event=event).first()
    table = Table.objects.filter(pk=table_id, event=event).first()
    return [explain(event, clash, slot, table) for clash in found]


def _write(event: Event, request: MeetingRequest, slot_id: int, table_id: int, **fields) -> Meeting:
    problems = check_placement(event, request.pk, slot_id, table_id)
    if problems:
        raise Refused(" ".join(dict.fromkeys(problems)), "clash")
    meeting = Meeting.objects.filter(request=request).first() or Meeting(
        request=request, event=event, contractor_id=request.contractor_id, company_id=request.company_id
    )
    meeting.slot_id, meeting.table_id = slot_id, table_id
    for name, value in fields.items():
        setattr(meeting, name, value)
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:  # a concurrent placement got there first
        raise Refused(
            _("Someone placed another meeting there meanwhile; reload the grid."), "clash"
        ) from None
    return meeting


def place(request_id: int, *, slot_id: int, table_id: int, by) -> Meeting:
    """KDIA places or moves an accepted request's meeting; it is pinned so the scheduler keeps it.
    A move that would make a clash is refused, naming the clash."""
    with transaction.atomic():
        request = MeetingRequest.objects.select_related("event").get(pk=request_id)
        event = _locked_event(request.event_id)
        if event.status not in SCHEDULING_STATUSES:
            raise Refused(_("The schedule of this event can no longer be changed."), "closed")
        return _write(event, request, slot_id, table_id, pinned=True, placed_by=PlacedBy.KDIA)


def set_pinned(meeting_id: int, *, pinned: bool, by) -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
        meeting.pinned = pinned
        meeting.save()
    return meeting


def unplace(meeting_id: int, *, by) -> None:
    """KDIA takes a meeting out of the grid; its request stays accepted and unplaced."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("event").get(pk=meeting_id)
        if meeting.event.status not in SCHEDULING_STATUSES:
            raise Refused(_("The schedule of this event can no longer be changed."), "closed")
        meeting.delete()


# --- Self-booking ---------------------------------------------------------------------------


def can_self_book(event: Event) -> bool:
    return event.self_booking and event.status in (EventStatus.SCHEDULED, EventStatus.AGENDAS_PUBLISHED)


def free_places(event: Event, request: MeetingRequest) -> list[tuple[TimeSlot, Table]]:
    """For each slot, the first table where the request's meeting may go without a clash."""
    problem = build_problem(event)
    placements = _current_placements(event)
    tables = list(event.tables.all())
    free = []
    for slot in event.slots.all():
        for table in tables:
            candidate = scheduling.Placement(request.pk, slot.pk, table.pk)
            if not scheduling.clashes(problem, placements, candidate):
                free.append((slot, table))
                break
    return free


def self_book(request_id: int, *, slot_id: int, by) -> Meeting:
    """A participant books a free slot for an accepted request that has no meeting yet, when the
    event allows it; a free table is chosen. The other side is told."""
    with transaction.atomic():
        request = MeetingRequest.objects.select_related("event", "company", "contractor").get(pk=request_id)
        event = _locked_event(request.event_id)
        mine = participant_of(event, by)
        if mine is None or mine.pk not in request.parties:
            raise Refused(_("Only the two participants may book this meeting."), "not_participant")
        if not can_self_book(event):
            raise Refused(_("This event does not let participants book slots themselves now."), "closed")
        if request.status != RequestStatus.ACCEPTED or Meeting.objects.filter(request=request).exists():
            raise Refused(_("Only an accepted request without a meeting can be booked."), "stale")
        table = next((t for s, t in free_places(event, request) if s.pk == slot_id), None)
        if table is None:
            raise Refused(_("This slot is not free for both of you any more; choose another."), "clash")
        meeting = _write(event, request, slot_id, table.pk, placed_by=PlacedBy.SELF)
        other = [pk for pk in request.parties if pk != mine.pk]
        notify(
            members_of(other),
            "events/email/meeting_booked",
            {"meeting": meeting, "event": event, "request": request, "booker": mine},
            url=reverse("events:agenda", args=[event.pk]),
        )
    return meeting


# --- Publishing agendas ---------------------------------------------------------------------


def publish_agendas(event_id: int, *, by) -> Event:
    """Every participant may now see, print and download its agenda, and is told so."""
    with transaction.atomic():
        event = _locked_event(event_id)
        if event.status != EventStatus.SCHEDULED:
            raise Refused(_("Run the scheduler before publishing the agendas."), "not_yet")
        event.status = EventStatus.AGENDAS_PUBLISHED
        event.agendas_published_at = timezone.now()
        event.save()
        organizations = set(event.contractors.values_list("organization_id", flat=True))
        organizations |= set(
            event.registrations.filter(status="validated").values_list("company__organization_id", flat=True)
        )
        notify(
            members_of(organizations),
            "events/email/agenda_published",
            {"event": event},
            url=reverse("events:agenda", args=[event.pk]),
        )
    return event


# --- The grid -------------------------------------------------------------------------------


def generate_grid(event_id: int, *, slots: list, table_names: list[str], by) -> Event:
    """Replace the event's slots and tables (``slots``: (start, end) pairs). Refused once meetings
    are placed, since they would lose their slot or table."""
    with transaction.atomic():
        event = _locked_event(event_id)
        if event.meetings.exists():
            raise Refused(_("Meetings are already placed; take them out of the grid first."), "placed")
        if len(set(table_names)) != len(table_names):
            raise Refused(_("Each table needs its own name."), "tables")
        event.slots.all().delete()
        event.contractors.update(table=None)
        event.tables.all().delete()
        TimeSlot.objects.bulk_create(TimeSlot(event=event, starts_at=s, ends_at=e) for s, e in slots)
        Table.objects.bulk_create(
            Table(event=event, name=name, order=index) for index, name in enumerate(table_names)
        )
        Availability.objects.filter(event=event).delete()
    return event
