"""Test factories for message threads (fictional content)."""

from __future__ import annotations

from django.core.files.base import ContentFile

from inquiries import services
from inquiries.models import Thread

# A minimal PDF that passes core.uploads.clean_pdf.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_thread(
    contractor,
    company,
    *,
    by,
    subject: str = "Forging capacity for rotor hubs",
    body: str = "Could you forge 40 titanium rotor hubs a year from 2027?",
    requirement=None,
    attachment: bool = False,
) -> Thread:
    """A thread with its first message from ``by`` (and a one-page PDF when ``attachment``)."""
    attachments = [(ContentFile(PDF_BYTES, name="a.pdf"), "drawing.pdf")] if attachment else []
    return services.start_thread(
        contractor=contractor,
        company=company,
        subject=subject,
        body=body,
        by=by,
        requirement=requirement,
        attachments=attachments,
    )


def thread_kwargs(world) -> dict:
    """URL kwargs of a thread between the contractor persona and the Korean company's profile."""
    thread = make_thread(world.orgs.foreign, world.directory.published, by=world.users.foreign)
    return {"pk": thread.pk}


def attachment_kwargs(world) -> dict:
    """URL kwargs of a PDF attached to the first message of such a thread."""
    thread = make_thread(
        world.orgs.foreign, world.directory.published, by=world.users.foreign, attachment=True
    )
    record = thread.messages.get().attachments.get()
    return {"pk": thread.pk, "attachment_pk": record.pk}
