"""A participant's agenda: its meetings in an event, and the same as an iCalendar file or feed."""

from __future__ import annotations

from datetime import UTC, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import bilingual
from events.choices import AGENDA_STATUSES
from events.models import Meeting

FEED_PAST_DAYS = 90  # the feed leaves out events that ended longer ago


def meetings_of(organization, events=None, *, viewer=None):
    """The organisation's meetings (every event, or ``events``), in time order; with ``viewer``,
    only those ``Meeting.objects.visible_to(viewer)`` lets them see."""
    meetings = Meeting.objects.visible_to(viewer) if viewer is not None else Meeting.objects.all()
    meetings = meetings.filter(Q(contractor=organization) | Q(company__organization=organization))
    if events is not None:
        meetings = meetings.filter(event__in=events)
    return meetings.select_related(
        "event", "slot", "table", "contractor", "company", "request__contractor", "request__company"
    ).order_by("slot__starts_at", "table__order")


def feed_meetings(organization):
    """Meetings in the private feed: published agendas of events that are not long over."""
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    return meetings_of(organization).filter(event__status__in=AGENDA_STATUSES, event__ends_at__gte=since)


def counterpart(meeting: Meeting, organization):
    """The other side of the meeting, seen from ``organization``."""
    return meeting.company if meeting.contractor_id == organization.pk else meeting.contractor


def calendar(meetings, organization, *, language: str, name: str) -> bytes:
    """An iCalendar (RFC 5545) document of the meetings, worded in ``language``; times in UTC."""
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    with translation.override(language):
        document = Calendar()
        document.add("prodid", "-//K-OFFSET//events//EN")
        document.add("version", "2.0")
        document.add("calscale", "GREGORIAN")
        document.add("method", "PUBLISH")
        document.add("x-wr-calname", name)
        document.add("x-wr-timezone", settings.TIME_ZONE)
        now = timezone.now()
        for meeting in meetings:
            event = meeting.event
            other = counterpart(meeting, organization)
            entry = CalendarEvent()
            entry.add("uid", f"meeting-{meeting.pk}@k-offset")
            entry.add("dtstamp", now)
            entry.add("dtstart", meeting.slot.starts_at.astimezone(UTC))
            entry.add("dtend", meeting.slot.ends_at.astimezone(UTC))
            entry.add(
                "summary", _("Meeting with %(name)s") % {"name": bilingual.pick(other, "name", language)}
            )
            place = ", ".join(
                part
                for part in (
                    bilingual.pick(event, "venue", language),
                    _("Table %(name)s") % {"name": meeting.table},
                )
                if part
            )
            entry.add("location", place)
            lines = [bilingual.pick(event, "title", language), meeting.request.reason]
            if event.online_url:
                lines.append(event.online_url)
            lines.append(settings.SITE_URL + reverse("events:agenda", args=[event.pk]))
            entry.add("description", "\n\n".join(line for line in lines if line))
            entry.add("status", "CONFIRMED")
            document.add_component(entry)
    return document.to_ical()
