"""The outcomes the permission matrix (tests/test_permission_matrix.py) should list for these URLs."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from conftest import PERSONAS, client_for
from inquiries.testing import attachment_kwargs, thread_kwargs

pytestmark = pytest.mark.django_db

SIGNED_OUT = {"anonymous": "login"}
GATED = {"pending": "gate", "kdia_no_2fa": "mfa"}
MEMBERS_ONLY = {**SIGNED_OUT, **GATED}
# Inbox and new threads: contractors and Korean companies; KDIA and DAPA take no part.
PARTICIPANTS = {**MEMBERS_ONLY, "kdia": "forbidden", "dapa": "forbidden"}
# The thread between the contractor persona and the Korean company: their members only, 404 for all others.
THREAD = {**MEMBERS_ONLY, "other_korean": "missing", "kdia": "missing", "dapa": "missing"}

ROWS = [
    ("inquiries:inbox", None, PARTICIPANTS),
    # Without ?company= (contractors) or ?requirement= (Korean companies) there is no one to write to.
    (
        "inquiries:thread_start",
        None,
        {
            **PARTICIPANTS,
            **dict.fromkeys(("korean_admin", "korean_member", "other_korean", "foreign"), "missing"),
        },
    ),
    ("inquiries:thread", thread_kwargs, THREAD),
    ("inquiries:attachment", attachment_kwargs, THREAD),
]

API_SIGNED_IN_ONLY = {"anonymous": "unauthorised", "pending": "forbidden", "kdia_no_2fa": "forbidden"}
API_ROWS = [
    (
        "/api/v1/inquiries/threads",
        lambda w: {},
        {**API_SIGNED_IN_ONLY, "kdia": "forbidden", "dapa": "forbidden"},
    ),
    (
        "/api/v1/inquiries/threads/{thread_id}",
        lambda w: {"thread_id": thread_kwargs(w)["pk"]},
        {**API_SIGNED_IN_ONLY, "other_korean": "missing", "kdia": "missing", "dapa": "missing"},
    ),
]


def classify(response) -> str:
    if response.status_code in (301, 302):
        path = urlsplit(response["Location"]).path
        return {
            reverse("account_login"): "login",
            reverse("accounts:pending"): "gate",
            reverse("mfa_activate_totp"): "mfa",
        }.get(path, "done")
    return {200: "ok", 401: "unauthorised", 403: "forbidden", 404: "missing"}.get(
        response.status_code, str(response.status_code)
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("row", ROWS, ids=lambda row: row[0])
def test_pages_for_persona(world, row, persona):
    name, kwargs, outcomes = row
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    assert classify(client_for(world, persona).get(url)) == outcomes.get(persona, "ok")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda row: row[0])
def test_api_for_persona(world, row, persona):
    path, kwargs, outcomes = row
    response = client_for(world, persona).get(path.format(**kwargs(world)))
    assert classify(response) == outcomes.get(persona, "ok")
