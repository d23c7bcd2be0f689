"""What participants do over the API, as on the participant pages: a Korean company registers for
an event and withdraws; participants set their availability, book a free slot for an accepted
request themselves (when the event allows it), and read and record their meetings.

Events are found through ``Event.objects.visible_to`` / ``with_participant``, registrations and
meetings through their ``visible_to`` QuerySets (``day.meetings_editable_by`` for outcomes):
anything else is a 404. The steps are ``events.services`` / ``events.day``, each one atomic.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from api.concurrency import require_if_match, set_etag
from api.errors import ApiError
from companies.api import ErrorOut, PageQuery
from core.forms import version_of
from events import agenda as agendas
from events import day, planning, services
from events.choices import RegistrationStatus
from events.forms import AvailabilityForm, BookForm, OutcomeForm, RegistrationForm
from events.models import (
    Availability,
    Event,
    Meeting,
    MeetingRequest,
    Registration,
    participant_organization,
)
from events.views.participant import registration_message
from offsets.api_common import page, refuse_field, refuse_form

router = Router(tags=["events"])

WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
# Refusals that mean "not in this state any more" rather than "bad input".
CONFLICTS = {"closed", "duplicate", "stale", "not_yet", "no_show"}


def refused(refusal: services.Refused) -> HttpError:
    return HttpError(409 if refusal.code in CONFLICTS else 400, str(refusal.message))


# --- Registration -------------------------------------------------------------------------------


class RegistrationOut(Schema):
    id: int
    event: int
    company_brn: str
    status: str = Field(..., description="pending, validated, waitlisted, rejected or withdrawn.")
    status_reason: str
    products: list[int]
    capabilities: list[str]
    note_ko: str
    note_en: str
    created_at: str
    message: str = Field("", description="What the registration's status means, in the caller's language.")


WORDED_STATUSES = (RegistrationStatus.PENDING, RegistrationStatus.VALIDATED, RegistrationStatus.WAITLISTED)


def registration_out(row: Registration) -> dict:
    return {
        "id": row.pk,
        "event": row.event_id,
        "company_brn": row.company.brn_display,
        "status": row.status,
        "status_reason": row.status_reason,
        "products": [product.pk for product in row.products.all()],
        "capabilities": [c.name_en or c.name_ko for c in row.capabilities.all()],
        "note_ko": row.note_ko,
        "note_en": row.note_en,
        "created_at": row.created_at.isoformat(),
        "message": str(registration_message(row)) if row.status in WORDED_STATUSES else "",
    }


class RegistrationIn(Schema):
    products: list[int] = Field(
        default_factory=list, description="Ids of your directory products to show beside your name."
    )
    capabilities: list[int] = Field(default_factory=list, description="Ids of your profile's capabilities.")
    note_ko: str = Field("", max_length=2000, description="A note to KDIA and the contractors (Korean).")
    note_en: str = Field("", max_length=2000, description="The same in English.")


def _registering_company(request: HttpRequest):
    if not request.user.is_korean_company:
        raise HttpError(403, gettext("Only Korean companies register for events."))
    company = getattr(request.user.organization, "company", None)
    if company is None:
        raise HttpError(404, gettext("Your organisation has no directory profile to register with."))
    return company


@router.post(
    "/events/{event_id}/registrations",
    response={201: RegistrationOut, **WRITE_ERRORS},
    summary="Register your Korean company for an event",
)
def register(request: HttpRequest, event_id: int, payload: RegistrationIn):
    """Validated at once while places remain (waiting list after), or pending KDIA's check when
    the event asks for one; ``message`` says which."""
    company = _registering_company(request)
    event = Event.objects.visible_to(request.user).filter(pk=event_id).first()
    if event is None:
        raise HttpError(404, gettext("No event with this id that you may see."))
    form = RegistrationForm(payload.dict(), company=company)
    if not form.is_valid():
        refuse_form(form)
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
        raise refused(refusal) from None
    return Status(201, registration_out(registration))


@router.post(
    "/events/registrations/{registration_id}/withdraw",
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary="Withdraw your company's registration (its open meeting requests are cancelled)",
)
def withdraw(request: HttpRequest, registration_id: int):
    _registering_company(request)
    registration = Registration.objects.visible_to(request.user).filter(pk=registration_id).first()
    if registration is None:
        raise HttpError(404, gettext("No registration with this id that you may see."))
    try:
        services.withdraw(registration.pk, by=request.user)
    except services.Refused as refusal:
        raise refused(refusal) from None
    return registration_out(Registration.objects.select_related("company").get(pk=registration.pk))


# --- Availability -------------------------------------------------------------------------------


class SlotOut(Schema):
    id: int
    starts_at: str
    ends_at: str
    available: bool


class AvailabilityOut(Schema):
    event: int
    slots: list[SlotOut] = Field(
        ..., description="Every slot of the event's grid; the scheduler respects yours."
    )


class AvailabilityIn(Schema):
    slots: list[int] = Field(..., description="Ids of the slots in which you can meet (at least one).")


def _own_event(request: HttpRequest, event_id: int):
    organization = participant_organization(request.user)
    if organization is None:
        raise HttpError(403, gettext("Availability is for foreign contractors and Korean companies."))
    event = Event.objects.with_participant(organization).filter(pk=event_id).first()
    if event is None:
        raise HttpError(404, gettext("No event with this id in which you take part."))
    return event, organization


def _availability(event: Event, organization):
    """The record, or a stand-in with no version while every slot is open (no record is kept then)."""
    record = Availability.objects.filter(event=event, organization=organization).first()
    return record or SimpleNamespace(updated_at=None, slots=None)


def _availability_out(response: HttpResponse, event: Event, record) -> dict:
    chosen = set(record.slots.values_list("pk", flat=True)) if record.slots is not None else None
    set_etag(response, record)
    return {
        "event": event.pk,
        "slots": [
            {
                "id": slot.pk,
                "starts_at": slot.starts_at.isoformat(),
                "ends_at": slot.ends_at.isoformat(),
                "available": chosen is None or slot.pk in chosen,
            }
            for slot in event.slots.all()
        ],
    }


@router.get(
    "/events/{event_id}/availability",
    response={200: AvailabilityOut, 403: ErrorOut, 404: ErrorOut},
    summary="The slots in which your organisation can meet at an event",
)
def get_availability(request: HttpRequest, response: HttpResponse, event_id: int):
    event, organization = _own_event(request, event_id)
    return _availability_out(response, event, _availability(event, organization))


@router.put(
    "/events/{event_id}/availability",
    response={200: AvailabilityOut, **WRITE_ERRORS, 412: ErrorOut, 428: ErrorOut},
    summary="Set the slots in which your organisation can meet (If-Match required)",
)
def set_availability(request: HttpRequest, response: HttpResponse, event_id: int, payload: AvailabilityIn):
    event, organization = _own_event(request, event_id)
    with transaction.atomic():
        # The record may not exist yet: lock the event to serialise writers before comparing versions.
        Event.objects.select_for_update().get(pk=event.pk)
        require_if_match(request, _availability(event, organization))
        form = AvailabilityForm({"slots": payload.slots}, event=event)
        if not form.is_valid():
            refuse_form(form)
        services.set_availability(event, organization, list(form.cleaned_data["slots"]))
    return _availability_out(response, event, _availability(event, organization))


# --- Meetings -----------------------------------------------------------------------------------


class MeetingOut(Schema):
    id: int
    event: int
    starts_at: str
    ends_at: str
    table: str
    contractor: str
    contractor_id: int
    company_brn: str
    company: str
    with_organization: str | None = Field(None, description="The other side, seen from your organisation.")
    reason: str
    attendance: str
    outcome: str = Field(
        ..., description="Empty until recorded: follow_up, nda, mou, purchase_order or none."
    )
    outcome_note: str


class MeetingPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MeetingOut]


class MeetingQuery(PageQuery):
    event: int | None = Field(None, ge=1, description="Only the meetings of this event.")


class OutcomeIn(Schema):
    outcome: str = Field(..., description="follow_up, nda, mou, purchase_order or none.")
    note: str = Field("", max_length=2000)


def _meeting_out(meeting: Meeting, organization) -> dict:
    return {
        "id": meeting.pk,
        "event": meeting.event_id,
        "starts_at": meeting.slot.starts_at.isoformat(),
        "ends_at": meeting.slot.ends_at.isoformat(),
        "table": meeting.table.name,
        "contractor": str(meeting.contractor),
        "contractor_id": meeting.contractor_id,
        "company_brn": meeting.company.brn_display,
        "company": str(meeting.company),
        "with_organization": str(agendas.counterpart(meeting, organization)) if organization else None,
        "reason": meeting.request.reason,
        "attendance": meeting.attendance,
        "outcome": meeting.outcome,
        "outcome_note": meeting.outcome_note,
    }


def _meetings(request: HttpRequest):
    """Your organisation's meetings (published agendas and self-booked ones); all for KDIA and DAPA."""
    return Meeting.objects.visible_to(request.user).select_related(
        "slot", "table", "contractor", "company", "request"
    )


