"""A person's notifications over the API: the list (newest first), marking one or all read.

Only one's own, as on the pages (``Notification.objects.visible_to``): anyone else's id is a 404,
KDIA's included. Reading the list marks nothing read; opening a notification on the site does, or
``POST /notifications/{id}/read``.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext
from ninja import Field, P, Path, Query, Router, Schema

from api.errors import ApiError, ErrorOut
from notifications import services
from notifications.models import Notification

router = Router(tags=["notifications"])

# Ids beyond this are refused with a 422 naming the field instead of overflowing in the database.
MAX_ID = 2**62
NotificationId = Path[int, P(ge=1, le=MAX_ID)]
MAX_LIMIT = 100


class NotificationQuery(Schema):
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description="Items per page (1-100).")
    offset: int = Field(0, ge=0, le=1_000_000_000, description="Items to skip.")
    unread: bool = Field(False, description="true: only the notifications not read yet.")


class NotificationOut(Schema):
    id: int
    title: str = Field(..., description="In the language of Accept-Language (falling back to the other).")
    body: str
    title_ko: str
    title_en: str
    body_ko: str
    body_en: str
    url: str = Field(..., description="The page on this site the notification is about (a path).")
    created_at: datetime
    read_at: datetime | None
    unread: bool


class NotificationPage(Schema):
    count: int
    unread_count: int = Field(..., description="Your unread notifications, whatever the filter.")
    limit: int
    offset: int
    items: list[NotificationOut]


class ReadAllOut(Schema):
    marked: int = Field(..., description="How many notifications were unread until now.")


def _notification_out(notification: Notification) -> dict:
    return {
        "id": notification.pk,
        "title": notification.title,
        "body": notification.body,
        "title_ko": notification.title_ko,
        "title_en": notification.title_en,
        "body_ko": notification.body_ko,
        "body_en": notification.body_en,
        "url": notification.url,
        "created_at": notification.created_at,
        "read_at": notification.read_at,
        "unread": notification.is_unread,
    }


@router.get(
    "/notifications",
    response={200: NotificationPage, 403: ErrorOut},
    summary="Your notifications, newest first",
)
def list_notifications(request, query: Query[NotificationQuery]):
    mine = Notification.objects.visible_to(request.user)
    notifications = mine.unread() if query.unread else mine
    window = notifications[query.offset : query.offset + query.limit]
    return {
        "count": notifications.count(),
        "unread_count": services.unread_count(request.user),
        "limit": query.limit,
        "offset": query.offset,
        "items": [_notification_out(notification) for notification in window],
    }


@router.post(
    "/notifications/{notification_id}/read",
    response={200: NotificationOut, 403: ErrorOut, 404: ErrorOut},
    summary="Mark one of your notifications read (the first reading time stays)",
)
def mark_read(request, notification_id: NotificationId):
    try:
        notification = services.mark_read(request.user, notification_id)
    except Notification.DoesNotExist:
        raise ApiError(404, "not_found", gettext("No notification of yours with this id.")) from None
    return _notification_out(notification)


@router.post(
    "/notifications/read-all",
    response={200: ReadAllOut, 403: ErrorOut},
    summary="Mark all your notifications read",
)
def mark_all_read(request):
    return {"marked": services.mark_all_read(request.user)}
