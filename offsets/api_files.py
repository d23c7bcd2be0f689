"""Files of offsets over the API: claim evidence and programme documents.

Evidence goes with a claim being filed or revised, as on the claim page: one multipart request
with the claim's fields and ``evidence``, checked by the page's ``ClaimForm`` (a refused file is
422 naming ``evidence``), filed in one transaction with the claim. It downloads for whoever sees
the claim (``Claim.objects.visible_to``: the contractor it belongs to, DAPA, KDIA). Programme
documents download with the page's visibility (``ProgrammeDocument.objects.visible_to``: public
ones for everyone, the rest for programme staff and the programme's contractors).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile

from api.files import SERVED_FILE_RESPONSE, download_from, form_files
from companies.api import ErrorOut
from offsets.api_obligations import (
    WRITE_ERRORS,
    ClaimDetailOut,
    ClaimIn,
    file_new,
    require_obligation_viewer,
    revise,
)
from offsets.models import Claim, ClaimEvidence, ProgrammeDocument

router = Router(tags=["offsets"])

EVIDENCE_HELP = "evidence: a PDF or an image (contracts, invoices, acceptance records) up to 20 MB"


class ProgrammeDocumentOut(Schema):
    id: int
    title_ko: str
    title_en: str
    name: str = Field(..., description="The name the file was uploaded under.")
    public: bool = Field(..., description="Public documents are shown to everyone.")
    url: str = Field(..., description="Download address under /api/v1, with the same visibility.")


def visible_documents(request: HttpRequest) -> Prefetch:
    """Prefetches each programme's documents ``request.user`` may see into ``visible_documents``."""
    documents = ProgrammeDocument.objects.visible_to(request.user).order_by("uploaded_at", "pk")
    return Prefetch("documents", queryset=documents, to_attr="visible_documents")


def documents_out(programme) -> list[dict]:
    return [
        {
            "id": document.pk,
            "title_ko": document.title_ko,
            "title_en": document.title_en,
            "name": document.original_name,
            "public": document.public,
            "url": f"/api/v1/programmes/{programme.pk}/documents/{document.pk}",
        }
        for document in getattr(programme, "visible_documents", [])
    ]


@router.get(
    "/programmes/{programme_id}/documents/{document_id}",
    auth=None,
    response={404: ErrorOut},
    openapi_extra={"responses": SERVED_FILE_RESPONSE},
    summary="Download a programme document (public ones for everyone; the rest for DAPA, KDIA and "
    "the programme's contractors)",
)
def download_document(request: HttpRequest, programme_id: int, document_id: int):
    documents = ProgrammeDocument.objects.visible_to(request.user).filter(programme_id=programme_id)
    return download_from(
        request, documents, document_id, missing=gettext("No document with this id that you may see.")
    )


@router.get(
    "/offsets/claims/{claim_id}/evidence/{evidence_id}",
    response={403: ErrorOut, 404: ErrorOut},
    openapi_extra={"responses": SERVED_FILE_RESPONSE},
    summary="Download a claim's evidence file (the contractor it belongs to, DAPA, KDIA)",
)
def download_evidence(request: HttpRequest, claim_id: int, evidence_id: int):
    require_obligation_viewer(request)
    evidence = ClaimEvidence.objects.filter(
        claim__in=Claim.objects.visible_to(request.user), claim_id=claim_id
    )
    return download_from(
        request, evidence, evidence_id, missing=gettext("No evidence file with this id that you may see.")
    )


@router.post(
    "/offsets/items/{item_id}/claims/upload",
    response={201: ClaimDetailOut, **WRITE_ERRORS},
    summary=f"File a claim with evidence (multipart: the claim's fields, and {EVIDENCE_HELP})",
)
def file_claim_with_evidence(
    request: HttpRequest,
    response: HttpResponse,
    item_id: int,
    payload: Form[ClaimIn],
    evidence: File[UploadedFile] = None,
):
    return file_new(request, response, item_id, payload, form_files(evidence=evidence))


@router.post(
    "/offsets/claims/{claim_id}/upload",
    response={200: ClaimDetailOut, **WRITE_ERRORS, 428: ErrorOut},
    summary=f"Revise and resubmit your claim with evidence (If-Match required; multipart: the "
    f"claim's fields, and {EVIDENCE_HELP})",
)
def revise_claim_with_evidence(
    request: HttpRequest,
    response: HttpResponse,
    claim_id: int,
    payload: Form[ClaimIn],
    evidence: File[UploadedFile] = None,
):
    return revise(request, response, claim_id, payload, form_files(evidence=evidence))
