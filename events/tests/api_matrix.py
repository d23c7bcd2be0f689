"""Events: meeting requests, registration, availability and outcomes, for every persona.

In ``open_event`` the contractor's request to the Korean company waits for its answer, so a new
request between the two is refused as a duplicate; the meeting of ``event`` has not begun, so
its outcome cannot be recorded yet. ``bookable_request`` adds, on first use, a self-booking event
in which the contractor's accepted request to the Korean company has no meeting yet.
"""

from companies.tests.api_matrix import GATED, if_match
from core.testing import ApiOperation
from events.testing import bookable_request

KOREAN = ("korean_admin", "korean_member")
STAFF_FORBIDDEN = dict.fromkeys(("kdia", "dapa"), "forbidden")
STAFF_MISSING = dict.fromkeys(("kdia", "dapa"), "missing")


def pending(world):
    return {"request_id": world.events.pending.pk}


def open_event(world):
    return {"event_id": world.events.open_event.pk}


def registration(world):
    from events.models import Registration

    row = Registration.objects.get(event=world.events.open_event, company=world.directory.published)
    return {"registration_id": row.pk}


def bookable(world):
    return {"request_id": bookable_request(world).pk}


def first_slot(world):
    return {"slot": bookable_request(world).event.slots.order_by("starts_at").first().pk}


def availability_etag(world, client):
    """The ETag the availability GET gives the persona (a stand-in one for those it refuses)."""
    response = client.get(f"/api/v1/events/{world.events.open_event.pk}/availability")
    return {"If-Match": response.get("ETag", '"none"')}


OPERATIONS = [
    ApiOperation(
        "POST",
        "/api/v1/events/meeting-requests",
        body=lambda w: {"event": w.events.open_event.pk, "recipient": w.orgs.foreign.pk, "reason": "Radomes"},
        label="the pair already has an open request",
        outcomes={**GATED, **STAFF_FORBIDDEN, "other_korean": "missing"},
        default="invalid",
    ),
    ApiOperation(
        "POST",
        "/api/v1/events/meeting-requests/{request_id}/answer",
        kwargs=pending,
        body=lambda w: {"accept": True},
        outcomes={**GATED, **STAFF_MISSING, "foreign": "missing", "other_korean": "missing"},
    ),
    ApiOperation(
        "POST",
        "/api/v1/events/meeting-requests/{request_id}/cancel",
        kwargs=pending,
        outcomes={**GATED, **STAFF_MISSING, "other_korean": "missing"},
    ),
    ApiOperation(
        "POST",
        "/api/v1/events/{event_id}/registrations",
        kwargs=open_event,
        body=lambda w: {"note_en": "Composite panels"},
        label="the Korean company is registered already",
        outcomes={
            **GATED,
            **STAFF_FORBIDDEN,
            **dict.fromkeys(KOREAN, "conflict"),
            "foreign": "forbidden",
            "other_korean": "created",
        },
    ),
    ApiOperation(
        "POST",
        "/api/v1/events/registrations/{registration_id}/withdraw",
        kwargs=registration,
        outcomes={**GATED, **STAFF_FORBIDDEN, "foreign": "forbidden", "other_korean": "missing"},
    ),
    ApiOperation(
        "PUT",
        "/api/v1/events/{event_id}/availability",
        kwargs=open_event,
        body=lambda w: {"slots": [w.events.open_event.slots.first().pk]},
        headers=availability_etag,
        outcomes={**GATED, **STAFF_FORBIDDEN, "other_korean": "missing"},
    ),
    ApiOperation(
        "PUT",
        "/api/v1/events/meetings/{meeting_id}/outcome",
        kwargs=lambda w: {"meeting_id": w.events.meeting.pk},
        body=lambda w: {"outcome": "nda"},
        headers=if_match(lambda w: w.events.meeting),
        label="before the meeting begins",
        outcomes={**GATED, "dapa": "forbidden", "other_korean": "missing"},
        default="conflict",
    ),
    ApiOperation(
        "POST",
        "/api/v1/events/meeting-requests/{request_id}/book",
        kwargs=bookable,
        body=first_slot,
        outcomes={
            **GATED,
            **STAFF_FORBIDDEN,
            **dict.fromkeys((*KOREAN, "foreign"), "created"),
            "other_korean": "missing",
        },
    ),
    ApiOperation(
        "POST",
        "/api/v1/events/meeting-requests/{request_id}/book",
        kwargs=pending,
        body=lambda w: {"slot": w.events.open_event.slots.first().pk},
        label="the event does not allow self-booking",
        outcomes={**GATED, **STAFF_FORBIDDEN, "other_korean": "missing"},
        default="conflict",
    ),
    ApiOperation(
        "GET",
        "/api/v1/events/{event_id}/participants",
        kwargs=lambda w: {"event_id": w.events.event.pk},
        outcomes={**GATED, "other_korean": "missing"},
    ),
    ApiOperation(
        "GET",
        "/api/v1/events/{event_id}/agenda.ics",
        kwargs=lambda w: {"event_id": w.events.event.pk},
        label="KDIA and DAPA name no participant",
        outcomes={**GATED, **STAFF_MISSING, "other_korean": "missing"},
    ),
    ApiOperation("GET", "/api/v1/events/calendar-feed", outcomes={**GATED, **STAFF_FORBIDDEN}),
    ApiOperation(
        "POST",
        "/api/v1/events/calendar-feed",
        body=lambda w: {"action": "regenerate"},
        outcomes={**GATED, **STAFF_FORBIDDEN},
    ),
]
