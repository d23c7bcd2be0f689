"""Read API of the directory: the same visibility and the same filters as the pages.

Single records carry an ETag (their version) for the If-Match of the writes in ``api_editing``
(profiles, products, photos) and ``api_shortlists`` (a contractor's shortlists).
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from api.concurrency import set_etag
from api.errors import ErrorOut  # other apps import it from here
from companies.api_support import Id
from companies.filters import CompanyFilter, ProductFilter, highest_trl
from companies.models import Certification, Company, Contact, Product
from core.identifiers import normalise_brn

# Guests read published profiles (auth=None on the reads); the writes in api_editing and
# api_shortlists take the API's own authentication.
router = Router(tags=["directory"])

MAX_LIMIT = 100


class PageQuery(Schema):
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description="Items per page (1-100).")
    offset: int = Field(0, ge=0, le=1_000_000_000, description="Items to skip.")  # beyond: SQL overflow


class CompanyQuery(PageQuery):
    q: str | None = Field(
        None, max_length=1000, description="Free text in Korean or English; results by relevance."
    )
    field: list[str] = Field(default_factory=list, description="Defence field codes, e.g. naval.")
    capability: list[Id] = Field(default_factory=list, description="Capability ids.")
    region: list[str] = Field(default_factory=list, description="Region codes, e.g. gyeongnam.")
    size: list[str] = Field(default_factory=list, description="Size classes: sme, mid, large.")
    certification: list[Id] = Field(default_factory=list, description="Certification type ids.")
    offset_field: list[Id] = Field(default_factory=list, description="Offset fields 1-7.")
    trl: int | None = Field(None, ge=1, le=9, description="Companies with a product at this TRL or above.")
    sort: str | None = Field(None, description="name, -updated, founded or -employees.")


class ProductQuery(PageQuery):
    q: str | None = Field(
        None, max_length=1000, description="Free text in Korean or English; results by relevance."
    )
    category: list[Id] = Field(default_factory=list, description="Product category ids.")
    field: list[str] = Field(default_factory=list)
    capability: list[Id] = Field(default_factory=list)
    region: list[str] = Field(default_factory=list)
    size: list[str] = Field(default_factory=list)
    certification: list[Id] = Field(default_factory=list)
    offset_field: list[Id] = Field(default_factory=list)
    trl: int | None = Field(None, ge=1, le=9)
    promising: bool | None = None
    company: str | None = Field(None, description="The maker's business registration number.")
    sort: str | None = Field(None, description="name, -updated or -trl.")


class CertificationOut(Schema):
    name: str
    number: str
    issuer: str
    expires_on: date | None
    expired: bool


class CompanyOut(Schema):
    brn: str
    name_ko: str
    name_en: str
    size_class: str
    region: str
    fields: list[str]
    capabilities: list[str]
    offset_fields: list[int]
    certifications: list[CertificationOut]
    founded: int | None
    employees: int | None
    website: str
    status: str
    last_verified_at: datetime | None
    updated_at: datetime
    product_count: int
    url: str


class ProductOut(Schema):
    id: int
    company_brn: str
    company_name_ko: str
    company_name_en: str
    name_ko: str
    name_en: str
    description_ko: str
    description_en: str
    category: str | None
    hs_code: str
    nsn: str
    trl: int | None
    platforms_ko: str
    platforms_en: str
    export_controlled: bool
    promising_item: bool
    specifications: list[dict]
    url: str


class TrackRecordOut(Schema):
    kind: str
    programme_ko: str
    programme_en: str
    partner: str
    year: int | None
    value: str | None
    currency: str
    role_ko: str
    role_en: str


class ContactOut(Schema):
    name: str
    title: str
    email: str
    phone: str


class CompanyDetailOut(CompanyOut):
    ceo_ko: str
    ceo_en: str
    address_ko: str
    address_en: str
    description_ko: str
    description_en: str
    offset_types: list[str]
    products: list[ProductOut]
    track_records: list[TrackRecordOut]
    contacts: list[ContactOut] | None = Field(
        None, description="Only for signed-in foreign contractors, KDIA, DAPA and the company itself."
    )


class CompanyPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CompanyOut]


class ProductPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ProductOut]


def _filtered(filterset_class, request: HttpRequest, queryset):
    filterset = filterset_class(request.GET, queryset=queryset)
    if not filterset.is_valid():
        field, errors = next(iter(filterset.errors.items()))
        raise HttpError(400, f"{field}: {' '.join(errors)}")
    return filterset.qs


def _company_out(company: Company) -> dict:
    return {
        "brn": company.brn,
        "name_ko": company.name_ko,
        "name_en": company.name_en,
        "size_class": company.size_class,
        "region": company.region,
        "fields": [field.code for field in company.fields.all()],
        "capabilities": [capability.name for capability in company.capabilities.all()],
        "offset_fields": [field.number for field in company.offset_fields.all()],
        "certifications": [
            {
                "name": cert.type.name,
                "number": cert.number,
                "issuer": cert.issuer,
                "expires_on": cert.expires_on,
                "expired": cert.is_expired,
            }
            for cert in company.certifications.all()
        ],
        "founded": company.founded,
        "employees": company.employees,
        "website": company.website,
        "status": company.status,
        "last_verified_at": company.last_verified_at,
        "updated_at": company.updated_at,
        "product_count": getattr(company, "product_count", None) or company.products.count(),
        "url": reverse("companies:company_detail", args=[company.brn]),
    }


def _product_out(product: Product) -> dict:
    return {
        "id": product.pk,
        "company_brn": product.company.brn,
        "company_name_ko": product.company.name_ko,
        "company_name_en": product.company.name_en,
        "name_ko": product.name_ko,
        "name_en": product.name_en,
        "description_ko": product.description_ko,
        "description_en": product.description_en,
        "category": product.category.name if product.category else None,
        "hs_code": product.hs_code,
        "nsn": product.nsn,
        "trl": product.trl,
        "platforms_ko": product.platforms_ko,
        "platforms_en": product.platforms_en,
        "export_controlled": product.export_controlled,
        "promising_item": product.promising_item,
        "specifications": [
            {"name": spec.name, "value": spec.value, "unit": spec.unit}
            for spec in product.specifications.all()
        ],
        "url": reverse("companies:product_detail", args=[product.pk]),
    }


CERTS = Prefetch("certifications", Certification.objects.select_related("type"))


@router.get(
    "/companies", response={200: CompanyPage, 400: ErrorOut}, summary="Companies in the directory", auth=None
)
def list_companies(request, query: Query[CompanyQuery]):
    queryset = _filtered(CompanyFilter, request, Company.objects.visible_to(request.user))
    count = queryset.count()
    page_ids = list(queryset.values_list("pk", flat=True)[query.offset : query.offset + query.limit])
    loaded = highest_trl(Company.objects.filter(pk__in=page_ids)).prefetch_related(
        "fields", "capabilities", "offset_fields", CERTS
    )
    by_pk = {company.pk: company for company in loaded}
    items = [_company_out(by_pk[pk]) for pk in page_ids]
    return {"count": count, "limit": query.limit, "offset": query.offset, "items": items}


@router.get(
    "/companies/{brn}",
    response={200: CompanyDetailOut, 404: ErrorOut},
    summary="One company with its products (the ETag is the profile's version, for If-Match)",
    auth=None,
)
def get_company(request, brn: str, response: HttpResponse):
    company = Company.objects.visible_to(request.user).filter(brn=normalise_brn(brn)).first()
    if company is None:
        raise HttpError(404, gettext("No company with this business registration number."))
    set_etag(response, company)
    return company_detail(request, company)


def company_detail(request, company: Company) -> dict:
    """A profile as GET /companies/{brn} shows it to ``request.user``."""
    company = (
        Company.objects.prefetch_related("fields", "capabilities", "offset_fields", CERTS, "track_records")
        .filter(pk=company.pk)
        .get()
    )
    products = company.products.select_related("company", "category").prefetch_related("specifications")
    contacts = Contact.objects.visible_to(request.user).filter(company=company)
    may_see_contacts = Company.objects.with_contacts_visible_to(request.user).filter(pk=company.pk).exists()
    return {
        **_company_out(company),
        "ceo_ko": company.ceo_ko,
        "ceo_en": company.ceo_en,
        "address_ko": company.address_ko,
        "address_en": company.address_en,
        "description_ko": company.description_ko,
        "description_en": company.description_en,
        "offset_types": company.offset_type_list,
        "products": [_product_out(product) for product in products],
        "track_records": [
            {
                "kind": record.kind,
                "programme_ko": record.programme_ko,
                "programme_en": record.programme_en,
                "partner": record.partner,
                "year": record.year,
                "value": str(record.value) if record.value is not None else None,
                "currency": record.currency,
                "role_ko": record.role_ko,
                "role_en": record.role_en,
            }
            for record in company.track_records.all()
        ],
        "contacts": [{"name": c.name, "title": c.title, "email": c.email, "phone": c.phone} for c in contacts]
        if may_see_contacts
        else None,
    }


@router.get(
    "/products", response={200: ProductPage, 400: ErrorOut}, summary="Products in the catalogue", auth=None
)
def list_products(request, query: Query[ProductQuery]):
    queryset = _filtered(ProductFilter, request, Product.objects.visible_to(request.user))
    count = queryset.count()
    page = queryset.select_related("company", "category").prefetch_related("specifications")[
        query.offset : query.offset + query.limit
    ]
    return {
        "count": count,
        "limit": query.limit,
        "offset": query.offset,
        "items": [_product_out(p) for p in page],
    }


@router.get(
    "/products/{product_id}",
    response={200: ProductOut, 404: ErrorOut},
    summary="One product (the ETag is its version, for If-Match)",
    auth=None,
)
def get_product(request, product_id: int, response: HttpResponse):
    product = (
        Product.objects.visible_to(request.user)
        .select_related("company", "category")
        .prefetch_related("specifications")
        .filter(pk=product_id)
        .first()
    )
    if product is None:
        raise HttpError(404, gettext("No product with this id that you may see."))
    set_etag(response, product)
    return _product_out(product)


# The write operations, one module per topic, join this router when it is imported.
from companies import api_editing, api_shortlists  # noqa: E402, F401
