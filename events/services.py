"""Event operations shared by pages, the API, tasks and the demo; each one atomic.

Registration (with eligibility, capacity and the waiting list), meeting requests in either
direction, their expiry and reminders, availability, and the day itself (check-in, no-shows,
outcomes). The schedule (scheduler runs, moves, self-booking, publishing agendas) is in
``events/planning.py``. Every step tells the people concerned through ``notifications.notify``
inside the step's transaction, so a refused or rolled-back step tells nobody.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from companies.models import Company
from events.choices import (
    ACTIVE_REGISTRATION_STATUSES,
    OPEN_REQUEST_STATUSES,
    REQUEST_STATUSES,
    EventStatus,
    Initiator,
    RegistrationStatus,
    RequestStatus,
)
from events.models import (
    Availability,
    Event,
    EventContractor,
    Meeting,
    MeetingRequest,
    Registration,
    participant_organization,
)
from notifications.services import notify

# A request waiting for an answer reminds its recipient this many hours before it expires.
REMIND_BEFORE_EXPIRY_HOURS = getattr(settings, "EVENT_REMIND_BEFORE_EXPIRY_HOURS", 24)
# Participants are reminded of their meetings this many hours before the first one.
REMIND_BEFORE_MEETING_HOURS = getattr(settings, "EVENT_REMIND_BEFORE_MEETING_HOURS", 24)


class Refused(Exception):
    """A step the rules do not allow now; ``message`` says why, in the reader's language."""

    def __init__(self, message, code: str = "refused"):
        super().__init__(str(message))
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


def members_of(organization_ids) -> list[User]:
    return User.objects.members_of([pk for pk in organization_ids if pk])


def kdia_staff() -> list[User]:
    return User.objects.staff_of("kdia")


def _event_url(event) -> str:
    return reverse("events:event_detail", args=[event.pk])


def _requests_url(event) -> str:
    return reverse("events:requests", args=[event.pk])


def _locked_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


# --- The event's life -----------------------------------------------------------------------

TRANSITIONS = {
    # to: the statuses it may come from
    EventStatus.REGISTRATION_OPEN: (EventStatus.DRAFT, EventStatus.REGISTRATION_CLOSED),
    EventStatus.REGISTRATION_CLOSED: (EventStatus.REGISTRATION_OPEN,),
    EventStatus.FINISHED: (EventStatus.AGENDAS_PUBLISHED,),
}


def change_status(event_id: int, to: str, *, by) -> Event:
    """Open or close registration, or finish the event (publishing agendas is ``planning.publish_agendas``)."""
    with transaction.atomic():
        event = _locked_event(event_id)
        if event.status not in TRANSITIONS.get(to, ()):
            raise Refused(
                _("The event is “%(status)s”; this step is not possible now.")
                % {"status": event.get_status_display()},
                "stale",
            )
        first_opening = event.status == EventStatus.DRAFT and to == EventStatus.REGISTRATION_OPEN
        event.status = to
        event.save()
        if first_opening:
            from events.tasks import announce_registration  # tasks import services: import here

            transaction.on_commit(lambda: announce_registration(event.pk))
    return event


def eligible_companies(event: Event):
    """Published profiles of approved Korean companies that ``eligibility_problems`` lets in."""
    companies = Company.objects.reachable()
    if event.size_classes:
        companies = companies.filter(size_class__in=event.size_classes)
    fields = list(event.defence_fields.values_list("pk", flat=True))
    return companies.filter(fields__in=fields).distinct() if fields else companies


def announce_registration(event_id: int) -> int:
    """Tell the members of every eligible Korean company that registration has opened."""
    event = Event.objects.get(pk=event_id)
    if event.status != EventStatus.REGISTRATION_OPEN:
        return 0
    organizations = eligible_companies(event).values_list("organization", flat=True)
    with transaction.atomic():
        return notify(
            members_of(list(organizations)),
            "events/email/registration_open",
            {"event": event},
            url=_event_url(event),
        )


# --- Registration ---------------------------------------------------------------------------


def eligibility_problems(event: Event, company) -> list[str]:
    """Why ``company`` may not register (empty when it may): size class and defence fields."""
    problems = []
    if event.size_classes and company.size_class not in event.size_classes:
        problems.append(str(_("The event is for companies of another size class.")))
    fields = set(event.defence_fields.values_list("pk", flat=True))
    if fields and not fields & set(company.fields.values_list("pk", flat=True)):
        problems.append(str(_("The company's profile names none of the event's defence fields.")))
    return problems


