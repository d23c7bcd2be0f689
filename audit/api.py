"""``GET /api/v1/audit``: the audit log for KDIA programs, read-only, with the page's filters."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema

from api.errors import ApiError, ErrorOut, first_form_error
from audit.choices import AuditAction
from audit.filters import AuditEventFilter
from audit.models import AuditEvent

router = Router(tags=["audit"])

MAX_LIMIT = 100


class AuditQuery(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="Items per page (1-100).")
    offset: int = Field(0, ge=0, le=1_000_000_000, description="Items to skip.")
    action: AuditAction | None = Field(None, description="One action, e.g. sign_in_failed.")
    actor: str | None = Field(None, max_length=254, description="Part of the actor's e-mail address.")
    organization: int | None = Field(None, ge=1, le=2**62, description="An organisation's id.")
    date_from: date | None = Field(None, description="From this day (Asia/Seoul), inclusive.")
    date_to: date | None = Field(None, description="Until this day (Asia/Seoul), inclusive.")


class AuditEventOut(Schema):
    id: int
    when: datetime
    action: str
    actor_id: int | None
    actor_email: str
    organization_id: int | None
    target_type: str | None = Field(..., description="app_label.model of the record concerned.")
    target_id: str
    target: str = Field(..., description="The record as it read when the event happened.")
    ip_address: str | None
    user_agent: str
    details: dict


class AuditPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AuditEventOut]


def _event_out(event: AuditEvent) -> dict:
    target_type = event.target_type
    return {
        "id": event.pk,
        "when": event.when,
        "action": event.action,
        "actor_id": event.actor_id,
        "actor_email": event.actor_email,
        "organization_id": event.organization_id,
        "target_type": f"{target_type.app_label}.{target_type.model}" if target_type else None,
        "target_id": event.target_id,
        "target": event.target_repr,
        "ip_address": event.ip_address,
        "user_agent": event.user_agent,
        "details": event.details,
    }


@router.get(
    "/audit",
    response={200: AuditPage, 403: ErrorOut},
    summary="The audit log, newest first (KDIA only)",
)
def list_events(request, query: Query[AuditQuery]):
    events = AuditEvent.objects.visible_to(request.user)
    if not (request.user.is_superuser or request.user.is_kdia):
        raise ApiError(403, "forbidden", gettext("Only KDIA staff may read the audit log."))
    filters = {name: value for name, value in query.dict().items() if name not in ("limit", "offset")}
    filterset = AuditEventFilter({k: v for k, v in filters.items() if v is not None}, queryset=events)
    if filterset.errors:
        field, code, message, _total = first_form_error(filterset.form)
        raise ApiError(422, code, message, field)
    queryset = filterset.qs.select_related("target_type")
    window = queryset[query.offset : query.offset + query.limit]
    return {
        "count": queryset.count(),
        "limit": query.limit,
        "offset": query.offset,
        "items": [_event_out(event) for event in window],
    }
