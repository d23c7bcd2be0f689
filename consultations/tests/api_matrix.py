"""The consultation desk's API operations for the permission matrix (tests/test_api_operations.py).

Every case here belongs to the foreign contractor persona and is shared with DAPA, so DAPA can read
it but takes no step; the Korean personas cannot see it at all.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from consultations import testing
from core.testing import ApiOperation

GATED = {"anonymous": "unauthorised", "pending": "forbidden", "kdia_no_2fa": "forbidden"}
# The requesting organisation writes; KDIA and DAPA see the case but take no requester step.
REQUESTER_STEP = {
    **GATED,
    **dict.fromkeys(("korean_admin", "korean_member", "other_korean"), "missing"),
    "kdia": "forbidden",
    "dapa": "forbidden",
}


def shared_case(world) -> dict:
    return {"case_id": testing.shared_case_kwargs(world)["pk"]}


def plan():
    return SimpleUploadedFile("tooling-plan.pdf", testing.PDF_BYTES, content_type="application/pdf")


def attachment(world) -> dict:
    made = testing.attachment_kwargs(world)
    return {"case_id": made["pk"], "attachment_id": made["attachment_pk"]}


def resolved_case(world) -> dict:
    return {"case_id": testing.resolved_case_kwargs(world)["pk"]}


OPERATIONS = [
    ApiOperation(
        "POST",
        "/api/v1/consultations/cases",
        body=lambda w: {"topic": "rules", "subject": "Counting tooling", "body_en": "Does tooling count?"},
        default="created",
        outcomes={**GATED, "kdia": "forbidden", "dapa": "forbidden"},
    ),
    ApiOperation(
        "POST",
        "/api/v1/consultations/cases/{case_id}/messages",
        kwargs=shared_case,
        body=lambda w: {"body": "Here is the drawing list you asked for."},
        default="created",
        outcomes=REQUESTER_STEP,
    ),
    ApiOperation(
        "POST",
        "/api/v1/consultations/cases/{case_id}/reopen",
        kwargs=resolved_case,
        body=lambda w: {"reason": "The answer does not cover spare parts."},
        outcomes=REQUESTER_STEP,
    ),
    ApiOperation(
        "POST",
        "/api/v1/consultations/cases/{case_id}/triage",
        kwargs=shared_case,
        body=lambda w: {"priority": 3},
        default="forbidden",
        outcomes={**GATED, "kdia": "ok"},
    ),
    ApiOperation(
        "POST",
        "/api/v1/consultations/cases/{case_id}/entries",
        kwargs=shared_case,
        body=lambda w: {"kind": "answer", "body": "Tooling bought for the SME counts."},
        default="forbidden",
        outcomes={**GATED, "kdia": "created"},
    ),
    ApiOperation(
        "POST",
        "/api/v1/consultations/cases/{case_id}/resolve",
        kwargs=shared_case,
        body=lambda w: {"resolution": "Answered at the meeting; see the minutes."},
        default="forbidden",
        outcomes={**GATED, "kdia": "ok"},
    ),
    ApiOperation(
        "POST",
        "/api/v1/consultations/cases/upload",
        form=lambda w: {
            "topic": "rules",
            "subject": "Counting tooling",
            "body_en": "Does tooling count? The plan is attached.",
            "attachment": plan(),
        },
        default="created",
        outcomes={**GATED, "kdia": "forbidden", "dapa": "forbidden"},
    ),
    ApiOperation(
        "POST",
        "/api/v1/consultations/cases/{case_id}/messages/upload",
        kwargs=shared_case,
        form=lambda w: {"body": "Here is the drawing list you asked for.", "attachment": plan()},
        default="created",
        outcomes=REQUESTER_STEP,
    ),
    ApiOperation(
        "POST",
        "/api/v1/consultations/cases/{case_id}/entries/upload",
        kwargs=shared_case,
        form=lambda w: {"kind": "answer", "body": "The rule text is attached.", "attachment": plan()},
        default="forbidden",
        outcomes={**GATED, "kdia": "created"},
    ),
    ApiOperation(
        "POST",
        "/api/v1/consultations/cases/{case_id}/withdraw",
        kwargs=shared_case,
        body=lambda w: {"reason": "Solved with the programme office."},
        outcomes=REQUESTER_STEP,
    ),
    # DAPA reads the shared case and its files; the Korean personas cannot see it.
    ApiOperation(
        "GET",
        "/api/v1/consultations/cases/{case_id}/attachments/{attachment_id}",
        kwargs=attachment,
        outcomes={**GATED, **dict.fromkeys(("korean_admin", "korean_member", "other_korean"), "missing")},
    ),
]
