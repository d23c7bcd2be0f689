"""A participant's agenda: its meetings in an event, and the same as an iCalendar file or feed.

The agenda page and the API find an agenda, answer with a calendar file and manage the private
feed URL through the functions here, so that both see and change the same things.
"""

from __future__ import annotations

from datetime import UTC, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Organization
from core import bilingual
from core.forms import id_from
from events import services
from events.choices import AGENDA_STATUSES
from events.models import CalendarFeed, Event, Meeting, participant_organization, sees_all_events
from events.models.meeting import new_feed_token

FEED_PAST_DAYS = 90  # the feed leaves out events that ended longer ago
FEED_ACTIONS = ("create", "regenerate", "revoke")


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


def agenda_of(user, event_id, participant=None):
    """(event, organisation, meetings) of the agenda ``user`` may see, else 404. Participants get
    their own; KDIA and DAPA name ``participant`` (an organisation id, as typed) or get no
    organisation and no meetings."""
    if sees_all_events(user):
        event = get_object_or_404(Event.objects.visible_to(user), pk=event_id)
        participant = id_from(participant)
        if participant is None:
            return event, None, Meeting.objects.none()
        organization = get_object_or_404(Organization, pk=participant)
        if not services.is_participant(event, organization):
            raise Http404
        return event, organization, meetings_of(organization, [event], viewer=user)
    organization = participant_organization(user)
    if organization is None:
        raise Http404
    event = get_object_or_404(Event.objects.with_participant(organization), pk=event_id)
    return event, organization, meetings_of(organization, [event], viewer=user)


def ics_response(content: bytes, filename: str) -> HttpResponse:
    """A calendar file to download; it names the person's meetings, so no cache keeps it."""
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def feed_url(feed: CalendarFeed) -> str:
    return reverse("events:feed", args=[feed.token])


def feed_of(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def change_feed(user, action: str) -> str:
    """One of FEED_ACTIONS on the user's feed; returns what it did, in the active language.

    Create and regenerate both give a new token, so that any URL handed out before stops working.
    """
    if action not in FEED_ACTIONS:
        raise ValueError(f"unknown calendar feed action {action!r}")
    with transaction.atomic():
        if action == "revoke":
            CalendarFeed.objects.filter(user=user).delete()
            return _("The calendar feed is revoked: its URL no longer works.")
        CalendarFeed.objects.update_or_create(user=user, defaults={"token": new_feed_token()})
    return _("A new private URL is ready; any earlier one no longer works.")
