"""Posting KIP requirements and expressions of interest over the API, and a company's gap list.

The same permission path (``editable_by`` / ``answerable_by`` / ``visible_to``), forms and
atomic services as the pages: a contractor (or KDIA for it) drafts, sends and closes its
requirements; a Korean company drafts and sends an EOI on a published one; the contractor sets
the EOI's status with a reason. Updates need the record's ETag in If-Match.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils.translation import gettext
from ninja import Field, Schema, Status

from api.concurrency import require_if_match, set_etag
from companies.api import ErrorOut
from companies.api_support import (
    ERROR_STATUSES,
    Id,
    current_values,
    error,
    form_error,
    merged,
    not_found,
    refuse,
    use_keys,
)
from core.forms import version_of
from matching import services
from matching.api import EoiOut, RequirementOut, _requirement_out, _requirements, eoi_out, router
from matching.forms import AnswerForm, EoiForm, RequirementForm
from matching.models import ExpressionOfInterest, Requirement, is_requirement_staff
from matching.models.eoi import _korean_company

ERRORS = dict.fromkeys(ERROR_STATUSES, ErrorOut)
REQUIREMENT_KEYS = {"defence_fields": "code"}


class RequirementIn(Schema):
    """Only the fields given change when updating."""

    owner: Id | None = Field(None, description="KDIA only: the foreign contractor it posts for.")
    programme: Id | None = Field(None, description="Programme id, if the work package belongs to one.")
    title_ko: str | None = Field(None, description="Work package in Korean (Korean or English is required).")
    title_en: str | None = Field(None, description="Work package in English.")
    scope_ko: str | None = Field(None, description="Scope in Korean.")
    scope_en: str | None = Field(None, description="Scope in English.")
    required_certifications: list[Id] | None = Field(None, description="Certification type ids required.")
    preferred_certifications: list[Id] | None = Field(None, description="Certification type ids preferred.")
    capabilities: list[Id] | None = Field(None, description="Capability ids.")
    defence_fields: list[str] | None = Field(None, description="Defence field codes, e.g. naval.")
    size_classes: list[str] | None = Field(
        None, description="sme, mid and/or large; none accepts every size."
    )
    quality_system_ko: str | None = Field(None, description="Quality system wanted, in Korean.")
    quality_system_en: str | None = Field(None, description="Quality system wanted, in English.")
    experience_ko: str | None = Field(None, description="Experience wanted, in Korean.")
    experience_en: str | None = Field(None, description="Experience wanted, in English.")
    offset_experience: bool | None = Field(
        None, description="Experience in an earlier offset programme wanted."
    )
    quantity: str | None = Field(None, description="Quantity, e.g. 40 sets a year.")
    value_band: str | None = Field(None, description="under_1m, 1m_10m, 10m_50m or over_50m.")
    deadline: date | None = Field(None, description="Last day for expressions of interest (Korea time).")


def _poster(request) -> None:
    user = request.user
    refuse(
        not (user.is_foreign_contractor or is_requirement_staff(user)),
        gettext("Requirements are posted by foreign contractors and KDIA."),
    )


def _editable_requirement(request, requirement_id: int, *, lock: bool = False) -> Requirement:
    _poster(request)
    requirements = Requirement.objects.editable_by(request.user)
    if lock:
        requirements = requirements.select_for_update()
    requirement = requirements.filter(pk=requirement_id).first()
    if requirement is None:
        raise not_found(gettext("No requirement with this id that you may edit."))
    return requirement


def _requirement_response(request, response: HttpResponse, requirement_id: int, status: int = 200):
    requirement = _requirements(request).get(pk=requirement_id)
    set_etag(response, requirement)
    return Status(status, _requirement_out(requirement))


def _requirement_form(request, requirement: Requirement, payload) -> RequirementForm:
    values = current_values(requirement, RequirementForm, keys=REQUIREMENT_KEYS)
    form = RequirementForm(merged(values, payload), instance=requirement, user=request.user)
    use_keys(form, REQUIREMENT_KEYS)
    return form


@router.post(
    "/requirements",
    response={201: RequirementOut, **ERRORS},
    summary="Draft a KIP requirement (send it with /submit when it is ready)",
)
def create_requirement(request, payload: RequirementIn, response: HttpResponse):
    _poster(request)
    form = _requirement_form(request, Requirement(), payload)
    if not form.is_valid():
        return form_error(form)
    with transaction.atomic():
        requirement = form.save(commit=False)
        if request.user.is_foreign_contractor:
            requirement.owner = request.user.organization
        requirement.created_by = request.user
        requirement.save()
        form.save_m2m()
    return _requirement_response(request, response, requirement.pk, 201)


@router.patch(
    "/requirements/{requirement_id}",
    response={200: RequirementOut, **ERRORS},
    summary="Update a requirement (If-Match with its ETag)",
)
def update_requirement(request, requirement_id: int, payload: RequirementIn, response: HttpResponse):
    _editable_requirement(request, requirement_id)
    with transaction.atomic():
        requirement = _editable_requirement(request, requirement_id, lock=True)
        require_if_match(request, requirement)
        form = _requirement_form(request, requirement, payload)
        if not form.is_valid():
            return form_error(form)
        form.save()
    return _requirement_response(request, response, requirement_id)


@router.post(
    "/requirements/{requirement_id}/submit",
    response={200: RequirementOut, **ERRORS},
    summary="Send a draft or returned requirement to KDIA (KDIA's own publish at once)",
)
def submit_requirement(request, requirement_id: int, response: HttpResponse):
    requirement = _editable_requirement(request, requirement_id)
    try:
        services.submit_requirement(requirement.pk, by=request.user)
    except services.StaleState:
        return error(409, gettext("This requirement was already sent."), field="status", code="conflict")
    return _requirement_response(request, response, requirement_id)


@router.post(
    "/requirements/{requirement_id}/close",
    response={200: RequirementOut, **ERRORS},
    summary="Close a requirement to new expressions of interest",
)
def close_requirement(request, requirement_id: int, response: HttpResponse):
    requirement = _editable_requirement(request, requirement_id)
    services.close_requirement(requirement.pk)
    return _requirement_response(request, response, requirement_id)


class GapOut(Schema):
    key: str = Field(..., description="The criterion (with :<capability id> for one capability).")
    label: str
    problem: str
    advice: str
    url: str | None = Field(None, description="The profile page where the gap is closed.")


class GapsOut(Schema):
    requirement: int
    company_brn: str
    score: int
    gaps: list[GapOut] = Field(..., description="What the company lacks, the gaps worth most points first.")


def _company(request):
    company = _korean_company(request.user)
    refuse(company is None, gettext("Only a Korean company with a profile takes this step."))
    return company


@router.get(
    "/requirements/{requirement_id}/gaps",
    response={200: GapsOut, **ERRORS},
    summary="What your company lacks for a requirement, and what to do about each gap",
)
def requirement_gaps(request, requirement_id: int):
    company = _company(request)
    requirement = Requirement.objects.visible_to(request.user).filter(pk=requirement_id).first()
    if requirement is None:
        raise not_found(gettext("No requirement with this id that you may see."))
    from matching.gaps import gap_list
    from matching.scoring import assess

    match = assess(requirement, company)
    gaps = gap_list(requirement, company, match=match)
    return {
        "requirement": requirement.pk,
        "company_brn": company.brn_display,
        "score": match.score,
        "gaps": [
            {
                "key": g.key,
                "label": str(g.label),
                "problem": str(g.problem),
                "advice": str(g.advice),
                "url": g.url,
            }
            for g in gaps
        ],
    }


class EoiIn(Schema):
    """Only the fields given change when updating."""

    scope: str | None = Field(None, description="full or partial.")
    message_ko: str | None = Field(
        None, description="What you offer, in Korean (Korean or English required)."
    )
    message_en: str | None = Field(None, description="What you offer, in English.")
    products: list[Id] | None = Field(None, description="Ids of your company's products you offer.")


def _eoi_form(eoi: ExpressionOfInterest, company, payload) -> EoiForm:
    values = current_values(eoi, EoiForm)
    values["products"] = list(eoi.products.values_list("pk", flat=True)) if eoi.pk else []
    return EoiForm(merged(values, payload), instance=eoi, company=company)


def _save_eoi(request, form: EoiForm):
    """The service's refusals as 409s; None when saved."""
    try:
        with transaction.atomic():
            services.save_eoi(form.instance, products=form.cleaned_data["products"], by=request.user)
    except services.RequirementClosed:
        return error(
            409, gettext("This requirement no longer accepts expressions of interest."), code="conflict"
        )
    except services.StaleState:
        return error(
            409,
            gettext("This expression of interest was already sent and can no longer be changed."),
            field="status",
            code="conflict",
        )
    except IntegrityError:
        return error(
            409, gettext("Your company already has an expression of interest here."), code="conflict"
        )
    return None


