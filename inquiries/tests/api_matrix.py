"""Message threads: write operations for every persona."""

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
]
