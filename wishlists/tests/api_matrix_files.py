"""A proposal's attachments over the API, for every persona.

The Korean company's draft proposal carries one attachment in the world; the other company and a
contractor it was not shared with find nothing; KDIA and DAPA read it as on the proposal page.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from companies.tests.api_matrix import GATED
from core.testing import ApiOperation
from offsets.testing import PDF_BYTES

COMPANIES = {**GATED, **dict.fromkeys(("foreign", "kdia", "dapa"), "forbidden")}
OWN_DRAFT = {**COMPANIES, "other_korean": "missing"}
READERS = {**GATED, "other_korean": "missing", "foreign": "missing"}


def draft(world):
    return {"proposal_id": world.wishlists.draft.pk}


def draft_attachment(world):
    return {"proposal_id": world.wishlists.draft.pk, "attachment_id": world.wishlists.attachment.pk}


def pdf_upload(world):
    return {"file": SimpleUploadedFile("tooling-plan.pdf", PDF_BYTES, content_type="application/pdf")}


OPERATIONS = [
    ApiOperation(
        "GET", "/api/v1/wishlists/proposals/{proposal_id}/attachments", kwargs=draft, outcomes=READERS
    ),
    ApiOperation(
        "GET",
        "/api/v1/wishlists/proposals/{proposal_id}/attachments/{attachment_id}",
        kwargs=draft_attachment,
        outcomes=READERS,
    ),
    ApiOperation(
        "POST",
        "/api/v1/wishlists/proposals/{proposal_id}/attachments",
        kwargs=draft,
        form=pdf_upload,
        default="created",
        outcomes=OWN_DRAFT,
    ),
    ApiOperation(
        "DELETE",
        "/api/v1/wishlists/proposals/{proposal_id}/attachments/{attachment_id}",
        kwargs=draft_attachment,
        default="deleted",
        outcomes=OWN_DRAFT,
    ),
    # The accepted proposal can no longer change: its company is refused, the others as before.
    ApiOperation(
        "POST",
        "/api/v1/wishlists/proposals/{proposal_id}/attachments",
        kwargs=lambda w: {"proposal_id": w.wishlists.accepted.pk},
        form=pdf_upload,
        default="conflict",
        outcomes=OWN_DRAFT,
        label="accepted already",
    ),
]