def _eoi_response(response: HttpResponse, eoi_id: int, status: int = 200):
    eoi = ExpressionOfInterest.objects.select_related("company").prefetch_related("products").get(pk=eoi_id)
    set_etag(response, eoi)
    return Status(status, eoi_out(eoi))


@router.post(
    "/requirements/{requirement_id}/eois",
    response={201: EoiOut, **ERRORS},
    summary="Draft your company's expression of interest in a requirement (send it with /submit)",
)
def create_eoi(request, requirement_id: int, payload: EoiIn, response: HttpResponse):
    company = _company(request)
    requirement = Requirement.objects.visible_to(request.user).filter(pk=requirement_id).first()
    if requirement is None:
        raise not_found(gettext("No requirement with this id that you may see."))
    existing = ExpressionOfInterest.objects.filter(requirement=requirement, company=company).first()
    if existing is not None:
        return error(
            409,
            gettext("Your company already has an expression of interest here: EOI-%(id)s.")
            % {"id": existing.pk},
            code="conflict",
        )
    form = _eoi_form(ExpressionOfInterest(requirement=requirement, company=company), company, payload)
    if not form.is_valid():
        return form_error(form)
    refusal = _save_eoi(request, form)
    return refusal or _eoi_response(response, form.instance.pk, 201)


