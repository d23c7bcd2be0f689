"""Wish-lists: drafting, revising and submitting proposals, and KDIA's review, for every persona."""

from companies.tests.api_matrix import GATED, if_match
from core.testing import ApiOperation

# Approved Korean companies draft proposals (the other company's draft profile is enough).
COMPANIES = {**GATED, **dict.fromkeys(("foreign", "kdia", "dapa"), "forbidden")}
# The Korean company's own draft: another company finds nothing there.
OWN_DRAFT = {**COMPANIES, "other_korean": "missing"}
KDIA = {
    **GATED,
    **dict.fromkeys(("korean_admin", "korean_member", "other_korean", "foreign", "dapa"), "forbidden"),
}


def proposal_body(world):
    return {
        "offset_field": 3,
        "offset_type": "direct_defence",
        "title_en": "Gearbox overhaul line",
        "estimated_value": "1800000.00",
        "currency": "USD",
    }


def draft(world):
    return {"proposal_id": world.wishlists.draft.pk}


OPERATIONS = [
    ApiOperation(
        "POST",
        "/api/v1/wishlists/rounds/{round_id}/proposals",
        kwargs=lambda w: {"round_id": w.wishlists.round.pk},
        body=proposal_body,
        outcomes={**COMPANIES, **dict.fromkeys(("korean_admin", "korean_member", "other_korean"), "created")},
    ),
    ApiOperation(
        "PUT",
        "/api/v1/wishlists/proposals/{proposal_id}",
        kwargs=draft,
        body=proposal_body,
        headers=if_match(lambda w: w.wishlists.draft),
        outcomes=OWN_DRAFT,
    ),
    ApiOperation(
        "POST",
        "/api/v1/wishlists/proposals/{proposal_id}/submit",
        kwargs=draft,
        headers=if_match(lambda w: w.wishlists.draft),
        outcomes=OWN_DRAFT,
    ),
    ApiOperation(
        "POST",
        "/api/v1/wishlists/proposals/{proposal_id}/review",
        kwargs=lambda w: {"proposal_id": w.wishlists.others.pk},
        body=lambda w: {"decision": "accepted"},
        headers=if_match(lambda w: w.wishlists.others),
        outcomes=KDIA,
    ),
]

# KDIA's package steps and DAPA's acknowledgement have their own module.
from wishlists.tests.api_matrix_packages import OPERATIONS as PACKAGE_OPERATIONS  # noqa: E402

OPERATIONS += PACKAGE_OPERATIONS

# A proposal's attachments have their own module too.
from wishlists.tests.api_matrix_files import OPERATIONS as FILE_OPERATIONS  # noqa: E402

OPERATIONS += FILE_OPERATIONS
