"""The day of an event: check-in, no-shows and each meeting's outcome, which feed the statistics.

KDIA checks meetings in on the check-in list; KDIA or either participant records the outcome.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.choices import Absent, Attendance, EventStatus, Outcome
from events.models import Meeting, is_event_staff, participant_organization
from events.services import Refused


def _locked_meeting(meeting_id: int) -> Meeting:
    return Meeting.objects.select_for_update().select_related("event", "slot").get(pk=meeting_id)


def _day_open(meeting: Meeting) -> None:
    if meeting.event.status not in (EventStatus.AGENDAS_PUBLISHED, EventStatus.FINISHED):
        raise Refused(_("Check-in starts once the agendas are published."), "not_yet")


def check_in(meeting_id: int, *, by) -> Meeting:
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id)
        _day_open(meeting)
        meeting.attendance = Attendance.CHECKED_IN
        meeting.absent = ""
        meeting.checked_in_at = timezone.now()
        meeting.save()
    return meeting


def mark_no_show(meeting_id: int, *, absent: str, by) -> Meeting:
    if absent not in Absent.values:
        raise Refused(_("Say who did not come."), "absent")
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id)
        _day_open(meeting)
        meeting.attendance = Attendance.NO_SHOW
        meeting.absent = absent
        meeting.checked_in_at = None
        meeting.save()
    return meeting


def reset_attendance(meeting_id: int, *, by) -> Meeting:
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id)
        meeting.attendance, meeting.absent, meeting.checked_in_at = Attendance.EXPECTED, "", None
        meeting.save()
    return meeting


def record_outcome(meeting_id: int, *, outcome: str, note: str = "", seen_version: str = "", by) -> Meeting:
    """KDIA or either participant records what the meeting led to, once it has begun."""
    if outcome not in Outcome.values:
        raise Refused(_("Choose an outcome."), "outcome")
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id)
        if seen_version and meeting.updated_at.isoformat() != seen_version:
            raise Refused(_("Someone else changed this meeting meanwhile; read it again."), "stale")
        if meeting.slot.starts_at > timezone.now():
            raise Refused(_("An outcome can be recorded once the meeting has begun."), "not_yet")
        if meeting.attendance == Attendance.NO_SHOW and meeting.absent == Absent.BOTH:
            raise Refused(_("Neither side came to this meeting."), "no_show")
        meeting.outcome = outcome
        meeting.outcome_note = (note or "").strip()
        meeting.outcome_by = by
        meeting.save()
    return meeting


def meetings_editable_by(user):
    """Meetings whose outcome the user may record: KDIA all; a participant its own."""
    if is_event_staff(user):
        return Meeting.objects.all()
    organization = participant_organization(user)
    if organization is None:
        return Meeting.objects.none()
    return Meeting.objects.visible_to(user).filter(
        Q(contractor=organization) | Q(company__organization=organization)
    )
