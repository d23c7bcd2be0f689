"""Fixed vocabularies of events, registrations, meeting requests and meetings."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation meeting")
    NETWORKING = "networking", _("Networking event")
    BRIEFING = "briefing", _("Briefing")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REGISTRATION_OPEN = "open", _("Registration open")
    REGISTRATION_CLOSED = "closed", _("Registration closed")
    SCHEDULED = "scheduled", _("Scheduled")
    AGENDAS_PUBLISHED = "published", _("Agendas published")
    FINISHED = "finished", _("Finished")


# Participants may send and answer meeting requests while the event is in one of these.
REQUEST_STATUSES = (
    EventStatus.REGISTRATION_OPEN,
    EventStatus.REGISTRATION_CLOSED,
    EventStatus.SCHEDULED,
    EventStatus.AGENDAS_PUBLISHED,
)
# KDIA may run the scheduler, pin and move meetings in these.
SCHEDULING_STATUSES = (
    EventStatus.REGISTRATION_CLOSED,
    EventStatus.SCHEDULED,
    EventStatus.AGENDAS_PUBLISHED,
)
# Participants see their own agenda once KDIA publishes it.
AGENDA_STATUSES = (EventStatus.AGENDAS_PUBLISHED, EventStatus.FINISHED)


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for KDIA")
    VALIDATED = "validated", _("Validated")
    WAITLISTED = "waitlisted", _("On the waiting list")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Registrations that hold (or wait for) a place.
ACTIVE_REGISTRATION_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.VALIDATED,
    RegistrationStatus.WAITLISTED,
)


class Initiator(models.TextChoices):
    CONTRACTOR = "contractor", _("The contractor")
    COMPANY = "company", _("The Korean company")


class Priority(models.IntegerChoices):
    LOW = 1, _("Normal")
    MEDIUM = 2, _("High")
    HIGH = 3, _("Essential")


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")


# A pair of participants may have only one of these at a time per event.
OPEN_REQUEST_STATUSES = (RequestStatus.REQUESTED, RequestStatus.ACCEPTED)


class PlacedBy(models.TextChoices):
    SCHEDULER = "scheduler", _("The scheduler")
    KDIA = "kdia", _("KDIA")
    SELF = "self", _("Booked by the participants")


class Attendance(models.TextChoices):
    EXPECTED = "expected", _("Expected")
    CHECKED_IN = "checked_in", _("Checked in")
    NO_SHOW = "no_show", _("No-show")


class Absent(models.TextChoices):
    CONTRACTOR = "contractor", _("The contractor did not come")
    COMPANY = "company", _("The Korean company did not come")
    BOTH = "both", _("Neither came")


class Outcome(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Follow-up meeting")
    NDA = "nda", _("NDA signed")
    MOU = "mou", _("MOU signed")
    PURCHASE_ORDER = "purchase_order", _("Purchase order")
    NONE = "none", _("No further step")
