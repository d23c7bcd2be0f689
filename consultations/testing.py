"""Test factories for consultation cases (fictional content), used by the app's tests and the
permission matrix (which builds them from the shared ``world`` on demand)."""

from __future__ import annotations

from django.core.files.base import ContentFile

from consultations import services
from consultations.choices import Confidentiality, Topic
from consultations.models import Case

# A minimal PDF that passes core.uploads.clean_pdf.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_case(
    by,
    *,
    subject: str = "Which cooperation counts for the SME multiplier?",
    body_en: str = "We plan a machining line with a Korean SME; does the tooling cost earn the multiplier?",
    body_ko: str = "",
    topic: str = Topic.RULES,
    confidentiality: str = Confidentiality.KDIA,
    programme=None,
    attachment: bool = False,
) -> Case:
    """A case opened by ``by`` for their organisation (with a one-page PDF when ``attachment``)."""
    attachments = [(ContentFile(PDF_BYTES, name="a.pdf"), "tooling-plan.pdf")] if attachment else []
    return services.open_case(
        by=by,
        topic=topic,
        subject=subject,
        body_ko=body_ko,
        body_en=body_en,
        confidentiality=confidentiality,
        programme=programme,
        attachments=attachments,
    )


def resolved_case(by, kdia, **fields) -> Case:
    case = make_case(by, **fields)
    return services.resolve(case.pk, by=kdia, resolution="Tooling bought for the SME counts; see rule 3.2.")


# URL kwargs for the permission matrix: each case belongs to the foreign contractor persona.


def shared_case_kwargs(world) -> dict:
    """A case the contractor shared with DAPA."""
    case = make_case(world.users.foreign, confidentiality=Confidentiality.KDIA_DAPA)
    return {"pk": case.pk}


def private_case_kwargs(world) -> dict:
    """A case for KDIA's eyes only."""
    return {"pk": make_case(world.users.foreign).pk}


def resolved_case_kwargs(world) -> dict:
    """A resolved case the contractor may still reopen, shared with DAPA."""
    case = resolved_case(world.users.foreign, world.users.kdia, confidentiality=Confidentiality.KDIA_DAPA)
    return {"pk": case.pk}


def attachment_kwargs(world) -> dict:
    """A PDF attached to a shared case's description."""
    case = make_case(world.users.foreign, confidentiality=Confidentiality.KDIA_DAPA, attachment=True)
    record = case.entries.get().attachments.get()
    return {"pk": case.pk, "attachment_pk": record.pk}
