"""Consultation cases over the API, through the same permission path as the pages.

Requesters list, read and open their organisation's cases, write in them and reopen them; DAPA
reads the cases shared with it; KDIA reads every case and triages, answers and resolves. A case
the caller may not see is 404, never 403, so ids reveal nothing; KDIA's steps are 403 for anyone
else whatever the id. Refused steps are 400 with the field concerned.
"""

from __future__ import annotations

from typing import Annotated

from django.urls import reverse
from django.utils.translation import gettext
from ninja import Field, File, Form, P, Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from accounts.models import User
from api.files import AttachmentOut, attachments_out, form_files
from companies.api import ErrorOut, PageQuery
from companies.api_support import form_error
from consultations import services
from consultations.choices import Confidentiality, EntryKind, Priority, Topic
from consultations.choices import Status as CaseStatus
from consultations.forms import CaseForm
from consultations.models import TEXT_MAX_LENGTH, Case, Entry, Theme, is_desk_staff, requester_organization
from core.forms import version_of
from events.models import Event
from offsets.models import Programme

router = Router(tags=["consultations"])

# Ids beyond this are refused with a 422 naming the field instead of overflowing in the database.
MAX_ID = 2**62


RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
CaseId = Path[int, P(ge=1, le=MAX_ID)]


class CaseOut(Schema):
    id: int
    reference: str
    organization: str
    topic: str
    programme: int | None
    subject: str
    body_ko: str
    body_en: str
    confidentiality: str
    status: str
    priority: int
    assignee: str | None
    themes: list[str]
    event: int | None
    resolution: str
    created_at: str
    first_answered_at: str | None
    resolved_at: str | None
    reopen_until: str | None
    overdue: bool
    version: str
    url: str


class EntryOut(Schema):
    id: int
    kind: str
    author_name: str
    author_organization: str | None
    body: str
    from_status: str
    to_status: str
    event: int | None
    created_at: str
    attachments: list[AttachmentOut]


class CaseDetailOut(CaseOut):
    entries: list[EntryOut]


class CasePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CaseOut]


class CaseQuery(PageQuery):
    status: CaseStatus | None = None
    topic: Topic | None = None
    overdue: bool | None = Field(None, description="Only cases waiting on KDIA past the overdue limit.")


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _case_out(case: Case) -> dict:
    return {
        "id": case.pk,
        "reference": case.reference,
        "organization": case.organization.name,
        "topic": case.topic,
        "programme": case.programme_id,
        "subject": case.subject,
        "body_ko": case.body_ko,
        "body_en": case.body_en,
        "confidentiality": case.confidentiality,
        "status": case.status,
        "priority": case.priority,
        "assignee": (case.assignee.full_name or None) if case.assignee else None,
        "themes": [theme.name for theme in case.themes.all()],
        "event": case.event_id,
        "resolution": case.resolution,
        "created_at": case.created_at.isoformat(),
        "first_answered_at": _iso(case.first_answered_at),
        "resolved_at": _iso(case.resolved_at),
        "reopen_until": _iso(case.reopen_until),
        "overdue": case.is_overdue(),
        "version": version_of(case),
        "url": reverse("consultations:case_detail", args=[case.pk]),
    }


def _entry_out(entry: Entry) -> dict:
    return {
        "id": entry.pk,
        "kind": entry.kind,
        # The name only: nobody's e-mail address is shown.
        "author_name": (entry.author.full_name if entry.author else "") or "",
        "author_organization": entry.author_organization.name if entry.author_organization else None,
        "body": entry.body,
        "from_status": entry.from_status,
        "to_status": entry.to_status,
        "event": entry.event_id,
        "created_at": entry.created_at.isoformat(),
        "attachments": attachments_out(
            entry.attachments.all(), f"/api/v1/consultations/cases/{entry.case_id}/attachments"
        ),
    }


def _visible(request):
    return (
        Case.objects.visible_to(request.user)
        .select_related("organization", "assignee")
        .prefetch_related("themes")
    )


def _visible_case(request, case_id: int) -> Case:
    case = _visible(request).filter(pk=case_id).first()
    if case is None:
        raise HttpError(404, gettext("No consultation case with this id that you may see."))
    return case


def _refused(refusal: services.Refused):
    return Status(400, {"code": refusal.code, "message": str(refusal.message), "field": refusal.field})


def _reload(case_id: int) -> dict:
    return _case_out(
        Case.objects.select_related("organization", "assignee").prefetch_related("themes").get(pk=case_id)
    )


