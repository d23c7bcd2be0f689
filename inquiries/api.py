"""Message threads over the API, through the same permission path as the pages.

Members of a foreign contractor or a Korean company read their organisation's threads; KDIA
and DAPA take no part (403 on the list). A thread the caller may not see is 404, never 403,
so ids reveal nothing. Authors appear by name and organisation, never by e-mail address.
Reading over the API does not mark a thread read: only opening it on the site does.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from companies.api import ErrorOut, PageQuery
from inquiries.models import Thread, participant_organization
from matching.models import Requirement

router = Router(tags=["messages"])


class OrganizationOut(Schema):
    id: int
    name_ko: str
    name_en: str


class CompanyOut(Schema):
    brn: str
    name_ko: str
    name_en: str


class ThreadOut(Schema):
    id: int
    subject: str
    contractor: OrganizationOut
    company: CompanyOut
    requirement: int | None
    created_at: str
    last_message_at: str
    unread_count: int
    url: str


class AttachmentOut(Schema):
    id: int
    name: str
    url: str


class MessageOut(Schema):
    id: int
    author_name: str
    author_organization: OrganizationOut
    body: str
    created_at: str
    attachments: list[AttachmentOut]


class ThreadDetailOut(ThreadOut):
    messages: list[MessageOut]


class ThreadPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ThreadOut]


def _organization(organization) -> dict:
    return {"id": organization.pk, "name_ko": organization.name_ko, "name_en": organization.name_en}


def _thread(thread: Thread, visible_requirements: set[int]) -> dict:
    return {
        "id": thread.pk,
        "subject": thread.subject,
        "contractor": _organization(thread.contractor),
        "company": {
            "brn": thread.company.brn,
            "name_ko": thread.company.name_ko,
            "name_en": thread.company.name_en,
        },
        "requirement": thread.requirement_id if thread.requirement_id in visible_requirements else None,
        "created_at": thread.created_at.isoformat(),
        "last_message_at": thread.last_message_at.isoformat(),
        "unread_count": thread.unread_count,
        "url": reverse("inquiries:thread", args=[thread.pk]),
    }


def _queryset(request):
    return (
        Thread.objects.visible_to(request.user)
        .with_unread(request.user)
        .select_related("contractor", "company")
        .order_by("-last_message_at", "-pk")
    )


def _visible_requirements(request, threads) -> set[int]:
    ids = {thread.requirement_id for thread in threads if thread.requirement_id}
    if not ids:
        return set()
    return set(Requirement.objects.visible_to(request.user).filter(pk__in=ids).values_list("pk", flat=True))


@router.get(
    "/inquiries/threads",
    response={200: ThreadPage, 403: ErrorOut},
    summary="Your organisation's message threads, latest activity first",
)
def list_threads(request, query: Query[PageQuery]):
    if participant_organization(request.user) is None:
        raise HttpError(403, gettext("Messages are for foreign contractors and Korean companies."))
    threads = _queryset(request)
    count = threads.count()
    page = list(threads[query.offset : query.offset + query.limit])
    requirements = _visible_requirements(request, page)
    return {
        "count": count,
        "limit": query.limit,
        "offset": query.offset,
        "items": [_thread(thread, requirements) for thread in page],
    }


@router.get(
    "/inquiries/threads/{thread_id}",
    response={200: ThreadDetailOut, 404: ErrorOut},
    summary="One message thread with its messages, oldest first",
)
def get_thread(request, thread_id: int):
    thread = _queryset(request).filter(pk=thread_id).first()
    if thread is None:
        raise HttpError(404, gettext("No message thread with this id that you may see."))
    data = _thread(thread, _visible_requirements(request, [thread]))
    messages = thread.messages.select_related("author", "author_organization").prefetch_related("attachments")
    data["messages"] = [
        {
            "id": message.pk,
            # The name only: the other side never learns anyone's e-mail address.
            "author_name": (message.author.full_name if message.author else "") or "",
            "author_organization": _organization(message.author_organization),
            "body": message.body,
            "created_at": message.created_at.isoformat(),
            "attachments": [
                {
                    "id": record.pk,
                    "name": record.original_name,
                    "url": reverse("inquiries:attachment", args=[thread.pk, record.pk]),
                }
                for record in message.attachments.all()
            ],
        }
        for message in messages
    ]
    return data
