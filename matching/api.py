"""KIP requirements over the API, through the same permission path as the pages."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpResponse
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from api.concurrency import set_etag
from companies.api import ErrorOut, PageQuery
from matching.choices import EoiStatus, RequirementStatus
from matching.models import ExpressionOfInterest, Requirement

router = Router(tags=["requirements"])


class RequirementQuery(PageQuery):
    q: str | None = Field(None, max_length=200, description="Words in the title, scope or contractor's name.")
    status: RequirementStatus | None = None
    programme: int | None = Field(None, ge=1)


class RequirementOut(Schema):
    id: int
    owner: str
    programme: str | None = Field(None, description="DAPA reference of the programme, if any.")
    title_ko: str
    title_en: str
    scope_ko: str
    scope_en: str
    required_certifications: list[str]
    preferred_certifications: list[str]
    capabilities: list[str]
    defence_fields: list[str]
    size_classes: list[str]
    quality_system_ko: str
    quality_system_en: str
    experience_ko: str
    experience_en: str
    offset_experience: bool
    quantity: str
    value_band: str
    deadline: str
    status: str


class RequirementPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[RequirementOut]


class CriterionOut(Schema):
    key: str
    label: str
    outcome: str = Field(..., description="met, partly, not_met or unknown")
    evidence: list[str]


class MatchOut(Schema):
    company_brn: str
    company_name_ko: str
    company_name_en: str
    score: int
    criteria: list[CriterionOut]


class MatchPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MatchOut]


class EoiOut(Schema):
    id: int
    requirement: int
    company_brn: str
    scope: str
    message_ko: str
    message_en: str
    products: list[int]
    status: str
    status_reason: str
    submitted_at: str | None
    status_changed_at: str | None


class EoiPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[EoiOut]


def _names(terms) -> list[str]:
    return [term.name_en or term.name_ko for term in terms]


def _requirement_out(requirement: Requirement) -> dict:
    return {
        "id": requirement.pk,
        "owner": str(requirement.owner),
        "programme": requirement.programme.dapa_reference if requirement.programme else None,
        "title_ko": requirement.title_ko,
        "title_en": requirement.title_en,
        "scope_ko": requirement.scope_ko,
        "scope_en": requirement.scope_en,
        "required_certifications": _names(requirement.required_certifications.all()),
        "preferred_certifications": _names(requirement.preferred_certifications.all()),
        "capabilities": _names(requirement.capabilities.all()),
        "defence_fields": [field.code for field in requirement.defence_fields.all()],
        "size_classes": list(requirement.size_classes),
        "quality_system_ko": requirement.quality_system_ko,
        "quality_system_en": requirement.quality_system_en,
        "experience_ko": requirement.experience_ko,
        "experience_en": requirement.experience_en,
        "offset_experience": requirement.offset_experience,
        "quantity": requirement.quantity,
        "value_band": requirement.value_band,
        "deadline": requirement.deadline.isoformat(),
        "status": requirement.status,
    }


def _requirements(request):
    return (
        Requirement.objects.visible_to(request.user)
        .select_related("owner", "programme")
        .prefetch_related(
            "required_certifications", "preferred_certifications", "capabilities", "defence_fields"
        )
    )


@router.get("/requirements", response={200: RequirementPage}, summary="KIP requirements you may see")
def list_requirements(request, query: Query[RequirementQuery]):
    requirements = _requirements(request)
    if query.q:
        text = query.q.replace("\x00", "").strip()
        requirements = requirements.filter(
            Q(title_ko__icontains=text)
            | Q(title_en__icontains=text)
            | Q(scope_ko__icontains=text)
            | Q(scope_en__icontains=text)
            | Q(owner__name_en__icontains=text)
            | Q(owner__name_ko__icontains=text)
        )
    if query.status:
        requirements = requirements.filter(status=query.status)
    if query.programme:
        requirements = requirements.filter(programme_id=query.programme)
    count = requirements.count()
    page = requirements[query.offset : query.offset + query.limit]
    return {
        "count": count,
        "limit": query.limit,
        "offset": query.offset,
        "items": [_requirement_out(r) for r in page],
    }


@router.get(
    "/requirements/{requirement_id}",
    response={200: RequirementOut, 404: ErrorOut},
    summary="One KIP requirement (the ETag is its version, for If-Match)",
)
def get_requirement(request, requirement_id: int, response: HttpResponse):
    requirement = _requirements(request).filter(pk=requirement_id).first()
    if requirement is None:
        raise HttpError(404, gettext("No requirement with this id that you may see."))
    set_etag(response, requirement)
    return _requirement_out(requirement)


@router.get(
    "/requirements/{requirement_id}/matches",
    response={200: MatchPage, 404: ErrorOut},
    summary="Korean companies ranked for a requirement, each score explained (owner, KDIA, DAPA)",
)
def list_matches(request, requirement_id: int, query: Query[PageQuery]):
    requirement = Requirement.objects.matches_visible_to(request.user).filter(pk=requirement_id).first()
    if requirement is None:
        raise HttpError(404, gettext("No requirement with this id whose matches you may see."))
    from matching.scoring import rank

    ranked = rank(requirement, viewer=request.user, offset=query.offset, limit=query.limit)
    items = [
        {
            "company_brn": match.company.brn_display,
            "company_name_ko": match.company.name_ko,
            "company_name_en": match.company.name_en,
            "score": match.score,
            "criteria": [
                {
                    "key": c.key,
                    "label": str(c.label),
                    "outcome": c.outcome,
                    "evidence": [str(e) for e in c.evidence],
                }
                for c in match.criteria
            ],
        }
        for match in ranked.matches
    ]
    return {"count": ranked.count, "limit": query.limit, "offset": query.offset, "items": items}


def eoi_out(eoi: ExpressionOfInterest) -> dict:
    return {
        "id": eoi.pk,
        "requirement": eoi.requirement_id,
        "company_brn": eoi.company.brn_display,
        "scope": eoi.scope,
        "message_ko": eoi.message_ko,
        "message_en": eoi.message_en,
        "products": [product.pk for product in eoi.products.all()],
        "status": eoi.status,
        "status_reason": eoi.status_reason,
        "submitted_at": eoi.submitted_at.isoformat() if eoi.submitted_at else None,
        "status_changed_at": eoi.status_changed_at.isoformat() if eoi.status_changed_at else None,
    }


class EoiQuery(PageQuery):
    status: EoiStatus | None = None
    requirement: int | None = Field(None, ge=1)


@router.get("/eois", response={200: EoiPage}, summary="Expressions of interest you wrote or received")
def list_eois(request, query: Query[EoiQuery]):
    eois = (
        ExpressionOfInterest.objects.visible_to(request.user)
        .select_related("company")
        .prefetch_related("products")
    )
    if query.status:
        eois = eois.filter(status=query.status)
    if query.requirement:
        eois = eois.filter(requirement_id=query.requirement)
    count = eois.count()
    page = eois[query.offset : query.offset + query.limit]
    items = [eoi_out(eoi) for eoi in page]
    return {"count": count, "limit": query.limit, "offset": query.offset, "items": items}


@router.get(
    "/eois/{eoi_id}",
    response={200: EoiOut, 404: ErrorOut},
    summary="One expression of interest (the ETag is its version, for If-Match)",
)
def get_eoi(request, eoi_id: int, response: HttpResponse):
    eoi = (
        ExpressionOfInterest.objects.visible_to(request.user)
        .select_related("company")
        .prefetch_related("products")
        .filter(pk=eoi_id)
        .first()
    )
    if eoi is None:
        raise HttpError(404, gettext("No expression of interest with this id that you may see."))
    set_etag(response, eoi)
    return eoi_out(eoi)


# Posting requirements and expressions of interest, and the gap list, join this router.
from matching import api_workflow  # noqa: E402, F401
