"""Message threads over the API, through the same permission path as the pages.

Members of a foreign contractor or a Korean company read their organisation's threads; KDIA
and DAPA take no part (403 on the list). A thread the caller may not see is 404, never 403,
so ids reveal nothing. Authors appear by name and organisation, never by e-mail address.
Reading over the API does not mark a thread read: opening it on the site does, or
POST /inquiries/threads/{id}/read. Starting a thread and posting a message go through the same
forms and services as the pages, so the other side is notified the same way. As on the page, a
message carries at most one attachment, sent with it in one multipart request (the ``/upload``
variants) and checked by content by the page's form; attachments download through the API for
the thread's participants only.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from accounts.choices import OrganizationKind
from api.files import SERVED_FILE_RESPONSE, AttachmentOut, attachments_out, download_from, form_files
from companies.api import ErrorOut, PageQuery
from companies.api_support import Id, error, form_error, refuse
from companies.models import Company
from core.identifiers import normalise_brn
from inquiries import services
from inquiries.forms import ReplyForm, StartThreadForm
from inquiries.models import MessageAttachment, Thread, participant_organization
from matching.models import Requirement

router = Router(tags=["messages"])


class ThreadOrganizationOut(Schema):
    id: int
    name_ko: str
    name_en: str


class ThreadCompanyOut(Schema):
    brn: str
    name_ko: str
    name_en: str


class ThreadOut(Schema):
    id: int
    subject: str
    contractor: ThreadOrganizationOut
    company: ThreadCompanyOut
    requirement: int | None
    created_at: str
    last_message_at: str
    unread_count: int
    url: str


class MessageOut(Schema):
    id: int
    author_name: str
    author_organization: ThreadOrganizationOut
    body: str
    created_at: str
    attachments: list[AttachmentOut]


class ThreadDetailOut(ThreadOut):
    messages: list[MessageOut]


ERRORS = dict.fromkeys((400, 403, 404, 409, 422), ErrorOut)


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


class ThreadIn(Schema):
    company: str | None = Field(
        None, description="A contractor: the business registration number of the company it writes to."
    )
    requirement: Id | None = Field(
        None,
        description="The requirement the conversation is about: optional for a contractor (one of its "
        "own), required for a Korean company (it writes to the requirement's contractor).",
    )
    subject: str = Field(..., description="One line, up to 200 characters.")
    body: str = Field(..., description="The first message, up to 10,000 characters.")


# Registered before /inquiries/threads/{thread_id}: that path's {thread_id} would take "upload" and
# answer a POST with 405.
@router.post(
    "/inquiries/threads/upload",
    response={201: ThreadDetailOut, **ERRORS},
    summary="Start a conversation with an attachment (multipart: the same fields, and attachment: "
    "a PDF or an image up to 20 MB, checked by content)",
)
def start_thread_with_file(request, payload: Form[ThreadIn], attachment: File[UploadedFile] = None):
    return _start(request, payload, form_files(attachment=attachment))


@router.get(
    "/inquiries/threads/{thread_id}",
    response={200: ThreadDetailOut, 404: ErrorOut},
    summary="One message thread with its messages, oldest first",
)
def get_thread(request, thread_id: int):
    thread = _queryset(request).filter(pk=thread_id).first()
    if thread is None:
        raise HttpError(404, gettext("No message thread with this id that you may see."))
    return _thread_detail(request, thread)


def _message(thread: Thread, message) -> dict:
    return {
        "id": message.pk,
        # The name only: the other side never learns anyone's e-mail address.
        "author_name": (message.author.full_name if message.author else "") or "",
        "author_organization": _organization(message.author_organization),
        "body": message.body,
        "created_at": message.created_at.isoformat(),
        "attachments": attachments_out(
            message.attachments.all(), f"/api/v1/inquiries/threads/{thread.pk}/attachments"
        ),
    }


def _thread_detail(request, thread: Thread) -> dict:
    data = _thread(thread, _visible_requirements(request, [thread]))
    messages = thread.messages.select_related("author", "author_organization").prefetch_related("attachments")
    data["messages"] = [_message(thread, message) for message in messages]
    return data


def _participant(request):
    organization = participant_organization(request.user)
    refuse(organization is None, gettext("Messages are for foreign contractors and Korean companies."))
    return organization


def _parties(request, organization, payload: ThreadIn):
    """(contractor, company, requirement) for a new thread, as the start page finds them."""
    user = request.user
    requirement = None
    if payload.requirement is not None:
        requirement = (
            Requirement.objects.visible_to(user).select_related("owner").filter(pk=payload.requirement)
        )
        requirement = requirement.first()
        if requirement is None:
            raise HttpError(404, gettext("No requirement with this id that you may see."))
    if organization.kind == OrganizationKind.FOREIGN_CONTRACTOR:
        if not (payload.company or "").strip():
            return error(422, gettext("Name the company you write to."), field="company", code="required")
        company = Company.objects.visible_to(user).with_brn(payload.company).select_related("organization")
        company = company.first()
        if company is None:
            raise HttpError(404, gettext("No company with this business registration number."))
        if requirement is not None and requirement.owner_id != organization.pk:
            raise HttpError(404, gettext("No requirement with this id that you may see."))
        return organization, company, requirement
    company = getattr(organization, "company", None)
    if requirement is None:
        return error(
            422,
            gettext("A Korean company starts a conversation from a requirement."),
            field="requirement",
            code="required",
        )
    if company is None or (payload.company and normalise_brn(payload.company) != company.brn):
        raise HttpError(404, gettext("No company with this business registration number."))
    return requirement.owner, company, requirement


def _start(request, payload: ThreadIn, files: dict):
    organization = _participant(request)
    parties = _parties(request, organization, payload)
    if isinstance(parties, Status):
        return parties
    contractor, company, requirement = parties
    if not services.company_can_receive(company):
        return error(
            409,
            gettext("Messages are not possible yet: this company has not claimed its profile on K-OFFSET."),
            field="company",
            code="conflict",
        )
    form = StartThreadForm({"subject": payload.subject, "body": payload.body}, files)
    if not form.is_valid():
        return form_error(form)
    try:
        thread = services.start_thread(
            contractor=contractor,
            company=company,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            by=request.user,
            requirement=requirement,
            attachments=form.attachments(),
        )
    except ValidationError as refusal:
        return error(422, refusal.messages[0], field="body", code="invalid")
    except services.NotAParty:
        raise HttpError(404, gettext("No company or requirement you may write about.")) from None
    return Status(201, _thread_detail(request, _queryset(request).get(pk=thread.pk)))


@router.post(
    "/inquiries/threads",
    response={201: ThreadDetailOut, **ERRORS},
    summary="Start a conversation: a contractor with a company, or a company about a requirement",
)
def start_thread(request, payload: ThreadIn):
    return _start(request, payload, {})


class ThreadMessageIn(Schema):
    body: str = Field(..., description="The message, up to 10,000 characters.")


def _own_thread(request, thread_id: int) -> Thread:
    _participant(request)
    thread = _queryset(request).filter(pk=thread_id).first()
    if thread is None:
        raise HttpError(404, gettext("No message thread with this id that you may see."))
    return thread


def _post(request, thread_id: int, body: str, files: dict):
    thread = _own_thread(request, thread_id)
    form = ReplyForm({"body": body}, files)
    if not form.is_valid():
        return form_error(form)
    try:
        message = services.post_message(
            thread, body=form.cleaned_data["body"], by=request.user, attachments=form.attachments()
        )
    except ValidationError as refusal:
        return error(422, refusal.messages[0], field="body", code="invalid")
    except services.NotAParty:
        raise HttpError(404, gettext("No message thread with this id that you may see.")) from None
    message = (
        thread.messages.select_related("author", "author_organization")
        .prefetch_related("attachments")
        .get(pk=message.pk)
    )
    return Status(201, _message(thread, message))


@router.post(
    "/inquiries/threads/{thread_id}/messages",
    response={201: MessageOut, **ERRORS},
    summary="Post a message in a thread; the other side is notified",
)
def post_message(request, thread_id: int, payload: ThreadMessageIn):
    return _post(request, thread_id, payload.body, {})


@router.post(
    "/inquiries/threads/{thread_id}/messages/upload",
    response={201: MessageOut, **ERRORS},
    summary="Post a message with an attachment (multipart: body, and attachment: a PDF or an image "
    "up to 20 MB, checked by content)",
)
def post_message_with_file(
    request,
    thread_id: int,
    body: Form[str],
    attachment: File[UploadedFile] = None,
):
    return _post(request, thread_id, body, form_files(attachment=attachment))


@router.get(
    "/inquiries/threads/{thread_id}/attachments/{attachment_id}",
    response={404: ErrorOut},
    openapi_extra={"responses": SERVED_FILE_RESPONSE},
    summary="Download a message's attachment (the thread's participants only)",
)
def download_attachment(request, thread_id: int, attachment_id: int):
    return download_from(
        request,
        MessageAttachment.objects.filter(
            message__thread__in=Thread.objects.visible_to(request.user), message__thread_id=thread_id
        ),
        attachment_id,
        missing=gettext("No attachment with this id in a thread you may see."),
    )


@router.post(
    "/inquiries/threads/{thread_id}/read",
    response={200: ThreadOut, **ERRORS},
    summary="Mark a thread read up to its newest message",
)
def mark_thread_read(request, thread_id: int):
    thread = _own_thread(request, thread_id)
    newest = thread.messages.order_by("-created_at").values_list("created_at", flat=True).first()
    if newest is not None:
        services.mark_read(thread, request.user, up_to=newest)
    thread = _queryset(request).get(pk=thread.pk)
    return _thread(thread, _visible_requirements(request, [thread]))
