"""Events over the API, through the same permission path as the pages: events, their participants,
your registrations, your meeting requests (list, send, answer, cancel) and your agenda. Registering,
withdrawing, availability, self-booking, meetings and their outcomes are in ``api_participation``;
the agenda as an .ics file and the private calendar feed in ``api_calendar``."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from accounts.models import Organization
from api.concurrency import set_etag
from companies.api import ErrorOut, PageQuery
from events import agenda as agendas
from events import services
from events.api_calendar import router as calendar_router
from events.api_participation import RegistrationOut, refused, registration_out
from events.api_participation import router as participation_router
from events.choices import REQUEST_STATUSES, EventStatus, Priority, RegistrationStatus, RequestStatus
from events.models import Event, MeetingRequest, Registration, participant_organization, sees_all_events

router = Router(tags=["events"])
router.add_router("", participation_router)
router.add_router("", calendar_router)


class EventOut(Schema):
    id: int
    title_ko: str
    title_en: str
    description_ko: str
    description_en: str
    kind: str
    status: str
    venue_ko: str
    venue_en: str
    starts_at: str
    ends_at: str
    registration_opens_at: str | None
    registration_closes_at: str | None
    registration_open: bool
    capacity: int | None
    self_booking: bool
    contractors: list[str]


class EventPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[EventOut]


class EventQuery(PageQuery):
    status: EventStatus | None = None


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _event_out(event: Event) -> dict:
    return {
        "id": event.pk,
        "title_ko": event.title_ko,
        "title_en": event.title_en,
        "description_ko": event.description_ko,
        "description_en": event.description_en,
        "kind": event.kind,
        "status": event.status,
        "venue_ko": event.venue_ko,
        "venue_en": event.venue_en,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "registration_opens_at": _iso(event.registration_opens_at),
        "registration_closes_at": _iso(event.registration_closes_at),
        "registration_open": event.registration_is_open,
        "capacity": event.capacity,
        "self_booking": event.self_booking,
        "contractors": [str(entry.organization) for entry in event.contractors.all()],
    }


@router.get("/events", response={200: EventPage}, summary="Events you may see (every event but drafts)")
def list_events(request, query: Query[EventQuery]):
    events = Event.objects.visible_to(request.user).prefetch_related("contractors__organization")
    if query.status:
        events = events.filter(status=query.status)
    count = events.count()
    page = events[query.offset : query.offset + query.limit]
    return {
        "count": count,
        "limit": query.limit,
        "offset": query.offset,
        "items": [_event_out(e) for e in page],
    }


@router.get(
    "/events/registrations", response={200: list[RegistrationOut]}, summary="Your company's registrations"
)
def list_registrations(request):
    rows = (
        Registration.objects.visible_to(request.user)
        .select_related("company")
        .prefetch_related("products", "capabilities")
        .order_by("-created_at")[:200]
    )
    return [registration_out(row) for row in rows]


class RequestOut(Schema):
    id: int
    event: int
    contractor: str
    contractor_id: int
    company_brn: str
    company_organization_id: int | None
    initiator: str
    reason: str
    priority: int
    status: str
    decline_reason: str
    expires_at: str
    awaits_your_answer: bool


class RequestPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[RequestOut]


class RequestQuery(PageQuery):
    event: int | None = Field(None, ge=1)
    status: RequestStatus | None = None


def _request_out(row: MeetingRequest, waiting: set[int]) -> dict:
    return {
        "id": row.pk,
        "event": row.event_id,
        "contractor": str(row.contractor),
        "contractor_id": row.contractor_id,
        "company_brn": row.company.brn_display,
        "company_organization_id": row.company.organization_id,
        "initiator": row.initiator,
        "reason": row.reason,
        "priority": row.priority,
        "status": row.status,
        "decline_reason": row.decline_reason,
        "expires_at": row.expires_at.isoformat(),
        "awaits_your_answer": row.pk in waiting,
    }


@router.get(
    "/events/meeting-requests", response={200: RequestPage}, summary="Meeting requests you sent or received"
)
def list_requests(request, query: Query[RequestQuery]):
    rows = MeetingRequest.objects.visible_to(request.user).select_related("contractor", "company")
    if query.event:
        rows = rows.filter(event_id=query.event)
    if query.status:
        rows = rows.filter(status=query.status)
    count = rows.count()
    page = list(rows[query.offset : query.offset + query.limit])
    waiting = set(
        MeetingRequest.objects.answerable_by(request.user)
        .filter(pk__in=[r.pk for r in page])
        .values_list("pk", flat=True)
    )
    return {
        "count": count,
        "limit": query.limit,
        "offset": query.offset,
        "items": [_request_out(r, waiting) for r in page],
    }


class RequestIn(Schema):
    event: int = Field(..., ge=1)
    recipient: int = Field(..., ge=1, description="The organisation id of the other participant.")
    reason: str = Field(..., min_length=1, max_length=2000)
    priority: Priority = Priority.LOW


@router.post(
    "/events/meeting-requests",
    response={201: RequestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Ask another participant for a 1:1 meeting",
)
def create_request(request, payload: RequestIn):
    sender = participant_organization(request.user)
    if sender is None:
        raise HttpError(403, gettext("Meeting requests are for foreign contractors and Korean companies."))
    event = Event.objects.with_participant(sender).filter(pk=payload.event).first()
    recipient = Organization.objects.filter(pk=payload.recipient).first()
    if event is None or recipient is None or not services.is_participant(event, recipient):
        raise HttpError(404, gettext("No event or participant with this id that you may meet."))
    try:
        row = services.request_meeting(
            event.pk,
            sender=sender,
            recipient=recipient,
            reason=payload.reason,
            priority=payload.priority,
            by=request.user,
        )
    except services.Refused as refusal:
        raise HttpError(400, str(refusal.message)) from None
    return Status(201, _request_out(row, set()))


class AnswerIn(Schema):
    accept: bool
    reason: str = Field("", max_length=2000, description="Required when declining.")


@router.post(
    "/events/meeting-requests/{request_id}/answer",
    response={200: RequestOut, 400: ErrorOut, 404: ErrorOut},
    summary="Accept or decline a meeting request waiting for your answer",
)
def answer(request, request_id: int, payload: AnswerIn):
    row = MeetingRequest.objects.answerable_by(request.user).filter(pk=request_id).first()
    if row is None:
        raise HttpError(404, gettext("No meeting request with this id waits for your answer."))
    try:
        row = services.answer_request(row.pk, accept=payload.accept, reason=payload.reason, by=request.user)
    except services.Refused as refusal:
        raise HttpError(400, str(refusal.message)) from None
    return _request_out(row, set())


@router.post(
    "/events/meeting-requests/{request_id}/cancel",
    response={200: RequestOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Cancel an open meeting request you sent or received (a meeting placed for it is removed)",
)
def cancel(request, request_id: int):
    row = MeetingRequest.objects.cancellable_by(request.user).filter(pk=request_id).first()
    if row is None:
        raise HttpError(404, gettext("No open meeting request with this id that you may cancel."))
    try:
        row = services.cancel_request(row.pk, by=request.user)
    except services.Refused as refusal:
        raise refused(refusal) from None
    return _request_out(row, set())


class MeetingOut(Schema):
    id: int
    starts_at: str
    ends_at: str
    table: str
    with_organization: str
    reason: str
    attendance: str
    outcome: str


@router.get(
    "/events/{event_id}/agenda",
    response={200: list[MeetingOut], 404: ErrorOut},
    summary="Your organisation's meetings in an event (once the agendas are published)",
)
def get_agenda(request, event_id: int):
    organization = participant_organization(request.user)
    event = Event.objects.with_participant(organization).filter(pk=event_id).first() if organization else None
    if event is None:
        raise HttpError(404, gettext("No event with this id in which you take part."))
    meetings = agendas.meetings_of(organization, [event], viewer=request.user)
    return [
        {
            "id": meeting.pk,
            "starts_at": meeting.slot.starts_at.isoformat(),
            "ends_at": meeting.slot.ends_at.isoformat(),
            "table": meeting.table.name,
            "with_organization": str(agendas.counterpart(meeting, organization)),
            "reason": meeting.request.reason,
            "attendance": meeting.attendance,
            "outcome": meeting.outcome,
        }
        for meeting in meetings
    ]


# "int:" keeps /events/meetings and the other fixed paths of api_participation out of this route.
@router.get("/events/{int:event_id}", response={200: EventOut, 404: ErrorOut}, summary="One event")
def get_event(request, response: HttpResponse, event_id: int):
    event = Event.objects.visible_to(request.user).filter(pk=event_id).first()
    if event is None:
        raise HttpError(404, gettext("No event with this id that you may see."))
    set_etag(response, event)
    return _event_out(event)


# --- Participants -------------------------------------------------------------------------------


class ContractorEntryOut(Schema):
    organization_id: int
    name_ko: str
    name_en: str
    country: str
    note_ko: str = Field(..., description="What the contractor looks for (Korean).")
    note_en: str
    request_open: bool = Field(..., description="Your organisation has an open request with it.")


class ProductRefOut(Schema):
    id: int
    name_ko: str
    name_en: str


class CompanyEntryOut(Schema):
    organization_id: int | None
    brn: str
    name_ko: str
    name_en: str
    size_class: str
    region: str
    fields: list[str] = Field(..., description="Defence field codes of the company's profile.")
    products: list[ProductRefOut] = Field(..., description="The products it shows at this event.")
    capabilities: list[str]
    note_ko: str
    note_en: str
    request_open: bool = Field(..., description="Your organisation has an open request with it.")


class ParticipantsOut(Schema):
    event: int
    can_request: bool = Field(..., description="You may ask these participants for a meeting now.")
    contractors: list[ContractorEntryOut]
    companies: list[CompanyEntryOut] = Field(
        ..., description="Korean companies with a validated registration."
    )


def _open_with(event: Event, organization) -> set[int]:
    """Organisations with which ``organization`` has a requested or accepted request in the event."""
    if organization is None:
        return set()
    pairs = (
        MeetingRequest.objects.filter(
            event=event, status__in=[RequestStatus.REQUESTED, RequestStatus.ACCEPTED]
        )
        .filter(Q(contractor=organization) | Q(company__organization=organization))
        .values_list("contractor_id", "company__organization_id")
    )
    return {pk for pair in pairs for pk in pair}


@router.get(
    "/events/{event_id}/participants",
    response={200: ParticipantsOut, 404: ErrorOut},
    summary="The contractors and validated Korean companies of an event (participants, KDIA, DAPA)",
)
def list_participants(request: HttpRequest, event_id: int):
    organization = participant_organization(request.user)
    if sees_all_events(request.user):
        events = Event.objects.visible_to(request.user)
    elif organization is not None:
        events = Event.objects.with_participant(organization)
    else:
        events = Event.objects.none()
    event = events.filter(pk=event_id).first()
    if event is None:
        raise HttpError(404, gettext("No event with this id in which you take part."))
    registrations = (
        event.registrations.filter(status=RegistrationStatus.VALIDATED)
        .select_related("company")
        .prefetch_related("products", "capabilities", "company__fields")
        .order_by("company__name_en", "company__name_ko")
    )
    open_with = _open_with(event, organization)
    return {
        "event": event.pk,
        "can_request": organization is not None and event.status in REQUEST_STATUSES,
        "contractors": [
            {
                "organization_id": entry.organization_id,
                "name_ko": entry.organization.name_ko,
                "name_en": entry.organization.name_en,
                "country": str(entry.organization.country),
                "note_ko": entry.note_ko,
                "note_en": entry.note_en,
                "request_open": entry.organization_id in open_with,
            }
            for entry in event.contractors.select_related("organization").order_by("pk")
        ],
        "companies": [
            {
                "organization_id": row.company.organization_id,
                "brn": row.company.brn_display,
                "name_ko": row.company.name_ko,
                "name_en": row.company.name_en,
                "size_class": row.company.size_class,
                "region": row.company.region,
                "fields": [field.code for field in row.company.fields.all()],
                "products": [
                    {"id": p.pk, "name_ko": p.name_ko, "name_en": p.name_en} for p in row.products.all()
                ],
                "capabilities": [c.name_en or c.name_ko for c in row.capabilities.all()],
                "note_ko": row.note_ko,
                "note_en": row.note_en,
                "request_open": row.company.organization_id in open_with,
            }
            for row in registrations
        ],
    }
