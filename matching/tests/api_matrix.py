"""Requirements and expressions of interest: write operations for every persona."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from companies.tests.api_matrix import GATED, if_match
from core.testing import ApiOperation
from matching.models import EoiAttachment, ExpressionOfInterest, Requirement
from offsets.testing import PDF_BYTES

KOREAN = ("korean_admin", "korean_member", "other_korean")
# Foreign contractors post requirements, and KDIA on their behalf.
POSTERS = {**GATED, **dict.fromkeys((*KOREAN, "dapa"), "forbidden")}
# Korean companies express interest.
COMPANIES = {**GATED, **dict.fromkeys(("foreign", "kdia", "dapa"), "forbidden")}
# The other company's draft EOI: only its own company may touch it.
DRAFT_EOI_OWNER = {**COMPANIES, "korean_admin": "missing", "korean_member": "missing"}
# The requirement's owner (and KDIA) answers; the company that sent it and DAPA may only read it.
ANSWERERS = {
    **GATED,
    **dict.fromkeys(("korean_admin", "korean_member", "dapa"), "forbidden"),
    "other_korean": "missing",
}


def requirement(attribute):
    def kwargs(world):
        return {"requirement_id": getattr(world.matching, attribute).pk}

    kwargs.__name__ = f"requirement_{attribute}"
    return kwargs


def eoi(attribute):
    def kwargs(world):
        return {"eoi_id": getattr(world.matching, attribute).pk}

    kwargs.__name__ = f"eoi_{attribute}"
    return kwargs


# Who reads a sent EOI: its company, the requirement's owner, KDIA and DAPA.
EOI_READERS = {**GATED, "other_korean": "missing"}
# The EOI the Korean company sent: it can no longer change; everyone else is refused as for a draft.
SENT_EOI_OWNER = {
    **COMPANIES,
    "korean_admin": "conflict",
    "korean_member": "conflict",
    "other_korean": "missing",
}


def attached(attribute):
    """An EOI with a fresh attachment (the world's EOIs have none)."""

    def kwargs(world):
        eoi = getattr(world.matching, attribute)
        record = EoiAttachment(eoi=eoi, original_name="capability-statement.pdf")
        record.file.save("capability.pdf", ContentFile(PDF_BYTES), save=False)
        record.save()
        return {"eoi_id": eoi.pk, "attachment_id": record.pk}

    kwargs.__name__ = f"attached_{attribute}"
    return kwargs


def pdf_upload(world):
    return {"file": SimpleUploadedFile("capability-statement.pdf", PDF_BYTES, content_type="application/pdf")}


def fresh_requirement(world):
    """A newly published requirement no company has answered yet."""
    from matching.testing import make_requirement

    return {"requirement_id": make_requirement(world.orgs.foreign, title="Periscope optics").pk}


def new_requirement_body(world):
    return {
        "owner": world.orgs.foreign.pk,  # KDIA names the contractor; a contractor's own is implied
        "title_en": "Gearbox castings",
        "scope_en": "Aluminium gearbox castings for a tracked vehicle.",
        "defence_fields": ["mobility"],
        "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }


OPERATIONS = [
    ApiOperation(
        "POST", "/api/v1/requirements", body=new_requirement_body, default="created", outcomes=POSTERS
    ),
    ApiOperation(
        "PATCH",
        "/api/v1/requirements/{requirement_id}",
        kwargs=requirement("draft"),
        body=lambda w: {"quantity": "12 sets a year"},
        headers=if_match(lambda w: Requirement.objects.get(pk=w.matching.draft.pk)),
        outcomes=POSTERS,
    ),
    ApiOperation(
        "POST", "/api/v1/requirements/{requirement_id}/submit", kwargs=requirement("draft"), outcomes=POSTERS
    ),
    ApiOperation(
        "POST",
        "/api/v1/requirements/{requirement_id}/close",
        kwargs=requirement("published"),
        outcomes=POSTERS,
    ),
    ApiOperation(
        "POST",
        "/api/v1/requirements/{requirement_id}/eois",
        kwargs=fresh_requirement,
        body=lambda w: {"scope": "partial", "message_en": "We cast and grind such optics mounts."},
        default="created",
        outcomes=COMPANIES,
    ),
    ApiOperation(
        "PATCH",
        "/api/v1/eois/{eoi_id}",
        kwargs=eoi("draft_eoi"),
        body=lambda w: {"message_ko": "광학 마운트를 주조합니다."},
        headers=if_match(lambda w: ExpressionOfInterest.objects.get(pk=w.matching.draft_eoi.pk)),
        outcomes=DRAFT_EOI_OWNER,
    ),
    ApiOperation("POST", "/api/v1/eois/{eoi_id}/submit", kwargs=eoi("draft_eoi"), outcomes=DRAFT_EOI_OWNER),
    ApiOperation(
        "POST",
        "/api/v1/eois/{eoi_id}/answer",
        kwargs=eoi("eoi"),
        body=lambda w: {"status": "shortlisted", "reason": "Your housings fit our drawings."},
        headers=if_match(lambda w: ExpressionOfInterest.objects.get(pk=w.matching.eoi.pk)),
        outcomes=ANSWERERS,
    ),
    ApiOperation("GET", "/api/v1/eois/{eoi_id}/attachments", kwargs=eoi("eoi"), outcomes=EOI_READERS),
    ApiOperation(
        "GET",
        "/api/v1/eois/{eoi_id}/attachments/{attachment_id}",
        kwargs=attached("eoi"),
        outcomes=EOI_READERS,
    ),
    ApiOperation(
        "POST",
        "/api/v1/eois/{eoi_id}/attachments",
        kwargs=eoi("draft_eoi"),
        form=pdf_upload,
        default="created",
        outcomes=DRAFT_EOI_OWNER,
    ),
    ApiOperation(
        "POST",
        "/api/v1/eois/{eoi_id}/attachments",
        kwargs=eoi("eoi"),
        form=pdf_upload,
        outcomes=SENT_EOI_OWNER,
        label="sent already",
    ),
    ApiOperation(
        "DELETE",
        "/api/v1/eois/{eoi_id}/attachments/{attachment_id}",
        kwargs=attached("draft_eoi"),
        default="deleted",
        outcomes=DRAFT_EOI_OWNER,
    ),
]
