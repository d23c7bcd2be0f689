"""Wish-list packages: KDIA's merging, compiling, submitting and sharing, and DAPA's acknowledgement.

In the world the round's revision 1 is submitted (not shared, not acknowledged); the other
company's proposal waits for KDIA's review and may be merged into the accepted one.
"""

from companies.tests.api_matrix import GATED, if_match
from core.testing import ApiOperation
from wishlists.testing import draft_revision

NOT_STAFF = ("korean_admin", "korean_member", "other_korean", "foreign")
KDIA = {**GATED, **dict.fromkeys((*NOT_STAFF, "dapa"), "forbidden")}
DAPA = {**GATED, **dict.fromkeys((*NOT_STAFF, "kdia"), "forbidden")}
# The submitted revision: KDIA and DAPA see it; it is shared with no contractor.
SUBMITTED_READERS = {**GATED, **dict.fromkeys(NOT_STAFF, "missing")}


def submitted(world):
    return {"package_id": world.wishlists.package.pk}


def draft(world):
    return {"package_id": draft_revision(world).pk}


OPERATIONS = [
    ApiOperation(
        "POST",
        "/api/v1/wishlists/proposals/{proposal_id}/merge",
        kwargs=lambda w: {"proposal_id": w.wishlists.others.pk},
        body=lambda w: {"into": w.wishlists.accepted.pk, "comment": "Same sonar dome line."},
        headers=if_match(lambda w: w.wishlists.others),
        outcomes=KDIA,
    ),
    ApiOperation(
        "POST",
        "/api/v1/wishlists/rounds/{round_id}/compile",
        kwargs=lambda w: {"round_id": w.wishlists.round.pk},
        outcomes=KDIA,
    ),
    ApiOperation(
        "POST",
        "/api/v1/wishlists/packages/{package_id}/submit",
        kwargs=draft,
        headers=if_match(draft_revision),
        outcomes=KDIA,
    ),
    ApiOperation(
        "POST",
        "/api/v1/wishlists/packages/{package_id}/submit",
        kwargs=submitted,
        headers=if_match(lambda w: w.wishlists.package),
        label="already submitted",
        outcomes=KDIA,
        default="conflict",
    ),
    ApiOperation(
        "POST",
        "/api/v1/wishlists/packages/{package_id}/share",
        kwargs=submitted,
        body=lambda w: {"shared": True},
        outcomes=KDIA,
    ),
    ApiOperation(
        "POST",
        "/api/v1/wishlists/packages/{package_id}/acknowledge",
        kwargs=submitted,
        body=lambda w: {"note": "Received for the offset committee."},
        outcomes=DAPA,
    ),
    ApiOperation(
        "GET",
        "/api/v1/wishlists/packages/{package_id}/export.xlsx",
        kwargs=submitted,
        outcomes=SUBMITTED_READERS,
    ),
]
