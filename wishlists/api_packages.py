"""Wish-list packages over the API: KDIA sees every revision, DAPA the submitted ones, a
programme's foreign contractors the ones KDIA shared with them (``Package.objects.visible_to``,
as the package pages). A submitted package is read from its frozen snapshot."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from api.concurrency import set_etag
from companies.api import ErrorOut, PageQuery
from offsets.api_common import MoneyOut, money, page
from wishlists import exporting
from wishlists.choices import PackageStatus
from wishlists.models import Package

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