@router.get(
    "/consultations/cases",
    response={200: CasePage, 403: ErrorOut},
    summary="Consultation cases you may see: your organisation's (DAPA: shared ones; KDIA: all)",
)
def list_cases(request, query: Query[CaseQuery]):
    user = request.user
    if requester_organization(user) is None and not (user.is_dapa or is_desk_staff(user)):
        raise HttpError(
            403, gettext("Consultations are for foreign contractors, Korean companies, KDIA and DAPA.")
        )
    cases = _visible(request)
    if query.status:
        cases = cases.filter(status=query.status)
    if query.topic:
        cases = cases.filter(topic=query.topic)
    if query.overdue is not None:
        overdue = cases.overdue()
        cases = overdue if query.overdue else cases.exclude(pk__in=overdue.values("pk"))
    count = cases.count()
    page = cases.order_by("-created_at", "-pk")[query.offset : query.offset + query.limit]
    return {
        "count": count,
        "limit": query.limit,
        "offset": query.offset,
        "items": [_case_out(c) for c in page],
    }


class CaseIn(Schema):
    topic: Topic
    subject: str = Field(..., min_length=1, max_length=200)
    body_ko: str = Field("", max_length=TEXT_MAX_LENGTH)
    body_en: str = Field("", max_length=TEXT_MAX_LENGTH)
    confidentiality: Confidentiality = Confidentiality.KDIA
    programme: int | None = Field(None, ge=1, le=MAX_ID)


def _require_requester(request) -> None:
    if requester_organization(request.user) is None:
        raise HttpError(
            403, gettext("Consultation cases are opened by foreign contractors and Korean companies.")
        )


@router.post(
    "/consultations/cases",
    response={201: CaseOut, 400: ErrorOut, 403: ErrorOut},
    summary="Open a consultation case with KDIA (with a file: POST /consultations/cases/upload)",
)
def create_case(request, payload: CaseIn):
    _require_requester(request)
    programme = None
    if payload.programme is not None:
        programme = Programme.objects.visible_to(request.user).filter(pk=payload.programme).first()
        if programme is None:
            return Status(
                400,
                {"code": "invalid", "message": gettext("No programme with this id."), "field": "programme"},
            )
    try:
        case = services.open_case(
            by=request.user,
            topic=payload.topic,
            subject=payload.subject,
            body_ko=payload.body_ko,
            body_en=payload.body_en,
            confidentiality=payload.confidentiality,
            programme=programme,
        )
    except services.Refused as refusal:
        return _refused(refusal)
    return Status(201, _reload(case.pk))


