"""Offsets: the calculator, filing and revising claims, and DAPA's decision, for every persona."""

from companies.tests.api_matrix import GATED, if_match
from core.testing import ApiOperation

KOREAN = ("korean_admin", "korean_member", "other_korean")
# The contractor files and revises its own claims; nobody else does.
CONTRACTOR = {**GATED, **dict.fromkeys((*KOREAN, "kdia", "dapa"), "forbidden")}
# DAPA decides claims.
DAPA = {**GATED, **dict.fromkeys((*KOREAN, "foreign", "kdia"), "forbidden")}

CLAIM = {
    "performed_on": "2025-07-15",
    "amount": "125000.00",
    "currency": "USD",
    "description_en": "Second lot",
}


def item(world):
    return {"item_id": world.offsets.item.pk}


def claim(world):
    return {"claim_id": world.offsets.claim.pk}


OPERATIONS = [
    ApiOperation(
        "POST",
        "/api/v1/offsets/calculate",
        body=lambda w: {"amount": "12000000", "currency": "USD", "competitive": True, "date": "2026-01-15"},
        outcomes={"pending": "forbidden", "kdia_no_2fa": "forbidden"},
    ),
    ApiOperation(
        "POST",
        "/api/v1/offsets/items/{item_id}/claims",
        kwargs=item,
        body=lambda w: CLAIM,
        outcomes={**CONTRACTOR, "foreign": "created"},
    ),
    ApiOperation(
        "PUT",
        "/api/v1/offsets/claims/{claim_id}",
        kwargs=claim,
        body=lambda w: CLAIM,
        headers=if_match(lambda w: w.offsets.claim),
        outcomes=CONTRACTOR,
    ),
    ApiOperation(
        "POST",
        "/api/v1/offsets/claims/{claim_id}/decision",
        kwargs=claim,
        body=lambda w: {"decision": "approved", "approved_usd": "200000.00"},
        headers=if_match(lambda w: w.offsets.claim),
        outcomes=DAPA,
    ),
]
