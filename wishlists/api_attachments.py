"""A proposal's attachments over the API: listed and downloaded by whoever may see the proposal
(the company, KDIA and DAPA, a contractor the package was shared with), added and removed by the
company while the proposal is a draft or returned and its round is open, as on the proposal page.

Uploads pass the same content check as the page's attachment field (``api.files.UploadForm``:
a PDF or an image, with the page's size limits). A file leaves storage only once the row's removal
has committed.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext
from ninja import File, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

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
from wishlists.api_proposals import WRITE_ERRORS, _own_proposal, _require_company, router
from wishlists.models import Proposal, ProposalAttachment
from wishlists.views.proposals import closed_message


def _attachment_url(record: ProposalAttachment) -> str:
    return reverse(
        "api-1:download_proposal_attachment",
        kwargs={"proposal_id": record.proposal_id, "attachment_id": record.pk},
    )


def _visible_proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    proposal = Proposal.objects.visible_to(request.user).filter(pk=proposal_id).first()
    if proposal is None:
        raise HttpError(404, gettext("No proposal with this id that you may see."))
    return proposal


def _locked_editable(request: HttpRequest, proposal_id: int) -> Proposal:
    """The caller's own proposal, locked, while it may still change (call inside a transaction):
    404 outside its visibility, 403 for another company's, 409 once submitted or the round closed."""
    _require_company(request)
    proposal = _own_proposal(request, proposal_id)
    # The lock makes a submission or review wait, so no file joins a proposal being sent.
    locked = Proposal.objects.select_for_update().select_related("round").get(pk=proposal.pk)
    if not Proposal.objects.editable_by(request.user).filter(pk=locked.pk).exists():
        raise HttpError(409, gettext("This proposal was submitted or reviewed and can no longer be changed."))
    if not locked.round.is_open:
        raise HttpError(409, closed_message(locked.round))
    return locked


@router.get(
    "/wishlists/proposals/{proposal_id}/attachments",
    response={200: list[AttachmentOut], 404: ErrorOut},
    summary="A proposal's attachments (whoever may see the proposal)",
)
def list_proposal_attachments(request: HttpRequest, proposal_id: int):
    proposal = _visible_proposal(request, proposal_id)
    return [attachment_out(record, _attachment_url(record)) for record in proposal.attachments.all()]


@router.post(
    "/wishlists/proposals/{proposal_id}/attachments",
    response={201: AttachmentOut, **WRITE_ERRORS},
    summary="Attach a PDF or an image to your draft or returned proposal (multipart: file)",
)
def add_proposal_attachment(request: HttpRequest, proposal_id: int, file: File[UploadedFile] = None):
    _require_company(request)
    _own_proposal(request, proposal_id)  # 404/403 before the file is read, so ids reveal nothing
    content, name = checked_upload(file)
    record = ProposalAttachment(original_name=name, uploaded_by=request.user)
    save_attachment(
        record, content, owner_field="proposal", locked_owner=lambda: _locked_editable(request, proposal_id)
    )
    return Status(201, attachment_out(record, _attachment_url(record)))


@router.delete(
    "/wishlists/proposals/{proposal_id}/attachments/{attachment_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove an attachment from your draft or returned proposal",
)
def delete_proposal_attachment(request: HttpRequest, proposal_id: int, attachment_id: int):
    _require_company(request)
    _own_proposal(request, proposal_id)
    with transaction.atomic():
        proposal = _locked_editable(request, proposal_id)
        record = proposal.attachments.filter(pk=attachment_id).first()
        if record is None:
            raise HttpError(404, gettext("No attachment with this id on this proposal."))
        record.delete()
        delete_on_commit(record.file)
    return Status(204, None)


@router.get(
    "/wishlists/proposals/{proposal_id}/attachments/{attachment_id}",
    response={404: ErrorOut},
    openapi_extra={"responses": SERVED_FILE_RESPONSE},
    url_name="download_proposal_attachment",
    summary="Download a proposal's attachment (whoever may see the proposal)",
)
def download_proposal_attachment(request: HttpRequest, proposal_id: int, attachment_id: int):
    proposal = _visible_proposal(request, proposal_id)
    return download_from(
        request,
        proposal.attachments.all(),
        attachment_id,
        missing=gettext("No attachment with this id on this proposal."),
    )
