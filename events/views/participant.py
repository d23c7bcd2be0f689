"""What participants do before and at the event: register, browse the other side, request and
answer meetings, set availability, book free slots, record outcomes.

Events are found through ``Event.objects.with_participant`` and requests and meetings through
their ``visible_to`` / ``answerable_by`` QuerySets: anything else is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Organization
from core.forms import id_from, version_of
from events import day, planning, services
from events.choices import REQUEST_STATUSES, RegistrationStatus, RequestStatus
from events.forms import (
    AnswerForm,
    AvailabilityForm,
    BookForm,
    MeetingRequestForm,
    OutcomeForm,
    RegistrationForm,
)
from events.models import (
    Availability,
    Event,
    Meeting,
    MeetingRequest,
    Registration,
    participant_organization,
    sees_all_events,
)
from events.permissions import company_required, participant_required


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def own_event(request, pk) -> Event:
    """The event, if the user's organisation takes part in it; else 404."""
    organization = participant_organization(request.user)
    return get_object_or_404(Event.objects.with_participant(organization), pk=pk)


@company_required
@require_http_methods(["GET", "POST"])
def register(request, pk):
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    company = getattr(request.user.organization, "company", None)
    if company is None:
        raise Http404
    if Registration.objects.active().filter(event=event, company=company).exists():
        messages.info(request, _("Your company is already registered for this event."))
        return redirect("events:event_detail", pk=event.pk)
    form = RegistrationForm(request.POST if request.method == "POST" else None, company=company)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register(
                event.pk,
                company,
                products=form.cleaned_data["products"],
                capabilities=form.cleaned_data["capabilities"],
                note_ko=form.cleaned_data["note_ko"],
                note_en=form.cleaned_data["note_en"],
                by=request.user,
            )
        except services.Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, registration_message(registration))
            return redirect("events:event_detail", pk=event.pk)
    return render(
        request,
        "events/register.html",
        {"event": event, "form": form, "problems": services.eligibility_problems(event, company)},
    )


def registration_message(registration: Registration) -> str:
    return {
        RegistrationStatus.PENDING: _(
            "Registered. KDIA checks your registration and tells you its decision."
        ),
        RegistrationStatus.VALIDATED: _("Registered: your place is confirmed."),
        RegistrationStatus.WAITLISTED: _(
            "The event is full: you are on the waiting list and are told when a place frees up."
        ),
    }.get(registration.status, _("Registered."))


@company_required
@require_POST
def withdraw(request, pk):
    registration = get_object_or_404(Registration.objects.visible_to(request.user).active(), event_id=pk)
    try:
        services.withdraw(registration.pk, by=request.user)
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your registration is withdrawn; your open requests are cancelled."))
    return redirect("events:event_detail", pk=pk)


def _counterparts(event: Event, organization) -> list[Organization]:
    if organization.kind == "foreign_contractor":
        return list(
            Organization.objects.filter(
                company__event_registrations__event=event,
                company__event_registrations__status=RegistrationStatus.VALIDATED,
            ).order_by("name_en", "name_ko")
        )
    return list(Organization.objects.filter(event_participations__event=event).order_by("name_en", "name_ko"))


@login_required
def participants(request, pk):
    """The contractors and validated companies of an event, with what each brings, for its
    participants, KDIA and DAPA; a counterpart may be asked for a meeting from here."""
    organization = participant_organization(request.user)
    if sees_all_events(request.user):
        event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    else:
        event = own_event(request, pk)
    registrations = (
        event.registrations.filter(status=RegistrationStatus.VALIDATED)
        .select_related("company__organization")
        .prefetch_related("products", "capabilities", "company__fields")
        .order_by("company__name_en", "company__name_ko")
    )
    contractors = event.contractors.select_related("organization", "table")
    open_with = set()
    if organization is not None:
        for contractor_id, company_org in (
            MeetingRequest.objects.filter(
                event=event, status__in=[RequestStatus.REQUESTED, RequestStatus.ACCEPTED]
            )
            .filter(Q(contractor=organization) | Q(company__organization=organization))
            .values_list("contractor_id", "company__organization_id")
        ):
            open_with |= {contractor_id, company_org}
    return render(
        request,
        "events/participants.html",
        {
            "event": event,
            "registrations": registrations,
            "contractors": contractors,
            "organization": organization,
            "open_with": open_with,
            "can_request": organization is not None and event.status in REQUEST_STATUSES,
        },
    )


