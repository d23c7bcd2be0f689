"""Your agenda in calendar programs over the API, as on the agenda and calendar feed pages: the
agenda of one event as an .ics file, and the private feed URL (shown, created, regenerated, revoked).

The agenda is found as the page finds it (``events.views.agenda._agenda_of``: participants their
own, KDIA and DAPA any participant's); the feed belongs to the signed-in person, as on the page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from companies.api import ErrorOut
from core import bilingual
from events import agenda as agendas
from events.models import CalendarFeed, participant_organization
from events.models.meeting import new_feed_token
from events.views.agenda import _agenda_of, feed_url

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
    event, organization, meetings = _agenda_of(request, event_id)
    if organization is None:
        raise HttpError(404, gettext("Name the participant whose agenda you want."))
    language = translation.get_language()[:2]
    content = agendas.calendar(
        meetings, organization, language=language, name=bilingual.pick(event, "title", language)
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="k-offset-event-{event.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


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
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return {
        "active": feed is not None,
        "url": request.build_absolute_uri(feed_url(feed)) if feed else None,
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
    with transaction.atomic():
        if payload.action == "revoke":
            CalendarFeed.objects.filter(user=request.user).delete()
            message = gettext("The calendar feed is revoked: its URL no longer works.")
        else:
            CalendarFeed.objects.update_or_create(user=request.user, defaults={"token": new_feed_token()})
            message = gettext("A new private URL is ready; any earlier one no longer works.")
    return _feed_out(request, message)