@router.get(
    "/events/meetings",
    response={200: MeetingPage, 422: ErrorOut},
    summary="Your meetings, in time order (once agendas are published)",
)
def list_meetings(request: HttpRequest, query: Query[MeetingQuery]):
    meetings = _meetings(request)
    if query.event:
        meetings = meetings.filter(event_id=query.event)
    organization = participant_organization(request.user)
    return page(meetings, query, lambda meeting: _meeting_out(meeting, organization))


@router.get(
    "/events/meetings/{meeting_id}",
    response={200: MeetingOut, 404: ErrorOut},
    summary="One of your meetings",
)
def get_meeting(request: HttpRequest, response: HttpResponse, meeting_id: int):
    meeting = _meetings(request).filter(pk=meeting_id).first()
    if meeting is None:
        raise HttpError(404, gettext("No meeting with this id that you may see."))
    set_etag(response, meeting)
    return _meeting_out(meeting, participant_organization(request.user))


@router.put(
    "/events/meetings/{meeting_id}/outcome",
    response={200: MeetingOut, **WRITE_ERRORS, 412: ErrorOut, 428: ErrorOut},
    summary="Record what a meeting led to, once it has begun (If-Match required)",
)
def record_outcome(request: HttpRequest, response: HttpResponse, meeting_id: int, payload: OutcomeIn):
    meeting = _meetings(request).filter(pk=meeting_id).first()
    if meeting is None:
        raise HttpError(404, gettext("No meeting with this id that you may see."))
    if not day.meetings_editable_by(request.user).filter(pk=meeting.pk).exists():
        raise HttpError(403, gettext("Outcomes are recorded by the two sides and KDIA."))
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        require_if_match(request, locked)
        form = OutcomeForm({**payload.dict(), "version": version_of(locked)})
        if not form.is_valid():
            refuse_form(form)
        try:
            day.record_outcome(
                locked.pk,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                seen_version=form.cleaned_data["version"],
                by=request.user,
            )
        except services.Refused as refusal:
            if refusal.code == "outcome":
                refuse_field("outcome", refusal.message)
            raise refused(refusal) from None
    meeting = _meetings(request).get(pk=meeting.pk)
    set_etag(response, meeting)
    return _meeting_out(meeting, participant_organization(request.user))