@participant_required
@require_http_methods(["GET", "POST"])
def request_create(request, pk):
    event = own_event(request, pk)
    organization = participant_organization(request.user)
    counterparts = _counterparts(event, organization)
    initial = {}
    if (recipient := id_from(request.GET.get("to"))) is not None:
        initial["recipient"] = recipient
    form = MeetingRequestForm(
        request.POST if request.method == "POST" else None, counterparts=counterparts, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.request_meeting(
                event.pk,
                sender=organization,
                recipient=form.cleaned_data["recipient"],
                reason=form.cleaned_data["reason"],
                priority=form.cleaned_data["priority"],
                by=request.user,
            )
        except services.Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Your request is sent; you will be told of the answer."))
            return redirect("events:requests", pk=event.pk)
    return render(request, "events/request_form.html", {"event": event, "form": form})


@participant_required
def requests(request, pk):
    """The organisation's requests in an event: those waiting for its answer, those it sent, the rest."""
    event = own_event(request, pk)
    organization = participant_organization(request.user)
    mine = (
        MeetingRequest.objects.visible_to(request.user)
        .filter(event=event)
        .select_related("contractor", "company__organization", "meeting__slot", "meeting__table")
    )
    waiting = mine.answerable_by(request.user)
    return render(
        request,
        "events/requests.html",
        {
            "event": event,
            "organization": organization,
            "waiting": waiting,
            "others": mine.exclude(pk__in=waiting.values("pk")),
            "answer_form": AnswerForm(),
            "can_book": planning.can_self_book(event),
        },
    )


@participant_required
@require_POST
def request_answer(request, pk):
    meeting_request = get_object_or_404(MeetingRequest.objects.answerable_by(request.user), pk=pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("events:requests", pk=meeting_request.event_id)
    try:
        services.answer_request(
            meeting_request.pk,
            accept=form.cleaned_data["decision"] == "accept",
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your answer is sent."))
    return redirect("events:requests", pk=meeting_request.event_id)


@participant_required
@require_POST
def request_cancel(request, pk):
    meeting_request = get_object_or_404(MeetingRequest.objects.cancellable_by(request.user), pk=pk)
    try:
        services.cancel_request(meeting_request.pk, by=request.user)
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The request is cancelled and the other side is told."))
    return redirect("events:requests", pk=meeting_request.event_id)


@participant_required
@require_http_methods(["GET", "POST"])
def availability(request, pk):
    event = own_event(request, pk)
    organization = participant_organization(request.user)
    record = Availability.objects.filter(event=event, organization=organization).first()
    current = (
        list(record.slots.values_list("pk", flat=True))
        if record
        else list(event.slots.values_list("pk", flat=True))
    )
    form = AvailabilityForm(
        request.POST if request.method == "POST" else None, event=event, initial={"slots": current}
    )
    if request.method == "POST" and form.is_valid():
        services.set_availability(event, organization, list(form.cleaned_data["slots"]))
        messages.success(request, _("Your availability is saved; the scheduler respects it."))
        return redirect("events:event_detail", pk=event.pk)
    return render(request, "events/availability.html", {"event": event, "form": form})


@participant_required
@require_http_methods(["GET", "POST"])
def book(request, pk):
    """Self-booking: choose one of the slots free for both sides for an accepted, unplaced request."""
    meeting_request = get_object_or_404(
        MeetingRequest.objects.visible_to(request.user).select_related("event", "contractor", "company"),
        pk=pk,
    )
    event = meeting_request.event
    if not planning.can_self_book(event):
        messages.error(request, _("This event does not let participants book slots themselves now."))
        return redirect("events:requests", pk=event.pk)
    free = planning.free_places(event, meeting_request)
    form = BookForm(request.POST if request.method == "POST" else None, free=free)
    if request.method == "POST" and form.is_valid():
        try:
            planning.self_book(meeting_request.pk, slot_id=form.cleaned_data["slot"], by=request.user)
        except services.Refused as refusal:
            form.add_error("slot", refusal.message)
        else:
            messages.success(request, _("The meeting is booked; the other side is told."))
            return redirect("events:agenda", pk=event.pk)
    return render(
        request, "events/book.html", {"event": event, "meeting_request": meeting_request, "form": form}
    )


def outcome_page(request, meeting: Meeting, *, back: str):
    """Shared by participants and KDIA: record what a meeting led to."""
    form = OutcomeForm(
        request.POST if request.method == "POST" else None,
        initial={"outcome": meeting.outcome, "note": meeting.outcome_note, "version": version_of(meeting)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            day.record_outcome(
                meeting.pk,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                seen_version=form.cleaned_data["version"],
                by=request.user,
            )
        except services.Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The outcome is saved."))
            return redirect(back)
    return render(request, "events/outcome_form.html", {"meeting": meeting, "form": form, "back": back})


@participant_required
@require_http_methods(["GET", "POST"])
def meeting_outcome(request, pk):
    meeting = get_object_or_404(
        day.meetings_editable_by(request.user).select_related(
            "event", "slot", "table", "contractor", "company", "request"
        ),
        pk=pk,
    )
    return outcome_page(request, meeting, back=reverse("events:agenda", args=[meeting.event_id]))
