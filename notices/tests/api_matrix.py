"""Notices: downloading an attachment over the API, for every persona."""

from companies.tests.api_matrix import GATED_PUBLIC
from core.testing import ApiOperation


def attachment(world, **notice_fields) -> dict:
    from core.uploads import clean_pdf
    from notices import services
    from notices.testing import make_notice, pdf_upload

    notice = make_notice(**notice_fields)
    record = services.add_attachment(notice, clean_pdf(pdf_upload()), "guide.pdf", None)
    return {"notice_id": notice.pk, "attachment_id": record.pk}


def draft_attachment(world) -> dict:
    from notices.choices import NoticeStatus

    return attachment(world, status=NoticeStatus.DRAFT, title_en="Draft notice")


PATH = "/api/v1/notices/{notice_id}/attachments/{attachment_id}"

OPERATIONS = [
    # A published notice's file is public, as on the board.
    ApiOperation("GET", PATH, kwargs=attachment, outcomes=GATED_PUBLIC, label="published"),
    # A draft's file is KDIA's until it is published; to anyone else the notice does not exist.
    ApiOperation(
        "GET",
        PATH,
        kwargs=draft_attachment,
        default="missing",
        outcomes={**GATED_PUBLIC, "kdia": "ok"},
        label="draft",
    ),
]
