"""Wish-list proposals over the API, through the same permission path as the pages.

A company sees only its own proposals; KDIA and DAPA see all; a foreign contractor sees only
the proposals of a package KDIA shared with it. Anything else is 404, never 403, so ids
reveal nothing.
"""

from __future__ import annotations

from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from companies.api import ErrorOut, PageQuery
from wishlists.choices import ProposalStatus
from wishlists.models import Proposal, approved_korean_company, sees_all_proposals

router = Router(tags=["wish-lists"])


class ProposalQuery(PageQuery):
    status: ProposalStatus | None = Field(
        None, description="draft, submitted, returned, accepted, rejected or merged."
    )
    round: int | None = Field(None, ge=1, description="Wish-list round id.")


class ProposalOut(Schema):
    id: int
    number: str
    round: int
    programme: str = Field(..., description="DAPA reference of the programme.")
    company_brn: str
    company_name_ko: str
    company_name_en: str
    offset_field: int
    offset_type: str
    contractor: str | None
    title_ko: str
    title_en: str
    description_ko: str
    description_en: str
    benefit_ko: str
    benefit_en: str
    products: list[int]
    estimated_value: str
    currency: str
    status: str
    reason_code: str | None = Field(None, description="Why KDIA returned, rejected or merged it.")
    review_comment: str
    submitted_at: str | None
    updated_at: str


class ProposalPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ProposalOut]


def _out(proposal: Proposal, *, with_drafting: bool) -> dict:
    return {
        "id": proposal.pk,
        "number": proposal.number,
        "round": proposal.round_id,
        "programme": proposal.round.programme.dapa_reference,
        "company_brn": proposal.company.brn_display,
        "company_name_ko": proposal.company.name_ko,
        "company_name_en": proposal.company.name_en,
        "offset_field": proposal.offset_field.number,
        "offset_type": proposal.offset_type,
        "contractor": str(proposal.contractor) if proposal.contractor else None,
        "title_ko": proposal.title_ko,
        "title_en": proposal.title_en,
        "description_ko": proposal.description_ko,
        "description_en": proposal.description_en,
        "benefit_ko": proposal.benefit_ko,
        "benefit_en": proposal.benefit_en,
        "products": [product.pk for product in proposal.products.all()],
        "estimated_value": str(proposal.estimated_value),
        "currency": proposal.currency,
        "status": proposal.status,
        # KDIA's reasoning is for the company and the staff, not for a contractor reading a shared package.
        "reason_code": (proposal.reason_code or None) if with_drafting else None,
        "review_comment": proposal.review_comment if with_drafting else "",
        "submitted_at": proposal.submitted_at.isoformat() if proposal.submitted_at else None,
        "updated_at": proposal.updated_at.isoformat(),
    }


def _queryset(request):
    return (
        Proposal.objects.visible_to(request.user)
        .select_related("round__programme", "company", "offset_field", "contractor")
        .prefetch_related("products")
    )


def _sees_reviews(request) -> bool:
    return sees_all_proposals(request.user) or approved_korean_company(request.user) is not None


@router.get("/wishlists/proposals", response={200: ProposalPage}, summary="Wish-list proposals you may see")
def list_proposals(request, query: Query[ProposalQuery]):
    proposals = _queryset(request)
    if query.status:
        proposals = proposals.filter(status=query.status)
    if query.round:
        proposals = proposals.filter(round_id=query.round)
    proposals = proposals.order_by("-updated_at", "-pk")
    count = proposals.count()
    page = proposals[query.offset : query.offset + query.limit]
    reviews = _sees_reviews(request)
    return {
        "count": count,
        "limit": query.limit,
        "offset": query.offset,
        "items": [_out(p, with_drafting=reviews) for p in page],
    }


@router.get(
    "/wishlists/proposals/{proposal_id}",
    response={200: ProposalOut, 404: ErrorOut},
    summary="One wish-list proposal",
)
def get_proposal(request, proposal_id: int):
    proposal = _queryset(request).filter(pk=proposal_id).first()
    if proposal is None:
        raise HttpError(404, gettext("No proposal with this id that you may see."))
    return _out(proposal, with_drafting=_sees_reviews(request))
