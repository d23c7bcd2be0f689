"""Rounds and proposals over the API: the rounds open to a Korean company, the proposals the caller
may see, drafting, revising and submitting one; and KDIA's review. The same forms and services as the pages
(``ProposalForm`` with ``services.save_draft`` / ``submit``, ``ReviewForm`` with ``services.review``).

Rounds are for KDIA, DAPA and approved Korean companies. A company sees only its own proposals;
KDIA and DAPA see all; a foreign contractor only those of a package KDIA shared with it. A
proposal outside the caller's ``visible_to`` is a 404; a caller of another role gets 403.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from api.concurrency import require_if_match, set_etag
from companies.api import ErrorOut, PageQuery
from companies.models import OffsetField
from core.forms import version_of
from offsets.api_common import page, refuse_form
from wishlists import services
from wishlists.api_schemas import ProposalOut, proposal_out, proposals_for, sees_reviews
from wishlists.choices import REVIEWABLE_STATUSES, ProposalStatus
from wishlists.forms import ProposalForm, ReviewForm
from wishlists.models import Proposal, Round, approved_korean_company, is_wishlist_staff
from wishlists.views.proposals import closed_message

router = Router(tags=["wish-lists"])

WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 412: ErrorOut, 422: ErrorOut}


# --- Rounds -------------------------------------------------------------------------------------


class RoundOut(Schema):
    id: int
    programme_id: int
    programme: str = Field(..., description="DAPA reference of the programme.")
    programme_name_ko: str
    programme_name_en: str
    deadline: datetime = Field(..., description="Proposals are accepted until this moment.")
    open: bool
    notes_ko: str
    notes_en: str
    eligible_fields: list[str] = Field(..., description="Defence field codes; empty invites every field.")
    eligible_sizes: list[str] = Field(..., description="Size classes; empty invites every size.")
    can_propose: bool = Field(..., description="True when your company may propose in this round now.")


class RoundPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[RoundOut]


class RoundQuery(PageQuery):
    open: bool | None = Field(None, description="true: rounds still open; false: closed rounds.")


def _require_round_viewer(request: HttpRequest) -> None:
    user = request.user
    if not (user.is_kdia or user.is_dapa or user.is_superuser or approved_korean_company(user) is not None):
        raise HttpError(403, gettext("Wish-list rounds are for Korean companies, KDIA and DAPA."))


def _round_out(round_: Round, company) -> dict:
    programme = round_.programme
    return {
        "id": round_.pk,
        "programme_id": programme.pk,
        "programme": programme.dapa_reference,
        "programme_name_ko": programme.name_ko,
        "programme_name_en": programme.name_en,
        "deadline": round_.deadline,
        "open": round_.is_open,
        "notes_ko": round_.notes_ko,
        "notes_en": round_.notes_en,
        "eligible_fields": [field.code for field in round_.eligible_fields.all()],
        "eligible_sizes": list(round_.eligible_sizes),
        "can_propose": company is not None and round_.is_open and round_.admits(company),
    }


def _rounds(request: HttpRequest):
    return (
        Round.objects.visible_to(request.user).select_related("programme").prefetch_related("eligible_fields")
    )


@router.get(
    "/wishlists/rounds",
    response={200: RoundPage, 403: ErrorOut, 422: ErrorOut},
    summary="Wish-list rounds (open and closed), latest deadline first",
)
def list_rounds(request: HttpRequest, query: Query[RoundQuery]):
    _require_round_viewer(request)
    rounds = _rounds(request)
    if query.open is True:
        rounds = rounds.open_at()
    elif query.open is False:
        rounds = rounds.exclude(pk__in=Round.objects.open_at().values("pk"))
    company = approved_korean_company(request.user)
    return page(rounds, query, lambda round_: _round_out(round_, company))


@router.get(
    "/wishlists/rounds/{round_id}",
    response={200: RoundOut, 403: ErrorOut, 404: ErrorOut},
    summary="One wish-list round",
)
def get_round(request: HttpRequest, response: HttpResponse, round_id: int):
    _require_round_viewer(request)
    round_ = _rounds(request).filter(pk=round_id).first()
    if round_ is None:
        raise HttpError(404, gettext("No round with this id."))
    set_etag(response, round_)
    return _round_out(round_, approved_korean_company(request.user))


# --- Proposals ----------------------------------------------------------------------------------


class ProposalQuery(PageQuery):
    status: ProposalStatus | None = Field(
        None, description="draft, submitted, returned, accepted, rejected or merged."
    )
    round: int | None = Field(None, ge=1, description="Wish-list round id.")


class ProposalPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ProposalOut]


@router.get("/wishlists/proposals", response={200: ProposalPage}, summary="Wish-list proposals you may see")
def list_proposals(request, query: Query[ProposalQuery]):
    proposals = proposals_for(request)
    if query.status:
        proposals = proposals.filter(status=query.status)
    if query.round:
        proposals = proposals.filter(round_id=query.round)
    proposals = proposals.order_by("-updated_at", "-pk")
    count = proposals.count()
    page = proposals[query.offset : query.offset + query.limit]
    reviews = sees_reviews(request)
    return {
        "count": count,
        "limit": query.limit,
        "offset": query.offset,
        "items": [proposal_out(p, with_drafting=reviews) for p in page],
    }


@router.get(
    "/wishlists/proposals/{proposal_id}",
    response={200: ProposalOut, 404: ErrorOut},
    summary="One wish-list proposal",
)
def get_proposal(request, response: HttpResponse, proposal_id: int):
    proposal = proposals_for(request).filter(pk=proposal_id).first()
    if proposal is None:
        raise HttpError(404, gettext("No proposal with this id that you may see."))
    set_etag(response, proposal)
    return proposal_out(proposal, with_drafting=sees_reviews(request))


# --- Drafting -----------------------------------------------------------------------------------


class ProposalIn(Schema):
    offset_field: int = Field(..., ge=1, le=7, description="Offset field number (1-7).")
    offset_type: str = Field(
        ..., description="direct_defence, direct_commercial, indirect_defence or indirect_commercial."
    )
    contractor: int | None = Field(
        None, description="Organisation id of one of the programme's foreign contractors; null if not chosen."
    )
    title_ko: str = Field("", max_length=200, description="Technology, item or work package wanted (Korean).")
    title_en: str = Field(
        "", max_length=200, description="The same in English; give at least one of the two."
    )
    description_ko: str = Field("", max_length=10000)
    description_en: str = Field("", max_length=10000)
    benefit_ko: str = Field("", max_length=10000, description="Expected benefit (Korean).")
    benefit_en: str = Field("", max_length=10000, description="Expected benefit (English).")
    estimated_value: str = Field(..., description="Decimal string, at most 2 decimals.", examples=["2500000"])
    currency: str = Field("USD", max_length=3, description="ISO 4217 code of the estimated value.")
    products: list[int] = Field(
        default_factory=list, description="Ids of your own directory products involved."
    )


def _require_company(request: HttpRequest):
    company = approved_korean_company(request.user)
    if company is None:
        raise HttpError(403, gettext("Only members of an approved Korean company draft proposals."))
    return company


def _proposal_form(payload: ProposalIn, proposal: Proposal, company, round_) -> ProposalForm:
    data = payload.dict()
    offset_field = OffsetField.objects.filter(number=data.pop("offset_field")).first()
    data["offset_field"] = offset_field.pk if offset_field else ""
    data["contractor"] = data["contractor"] or ""
    return ProposalForm(data, instance=proposal, company=company, round_=round_)


def _save(request: HttpRequest, form: ProposalForm) -> Proposal:
    """``services.save_draft`` as the proposal page calls it (without the attachment)."""
    if not form.is_valid():
        refuse_form(form)
    try:
        with transaction.atomic():
            return services.save_draft(form.instance, products=form.cleaned_data["products"], by=request.user)
    except services.RoundClosed as closed:
        raise HttpError(409, closed_message(closed.round)) from None
    except services.NotEligible:
        raise HttpError(
            403, gettext("Your company's profile does not match this round's eligibility.")
        ) from None
    except services.StaleState:
        raise HttpError(
            409, gettext("This proposal was submitted or reviewed meanwhile and can no longer be changed.")
        ) from None


def _answer(request: HttpRequest, response: HttpResponse, proposal_id: int) -> dict:
    proposal = proposals_for(request).get(pk=proposal_id)
    set_etag(response, proposal)
    return proposal_out(proposal, with_drafting=sees_reviews(request))


def _own_proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    proposal = Proposal.objects.visible_to(request.user).select_related("round__programme", "company")
    proposal = proposal.filter(pk=proposal_id).first()
    if proposal is None:
        raise HttpError(404, gettext("No proposal with this id that you may see."))
    if approved_korean_company(request.user) != proposal.company:
        raise HttpError(403, gettext("Only the company that wrote a proposal changes it."))
    return proposal


def _lock_and_match(request: HttpRequest, proposal: Proposal) -> None:
    """Lock the row before comparing versions (call inside a transaction), so two writers holding
    the same ETag cannot both pass."""
    require_if_match(request, Proposal.objects.select_for_update().get(pk=proposal.pk))


def _editable(request: HttpRequest, proposal: Proposal) -> Proposal:
    if not Proposal.objects.editable_by(request.user).filter(pk=proposal.pk).exists():
        raise HttpError(409, gettext("This proposal was submitted or reviewed and can no longer be changed."))
    return proposal


@router.post(
    "/wishlists/rounds/{round_id}/proposals",
    response={201: ProposalOut, **WRITE_ERRORS},
    summary="Draft a proposal in an open round (your Korean company)",
)
def create_proposal(request: HttpRequest, response: HttpResponse, round_id: int, payload: ProposalIn):
    """Saved as a draft, as on the page: submit it before the deadline."""
    company = _require_company(request)
    round_ = _rounds(request).filter(pk=round_id).first()
    if round_ is None:
        raise HttpError(404, gettext("No round with this id."))
    proposal = _save(
        request, _proposal_form(payload, Proposal(round=round_, company=company), company, round_)
    )
    return Status(201, _answer(request, response, proposal.pk))


@router.put(
    "/wishlists/proposals/{proposal_id}",
    response={200: ProposalOut, **WRITE_ERRORS, 428: ErrorOut},
    summary="Replace a draft or returned proposal's content (If-Match required)",
)
def update_proposal(request: HttpRequest, response: HttpResponse, proposal_id: int, payload: ProposalIn):
    _require_company(request)
    proposal = _editable(request, _own_proposal(request, proposal_id))
    with transaction.atomic():
        _lock_and_match(request, proposal)
        _save(request, _proposal_form(payload, proposal, proposal.company, proposal.round))
    return _answer(request, response, proposal.pk)


@router.post(
    "/wishlists/proposals/{proposal_id}/submit",
    response={200: ProposalOut, **WRITE_ERRORS, 428: ErrorOut},
    summary="Submit a draft or revised proposal to KDIA before the deadline (If-Match required)",
)
def submit_proposal(request: HttpRequest, response: HttpResponse, proposal_id: int):
    _require_company(request)
    proposal = _editable(request, _own_proposal(request, proposal_id))
    try:
        with transaction.atomic():
            _lock_and_match(request, proposal)
            services.submit(proposal.pk, by=request.user)
    except services.RoundClosed as closed:
        raise HttpError(409, closed_message(closed.round)) from None
    except services.StaleState:
        raise HttpError(409, gettext("This proposal was already submitted.")) from None
    return _answer(request, response, proposal.pk)


# --- KDIA's review ------------------------------------------------------------------------------


class ReviewIn(Schema):
    decision: str = Field(..., description="accepted, returned or rejected.")
    reason_code: str = Field(
        "",
        description="Required when returning or rejecting: incomplete, out_of_scope, not_eligible, "
        "capability, value, duplicate or other.",
    )
    comment: str = Field(
        "", max_length=10000, description="What the company reads; required unless accepting."
    )


@router.post(
    "/wishlists/proposals/{proposal_id}/review",
    response={200: ProposalOut, **WRITE_ERRORS, 428: ErrorOut},
    summary="KDIA's decision on a submitted proposal (If-Match required)",
)
def review_proposal(request: HttpRequest, response: HttpResponse, proposal_id: int, payload: ReviewIn):
    if not is_wishlist_staff(request.user):
        raise HttpError(403, gettext("Proposals are reviewed by KDIA."))
    proposal = Proposal.objects.filter(pk=proposal_id).first()
    if proposal is None:
        raise HttpError(404, gettext("No proposal with this id that you may see."))
    if proposal.status not in REVIEWABLE_STATUSES:
        raise HttpError(409, gettext("This proposal is not waiting for a review."))
    require_if_match(request, proposal)
    form = ReviewForm({**payload.dict(), "version": version_of(proposal)}, proposal=proposal)
    if not form.is_valid():
        refuse_form(form)
    try:
        services.review(
            proposal.pk,
            decision=form.cleaned_data["decision"],
            reason_code=form.cleaned_data["reason_code"],
            comment=form.cleaned_data["comment"],
            seen_version=form.cleaned_data["version"],
            by=request.user,
        )
    except services.StaleState:
        raise HttpError(412, gettext("The proposal changed since you read it; read it again.")) from None
    return _answer(request, response, proposal.pk)


# The attachment operations join this router when it is imported.
from wishlists import api_attachments  # noqa: E402, F401