def _has_room(event: Event) -> bool:
    return event.capacity is None or event.places_taken() < event.capacity


def _tell_company(registration: Registration) -> None:
    notify(
        members_of([registration.company.organization_id]),
        "events/email/registration_decided",
        {"registration": registration, "event": registration.event},
        url=_event_url(registration.event),
    )


def register(
    event_id: int, company, *, products=(), capabilities=(), note_ko="", note_en="", by
) -> Registration:
    """A Korean company registers. Without a manual KDIA check an eligible company is validated
    while places remain and goes on the waiting list after; with it, KDIA decides."""
    with transaction.atomic():
        event = _locked_event(event_id)
        if not event.registration_is_open:
            raise Refused(_("Registration for this event is not open."), "closed")
        problems = eligibility_problems(event, company)
        if problems:
            raise Refused(" ".join(problems), "ineligible")
        registration = Registration.objects.filter(event=event, company=company).first()
        if registration is not None and registration.status in ACTIVE_REGISTRATION_STATUSES:
            raise Refused(_("Your company is already registered for this event."), "duplicate")
        registration = registration or Registration(event=event, company=company)
        registration.note_ko, registration.note_en = note_ko.strip(), note_en.strip()
        registration.created_by = by
        registration.status_reason = ""
        registration.decided_at = registration.decided_by = None
        if event.manual_check:
            registration.status = RegistrationStatus.PENDING
        else:
            registration.status = (
                RegistrationStatus.VALIDATED if _has_room(event) else RegistrationStatus.WAITLISTED
            )
            registration.decided_at = timezone.now()
        registration.save()
        registration.products.set([p for p in products if p.company_id == company.pk])
        own = set(company.capabilities.values_list("pk", flat=True))
        registration.capabilities.set([c for c in capabilities if c.pk in own])
        if registration.status == RegistrationStatus.PENDING:
            notify(
                kdia_staff(),
                "events/email/registration_received",
                {"registration": registration, "event": event},
                url=reverse("staff_events:registrations", args=[event.pk]),
            )
        else:
            _tell_company(registration)
    return registration


def decide_registration(registration_id: int, *, decision: str, reason: str = "", by) -> Registration:
    """KDIA validates, rejects (with a reason) or waitlists a registration. Validating when the
    event is full puts the company on the waiting list instead; a freed place promotes the next."""
    if decision not in (
        RegistrationStatus.VALIDATED,
        RegistrationStatus.REJECTED,
        RegistrationStatus.WAITLISTED,
    ):
        raise ValueError(decision)
    reason = reason.strip()
    if decision == RegistrationStatus.REJECTED and not reason:
        raise Refused(_("Say why the registration is rejected: the company reads it."), "reason")
    with transaction.atomic():
        event = _locked_event(Registration.objects.values_list("event_id", flat=True).get(pk=registration_id))
        registration = (
            Registration.objects.select_for_update().select_related("company").get(pk=registration_id)
        )
        if registration.status == RegistrationStatus.WITHDRAWN:
            raise Refused(_("The company has withdrawn this registration."), "stale")
        was_validated = registration.status == RegistrationStatus.VALIDATED
        if decision == RegistrationStatus.VALIDATED and not was_validated and not _has_room(event):
            decision = RegistrationStatus.WAITLISTED
        registration.status = decision
        registration.status_reason = reason
        registration.decided_by, registration.decided_at = by, timezone.now()
        registration.save()
        if was_validated and decision != RegistrationStatus.VALIDATED:
            _leave_event(registration, by=by)
            promote_waiting_list(event)
        _tell_company(registration)
    return registration


def withdraw(registration_id: int, *, by) -> Registration:
    """The company withdraws: its open requests and meetings are cancelled; the next on the
    waiting list gets the place."""
    with transaction.atomic():
        event = _locked_event(Registration.objects.values_list("event_id", flat=True).get(pk=registration_id))
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        if registration.status not in ACTIVE_REGISTRATION_STATUSES:
            raise Refused(_("This registration is no longer active."), "stale")
        was_validated = registration.status == RegistrationStatus.VALIDATED
        registration.status = RegistrationStatus.WITHDRAWN
        registration.save()
        if was_validated:
            _leave_event(registration, by=by)
            promote_waiting_list(event)
    return registration


