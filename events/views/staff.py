"""KDIA's desk for an event (under /staff/events/, behind the second factor): create and edit it,
move it through its statuses, generate the slot grid and tables, invite contractors, validate
registrations and watch the requests. The schedule and the day are in ``views/schedule.py``."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from events import planning, services, statistics
from events.choices import EventStatus, Outcome, RegistrationStatus, RequestStatus
from events.forms import ContractorForm, DecisionForm, EventForm, GridForm
from events.models import Event, MeetingRequest, Registration
from events.permissions import kdia_required


@kdia_required
def event_list(request):
    events = Event.objects.editable_by(request.user).order_by("-starts_at")
    return render(request, "events/staff/event_list.html", {"events": events})


def _event(request, pk) -> Event:
    return get_object_or_404(Event.objects.editable_by(request.user), pk=pk)


@kdia_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    form = EventForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            event = form.save(commit=False)
            event.created_by = request.user
            event.save()
            form.save_m2m()
        messages.success(
            request,
            _(
                "The event is saved as a draft. Generate its grid, invite contractors, then open registration."
            ),
        )
        return redirect("staff_events:dashboard", pk=event.pk)
    return render(request, "events/staff/event_form.html", {"form": form})


@kdia_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk):
    event = _event(request, pk)
    form = EventForm(request.POST if request.method == "POST" else None, instance=event)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The event is saved."))
        return redirect("staff_events:dashboard", pk=event.pk)
    return render(request, "events/staff/event_form.html", {"form": form, "event": event})


@kdia_required
def dashboard(request, pk):
    """The event at a glance: its status and next step, the figures, the last scheduler run."""
    event = _event(request, pk)
    figures = statistics.figures([event])
    return render(
        request,
        "events/staff/dashboard.html",
        {
            "event": event,
            "figures": figures,
            "outcomes": [(Outcome(kind).label, count) for kind, count in figures.outcomes.items()],
            "run": event.runs.first(),
            "slots": event.slots.count(),
            "tables": event.tables.count(),
            "contractors": event.contractors.count(),
        },
    )


STEPS = {
    "open": EventStatus.REGISTRATION_OPEN,
    "close": EventStatus.REGISTRATION_CLOSED,
    "finish": EventStatus.FINISHED,
}


@kdia_required
@require_POST
def change_status(request, pk):
    event = _event(request, pk)
    step = request.POST.get("step")
    try:
        if step == "publish":
            planning.publish_agendas(event.pk, by=request.user)
            messages.success(request, _("The agendas are published; every participant is told."))
        elif step in STEPS:
            services.change_status(event.pk, STEPS[step], by=request.user)
            messages.success(request, _("The event's status is changed."))
        else:
            messages.error(request, _("Unknown step."))
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    return redirect("staff_events:dashboard", pk=event.pk)


@kdia_required
@require_http_methods(["GET", "POST"])
def grid(request, pk):
    event = _event(request, pk)
    start = timezone.localtime(event.starts_at)
    form = GridForm(
        request.POST if request.method == "POST" else None,
        initial={"day": start.date(), "first": start.time().replace(second=0)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            planning.generate_grid(
                event.pk,
                slots=form.cleaned_data["slot_times"],
                table_names=form.cleaned_data["table_names"],
                by=request.user,
            )
        except services.Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The slots and tables are generated."))
            return redirect("staff_events:grid", pk=event.pk)
    return render(
        request,
        "events/staff/grid.html",
        {"event": event, "form": form, "slots": event.slots.all(), "tables": event.tables.all()},
    )


@kdia_required
@require_http_methods(["GET", "POST"])
def contractors(request, pk):
    event = _event(request, pk)
    form = ContractorForm(request.POST if request.method == "POST" else None, event=event)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.event = event
        entry.save()
        messages.success(request, _("The contractor takes part in the event."))
        return redirect("staff_events:contractors", pk=event.pk)
    entries = event.contractors.select_related("organization", "table")
    return render(
        request, "events/staff/contractors.html", {"event": event, "form": form, "entries": entries}
    )


@kdia_required
@require_POST
def contractor_remove(request, pk, entry_pk):
    event = _event(request, pk)
    entry = get_object_or_404(event.contractors, pk=entry_pk)
    if MeetingRequest.objects.filter(event=event, contractor=entry.organization_id).exists():
        messages.error(request, _("This contractor already has meeting requests; cancel them first."))
    else:
        entry.delete()
        messages.success(request, _("The contractor is removed from the event."))
    return redirect("staff_events:contractors", pk=event.pk)


@kdia_required
def registrations(request, pk):
    event = _event(request, pk)
    rows = (
        event.registrations.select_related("company__organization", "decided_by")
        .prefetch_related("products", "capabilities", "company__fields")
        .order_by("status", "created_at")
    )
    status = request.GET.get("status")
    if status in RegistrationStatus.values:
        rows = rows.filter(status=status)
    return render(
        request,
        "events/staff/registrations.html",
        {
            "event": event,
            "rows": [(row, services.eligibility_problems(event, row.company)) for row in rows],
            "form": DecisionForm(),
            "statuses": RegistrationStatus.choices,
            "current": status if status in RegistrationStatus.values else "",
            "taken": event.places_taken(),
        },
    )


@kdia_required
@require_POST
def registration_decide(request, pk, registration_pk):
    event = _event(request, pk)
    registration = get_object_or_404(Registration.objects.filter(event=event), pk=registration_pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("staff_events:registrations", pk=event.pk)
    try:
        result = services.decide_registration(
            registration.pk,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        if result.status != form.cleaned_data["decision"]:
            messages.warning(request, _("The event is full: the company is on the waiting list instead."))
        else:
            messages.success(request, _("Saved; the company is told."))
    return redirect("staff_events:registrations", pk=event.pk)


@kdia_required
def requests(request, pk):
    event = _event(request, pk)
    rows = event.requests.select_related("contractor", "company", "meeting__slot", "meeting__table")
    status = request.GET.get("status")
    if status in RequestStatus.values:
        rows = rows.filter(status=status)
    return render(
        request,
        "events/staff/requests.html",
        {
            "event": event,
            "rows": rows,
            "statuses": RequestStatus.choices,
            "current": status if status in RequestStatus.values else "",
        },
    )
