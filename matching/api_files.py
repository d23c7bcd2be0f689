"""An expression of interest's attachments over the API: listed and downloaded by whoever may see
the EOI (the company; once sent, the requirement's owner, KDIA and DAPA), added and removed by the
company while the EOI is a draft and the requirement still open, as on the EOI page.

Uploads pass the same content check as the page's attachment field (``api.files.UploadForm``).
A file leaves storage only once the row's removal has committed.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext
from ninja import File, Status
from ninja.files import UploadedFile

from api.errors import ApiError
from api.files import (
    SERVED_FILE_RESPONSE,
    AttachmentOut,
    attachment_out,
    checked_upload,
    delete_on_commit,
    download_from,
    save_attachment,
)
from companies.api import ErrorOut
from companies.api_support import not_found
from matching.api import router
from matching.api_workflow import ERRORS, _own_eoi
from matching.choices import EDITABLE_EOI_STATUSES
from matching.models import EoiAttachment, ExpressionOfInterest


def _attachment_url(record: EoiAttachment) -> str:
    return reverse(
        "api-1:download_eoi_attachment", kwargs={"eoi_id": record.eoi_id, "attachment_id": record.pk}
    )


def _visible_eoi(request, eoi_id: int) -> ExpressionOfInterest:
    eoi = ExpressionOfInterest.objects.visible_to(request.user).filter(pk=eoi_id).first()
    if eoi is None:
        raise not_found(gettext("No expression of interest with this id that you may see."))
    return eoi


def _locked_draft(request, eoi_id: int) -> ExpressionOfInterest:
    """The caller's company's EOI, locked, while it may still change (call inside a transaction):
    409 once sent or when the requirement no longer accepts expressions of interest."""
    eoi = _own_eoi(request, eoi_id, lock=True)
    if eoi.status not in EDITABLE_EOI_STATUSES:
        raise ApiError(
            409,
            "conflict",
            gettext("This expression of interest was already sent and can no longer be changed."),
            "status",
        )
    if not eoi.requirement.is_open:
        raise ApiError(
            409, "conflict", gettext("This requirement no longer accepts expressions of interest.")
        )
    return eoi


@router.get(
    "/eois/{eoi_id}/attachments",
    response={200: list[AttachmentOut], 404: ErrorOut},
    summary="An expression of interest's attachments (whoever may see it)",
)
def list_eoi_attachments(request, eoi_id: int):
    eoi = _visible_eoi(request, eoi_id)
    return [attachment_out(record, _attachment_url(record)) for record in eoi.attachments.all()]


@router.post(
    "/eois/{eoi_id}/attachments",
    response={201: AttachmentOut, **ERRORS},
    summary="Attach a PDF or an image to your draft expression of interest (multipart: file)",
)
def add_eoi_attachment(request, eoi_id: int, file: File[UploadedFile] = None):
    _own_eoi(request, eoi_id)  # 403/404 before the file is read, so ids reveal nothing
    content, name = checked_upload(file)
    record = EoiAttachment(original_name=name, uploaded_by=request.user)
    save_attachment(record, content, owner_field="eoi", locked_owner=lambda: _locked_draft(request, eoi_id))
    return Status(201, attachment_out(record, _attachment_url(record)))


@router.delete(
    "/eois/{eoi_id}/attachments/{attachment_id}",
    response={204: None, **ERRORS},
    summary="Remove an attachment from your draft expression of interest",
)
def delete_eoi_attachment(request, eoi_id: int, attachment_id: int):
    _own_eoi(request, eoi_id)
    with transaction.atomic():
        eoi = _locked_draft(request, eoi_id)
        record = eoi.attachments.filter(pk=attachment_id).first()
        if record is None:
            raise not_found(gettext("No attachment with this id on this expression of interest."))
        record.delete()
        delete_on_commit(record.file)
    return Status(204, None)


@router.get(
    "/eois/{eoi_id}/attachments/{attachment_id}",
    response={404: ErrorOut},
    openapi_extra={"responses": SERVED_FILE_RESPONSE},
    url_name="download_eoi_attachment",
    summary="Download an expression of interest's attachment (whoever may see it)",
)
def download_eoi_attachment(request, eoi_id: int, attachment_id: int):
    eoi = _visible_eoi(request, eoi_id)
    return download_from(
        request,
        eoi.attachments.all(),
        attachment_id,
        missing=gettext("No attachment with this id on this expression of interest."),
    )
