"""Your agenda in calendar programs over the API, as on the agenda and calendar feed pages: the
agenda of one event as an .ics file, and the private feed URL (shown, created, regenerated, revoked).

The agenda is found as the page finds it (``events.agenda.agenda_of``: participants their own,
KDIA and DAPA any participant's); the feed belongs to the signed-in person, as on the page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from companies.api import ErrorOut
from core import bilingual
from events import agenda as agendas
from events.models import participant_organization

router = Router(tags=["events"])


# --- The agenda as a calendar file --------------------------------------------------------------


class AgendaFileQuery(Schema):
    participant: int | None = Field(
        None, ge=1, description="KDIA and DAPA: the organisation whose agenda to download."
    )


@router.get(
    "/events/{event_id}/agenda.ics",
    response={404: ErrorOut, 422: ErrorOut},
    summary="Your organisation's agenda in an event as an iCalendar (.ics) file",
    openapi_extra={
        "responses": {
            200: {
                "description": "The meetings as an iCalendar document, in your language; times in UTC.",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
)
def agenda_file(request: HttpRequest, event_id: int, query: Query[AgendaFileQuery]):
    """The agenda page's download: participants get their own; KDIA and DAPA name ``participant``."""
    event, organization, meetings = agendas.agenda_of(request.user, event_id, query.participant)
    if organization is None:
        raise HttpError(404, gettext("Name the participant whose agenda you want."))
    language = translation.get_language()[:2]
    content = agendas.calendar(
        meetings, organization, language=language, name=bilingual.pick(event, "title", language)
    )
    return agendas.ics_response(content, f"k-offset-event-{event.pk}.ics")


# --- The private calendar feed ------------------------------------------------------------------


class CalendarFeedOut(Schema):
    active: bool = Field(..., description="You have a feed URL that works.")
    url: str | None = Field(
        None, description="The secret feed URL to subscribe to; whoever has it reads your agenda."
    )
    created_at: datetime | None
    last_used_at: datetime | None
    message: str = Field("", description="What the change did, in your language.")


class CalendarFeedIn(Schema):
    action: Literal["create", "regenerate", "revoke"] = Field(
        ..., description="create or regenerate: a new URL (any earlier one stops working); revoke: none."
    )


def _feed_owner(request: HttpRequest) -> None:
    if participant_organization(request.user) is None:
        raise HttpError(403, gettext("Calendar feeds are for foreign contractors and Korean companies."))


def _feed_out(request: HttpRequest, message: str = "") -> dict:
    feed = agendas.feed_of(request.user)
    return {
        "active": feed is not None,
        "url": request.build_absolute_uri(agendas.feed_url(feed)) if feed else None,
        "created_at": feed.created_at if feed else None,
        "last_used_at": feed.last_used_at if feed else None,
        "message": message,
    }


@router.get(
    "/events/calendar-feed",
    response={200: CalendarFeedOut, 403: ErrorOut},
    summary="Your private calendar feed URL, if you made one",
)
def get_calendar_feed(request: HttpRequest):
    _feed_owner(request)
    return _feed_out(request)


@router.post(
    "/events/calendar-feed",
    response={200: CalendarFeedOut, 403: ErrorOut, 422: ErrorOut},
    summary="Create, regenerate or revoke your private calendar feed URL",
)
def change_calendar_feed(request: HttpRequest, payload: CalendarFeedIn):
    """As the calendar feed page: a new token replaces the old one; revoking deletes it."""
    _feed_owner(request)
    return _feed_out(request, agendas.change_feed(request.user, payload.action))
