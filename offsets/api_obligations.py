"""Obligations (MOAs and their items) and fulfilment claims over the API.

The same permission path as the pages: the contractor an MOA belongs to, DAPA and KDIA read it
(``visible_to``), anyone else with another role gets 403 and another contractor's ids 404. A
contractor files and revises its own claims through ``ClaimForm`` and ``services.file_claim``, as
on the claim page (with an evidence file: the multipart variants in ``api_files``); DAPA decides
through ``ClaimDecisionForm`` and ``services.decide_claim``.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from api.concurrency import require_if_match, set_etag
from api.files import AttachmentOut, attachment_out
from companies.api import ErrorOut, PageQuery
from core.forms import version_of
from offsets import engine, services
from offsets.api_common import MoneyOut, money, page, refuse_field, refuse_form, usd
from offsets.choices import ClaimStatus
from offsets.forms import ClaimDecisionForm, ClaimForm
from offsets.messages import rule_error_message, violation_message
from offsets.models import Agreement, Claim, ObligationItem, sees_all_obligations
from offsets.rules import RuleError

router = Router(tags=["offsets"])

READ_ERRORS = {403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 412: ErrorOut, 422: ErrorOut}


def require_obligation_viewer(request: HttpRequest) -> None:
    user = request.user
    if not (user.is_foreign_contractor or sees_all_obligations(user)):
        raise HttpError(403, gettext("Obligations and claims are for foreign contractors, DAPA and KDIA."))


def require_contractor(request: HttpRequest) -> None:
    if not request.user.is_foreign_contractor:
        raise HttpError(403, gettext("Only the foreign contractor an obligation belongs to files claims."))


# --- Obligations --------------------------------------------------------------------------------


class PartyOut(Schema):
    id: int
    name_ko: str
    name_en: str


class ProgrammeRefOut(Schema):
    id: int
    dapa_reference: str
    name_ko: str
    name_en: str


class ProgressOut(Schema):
    obligation: MoneyOut = Field(..., description="Credit the obligation asks for (USD).")
    claimed: MoneyOut = Field(..., description="Actual value of the claims filed and not rejected.")
    approved: MoneyOut = Field(..., description="Actual value DAPA approved.")
    credited: MoneyOut = Field(..., description="Approved value times the multiplier, plus banked credit.")
    remaining: MoneyOut


class AgreementOut(Schema):
    id: int
    programme: ProgrammeRefOut
    contractor: PartyOut
    policy: str = Field(..., description="The policy version the MOA follows, in the caller's language.")
    moa_date: date
    period_end: date = Field(..., description="Last day of the fulfilment period.")
    obligation: MoneyOut = Field(..., description="The offset value agreed in the MOA (USD).")
    performance_bond: MoneyOut | None
    banked: MoneyOut = Field(..., description="Banked credit withdrawn against this obligation.")
    progress: ProgressOut
    url: str


class KipOut(Schema):
    brn: str
    name_ko: str
    name_en: str


class ItemOut(Schema):
    id: int
    offset_field: int = Field(..., description="Offset field number (1-7).")
    offset_type: str
    kip: KipOut | None = Field(None, description="The Korean company doing the item.")
    description_ko: str
    description_en: str
    amount: MoneyOut = Field(..., description="Agreed value in the MOA's currency.")
    amount_usd: MoneyOut
    agreed_multiplier: str | None = Field(None, description="Set by the MOA; null takes the policy's.")
    multiplier: str = Field(..., description="The multiplier the item earns.")
    due_date: date
    progress: ProgressOut


class AgreementDetailOut(AgreementOut):
    items: list[ItemOut]
    violations: list[str] = Field(..., description="Package rules the items break, in the caller's language.")


class AgreementPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AgreementOut]


class AgreementQuery(PageQuery):
    programme: int | None = Field(None, ge=1, description="Programme id.")


def _money_of(value) -> dict:
    return money(value.amount, value.currency)


def _party(organization) -> dict:
    return {"id": organization.pk, "name_ko": organization.name_ko, "name_en": organization.name_en}


def _agreement_out(agreement: Agreement, progress) -> dict:
    programme = agreement.programme
    return {
        "id": agreement.pk,
        "programme": {
            "id": programme.pk,
            "dapa_reference": programme.dapa_reference,
            "name_ko": programme.name_ko,
            "name_en": programme.name_en,
        },
        "contractor": _party(agreement.contractor),
        "policy": agreement.policy.name,
        "moa_date": agreement.moa_date,
        "period_end": agreement.period_end,
        "obligation": usd(agreement.obligation_usd),
        "performance_bond": usd(agreement.bond_usd),
        "banked": _money_of(progress.banked),
        "progress": {
            "obligation": _money_of(progress.obligation),
            "claimed": _money_of(progress.claimed),
            "approved": _money_of(progress.approved),
            "credited": _money_of(progress.credited),
            "remaining": _money_of(progress.remaining),
        },
        "url": reverse("offsets:agreement_detail", args=[agreement.pk]),
    }


def _item_out(item: ObligationItem, row) -> dict:
    kip = item.kip
    return {
        "id": item.pk,
        "offset_field": item.offset_field.number,
        "offset_type": item.offset_type,
        "kip": None
        if kip is None
        else {"brn": kip.brn_display, "name_ko": kip.name_ko, "name_en": kip.name_en},
        "description_ko": item.description_ko,
        "description_en": item.description_en,
        "amount": money(item.amount, item.currency),
        "amount_usd": usd(item.amount_usd),
        "agreed_multiplier": None if item.agreed_multiplier is None else format(item.agreed_multiplier, "f"),
        "multiplier": format(row.multiplier, "f"),
        "due_date": item.due_date,
        "progress": {
            "obligation": _money_of(row.obligation),
            "claimed": _money_of(row.claimed),
            "approved": _money_of(row.approved),
            "credited": _money_of(row.credited),
            "remaining": _money_of(row.remaining),
        },
    }


def _agreements(request: HttpRequest):
    return Agreement.objects.visible_to(request.user).select_related("programme", "contractor", "policy")


@router.get(
    "/offsets/obligations",
    response={200: AgreementPage, **READ_ERRORS},
    summary="Offset obligations (MOAs) you may see, with their fulfilment",
)
def list_obligations(request: HttpRequest, query: Query[AgreementQuery]):
    """The contractor's own MOAs; every MOA for DAPA and KDIA (as the obligations page)."""
    require_obligation_viewer(request)
    agreements = _agreements(request)
    if query.programme:
        agreements = agreements.filter(programme_id=query.programme)
    return page(agreements, query, lambda agreement: _agreement_out(agreement, engine.fulfilment(agreement)))