def _own_eoi(request, eoi_id: int, *, lock: bool = False) -> ExpressionOfInterest:
    company = _company(request)
    eois = ExpressionOfInterest.objects.filter(company=company)
    if lock:
        eois = eois.select_for_update()
    eoi = eois.select_related("requirement").filter(pk=eoi_id).first()
    if eoi is None:
        raise not_found(gettext("No expression of interest with this id that you may edit."))
    return eoi


@router.patch(
    "/eois/{eoi_id}",
    response={200: EoiOut, **ERRORS},
    summary="Update your draft expression of interest (If-Match with its ETag)",
)
def update_eoi(request, eoi_id: int, payload: EoiIn, response: HttpResponse):
    _own_eoi(request, eoi_id)
    with transaction.atomic():
        eoi = _own_eoi(request, eoi_id, lock=True)
        require_if_match(request, eoi)
        form = _eoi_form(eoi, eoi.company, payload)
        if not form.is_valid():
            return form_error(form)
        refusal = _save_eoi(request, form)
    return refusal or _eoi_response(response, eoi_id)


@router.post(
    "/eois/{eoi_id}/submit",
    response={200: EoiOut, **ERRORS},
    summary="Send your draft expression of interest; the contractor is notified",
)
def submit_eoi(request, eoi_id: int, response: HttpResponse):
    eoi = _own_eoi(request, eoi_id)
    try:
        services.submit_eoi(eoi.pk, by=request.user)
    except services.RequirementClosed:
        return error(
            409, gettext("This requirement no longer accepts expressions of interest."), code="conflict"
        )
    except services.StaleState:
        return error(
            409, gettext("This expression of interest was already sent."), field="status", code="conflict"
        )
    return _eoi_response(response, eoi_id)


class EoiAnswerIn(Schema):
    status: str = Field(..., description="received, shortlisted, declined or selected.")
    reason: str = Field("", description="The reason the company sees (required to decline or select).")


@router.post(
    "/eois/{eoi_id}/answer",
    response={200: EoiOut, **ERRORS},
    summary="Set an expression of interest's status with a reason (the requirement's owner or KDIA; If-Match)",
)
def answer_eoi(request, eoi_id: int, payload: EoiAnswerIn, response: HttpResponse):
    eoi = ExpressionOfInterest.objects.answerable_by(request.user).filter(pk=eoi_id).first()
    if eoi is None:
        visible = ExpressionOfInterest.objects.visible_to(request.user).filter(pk=eoi_id).exists()
        refuse(visible, gettext("Only the requirement's owner answers an expression of interest."))
        raise not_found(gettext("No expression of interest with this id that you may see."))
    require_if_match(request, eoi)
    form = AnswerForm({**payload.dict(), "version": version_of(eoi)}, eoi=eoi)
    if not form.is_valid():
        return form_error(form)
    try:
        # The service checks the version again under a row lock, so a change since the If-Match
        # check above is refused too.
        services.answer_eoi(
            eoi.pk,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            seen_version=version_of(eoi),
            by=request.user,
        )
    except services.StaleState:
        return error(
            412,
            gettext("The expression of interest changed since you opened it; read it again."),
            code="stale",
        )
    return _eoi_response(response, eoi_id)


# The attachment operations join this router when it is imported.
from matching import api_files  # noqa: E402, F401