# --- Self-booking -------------------------------------------------------------------------------


class BookIn(Schema):
    slot: int = Field(..., ge=1, description="Id of a slot free for both sides (see the availability GET).")


@router.post(
    "/events/meeting-requests/{request_id}/book",
    response={201: MeetingOut, **WRITE_ERRORS},
    summary="Book a free slot for an accepted request that has no meeting yet (self-booking events)",
)
def book(request: HttpRequest, request_id: int, payload: BookIn):
    """As the booking page: a free table is chosen for the slot and the other side is told."""
    organization = participant_organization(request.user)
    if organization is None:
        raise HttpError(403, gettext("Meetings are booked by the foreign contractor or the Korean company."))
    meeting_request = (
        MeetingRequest.objects.visible_to(request.user).select_related("event").filter(pk=request_id).first()
    )
    if meeting_request is None:
        raise HttpError(404, gettext("No meeting request with this id that you may see."))
    event = meeting_request.event
    if not planning.can_self_book(event):
        raise ApiError(
            409, "conflict", gettext("This event does not let participants book slots themselves now.")
        )
    form = BookForm({"slot": payload.slot}, free=planning.free_places(event, meeting_request))
    if not form.is_valid():
        refuse_form(form)
    try:
        meeting = planning.self_book(meeting_request.pk, slot_id=form.cleaned_data["slot"], by=request.user)
    except services.Refused as refusal:
        if refusal.code == "not_participant":
            raise HttpError(403, str(refusal.message)) from None
        if refusal.code == "clash":
            raise ApiError(409, "conflict", str(refusal.message), "slot") from None
        raise refused(refusal) from None
    return Status(201, _meeting_out(_meetings(request).get(pk=meeting.pk), organization))
