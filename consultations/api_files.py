"""Files in consultation cases over the API: writing with an attachment, as the pages do, and
downloading what the caller may read.

A message (the requester) or an entry (KDIA) carries at most one attachment, sent with its text
in one multipart request and checked by the page's form, so a refused file gets the page's
message (422 naming ``attachment``). A download goes through ``Entry.objects.visible_to``: the
requester never reaches the file of an internal note, not even by guessing its id (404).
"""

from __future__ import annotations

from django.utils.translation import gettext
from ninja import File, Form, P, Status
from ninja.files import UploadedFile

from api.files import SERVED_FILE_RESPONSE, download_from, form_files
from companies.api import ErrorOut
from companies.api_support import form_error
from consultations import services
from consultations.api import (
    MAX_ID,
    CaseId,
    EntryOut,
    _desk_case,
    _entry_out,
    _refused,
    _requester_step,
    router,
)
from consultations.choices import EntryKind
from consultations.choices import Status as CaseStatus
from consultations.forms import DeskEntryForm, MessageForm
from consultations.models import Attachment, Entry, requester_organization

WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.post(
    "/consultations/cases/{case_id}/messages/upload",
    response={201: EntryOut, **WRITE_ERRORS},
    summary="Write in your organisation's case with an attachment (multipart: body, and attachment: "
    "a PDF or an image up to 20 MB, checked by content)",
)
def post_message_with_file(request, case_id: CaseId, body: Form[str], attachment: File[UploadedFile] = None):
    def step(case):
        organization = requester_organization(request.user)
        if organization is None or organization.pk != case.organization_id:
            raise services.NotAllowed(request.user)
        form = MessageForm({"body": body}, form_files(attachment=attachment))
        if not form.is_valid():
            return form_error(form)
        entry = services.post_message(
            case.pk, by=request.user, body=form.cleaned_data["body"], attachments=form.attachments()
        )
        return Status(201, _entry_out(entry))

    return _requester_step(request, case_id, step)


@router.post(
    "/consultations/cases/{case_id}/entries/upload",
    response={201: EntryOut, **WRITE_ERRORS},
    summary="KDIA: answer, keep an internal note or record minutes with an attachment (multipart: kind, "
    "body, then, event, and attachment: a PDF or an image up to 20 MB)",
)
def add_entry_with_file(
    request,
    case_id: CaseId,
    body: Form[str],
    kind: Form[EntryKind] = EntryKind.ANSWER,
    then: Form[CaseStatus | None] = None,
    event: Form[int | None, P(ge=1, le=MAX_ID)] = None,
    attachment: File[UploadedFile] = None,
):
    case = _desk_case(request, case_id)
    data = {
        "kind": kind,
        "body": body,
        "then": then or CaseStatus.WAITING_REQUESTER,
        "event": event or "",
    }
    form = DeskEntryForm(data, form_files(attachment=attachment), user=request.user)
    if not form.is_valid():
        return form_error(form)
    cleaned = form.cleaned_data
    try:
        entry = services.add_desk_entry(
            case.pk,
            by=request.user,
            kind=cleaned["kind"],
            body=cleaned["body"],
            attachments=form.attachments(),
            then=cleaned["then"],
            event=cleaned["event"],
        )
    except services.Refused as refusal:
        return _refused(refusal)
    return Status(201, _entry_out(entry))


@router.get(
    "/consultations/cases/{case_id}/attachments/{attachment_id}",
    response={404: ErrorOut},
    openapi_extra={"responses": SERVED_FILE_RESPONSE},
    summary="Download a file of a case's entry you may read (internal notes' files: KDIA only)",
)
def download_attachment(request, case_id: CaseId, attachment_id: CaseId):
    return download_from(
        request,
        Attachment.objects.filter(entry__in=Entry.objects.visible_to(request.user), entry__case_id=case_id),
        attachment_id,
        missing=gettext("No attachment with this id in a case you may see."),
    )
