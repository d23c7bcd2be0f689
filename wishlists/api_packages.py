"""Wish-list packages over the API: KDIA sees every revision, DAPA the submitted ones, a
programme's foreign contractors the ones KDIA shared with them (``Package.objects.visible_to``,
as the package pages). A submitted package is read from its frozen snapshot.

The workflow steps are the staff pages' (merging a duplicate proposal, compiling a round's
accepted proposals, submitting and sharing a revision) and DAPA's acknowledgement, through the
same forms and ``wishlists.services`` steps. KDIA's steps follow the rule the API already applies
to KDIA's review: the caller must be wish-list staff (a staff key can only be made after the
second factor), else 403.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from api.concurrency import require_if_match, set_etag
from api.errors import ApiError
from audit.services import record_export
from companies.api import ErrorOut, PageQuery
from core.forms import version_of
from offsets.api_common import MoneyOut, money, page, refuse_form
from wishlists import exporting, services
from wishlists.api_schemas import (
    AcknowledgeIn,
    MergeIn,
    ProposalOut,
    ShareIn,
    proposal_out,
    proposals_for,
    sees_reviews,
)
from wishlists.choices import REVIEWABLE_STATUSES, PackageStatus
from wishlists.forms import AcknowledgeForm, MergeForm
from wishlists.models import Package, Proposal, Round, is_wishlist_staff

WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
VERSIONED_ERRORS = {**WRITE_ERRORS, 412: ErrorOut, 428: ErrorOut}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

router = Router(tags=["wish-lists"])


class PackageOut(Schema):
    id: int
    round: int
    programme: str = Field(..., description="DAPA reference of the programme.")
    revision: int
    status: str = Field(..., description="draft (being compiled), submitted or acknowledged.")
    shared_with_contractors: bool
    submitted_at: datetime | None
    acknowledged_at: datetime | None
    acknowledgement: str = Field(..., description="DAPA's note on acknowledging it.")
    proposals: int = Field(..., description="How many proposals it holds.")
    url: str


class PackagePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PackageOut]


class PackageRowOut(Schema):
    number: str
    company_ko: str
    company_en: str
    brn: str
    size_class: str
    offset_field: int
    offset_type: str
    contractor: str
    title_ko: str
    title_en: str
    description_ko: str
    description_en: str
    benefit_ko: str
    benefit_en: str
    products: list[str]
    estimated_value: MoneyOut


class SummaryOut(Schema):
    offset_field: int
    offset_type: str
    proposals: int
    total: MoneyOut


class PackageDetailOut(PackageOut):
    rows: list[PackageRowOut] = Field(..., description="The proposals as DAPA receives them.")
    summary: list[SummaryOut] = Field(..., description="Proposals and value by field, type and currency.")


class PackageQuery(PageQuery):
    status: PackageStatus | None = Field(None, description="draft, submitted or acknowledged.")


def _packages(request: HttpRequest):
    return Package.objects.visible_to(request.user).select_related("round__programme")


def _package_out(package: Package) -> dict:
    frozen = package.is_frozen and package.snapshot is not None
    return {
        "id": package.pk,
        "round": package.round_id,
        "programme": package.round.programme.dapa_reference,
        "revision": package.revision,
        "status": package.status,
        "shared_with_contractors": package.shared_with_contractors,
        "submitted_at": package.submitted_at,
        "acknowledged_at": package.acknowledged_at,
        "acknowledgement": package.acknowledgement,
        "proposals": len(package.snapshot) if frozen else package.proposals.count(),
        "url": reverse("wishlists:package_detail", args=[package.pk]),
    }


def _row_out(row: dict) -> dict:
    return {**row, "estimated_value": money(row["estimated_value"], row["currency"])}


@router.get(
    "/wishlists/packages",
    response={200: PackagePage, 422: ErrorOut},
    summary="Wish-list packages you may see, latest first",
)
def list_packages(request: HttpRequest, query: Query[PackageQuery]):
    packages = _packages(request).order_by("-submitted_at", "-compiled_at", "-pk")
    if query.status:
        packages = packages.filter(status=query.status)
    return page(packages, query, _package_out)


@router.get(
    "/wishlists/packages/{package_id}",
    response={200: PackageDetailOut, 404: ErrorOut},
    summary="One wish-list package with its proposals and summary",
)
def get_package(request: HttpRequest, response: HttpResponse, package_id: int):
    package = _packages(request).filter(pk=package_id).first()
    if package is None:
        raise HttpError(404, gettext("No package with this id that you may see."))
    set_etag(response, package)
    return {
        **_package_out(package),
        "rows": [_row_out(row) for row in exporting.package_rows(package)],
        "summary": [
            {
                "offset_field": group["offset_field"],
                "offset_type": group["offset_type"],
                "proposals": group["count"],
                "total": money(group["total"], group["currency"]),
            }
            for group in exporting.summary_rows(package)
        ],
    }


@router.get(
    "/wishlists/packages/{package_id}/export.xlsx",
    response={403: ErrorOut, 404: ErrorOut},
    summary="One wish-list package as the XLSX workbook DAPA receives",
    openapi_extra={
        "responses": {
            200: {
                "description": "The package's proposals and summary as a workbook download.",
                "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def export_package(request: HttpRequest, package_id: int):
    package = _packages(request).filter(pk=package_id).first()
    if package is None:
        raise HttpError(404, gettext("No package with this id that you may see."))
    # Audited as the page's download is.
    record_export(request, "wishlist_package", fmt="xlsx", target=package)
    return exporting.package_xlsx_response(package)


# --- KDIA's steps -------------------------------------------------------------------------------


def _require_kdia(request: HttpRequest) -> None:
    if not is_wishlist_staff(request.user):
        raise ApiError(403, "forbidden", gettext("Wish-list packages are compiled and submitted by KDIA."))


def _conflict(message) -> ApiError:
    return ApiError(409, "conflict", str(message))


def _package_answer(response: HttpResponse, package_id: int) -> dict:
    package = Package.objects.select_related("round__programme").get(pk=package_id)
    set_etag(response, package)
    return _package_out(package)


@router.post(
    "/wishlists/proposals/{proposal_id}/merge",
    response={200: ProposalOut, **VERSIONED_ERRORS},
    summary="KDIA merges a duplicate proposal into another of the same round (If-Match required)",
)
def merge_proposal(request: HttpRequest, response: HttpResponse, proposal_id: int, payload: MergeIn):
    """The merged proposal is closed with the reason "duplicate"; its company is notified."""
    _require_kdia(request)
    if not Proposal.objects.visible_to(request.user).filter(pk=proposal_id).exists():
        raise HttpError(404, gettext("No proposal with this id that you may see."))
    with transaction.atomic():
        # Locked before comparing versions, so two reviewers holding the same ETag cannot both pass.
        proposal = Proposal.objects.select_for_update().select_related("round").get(pk=proposal_id)
        if proposal.status not in REVIEWABLE_STATUSES:
            raise _conflict(gettext("This proposal is not waiting for a review."))
        require_if_match(request, proposal)
        form = MergeForm({**payload.dict(), "version": version_of(proposal)}, proposal=proposal)
        if not form.is_valid():
            refuse_form(form)
        try:
            services.merge(
                proposal.pk,
                into=form.cleaned_data["into"],
                comment=form.cleaned_data["comment"],
                seen_version=form.cleaned_data["version"],
                by=request.user,
            )
        except services.StaleState:
            raise _conflict(
                gettext("The proposal changed since you opened it; read it again before merging.")
            ) from None
    merged = proposals_for(request).get(pk=proposal_id)
    set_etag(response, merged)
    return proposal_out(merged, with_drafting=sees_reviews(request))


@router.post(
    "/wishlists/rounds/{round_id}/compile",
    response={200: PackageOut, **WRITE_ERRORS},
    summary="KDIA puts a round's accepted proposals into its draft package revision",
)
def compile_package(request: HttpRequest, response: HttpResponse, round_id: int):
    """The draft revision is refreshed; after a submission a new revision is started."""
    _require_kdia(request)
    round_ = Round.objects.visible_to(request.user).filter(pk=round_id).first()
    if round_ is None:
        raise HttpError(404, gettext("No round with this id."))
    try:
        package = services.compile_package(round_.pk, by=request.user)
    except services.NothingToPackage:
        raise _conflict(gettext("No proposal of this round is accepted yet.")) from None
    return _package_answer(response, package.pk)


def _kdia_package(request: HttpRequest, package_id: int) -> Package:
    _require_kdia(request)
    package = _packages(request).filter(pk=package_id).first()
    if package is None:
        raise HttpError(404, gettext("No package with this id that you may see."))
    return package


@router.post(
    "/wishlists/packages/{package_id}/submit",
    response={200: PackageOut, **VERSIONED_ERRORS},
    summary="KDIA submits a draft package revision to DAPA, freezing it (If-Match required)",
)
def submit_package(request: HttpRequest, response: HttpResponse, package_id: int):
    package = _kdia_package(request, package_id)
    with transaction.atomic():
        locked = Package.objects.select_for_update().get(pk=package.pk)
        if locked.is_frozen:
            raise _conflict(gettext("This revision changed or was already submitted; check it again."))
        require_if_match(request, locked)
        try:
            services.submit_package(locked.pk, seen_version=version_of(locked), by=request.user)
        except services.StaleState:
            raise _conflict(
                gettext("This revision changed or was already submitted; check it again.")
            ) from None
    return _package_answer(response, package.pk)


@router.post(
    "/wishlists/packages/{package_id}/share",
    response={200: PackageOut, **WRITE_ERRORS},
    summary="KDIA shares a package with the programme's foreign contractors, or stops sharing it",
)
def share_package(request: HttpRequest, response: HttpResponse, package_id: int, payload: ShareIn):
    package = _kdia_package(request, package_id)
    services.share(package.pk, shared=payload.shared)
    return _package_answer(response, package.pk)


# --- DAPA's acknowledgement ---------------------------------------------------------------------


@router.post(
    "/wishlists/packages/{package_id}/acknowledge",
    response={200: PackageOut, **WRITE_ERRORS},
    summary="DAPA acknowledges receipt of a submitted package; KDIA and the companies are told",
)
def acknowledge_package(
    request: HttpRequest, response: HttpResponse, package_id: int, payload: AcknowledgeIn
):
    if not (request.user.is_dapa or request.user.is_superuser):
        raise ApiError(403, "forbidden", gettext("Packages are acknowledged by DAPA."))
    package = _packages(request).filter(pk=package_id).first()
    if package is None:
        raise HttpError(404, gettext("No package with this id that you may see."))
    form = AcknowledgeForm(payload.dict())
    if not form.is_valid():
        refuse_form(form)
    try:
        services.acknowledge(package.pk, note=form.cleaned_data["note"], by=request.user)
    except services.StaleState:
        raise _conflict(gettext("This package is already acknowledged.")) from None
    return _package_answer(response, package.pk)