def _leave_event(registration: Registration, *, by) -> None:
    open_requests = MeetingRequest.objects.filter(
        event=registration.event_id, company=registration.company_id, status__in=OPEN_REQUEST_STATUSES
    )
    for request in open_requests.select_related("company", "contractor", "event"):
        _cancel(request, by=by, tell=[request.contractor_id])


def promote_waiting_list(event: Event) -> list[Registration]:
    """Give free places to the waiting list, first registered first (call inside a transaction)."""
    promoted = []
    waiting = event.registrations.filter(status=RegistrationStatus.WAITLISTED).select_related("company")
    for registration in waiting.order_by("created_at", "pk"):
        if not _has_room(event):
            break
        registration.status = RegistrationStatus.VALIDATED
        registration.status_reason = ""
        registration.decided_at = timezone.now()
        registration.save()
        _tell_company(registration)
        promoted.append(registration)
    return promoted


# --- Participants ---------------------------------------------------------------------------


def is_participant(event: Event, organization) -> bool:
    if organization is None:
        return False
    if EventContractor.objects.filter(event=event, organization=organization).exists():
        return True
    return Registration.objects.filter(
        event=event, company__organization=organization, status=RegistrationStatus.VALIDATED
    ).exists()


def participant_of(event: Event, user):
    """The user's organisation when it takes part in ``event`` (a contractor or a validated company)."""
    organization = participant_organization(user)
    return organization if is_participant(event, organization) else None


def set_availability(event: Event, organization, slots) -> Availability | None:
    """Record the slots in which ``organization`` can meet; every slot means no record at all."""
    slots = [slot for slot in slots if slot.event_id == event.pk]
    with transaction.atomic():
        if {slot.pk for slot in slots} >= set(event.slots.values_list("pk", flat=True)):
            Availability.objects.filter(event=event, organization=organization).delete()
            return None
        availability, _created = Availability.objects.get_or_create(event=event, organization=organization)
        availability.slots.set(slots)
        availability.save()  # updated_at
    return availability


# --- Meeting requests -----------------------------------------------------------------------


