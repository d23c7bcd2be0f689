"""KDIA's audit log page and its CSV download."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.filters import AuditEventFilter
from audit.models import AuditEvent
from audit.services import record_export
from core.permissions import kdia_required
from core.spreadsheets import export_response

PAGE_SIZE = 50
SEOUL = ZoneInfo("Asia/Seoul")
CSV_COLUMNS = [
    "when_kst",
    "action",
    "actor_email",
    "organization",
    "target_type",
    "target_id",
    "target",
    "ip_address",
    "user_agent",
    "details",
]


def _filtered(request) -> AuditEventFilter:
    queryset = AuditEvent.objects.visible_to(request.user).select_related("organization", "target_type")
    return AuditEventFilter(request.GET, queryset=queryset)


@kdia_required
@require_GET
def event_list(request):
    """Newest first, 50 to a page; the filters are the CSV download's too."""
    filterset = _filtered(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "query": query.urlencode()}
    # Filters that were not understood are named on the page, which answers 400 so tools notice.
    return render(request, "audit/event_list.html", context, status=400 if filterset.errors else 200)


def _row(event: AuditEvent) -> list:
    return [
        timezone.localtime(event.when, SEOUL).strftime("%Y-%m-%d %H:%M:%S"),
        event.action,
        event.actor_email,
        str(event.organization) if event.organization else "",
        event.target_type.model if event.target_type else "",
        event.target_id,
        event.target_repr,
        event.ip_address or "",
        event.user_agent,
        json.dumps(event.details, ensure_ascii=False, sort_keys=True) if event.details else "",
    ]


@kdia_required
@require_GET
def event_export(request):
    """The filtered log as CSV; the download is itself recorded (after reading, so not in its own file)."""
    filterset = _filtered(request)
    if filterset.errors:
        names = ", ".join(sorted(filterset.errors))
        return HttpResponseBadRequest(_("These filters were not understood: %(names)s") % {"names": names})
    rows = [_row(event) for event in filterset.qs]
    record_export(request, "audit_log", rows=len(rows))
    return export_response(CSV_COLUMNS, rows, "csv", "koffset-audit-log")