@router.get(
    "/offsets/obligations/{agreement_id}",
    response={200: AgreementDetailOut, **READ_ERRORS},
    summary="One offset obligation (MOA) with its items and their fulfilment",
)
def get_obligation(request: HttpRequest, response: HttpResponse, agreement_id: int):
    require_obligation_viewer(request)
    agreement = _agreements(request).filter(pk=agreement_id).first()
    if agreement is None:
        raise HttpError(404, gettext("No obligation with this id that you may see."))
    progress = engine.fulfilment(agreement)
    by_key = {row.item: row for row in progress.items}
    items = list(agreement.items.select_related("offset_field", "kip"))
    set_etag(response, agreement)
    return {
        **_agreement_out(agreement, progress),
        "items": [_item_out(item, by_key[str(item.pk)]) for item in items],
        "violations": [violation_message(v) for v in engine.package_violations(agreement)] if items else [],
    }


# --- Claims -------------------------------------------------------------------------------------


class ClaimEventOut(Schema):
    status: str
    note: str
    at: str


class ClaimOut(Schema):
    id: int
    item: int = Field(..., description="The obligation item claimed against.")
    obligation: int = Field(..., description="The MOA the item belongs to.")
    programme: str = Field(..., description="DAPA reference of the programme.")
    contractor: PartyOut
    offset_field: int
    performed_on: date
    description_ko: str
    description_en: str
    amount: MoneyOut = Field(..., description="Value performed, in the currency claimed.")
    amount_usd: MoneyOut = Field(..., description="Its USD value at the rate of the day performed.")
    status: str = Field(..., description="submitted, clarification, approved or rejected.")
    approved: MoneyOut | None = Field(None, description="Actual value DAPA approved (USD).")
    credited: MoneyOut | None = Field(None, description="Approved value times the multiplier (USD).")
    decision_reason: str
    decided_at: str | None
    submitted_at: str
    updated_at: str
    editable: bool = Field(..., description="True while you may revise it (PUT).")
    url: str


class ClaimDetailOut(ClaimOut):
    events: list[ClaimEventOut]
    evidence: list[str] = Field(..., description="Names of the evidence files (kept for older clients).")
    evidence_files: list[AttachmentOut] = Field(..., description="The evidence files, to download.")


class ClaimPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ClaimOut]


class ClaimQuery(PageQuery):
    status: ClaimStatus | None = Field(None, description="submitted, clarification, approved or rejected.")


class ClaimIn(Schema):
    performed_on: date = Field(..., description="Day the work was performed (YYYY-MM-DD).")
    amount: str = Field(
        ..., description="Value performed: a decimal string, at most 2 decimals.", examples=["250000.00"]
    )
    currency: str = Field("USD", max_length=3, description="ISO 4217 code of the amount.")
    description_ko: str = Field("", max_length=5000, description="What was done, in Korean.")
    description_en: str = Field("", max_length=5000, description="What was done, in English (one is needed).")


class DecisionIn(Schema):
    decision: str = Field(..., description="approved, clarification or rejected.")
    approved_usd: str | None = Field(
        None, description="Actual value approved in USD (approvals only), at most the value claimed."
    )
    reason: str = Field(
        "", max_length=5000, description="The reason the contractor reads (not for approvals)."
    )


def _claims(request: HttpRequest):
    return Claim.objects.visible_to(request.user).select_related(
        "item__agreement__programme", "item__agreement__contractor", "item__offset_field"
    )


def _claim_out(claim: Claim, editable: set[int]) -> dict:
    agreement = claim.item.agreement
    return {
        "id": claim.pk,
        "item": claim.item_id,
        "obligation": agreement.pk,
        "programme": agreement.programme.dapa_reference,
        "contractor": _party(agreement.contractor),
        "offset_field": claim.item.offset_field.number,
        "performed_on": claim.performed_on,
        "description_ko": claim.description_ko,
        "description_en": claim.description_en,
        "amount": money(claim.amount, claim.currency),
        "amount_usd": usd(claim.amount_usd),
        "status": claim.status,
        "approved": usd(claim.approved_usd),
        "credited": usd(claim.credited_usd),
        "decision_reason": claim.decision_reason,
        "decided_at": claim.decided_at.isoformat() if claim.decided_at else None,
        "submitted_at": claim.submitted_at.isoformat(),
        "updated_at": claim.updated_at.isoformat(),
        "editable": claim.pk in editable,
        "url": reverse("offsets:claim_detail", args=[claim.pk]),
    }


def _editable_ids(request: HttpRequest, claims) -> set[int]:
    ids = [claim.pk for claim in claims]
    return set(Claim.objects.editable_by(request.user).filter(pk__in=ids).values_list("pk", flat=True))


def _claim_detail(request: HttpRequest, claim: Claim) -> dict:
    evidence = list(claim.evidence.all())
    return {
        **_claim_out(claim, _editable_ids(request, [claim])),
        "events": [
            {"status": event.status, "note": event.note, "at": event.at.isoformat()}
            for event in claim.events.all()
        ],
        "evidence": [record.original_name for record in evidence],
        "evidence_files": [
            attachment_out(record, f"/api/v1/offsets/claims/{claim.pk}/evidence/{record.pk}")
            for record in evidence
        ],
    }


def _visible_claim(request: HttpRequest, claim_id: int) -> Claim:
    claim = _claims(request).filter(pk=claim_id).first()
    if claim is None:
        raise HttpError(404, gettext("No claim with this id that you may see."))
    return claim


@router.get(
    "/offsets/claims",
    response={200: ClaimPage, **READ_ERRORS, 422: ErrorOut},
    summary="Fulfilment claims you may see, newest first",
)
def list_claims(request: HttpRequest, query: Query[ClaimQuery]):
    require_obligation_viewer(request)
    claims = _claims(request)
    if query.status:
        claims = claims.filter(status=query.status)
    rows = list(claims[query.offset : query.offset + query.limit])
    editable = _editable_ids(request, rows)
    return {
        "count": claims.count(),
        "limit": query.limit,
        "offset": query.offset,
        "items": [_claim_out(claim, editable) for claim in rows],
    }


@router.get(
    "/offsets/claims/{claim_id}",
    response={200: ClaimDetailOut, **READ_ERRORS},
    summary="One fulfilment claim with its history",
)
def get_claim(request: HttpRequest, response: HttpResponse, claim_id: int):
    require_obligation_viewer(request)
    claim = _visible_claim(request, claim_id)
    set_etag(response, claim)
    return _claim_detail(request, claim)


def _claim_form(payload: ClaimIn, claim: Claim, files: dict | None = None) -> ClaimForm:
    data = payload.dict()
    data["performed_on"] = data["performed_on"].isoformat()
    return ClaimForm(data, files, instance=claim)


