"""API of offsets: the calculator and programme summaries (public, ``auth=None`` on each operation),
plus obligations and claims (``api_obligations``) and banked credit (``api_credits``), which
belong to the contractor and DAPA/KDIA only and follow the pages' permission path.

Bad input answers 422 in the API's error shape ``{"code": ..., "message": ..., "field": ...}``,
with the message in the caller's language (Accept-Language, the language cookie or the account's
choice). The engine's refusals (RuleError) come out in the same shape, naming the field at fault.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict, WithJsonSchema

from api.errors import ApiError
from companies.api import ErrorOut
from offsets import engine
from offsets.api_common import MoneyOut, refuse_form
from offsets.api_credits import router as credits_router
from offsets.api_files import ProgrammeDocumentOut, documents_out, visible_documents
from offsets.api_files import router as files_router
from offsets.api_obligations import router as obligations_router
from offsets.choices import ProgrammeState
from offsets.messages import rule_error_message
from offsets.models import Programme
from offsets.rules import Money, RuleError
from offsets.views.calculator import (
    Calculation,
    CalculatorForm,
    amount_text,
    calculate,
    decimal_text,
    ratio_text,
    readable,
)

router = Router(tags=["offsets"])
router.add_router("", obligations_router)
router.add_router("", credits_router)
router.add_router("", files_router)

MAX_LIMIT = 100
BODY = "payload"  # the name of the calculator's body parameter, as it appears in error locations


def _loose(json_schema: dict, description: str):
    """A body field read by the calculator's Django form rather than by pydantic, so that every
    refusal is worded (and translated) the same way as on the page; documented with its real type."""
    return Annotated[Any, WithJsonSchema({**json_schema, "description": description})]


class CalculateIn(Schema):
    # Read by CalculatorForm, which reports a missing field like any other refusal; the schema
    # still tells readers of the documentation which fields are required.
    model_config = ConfigDict(json_schema_extra={"required": ["amount", "currency", "competitive", "date"]})

    amount: _loose(
        {"type": "string", "examples": ["12000000"]},
        "Estimated main contract amount: a decimal string (a JSON number is accepted too), at most 2 decimals.",
    ) = None
    currency: _loose({"type": "string", "examples": ["USD"]}, "ISO 4217 code of the amount.") = None
    competitive: _loose({"type": "boolean"}, "True when more than one foreign source competes.") = None
    date: _loose(
        {"type": "string", "format": "date", "examples": ["2026-01-15"]},
        "Reference date (YYYY-MM-DD): the policy version in force and the exchange rate of this date apply.",
    ) = None
    fms: _loose(
        {"type": "boolean", "default": False}, "Purchase from a foreign government (e.g. US FMS)."
    ) = None
    ratio: _loose(
        {"type": ["string", "null"], "examples": ["0.6"]},
        "Ratio DAPA set for the programme, a fraction of 1; at least the policy minimum.",
    ) = None


class RateOut(Schema):
    currency: str
    usd_per_unit: str = Field(..., description="US dollars per one unit of the currency.")
    date: date


class CalculationOut(Schema):
    offset_required: bool
    reason: str = Field(..., description="at_or_above_threshold, below_threshold or fms_exempt.")
    message: str = Field(..., description="Why, in the caller's language.")
    sourcing: str = Field(..., description="competitive or sole_source.")
    min_ratio: str | None = Field(None, description="The ratio applied; null when no offset is owed.")
    ratio_source: str | None = Field(None, description="policy (the policy minimum) or programme.")
    policy_min_ratio: str | None = Field(None, description="The policy minimum for this sourcing.")
    min_obligation: MoneyOut | None
    min_obligation_usd: MoneyOut | None
    amount: MoneyOut
    amount_usd: MoneyOut | None = Field(None, description="Null for an exempt purchase (no rate needed).")
    exchange_rate: RateOut | None = Field(
        None, description="The rate used; null for USD or when not converted."
    )
    threshold: MoneyOut
    date: date
    policy: str = Field(..., description="Name of the policy version applied, in the caller's language.")
    policy_name_ko: str
    policy_name_en: str
    policy_effective_from: date


def money_out(value: Money | None) -> dict | None:
    return None if value is None else {"amount": amount_text(value), "currency": value.currency}


def calculation_out(calculation: Calculation) -> dict:
    obligation = calculation.obligation
    rate = calculation.rate
    policy = calculation.policy
    return {
        "offset_required": calculation.offset_required,
        "reason": calculation.reason,
        "message": calculation.message,
        "sourcing": calculation.sourcing,
        "min_ratio": calculation.ratio or None,
        "ratio_source": calculation.ratio_source,
        "policy_min_ratio": ratio_text(obligation.policy_ratio) if obligation else None,
        "min_obligation": money_out(obligation.obligation) if obligation else None,
        "min_obligation_usd": money_out(calculation.obligation_usd),
        "amount": money_out(calculation.amount),
        "amount_usd": money_out(calculation.amount_usd),
        "exchange_rate": None
        if rate is None
        else {
            "currency": rate.currency,
            "usd_per_unit": decimal_text(rate.usd_per_unit),
            "date": rate.rate_date,
        },
        "threshold": money_out(calculation.threshold),
        "date": calculation.on_date,
        "policy": policy.name,
        "policy_name_ko": policy.name_ko,
        "policy_name_en": policy.name_en,
        "policy_effective_from": policy.effective_from,
    }


@router.post(
    "/offsets/calculate",
    auth=None,
    response={200: CalculationOut, 422: ErrorOut},
    summary="Offset calculator: is an offset required, and at least how much?",
)
def calculate_offset(request: HttpRequest, payload: CalculateIn):
    """The same answer as the calculator page, for the policy version in force on ``date``.

    Refusals (missing or malformed field, unknown currency, impossible date, no exchange rate for
    that date, no policy in force, a ratio below the policy minimum or above 1) answer 422 with
    ``detail[].loc`` ending in the field's name and ``msg`` in the caller's language.
    """
    data = payload.dict()
    if data.get("fms") is None:
        data["fms"] = False
    form = CalculatorForm({key: value for key, value in data.items() if value is not None}, require_date=True)
    calculation = calculate(form)
    if calculation is None:
        refuse_form(form)
    return calculation_out(calculation)


# --- Programmes -------------------------------------------------------------------------------


class ProgrammeQuery(Schema):
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description="Items per page (1-100).")
    offset: int = Field(0, ge=0, description="Items to skip.")
    state: str | None = Field(None, description="Lifecycle state, e.g. rfp, negotiation, implementation.")
    q: str | None = Field(
        None,
        max_length=200,
        description="Text in the Korean or English name, weapon system or DAPA reference.",
    )


class ContractorOut(Schema):
    name_ko: str
    name_en: str


class AssessmentOut(Schema):
    offset_required: bool
    reason: str
    policy: str
    policy_effective_from: date
    min_ratio: str | None
    ratio_source: str | None
    min_obligation: MoneyOut | None
    min_obligation_usd: MoneyOut | None


class ProgrammeOut(Schema):
    id: int
    dapa_reference: str
    name_ko: str
    name_en: str
    weapon_system_ko: str
    weapon_system_en: str
    summary_ko: str
    summary_en: str
    estimated_amount: MoneyOut
    competitive: bool
    foreign_government: bool
    reference_date: date
    state: str
    korean_parts_quota: str | None = Field(None, description="Share of Korean parts the RFP requires.")
    contractors: list[ContractorOut]
    documents: list[ProgrammeDocumentOut] = Field(
        ..., description="The programme's documents you may see (public ones for everyone)."
    )
    assessment: AssessmentOut | None = Field(
        None, description="Null when it cannot be made; see assessment_error."
    )
    assessment_error: str | None = Field(
        None, description="Why there is no assessment, in the caller's language."
    )
    url: str


class ProgrammePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ProgrammeOut]


def assessment_out(programme: Programme) -> tuple[dict | None, str | None]:
    try:
        assessment = engine.assess_programme(programme)
    except RuleError as error:
        return None, rule_error_message(readable(error))
    calculation = Calculation(
        assessment, programme.reference_date, programme.competitive, programme.foreign_government
    )
    obligation = calculation.obligation
    return {
        "offset_required": calculation.offset_required,
        "reason": calculation.reason,
        "policy": calculation.policy.name,
        "policy_effective_from": calculation.policy.effective_from,
        "min_ratio": calculation.ratio or None,
        "ratio_source": calculation.ratio_source,
        "min_obligation": money_out(obligation.obligation) if obligation else None,
        "min_obligation_usd": money_out(calculation.obligation_usd),
    }, None


def programme_out(programme: Programme) -> dict:
    assessment, error = assessment_out(programme)
    quota = programme.korean_parts_quota
    return {
        "id": programme.pk,
        "dapa_reference": programme.dapa_reference,
        "name_ko": programme.name_ko,
        "name_en": programme.name_en,
        "weapon_system_ko": programme.weapon_system_ko,
        "weapon_system_en": programme.weapon_system_en,
        "summary_ko": programme.summary_ko,
        "summary_en": programme.summary_en,
        "estimated_amount": {
            "amount": format(programme.estimated_amount, "f"),
            "currency": programme.currency,
        },
        "competitive": programme.competitive,
        "foreign_government": programme.foreign_government,
        "reference_date": programme.reference_date,
        "state": programme.state,
        "korean_parts_quota": None if quota is None else ratio_text(quota),
        "contractors": [
            {"name_ko": org.name_ko, "name_en": org.name_en} for org in programme.contractors.all()
        ],
        "documents": documents_out(programme),
        "assessment": assessment,
        "assessment_error": error,
        "url": reverse("offsets:programme_detail", args=[programme.pk]),
    }


def _programmes(request: HttpRequest):
    return Programme.objects.visible_to(request.user).prefetch_related(
        "contractors", visible_documents(request)
    )


@router.get(
    "/programmes",
    auth=None,
    response={200: ProgrammePage, 422: ErrorOut},
    summary="Offset programmes (public summaries)",
)
def list_programmes(request: HttpRequest, query: Query[ProgrammeQuery]):
    queryset = _programmes(request)
    if query.state:
        if query.state not in ProgrammeState.values:
            message = gettext("%(state)s is not a programme state; use one of: %(choices)s.") % {
                "state": query.state[:40],
                "choices": ", ".join(ProgrammeState.values),
            }
            raise ApiError(422, "invalid_choice", message, "state")
        queryset = queryset.filter(state=query.state)
    if query.q and query.q.strip():
        text = query.q.strip()
        queryset = queryset.filter(
            Q(name_ko__icontains=text)
            | Q(name_en__icontains=text)
            | Q(weapon_system_ko__icontains=text)
            | Q(weapon_system_en__icontains=text)
            | Q(dapa_reference__icontains=text)
        )
    count = queryset.count()
    page = queryset[query.offset : query.offset + query.limit]
    return {
        "count": count,
        "limit": query.limit,
        "offset": query.offset,
        "items": [programme_out(programme) for programme in page],
    }


@router.get(
    "/programmes/{programme_id}",
    auth=None,
    response={200: ProgrammeOut, 404: ErrorOut},
    summary="One offset programme (public summary and offset assessment)",
)
def get_programme(request: HttpRequest, programme_id: int):
    programme = _programmes(request).filter(pk=programme_id).first()
    if programme is None:
        raise HttpError(404, gettext("No programme with this id."))
    return programme_out(programme)
