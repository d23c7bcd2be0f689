"""Notices over the API: public, through the same permission path and filters as the board.

Attachments download through the API with their notice's visibility: a published notice's for
everyone, a draft's, scheduled or expired notice's for KDIA only (404 for anyone else).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext
from ninja import Field, P, Path, Query, Router, Schema
from ninja.errors import HttpError

from api.files import SERVED_FILE_RESPONSE, download_from
from companies.api import ErrorOut, PageQuery
from notices import markup
from notices.filters import NoticeFilter
from notices.models import Notice, NoticeAttachment

router = Router(tags=["notices"], auth=None)  # guests read published notices

# Ids beyond this are refused with a 422 naming the field instead of overflowing in the database.
MAX_ID = 2**62


class NoticeQuery(PageQuery):
    q: str | None = Field(None, max_length=200, description="Words in the Korean or English title.")
    category: str | None = Field(None, max_length=32, description="A category code, e.g. programmes.")


class CategoryOut(Schema):
    code: str
    name_ko: str
    name_en: str


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    url: str = Field(..., description="Download address under /api/v1, with the notice's visibility.")


class NoticeOut(Schema):
    id: int
    title_ko: str
    title_en: str
    body_ko: str
    body_en: str
    body_html_ko: str
    body_html_en: str
    category: CategoryOut
    pinned: bool
    status: str
    published_at: str | None
    expires_at: str | None
    updated_at: str
    attachments: list[AttachmentOut]
    url: str


class NoticePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[NoticeOut]


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _notice_out(notice: Notice) -> dict:
    return {
        "id": notice.pk,
        "title_ko": notice.title_ko,
        "title_en": notice.title_en,
        "body_ko": notice.body_ko,
        "body_en": notice.body_en,
        "body_html_ko": markup.render(notice.body_ko),
        "body_html_en": markup.render(notice.body_en),
        "category": {
            "code": notice.category.code,
            "name_ko": notice.category.name_ko,
            "name_en": notice.category.name_en,
        },
        "pinned": notice.pinned,
        "status": notice.status,
        "published_at": _iso(notice.published_at),
        "expires_at": _iso(notice.expires_at),
        "updated_at": notice.updated_at.isoformat(),
        "attachments": [
            {
                "id": record.pk,
                "name": record.original_name,
                "size": record.size,
                "url": f"/api/v1/notices/{notice.pk}/attachments/{record.pk}",
            }
            for record in notice.attachments.all()
        ],
        "url": reverse("notices:notice_detail", args=[notice.pk]),
    }


def _visible(request):
    return Notice.objects.visible_to(request.user).select_related("category").prefetch_related("attachments")


@router.get(
    "/notices",
    response={200: NoticePage, 400: ErrorOut},
    summary="Notices, pinned first then newest (KDIA also sees drafts)",
)
def list_notices(request, query: Query[NoticeQuery]):
    filterset = NoticeFilter(
        {"q": query.q or "", "category": query.category or ""}, queryset=_visible(request)
    )
    if not filterset.is_valid():
        field, errors = next(iter(filterset.errors.items()))
        raise HttpError(400, f"{field}: {' '.join(errors)}")
    notices = filterset.qs.board_order()
    window = notices[query.offset : query.offset + query.limit]
    return {
        "count": notices.count(),
        "limit": query.limit,
        "offset": query.offset,
        "items": [_notice_out(notice) for notice in window],
    }


@router.get("/notices/{notice_id}", response={200: NoticeOut, 404: ErrorOut}, summary="One notice")
def get_notice(request, notice_id: Path[int, P(ge=1, le=MAX_ID)]):
    notice = _visible(request).filter(pk=notice_id).first()
    if notice is None:
        raise HttpError(404, gettext("No such notice."))
    return _notice_out(notice)


@router.get(
    "/notices/{notice_id}/attachments/{attachment_id}",
    response={404: ErrorOut},
    openapi_extra={"responses": SERVED_FILE_RESPONSE},
    summary="Download a notice's attachment (drafts' and unpublished notices': KDIA only)",
)
def download_attachment(
    request, notice_id: Path[int, P(ge=1, le=MAX_ID)], attachment_id: Path[int, P(ge=1, le=MAX_ID)]
):
    attachments = NoticeAttachment.objects.filter(notice__in=Notice.objects.visible_to(request.user))
    return download_from(
        request,
        attachments.filter(notice_id=notice_id),
        attachment_id,
        missing=gettext("No attachment with this id on a notice you may see."),
    )
