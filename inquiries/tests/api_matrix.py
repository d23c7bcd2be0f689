"""Message threads: write operations for every persona."""

from django.core.files.uploadedfile import SimpleUploadedFile

from companies.tests.api_matrix import GATED
from core.testing import ApiOperation

# KDIA and DAPA take no part in these conversations; the other Korean company is no party.
PARTIES = {**GATED, "kdia": "forbidden", "dapa": "forbidden", "other_korean": "missing"}


def thread(world):
    from inquiries.testing import make_thread

    made = make_thread(world.orgs.foreign, world.directory.published, by=world.users.foreign)
    return {"thread_id": made.pk}


def about_requirement(world):
    """The contractor writes to the Korean company about its published requirement; the Korean
    company writes to the contractor about it (the other company names a profile not its own)."""
    return {
        "company": world.directory.published.brn,
        "requirement": world.matching.published.pk,
        "subject": "Sonar housing tolerances",
        "body": "Which flatness tolerance do the mounting faces need?",
    }


# Who downloads a thread's attachment: its two sides; anyone else finds no such thread.
OWN_THREAD = {**GATED, "other_korean": "missing", "kdia": "missing", "dapa": "missing"}


def drawing():
    from inquiries.testing import PDF_BYTES

    return SimpleUploadedFile("drawing.pdf", PDF_BYTES, content_type="application/pdf")


def attachment(world):
    from inquiries.testing import attachment_kwargs

    made = attachment_kwargs(world)
    return {"thread_id": made["pk"], "attachment_id": made["attachment_pk"]}


OPERATIONS = [
    ApiOperation(
        "POST", "/api/v1/inquiries/threads", body=about_requirement, default="created", outcomes=PARTIES
    ),
    ApiOperation(
        "POST",
        "/api/v1/inquiries/threads/{thread_id}/messages",
        kwargs=thread,
        body=lambda w: {"body": "We can hold 0.02 mm over the face."},
        default="created",
        outcomes=PARTIES,
    ),
    ApiOperation("POST", "/api/v1/inquiries/threads/{thread_id}/read", kwargs=thread, outcomes=PARTIES),
    ApiOperation(
        "POST",
        "/api/v1/inquiries/threads/upload",
        form=lambda w: {**about_requirement(w), "attachment": drawing()},
        default="created",
        outcomes=PARTIES,
    ),
    ApiOperation(
        "POST",
        "/api/v1/inquiries/threads/{thread_id}/messages/upload",
        kwargs=thread,
        form=lambda w: {"body": "The flatness report is attached.", "attachment": drawing()},
        default="created",
        outcomes=PARTIES,
    ),
    ApiOperation(
        "GET",
        "/api/v1/inquiries/threads/{thread_id}/attachments/{attachment_id}",
        kwargs=attachment,
        outcomes=OWN_THREAD,
    ),
]
