"""The figures of one event (or several), for KDIA's statistics page, the API and later dashboards."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from events.choices import Attendance, Outcome, RegistrationStatus, RequestStatus
from events.models import Meeting, MeetingRequest, Registration


@dataclass
class EventFigures:
    registrations: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    requests_by_status: dict[str, int] = field(default_factory=dict)
    accepted: int = 0
    placed: int = 0
    held: int = 0
    no_shows: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def acceptance_rate(self) -> float | None:
        answered = self.accepted + self.requests_by_status.get(RequestStatus.DECLINED, 0)
        return round(100 * self.accepted / answered, 1) if answered else None


def figures(events) -> EventFigures:
    """Counts over ``events`` (a queryset or list): registrations by status, requests, accepted
    (including those later placed), meetings placed, held, no-shows and outcomes by kind."""
    result = EventFigures()
    registrations = Registration.objects.filter(event__in=events).values("status").annotate(n=Count("pk"))
    result.registrations = dict.fromkeys(RegistrationStatus.values, 0) | {
        row["status"]: row["n"] for row in registrations
    }
    requests = MeetingRequest.objects.filter(event__in=events).values("status").annotate(n=Count("pk"))
    result.requests_by_status = dict.fromkeys(RequestStatus.values, 0) | {
        row["status"]: row["n"] for row in requests
    }
    result.requests = sum(result.requests_by_status.values())
    result.accepted = result.requests_by_status[RequestStatus.ACCEPTED]
    meetings = Meeting.objects.filter(event__in=events).aggregate(
        placed=Count("pk"),
        held=Count(
            "pk",
            filter=Q(attendance=Attendance.CHECKED_IN) | (Q(attendance=Attendance.EXPECTED) & ~Q(outcome="")),
        ),
        no_shows=Count("pk", filter=Q(attendance=Attendance.NO_SHOW)),
    )
    result.placed, result.held, result.no_shows = meetings["placed"], meetings["held"], meetings["no_shows"]
    outcomes = (
        Meeting.objects.filter(event__in=events).exclude(outcome="").values("outcome").annotate(n=Count("pk"))
    )
    result.outcomes = dict.fromkeys(Outcome.values, 0) | {row["outcome"]: row["n"] for row in outcomes}
    return result
