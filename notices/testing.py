"""Test and demo factories for notices (fictional content)."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from notices.choices import NoticeStatus
from notices.models import Notice, NoticeCategory


def tiny_pdf(text: str = "K-OFFSET") -> bytes:
    """A one-page PDF showing ``text`` (ASCII), built in code with a correct cross-reference table."""
    safe = text.encode("ascii", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 18 Tf 72 720 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def pdf_upload(name: str = "notice.pdf", text: str = "K-OFFSET") -> ContentFile:
    return ContentFile(tiny_pdf(text), name=name)


def category(code: str = "general") -> NoticeCategory:
    return NoticeCategory.objects.get(code=code)


def make_notice(
    *, status=NoticeStatus.PUBLISHED, days_ago: float = 1, category_code="general", **fields
) -> Notice:
    defaults = {
        "title_ko": "2026년 상반기 절충교역 상담회 안내",
        "title_en": "First-half 2026 offset consultation day",
        "body_ko": "상담회 일정과 신청 방법을 안내합니다.",
        "body_en": "Dates and how to register for the consultation day.",
        "category": category(category_code),
        "status": status,
        "published_at": timezone.now() - timedelta(days=days_ago)
        if status == NoticeStatus.PUBLISHED
        else None,
    }
    return Notice.objects.create(**(defaults | fields))


# Permission-matrix helpers: each returns URL kwargs for a record made in the ``world``.
def matrix_notice(world) -> dict:
    notice = make_notice(author=world.users.kdia)
    return {"pk": notice.pk}


def matrix_draft(world) -> dict:
    return {"pk": make_notice(status=NoticeStatus.DRAFT, title_en="Draft notice").pk}


def matrix_attachment(world) -> dict:
    from core.uploads import clean_pdf
    from notices import services

    notice = make_notice()
    record = services.add_attachment(notice, clean_pdf(pdf_upload()), "guide.pdf", None)
    return {"pk": notice.pk, "attachment_pk": record.pk}


def matrix_faq(world) -> dict:
    from notices.models import FaqEntry

    return {"pk": FaqEntry.objects.order_by("pk").first().pk}