def request_meeting(
    event_id: int, *, sender, recipient, reason: str, priority: int = 1, by
) -> MeetingRequest:
    """One participant asks another (a contractor and a Korean company, in either direction) for a
    1:1 meeting, with a reason. The request expires after the event's set number of hours."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Say why you want to meet: the other side decides on it."), "reason")
    with transaction.atomic():
        event = _locked_event(event_id)
        if event.status not in REQUEST_STATUSES:
            raise Refused(_("This event does not take meeting requests now."), "closed")
        if not (is_participant(event, sender) and is_participant(event, recipient)):
            raise Refused(_("Both sides must take part in the event."), "not_participant")
        kinds = {sender.kind, recipient.kind}
        if kinds != {"foreign_contractor", "korean_company"}:
            raise Refused(_("Meetings are between a foreign contractor and a Korean company."), "same_side")
        contractor, company_org = (
            (sender, recipient) if sender.kind == "foreign_contractor" else (recipient, sender)
        )
        now = timezone.now()
        expires_at = now + timedelta(hours=event.request_expiry_hours)
        if event.starts_at > now:
            expires_at = min(expires_at, event.starts_at)
        request = MeetingRequest(
            event=event,
            contractor=contractor,
            company=company_org.company,
            initiator=Initiator.CONTRACTOR if sender == contractor else Initiator.COMPANY,
            reason=reason,
            priority=priority,
            expires_at=expires_at,
            created_by=by,
        )
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError:
            raise Refused(
                _("There is already an open request between these two participants."), "duplicate"
            ) from None
        notify(
            members_of([recipient.pk]),
            "events/email/request_received",
            {"request": request, "event": event, "sender": sender},
            url=_requests_url(event),
        )
    return request


def _locked_request(request_id: int) -> MeetingRequest:
    return (
        MeetingRequest.objects.select_for_update(of=("self",))
        .select_related("event", "contractor", "company__organization")
        .get(pk=request_id)
    )


def answer_request(request_id: int, *, accept: bool, reason: str = "", by) -> MeetingRequest:
    """The recipient accepts or declines (a decline carries a reason the sender reads)."""
    reason = (reason or "").strip()
    if not accept and not reason:
        raise Refused(_("Say why you decline: the other side reads it."), "reason")
    with transaction.atomic():
        request = _locked_request(request_id)
        expired = request.status == RequestStatus.REQUESTED and request.expires_at <= timezone.now()
        if expired:  # the periodic task has not come by yet: expire it now (and keep that)
            _expire(request)
    if expired:
        raise Refused(_("This request has expired."), "expired")
    with transaction.atomic():
        request = _locked_request(request_id)
        if request.status != RequestStatus.REQUESTED:
            raise Refused(_("This request is no longer waiting for an answer."), "stale")
        if request.event.status not in REQUEST_STATUSES:
            raise Refused(_("This event does not take meeting requests now."), "closed")
        request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
        request.decline_reason = "" if accept else reason
        request.answered_by, request.answered_at = by, timezone.now()
        request.save()
        notify(
            members_of([request.sender.pk]),
            "events/email/request_answered",
            {"request": request, "event": request.event},
            url=_requests_url(request.event),
        )
    return request


def _cancel(request: MeetingRequest, *, by, tell) -> None:
    Meeting.objects.filter(request=request).delete()
    request.status = RequestStatus.CANCELLED
    request.answered_by, request.answered_at = by, timezone.now()
    request.save()
    notify(
        members_of(tell),
        "events/email/request_cancelled",
        {"request": request, "event": request.event},
        url=_requests_url(request.event),
    )


def cancel_request(request_id: int, *, by) -> MeetingRequest:
    """Either participant (or KDIA) cancels an open request; a meeting placed for it is removed.
    The other side is told (both sides when KDIA cancels)."""
    with transaction.atomic():
        request = _locked_request(request_id)
        if request.status not in OPEN_REQUEST_STATUSES:
            raise Refused(_("This request is no longer open."), "stale")
        mine = participant_organization(by)
        parties = list(request.parties)
        _cancel(request, by=by, tell=[pk for pk in parties if mine is None or pk != mine.pk])
    return request


def _expire(request: MeetingRequest) -> None:
    request.status = RequestStatus.EXPIRED
    request.save()
    notify(
        members_of([request.sender.pk]),
        "events/email/request_expired",
        {"request": request, "event": request.event},
        url=_requests_url(request.event),
    )


def expire_requests(now=None) -> int:
    """Requests left unanswered past their expiry become expired; their senders are told."""
    now = now or timezone.now()
    due = MeetingRequest.objects.filter(status=RequestStatus.REQUESTED, expires_at__lte=now)
    expired = 0
    for request_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            request = _locked_request(request_id)
            if request.status == RequestStatus.REQUESTED and request.expires_at <= now:
                _expire(request)
                expired += 1
    return expired


def remind_expiring(now=None) -> int:
    """Remind recipients of requests that expire within REMIND_BEFORE_EXPIRY_HOURS (once each)."""
    now = now or timezone.now()
    soon = now + timedelta(hours=REMIND_BEFORE_EXPIRY_HOURS)
    due = MeetingRequest.objects.filter(
        status=RequestStatus.REQUESTED, expires_at__gt=now, expires_at__lte=soon, reminded_at__isnull=True
    ).select_related("event", "contractor", "company__organization")
    reminded = 0
    for request in due:
        with transaction.atomic():
            notify(
                members_of([request.recipient.pk]),
                "events/email/request_expiring",
                {"request": request, "event": request.event, "sender": request.sender},
                url=_requests_url(request.event),
            )
            MeetingRequest.objects.filter(pk=request.pk).update(reminded_at=now)
        reminded += 1
    return reminded


def remind_meetings(now=None) -> int:
    """Once per participant and event: a reminder of its published agenda before the first
    meeting within REMIND_BEFORE_MEETING_HOURS. Returns the number of participants reminded."""
    now = now or timezone.now()
    due = Meeting.objects.filter(
        event__status=EventStatus.AGENDAS_PUBLISHED,
        reminded_at__isnull=True,
        slot__starts_at__gt=now,
        slot__starts_at__lte=now + timedelta(hours=REMIND_BEFORE_MEETING_HOURS),
    ).select_related("event", "slot", "company")
    parties: dict[tuple[int, int], list[Meeting]] = {}
    for meeting in due:
        for organization_id in (meeting.contractor_id, meeting.company.organization_id):
            parties.setdefault((meeting.event_id, organization_id), []).append(meeting)
    for (_event_id, organization_id), meetings in parties.items():
        event = meetings[0].event
        with transaction.atomic():
            notify(
                members_of([organization_id]),
                "events/email/meeting_reminder",
                {"event": event, "count": len(meetings), "first": min(m.slot.starts_at for m in meetings)},
                url=reverse("events:agenda", args=[event.pk]),
            )
    Meeting.objects.filter(pk__in=[m.pk for m in due]).update(reminded_at=now)
    return len(parties)
