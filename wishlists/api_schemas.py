"""The proposal as every wish-list operation answers it, and the queryset it is read from."""

from __future__ import annotations

from ninja import Field, Schema

from wishlists.models import Proposal, approved_korean_company, sees_all_proposals


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


def proposal_out(proposal: Proposal, *, with_drafting: bool) -> dict:
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


def proposals_for(request):
    return (
        Proposal.objects.visible_to(request.user)
        .select_related("round__programme", "company", "offset_field", "contractor")
        .prefetch_related("products")
    )


def sees_reviews(request) -> bool:
    return sees_all_proposals(request.user) or approved_korean_company(request.user) is not None


# --- What KDIA's and DAPA's package steps take ---------------------------------------------------


class MergeIn(Schema):
    into: int = Field(
        ..., ge=1, description="Id of another proposal of the same round (neither a draft nor merged)."
    )
    comment: str = Field(..., max_length=10000, description="What the company reads about the merge.")


class ShareIn(Schema):
    shared: bool = Field(..., description="true: the programme's foreign contractors may see it; false: not.")


class AcknowledgeIn(Schema):
    note: str = Field("", max_length=10000, description="A note to KDIA and the companies (optional).")
