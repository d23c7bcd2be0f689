"""A person's notifications over the API, for every persona (tests/test_api_operations.py).

Everyone signed in reads and marks their own; another person's notification is missing to all,
KDIA included.
"""

from core.testing import ApiOperation
from notifications.models import Notification

GATED = {"anonymous": "unauthorised", "pending": "forbidden", "kdia_no_2fa": "forbidden"}


def korean_member_notification(world):
    notification = Notification.objects.create(
        user=world.users.korean_member,
        title_ko="새 관심 표명이 있습니다",
        title_en="A new expression of interest",
        url="/notifications/",
    )
    return {"notification_id": notification.pk}


OPERATIONS = [
    ApiOperation("GET", "/api/v1/notifications", outcomes=GATED),
    ApiOperation(
        "POST",
        "/api/v1/notifications/{notification_id}/read",
        kwargs=korean_member_notification,
        default="missing",
        outcomes={**GATED, "korean_member": "ok"},
    ),
    ApiOperation("POST", "/api/v1/notifications/read-all", outcomes=GATED),
]