# Registered before /consultations/cases/{case_id}: that path's {case_id} would take "upload" and
# answer a POST with 405.
@router.post(
    "/consultations/cases/upload",
    response={201: CaseOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Open a case with an attachment (multipart: the same fields, and attachment: a PDF or an "
    "image up to 20 MB, checked by content)",
)
def create_case_with_file(request, payload: Form[CaseIn], attachment: File[UploadedFile] = None):
    _require_requester(request)
    data = {**payload.dict(), "programme": payload.programme or ""}
    form = CaseForm(data, form_files(attachment=attachment), user=request.user)
    if not form.is_valid():
        return form_error(form)
    cleaned = form.cleaned_data
    try:
        case = services.open_case(
            by=request.user,
            topic=cleaned["topic"],
            subject=cleaned["subject"],
            body_ko=cleaned["body_ko"],
            body_en=cleaned["body_en"],
            confidentiality=cleaned["confidentiality"],
            programme=cleaned["programme"],
            attachments=form.attachments(),
        )
    except services.Refused as refusal:
        return _refused(refusal)
    return Status(201, _reload(case.pk))


@router.get(
    "/consultations/cases/{case_id}",
    response={200: CaseDetailOut, 404: ErrorOut},
    summary="One case with the entries of its thread you may read, oldest first",
)
def get_case(request, case_id: CaseId):
    case = _visible_case(request, case_id)
    data = _case_out(case)
    entries = (
        Entry.objects.visible_to(request.user)
        .filter(case=case)
        .select_related("author", "author_organization")
        .prefetch_related("attachments")
    )
    data["entries"] = [_entry_out(entry) for entry in entries]
    return data


class MessageIn(Schema):
    body: str = Field(..., min_length=1, max_length=TEXT_MAX_LENGTH)


def _requester_step(request, case_id: int, step):
    case = _visible_case(request, case_id)
    try:
        return step(case)
    except services.NotAllowed:
        raise HttpError(403, gettext("Only the requesting organisation takes this step.")) from None
    except services.Refused as refusal:
        return _refused(refusal)


@router.post(
    "/consultations/cases/{case_id}/messages",
    response={201: EntryOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Write in your organisation's case",
)
def post_message(request, case_id: CaseId, payload: MessageIn):
    def step(case):
        return Status(201, _entry_out(services.post_message(case.pk, by=request.user, body=payload.body)))

    return _requester_step(request, case_id, step)


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=TEXT_MAX_LENGTH)


@router.post(
    "/consultations/cases/{case_id}/reopen",
    response={200: CaseOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Reopen a resolved case within the reopening period",
)
def reopen_case(request, case_id: CaseId, payload: ReasonIn):
    def step(case):
        services.reopen(case.pk, by=request.user, reason=payload.reason)
        return _reload(case.pk)

    return _requester_step(request, case_id, step)


class WithdrawIn(Schema):
    reason: str = Field("", max_length=TEXT_MAX_LENGTH, description="Why, optionally; KDIA reads it.")


@router.post(
    "/consultations/cases/{case_id}/withdraw",
    response={200: CaseOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Withdraw (close) your organisation's case: solved elsewhere or no longer needed",
)
def withdraw_case(request, case_id: CaseId, payload: WithdrawIn):
    def step(case):
        services.withdraw(case.pk, by=request.user, reason=payload.reason)
        return _reload(case.pk)

    return _requester_step(request, case_id, step)


def _desk_case(request, case_id: int) -> Case:
    if not is_desk_staff(request.user):
        raise HttpError(403, gettext("Only KDIA works consultation cases."))
    return _visible_case(request, case_id)


class TriageIn(Schema):
    assignee: int | None = Field(None, ge=1, le=MAX_ID, description="A KDIA user id; null unassigns.")
    priority: Priority | None = None
    topic: Topic | None = None
    themes: list[RecordId] | None = Field(None, description="Theme ids; replaces the case's themes.")
    event: int | None = Field(
        None, ge=1, le=MAX_ID, description="The event the case was raised at; null unlinks."
    )
    status: CaseStatus | None = None
    version: str | None = Field(None, max_length=100, description="The case's version when you read it.")


@router.post(
    "/consultations/cases/{case_id}/triage",
    response={200: CaseOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="KDIA: assign, prioritise, categorise, tag with themes, link to an event (fields left out are kept)",
)
def triage_case(request, case_id: CaseId, payload: TriageIn):
    case = _desk_case(request, case_id)
    given = payload.model_fields_set
    assignee, event, themes = case.assignee, case.event, None
    if "assignee" in given:
        assignee = User.objects.filter(pk=payload.assignee).first() if payload.assignee else None
        if payload.assignee and (assignee is None or not assignee.is_kdia):
            return Status(
                400,
                {
                    "code": "invalid",
                    "message": gettext("Assign the case to a member of KDIA."),
                    "field": "assignee",
                },
            )
    if "event" in given:
        event = (
            Event.objects.visible_to(request.user).filter(pk=payload.event).first() if payload.event else None
        )
        if payload.event and event is None:
            return Status(
                400, {"code": "invalid", "message": gettext("No event with this id."), "field": "event"}
            )
    if "themes" in given and payload.themes is not None:
        themes = list(Theme.objects.filter(pk__in=payload.themes))
        if len(themes) != len(set(payload.themes)):
            return Status(
                400, {"code": "invalid", "message": gettext("No theme with this id."), "field": "themes"}
            )
    try:
        services.triage(
            case.pk,
            by=request.user,
            assignee=assignee,
            priority=payload.priority,
            topic=payload.topic,
            themes=themes,
            event=event,
            status=payload.status,
            version=payload.version,
        )
    except services.Refused as refusal:
        return _refused(refusal)
    return _reload(case.pk)


class DeskEntryIn(Schema):
    kind: EntryKind = EntryKind.ANSWER
    body: str = Field(..., min_length=1, max_length=TEXT_MAX_LENGTH)
    then: CaseStatus | None = Field(None, description="After an answer: waiting (default) or in_progress.")
    event: int | None = Field(None, ge=1, le=MAX_ID, description="For minutes: the meeting.")


@router.post(
    "/consultations/cases/{case_id}/entries",
    response={201: EntryOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="KDIA: answer, keep an internal note or record meeting minutes",
)
def add_entry(request, case_id: CaseId, payload: DeskEntryIn):
    case = _desk_case(request, case_id)
    event = None
    if payload.event:
        event = Event.objects.visible_to(request.user).filter(pk=payload.event).first()
        if event is None:
            return Status(
                400, {"code": "invalid", "message": gettext("No event with this id."), "field": "event"}
            )
    try:
        entry = services.add_desk_entry(
            case.pk, by=request.user, kind=payload.kind, body=payload.body, then=payload.then, event=event
        )
    except services.Refused as refusal:
        return _refused(refusal)
    return Status(201, _entry_out(entry))


class ResolveIn(Schema):
    resolution: str = Field(..., min_length=1, max_length=TEXT_MAX_LENGTH)


@router.post(
    "/consultations/cases/{case_id}/resolve",
    response={200: CaseOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="KDIA: resolve the case with a resolution the requester reads",
)
def resolve_case(request, case_id: CaseId, payload: ResolveIn):
    case = _desk_case(request, case_id)
    try:
        services.resolve(case.pk, by=request.user, resolution=payload.resolution)
    except services.Refused as refusal:
        return _refused(refusal)
    return _reload(case.pk)


# The multipart variants of writing in a case, and the downloads, live in their own module.
from consultations import api_files  # noqa: E402, F401
