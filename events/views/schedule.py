"""KDIA's schedule and the day: run the scheduler, the slots x tables grid with pin/move,
the check-in list, no-shows and outcomes (under /staff/events/, behind the second factor)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from events import day, planning, services
from events.choices import SCHEDULING_STATUSES, RequestStatus
from events.forms import AttendanceForm, PlaceForm
from events.models import Event, Meeting
from events.permissions import kdia_required
from events.views.participant import outcome_page


def _event(request, pk) -> Event:
    return get_object_or_404(Event.objects.editable_by(request.user), pk=pk)


@kdia_required
def schedule(request, pk):
    """The grid: one row per slot, one column per table; the accepted requests not placed below."""
    event = _event(request, pk)
    slots = list(event.slots.all())
    tables = list(event.tables.all())
    meetings = event.meetings.select_related("contractor", "company", "slot", "table")
    cells = {(m.slot_id, m.table_id): m for m in meetings}
    grid = [(slot, [(table, cells.get((slot.pk, table.pk))) for table in tables]) for slot in slots]
    unplaced = (
        event.requests.filter(status=RequestStatus.ACCEPTED, meeting__isnull=True)
        .select_related("contractor", "company")
        .order_by("-priority", "pk")
    )
    run = event.runs.select_related("by").first()
    return render(
        request,
        "events/staff/schedule.html",
        {
            "event": event,
            "tables": tables,
            "grid": grid,
            "unplaced": unplaced,
            "unplaced_reasons": {int(k): v for k, v in (run.unplaced if run else {}).items()},
            "run": run,
            "can_change": event.status in SCHEDULING_STATUSES,
            "place_form": PlaceForm(event=event),
        },
    )


@kdia_required
@require_POST
def schedule_run(request, pk):
    event = _event(request, pk)
    try:
        run = planning.run_scheduler(event.pk, by=request.user)
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("The scheduler placed %(placed)s of %(requests)s accepted requests (upper bound %(bound)s).")
            % {"placed": run.placed, "requests": run.requests, "bound": run.bound},
        )
    return redirect("staff_events:schedule", pk=event.pk)


@kdia_required
@require_POST
def place(request, pk, request_pk):
    """Place an unplaced request, or move a meeting, to a slot and table; refused with the clash named."""
    event = _event(request, pk)
    meeting_request = get_object_or_404(event.requests, pk=request_pk)
    form = PlaceForm(request.POST, event=event)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}")
        return redirect("staff_events:schedule", pk=event.pk)
    try:
        planning.place(
            meeting_request.pk,
            slot_id=form.cleaned_data["slot"].pk,
            table_id=form.cleaned_data["table"].pk,
            by=request.user,
        )
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The meeting is placed and pinned."))
    return redirect("staff_events:schedule", pk=event.pk)


def _meeting(request, pk, meeting_pk) -> Meeting:
    event = _event(request, pk)
    return get_object_or_404(
        Meeting.objects.filter(event=event).select_related(
            "event", "slot", "table", "contractor", "company", "request"
        ),
        pk=meeting_pk,
    )


@kdia_required
@require_http_methods(["GET", "POST"])
def meeting(request, pk, meeting_pk):
    """One meeting: move it (refused with the clash named), pin or unpin it, take it out of the grid."""
    meeting = _meeting(request, pk, meeting_pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("pin", "unpin"):
                planning.set_pinned(meeting.pk, pinned=action == "pin", by=request.user)
                messages.success(request, _("Saved."))
            elif action == "unplace":
                planning.unplace(meeting.pk, by=request.user)
                messages.success(request, _("The meeting is out of the grid; its request stays accepted."))
            else:
                messages.error(request, _("Unknown step."))
        except services.Refused as refusal:
            messages.error(request, refusal.message)
        return redirect("staff_events:schedule", pk=meeting.event_id)
    form = PlaceForm(event=meeting.event, initial={"slot": meeting.slot_id, "table": meeting.table_id})
    return render(
        request, "events/staff/meeting.html", {"meeting": meeting, "event": meeting.event, "form": form}
    )


@kdia_required
def checkin(request, pk):
    """The day's list, by slot: check in, mark no-shows, open the outcome."""
    event = _event(request, pk)
    meetings = event.meetings.select_related("contractor", "company", "slot", "table").order_by(
        "slot__starts_at", "table__order"
    )
    return render(
        request,
        "events/staff/checkin.html",
        {"event": event, "meetings": meetings, "form": AttendanceForm()},
    )


@kdia_required
@require_POST
def attendance(request, pk, meeting_pk):
    meeting = _meeting(request, pk, meeting_pk)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose check-in, no-show or reset."))
        return redirect("staff_events:checkin", pk=meeting.event_id)
    action = form.cleaned_data["action"]
    try:
        if action == "check_in":
            day.check_in(meeting.pk, by=request.user)
        elif action == "no_show":
            day.mark_no_show(meeting.pk, absent=form.cleaned_data["absent"] or "both", by=request.user)
        else:
            day.reset_attendance(meeting.pk, by=request.user)
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Saved."))
    return redirect(reverse("staff_events:checkin", args=[meeting.event_id]) + f"#meeting-{meeting.pk}")


@kdia_required
@require_http_methods(["GET", "POST"])
def outcome(request, pk, meeting_pk):
    meeting = _meeting(request, pk, meeting_pk)
    return outcome_page(request, meeting, back=reverse("staff_events:checkin", args=[meeting.event_id]))
