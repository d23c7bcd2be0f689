"""Offsets: the calculator, filing and revising claims, and DAPA's decision, for every persona."""

from django.core.files.uploadedfile import SimpleUploadedFile

from companies.tests.api_matrix import GATED, if_match
from core.testing import ApiOperation

KOREAN = ("korean_admin", "korean_member", "other_korean")
# The contractor files and revises its own claims; nobody else does.
CONTRACTOR = {**GATED, **dict.fromkeys((*KOREAN, "kdia", "dapa"), "forbidden")}
# DAPA decides claims.
DAPA = {**GATED, **dict.fromkeys((*KOREAN, "foreign", "kdia"), "forbidden")}

CLAIM = {
    "performed_on": "2025-07-15",
    "amount": "125000.00",
    "currency": "USD",
    "description_en": "Second lot",
}


# Claim evidence: the contractor it belongs to, DAPA and KDIA; Korean companies are refused.
EVIDENCE_READERS = {**GATED, **dict.fromkeys(KOREAN, "forbidden")}
# The world's programme document is not public: programme staff and the programme's contractor.
DOCUMENT_READERS = {**GATED, "anonymous": "missing", **dict.fromkeys(KOREAN, "missing")}


def invoice():
    from offsets.testing import PDF_BYTES

    return SimpleUploadedFile("invoice.pdf", PDF_BYTES, content_type="application/pdf")


def evidence(world):
    return {"claim_id": world.offsets.claim.pk, "evidence_id": world.offsets.evidence.pk}


def document(world):
    return {"programme_id": world.offsets.programme.pk, "document_id": world.offsets.document.pk}


def item(world):
    return {"item_id": world.offsets.item.pk}


def claim(world):
    return {"claim_id": world.offsets.claim.pk}


OPERATIONS = [
    ApiOperation(
        "POST",
        "/api/v1/offsets/calculate",
        body=lambda w: {"amount": "12000000", "currency": "USD", "competitive": True, "date": "2026-01-15"},
        outcomes={"pending": "forbidden", "kdia_no_2fa": "forbidden"},
    ),
    ApiOperation(
        "POST",
        "/api/v1/offsets/items/{item_id}/claims",
        kwargs=item,
        body=lambda w: CLAIM,
        outcomes={**CONTRACTOR, "foreign": "created"},
    ),
    ApiOperation(
        "PUT",
        "/api/v1/offsets/claims/{claim_id}",
        kwargs=claim,
        body=lambda w: CLAIM,
        headers=if_match(lambda w: w.offsets.claim),
        outcomes=CONTRACTOR,
    ),
    ApiOperation(
        "POST",
        "/api/v1/offsets/claims/{claim_id}/decision",
        kwargs=claim,
        body=lambda w: {"decision": "approved", "approved_usd": "200000.00"},
        headers=if_match(lambda w: w.offsets.claim),
        outcomes=DAPA,
    ),
    ApiOperation(
        "POST",
        "/api/v1/offsets/items/{item_id}/claims/upload",
        kwargs=item,
        form=lambda w: {**CLAIM, "evidence": invoice()},
        outcomes={**CONTRACTOR, "foreign": "created"},
    ),
    ApiOperation(
        "POST",
        "/api/v1/offsets/claims/{claim_id}/upload",
        kwargs=claim,
        form=lambda w: {**CLAIM, "evidence": invoice()},
        headers=if_match(lambda w: w.offsets.claim),
        outcomes=CONTRACTOR,
    ),
    ApiOperation(
        "GET",
        "/api/v1/offsets/claims/{claim_id}/evidence/{evidence_id}",
        kwargs=evidence,
        outcomes=EVIDENCE_READERS,
    ),
    ApiOperation(
        "GET",
        "/api/v1/programmes/{programme_id}/documents/{document_id}",
        kwargs=document,
        outcomes=DOCUMENT_READERS,
    ),
]