def _file(request: HttpRequest, form: ClaimForm) -> Claim:
    """``services.file_claim`` as the claim page calls it; refusals name the field at fault."""
    if not form.is_valid():
        refuse_form(form)
    try:
        return services.file_claim(
            form.instance,
            by=request.user,
            evidence=form.cleaned_data.get("evidence"),
            evidence_name=getattr(form, "evidence_name", ""),
        )
    except RuleError as error:
        field = {"date": "performed_on"}.get(error.field, error.field)
        refuse_field(field if field in form.fields else "amount", rule_error_message(error), error.code)
    except services.StaleState:
        raise HttpError(
            409, gettext("DAPA decided this claim meanwhile; it can no longer be changed.")
        ) from None


@router.post(
    "/offsets/items/{item_id}/claims",
    response={201: ClaimDetailOut, **WRITE_ERRORS},
    summary="File a fulfilment claim against one of your obligation items",
)
def file_claim(request: HttpRequest, response: HttpResponse, item_id: int, payload: ClaimIn):
    """The claim is submitted to DAPA at once, as on the page."""
    return file_new(request, response, item_id, payload, {})


def file_new(request: HttpRequest, response: HttpResponse, item_id: int, payload: ClaimIn, files: dict):
    require_contractor(request)
    item = ObligationItem.objects.visible_to(request.user).filter(pk=item_id).first()
    if item is None:
        raise HttpError(404, gettext("No obligation item with this id that you may claim against."))
    claim = _file(request, _claim_form(payload, Claim(item=item), files))
    claim = _claims(request).get(pk=claim.pk)
    set_etag(response, claim)
    return Status(201, _claim_detail(request, claim))


@router.put(
    "/offsets/claims/{claim_id}",
    response={200: ClaimDetailOut, **WRITE_ERRORS, 428: ErrorOut},
    summary="Revise and resubmit your claim while DAPA has not decided it (If-Match required)",
)
def revise_claim(request: HttpRequest, response: HttpResponse, claim_id: int, payload: ClaimIn):
    return revise(request, response, claim_id, payload, {})


def revise(request: HttpRequest, response: HttpResponse, claim_id: int, payload: ClaimIn, files: dict):
    """Resubmit through the claim page's form; ``files`` may carry its ``evidence``."""
    require_contractor(request)
    _visible_claim(request, claim_id)
    claim = (
        Claim.objects.editable_by(request.user)
        .select_related("item__offset_field")
        .filter(pk=claim_id)
        .first()
    )
    if claim is None:
        raise HttpError(409, gettext("DAPA decided this claim; it can no longer be changed."))
    with transaction.atomic():
        # Locked before comparing versions, so two writers holding the same ETag cannot both pass.
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        require_if_match(request, claim)
        claim = _file(request, _claim_form(payload, claim, files))
    claim = _claims(request).get(pk=claim.pk)
    set_etag(response, claim)
    return _claim_detail(request, claim)


@router.post(
    "/offsets/claims/{claim_id}/decision",
    response={200: ClaimDetailOut, **WRITE_ERRORS, 428: ErrorOut},
    summary="DAPA's decision on a claim: approve, ask for clarification or reject (If-Match required)",
)
def decide_claim(request: HttpRequest, response: HttpResponse, claim_id: int, payload: DecisionIn):
    require_obligation_viewer(request)
    claim = _visible_claim(request, claim_id)
    if not (request.user.is_dapa or request.user.is_superuser):
        raise HttpError(403, gettext("Claims are decided by DAPA."))
    if not claim.is_open:
        raise HttpError(409, gettext("This claim is already decided."))
    require_if_match(request, claim)
    form = ClaimDecisionForm(
        {
            "decision": payload.decision,
            "approved_usd": payload.approved_usd or "",
            "reason": payload.reason,
            "version": version_of(claim),
        },
        claim=claim,
    )
    if not form.is_valid():
        refuse_form(form)
    try:
        services.decide_claim(
            claim.pk,
            decision=form.cleaned_data["decision"],
            approved_usd=form.cleaned_data["approved_usd"],
            reason=form.cleaned_data["reason"],
            seen_version=form.cleaned_data["version"],
            by=request.user,
        )
    except services.StaleState:
        raise HttpError(412, gettext("The claim changed since you read it; read it again.")) from None
    claim = _claims(request).get(pk=claim.pk)
    set_etag(response, claim)
    return _claim_detail(request, claim)
