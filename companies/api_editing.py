"""Editing the directory over the API: a profile, its sub-records, products and their photos.

The same permission path as the pages (``editable_by``: the company's own members, KDIA for any
profile), the same forms (so the same validation messages) and the same side effects (a saved
profile answers a "needs update" flag; a product change bumps the profile's version). Updates and
deletions need the record's ETag in If-Match, so nobody overwrites a change they have not seen.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Field, File, Form, Schema, Status
from ninja.files import UploadedFile

from api.concurrency import require_if_match, set_etag
from companies import services
from companies.api import CompanyDetailOut, ErrorOut, ProductOut, _product_out, company_detail, router
from companies.api_support import (
    ERROR_STATUSES,
    Id,
    Int32,
    current_values,
    error,
    form_error,
    merged,
    not_found,
    refuse,
    use_keys,
)
from companies.forms import (
    CertificationForm,
    CompanyForm,
    ContactForm,
    PhotoForm,
    ProductForm,
    SpecificationFormSet,
    TrackRecordForm,
)
from companies.models import (
    Certification,
    Company,
    Contact,
    Product,
    ProductPhoto,
    Specification,
    TrackRecord,
)
from core import uploads
from core.identifiers import normalise_brn

ERRORS = dict.fromkeys(ERROR_STATUSES, ErrorOut)
# Taxonomy terms a body names by code (defence fields) or number (offset fields) rather than by id.
COMPANY_KEYS = {"fields": "code", "offset_fields": "number"}


class CertificationIn(Schema):
    type: Id = Field(..., description="Certification type id.")
    number: str = Field("", max_length=100, description="Certificate number.")
    issuer: str = Field("", max_length=200, description="Who issued it.")
    expires_on: date | None = Field(None, description="Expiry date (YYYY-MM-DD), if any.")


class TrackRecordIn(Schema):
    kind: str = Field(..., description="Kind of record (as on the profile page's form).")
    programme_ko: str = Field("", description="Programme or project, in Korean.")
    programme_en: str = Field("", description="Programme or project, in English.")
    partner: str = Field("", description="The partner or customer.")
    year: Int32 | None = Field(None, description="Year.")
    value: str | None = Field(None, description="Contract value as a decimal number.")
    currency: str = Field("", description="ISO 4217 currency of the value, e.g. USD or KRW.")
    role_ko: str = Field("", description="The company's role, in Korean.")
    role_en: str = Field("", description="The company's role, in English.")


class ContactIn(Schema):
    name: str = Field(..., description="Contact person's name.")
    title: str = Field("", description="Job title.")
    email: str = Field("", description="E-mail address.")
    phone: str = Field("", description="Telephone number.")


class CompanyIn(Schema):
    """Only the fields given change; lists replace what the profile had."""

    name_ko: str | None = Field(None, description="Name in Korean (a Korean or English name is required).")
    name_en: str | None = Field(None, description="Name in English.")
    ceo_ko: str | None = Field(None, description="CEO's name in Korean.")
    ceo_en: str | None = Field(None, description="CEO's name in English.")
    founded: Int32 | None = Field(None, description="Year founded (1900-2100).")
    employees: Int32 | None = Field(None, description="Number of employees.")
    size_class: str | None = Field(None, description="sme, mid or large.")
    region: str | None = Field(None, description="Region code, e.g. gyeongnam.")
    address_ko: str | None = Field(None, description="Address in Korean.")
    address_en: str | None = Field(None, description="Address in English.")
    website: str | None = Field(None, description="Website address.")
    description_ko: str | None = Field(None, description="Description in Korean.")
    description_en: str | None = Field(None, description="Description in English.")
    fields: list[str] | None = Field(None, description="Defence field codes, e.g. naval.")
    capabilities: list[Id] | None = Field(None, description="Capability ids.")
    offset_fields: list[Int32] | None = Field(
        None, description="Offset field numbers 1-7 (6 and 7 only together with one of 1-5)."
    )
    offset_types: list[str] | None = Field(
        None,
        description="direct_defence, direct_commercial, indirect_defence and/or indirect_commercial.",
    )
    certifications: list[CertificationIn] | None = Field(
        None, max_length=50, description="Replaces the profile's certifications."
    )
    track_records: list[TrackRecordIn] | None = Field(
        None, max_length=50, description="Replaces the profile's track record."
    )
    contacts: list[ContactIn] | None = Field(
        None, max_length=50, description="Replaces the profile's contact people."
    )


# Sub-records a body may replace: (body key, form, model).
SUB_RECORDS = (
    ("certifications", CertificationForm, Certification),
    ("track_records", TrackRecordForm, TrackRecord),
    ("contacts", ContactForm, Contact),
)


def editable_company(request, brn: str, *, lock: bool = False) -> Company:
    user = request.user
    refuse(
        not (user.is_kdia or user.is_superuser or user.is_korean_company),
        gettext("Only the company's own members and KDIA edit a profile."),
    )
    companies = Company.objects.editable_by(user)
    if lock:
        companies = companies.select_for_update()
    company = companies.filter(brn=normalise_brn(brn or "")).first()
    if company is None:
        raise not_found(gettext("No company with this business registration number that you may edit."))
    return company


def editable_product(request, product_id: int, *, lock: bool = False) -> Product:
    user = request.user
    refuse(
        not (user.is_kdia or user.is_superuser or user.is_korean_company),
        gettext("Only the company's own members and KDIA edit its products."),
    )
    products = Product.objects.editable_by(user)
    if lock:
        products = products.select_for_update(of=("self",))
    product = products.select_related("company").filter(pk=product_id).first()
    if product is None:
        raise not_found(gettext("No product with this id that you may edit."))
    return product


def _sub_record_forms(payload) -> tuple[dict, Status | None]:
    """Each given sub-record list checked by the page's form: ({key: [forms]}, first refusal)."""
    checked = {}
    given = payload.dict(exclude_unset=True)
    for key, form_class, _model in SUB_RECORDS:
        if given.get(key) is None:
            continue
        checked[key] = []
        for index, item in enumerate(given[key]):
            form = form_class(data={name: "" if value is None else value for name, value in item.items()})
            if not form.is_valid():
                return {}, form_error(form, prefix=f"{key}[{index}].")
            checked[key].append(form)
    return checked, None


def _replace_sub_records(company: Company, checked: dict) -> None:
    for key, _form_class, model in SUB_RECORDS:
        if key in checked:
            model.objects.filter(company=company).delete()
            for form in checked[key]:
                record = form.save(commit=False)
                record.company = company
                record.save()


@router.patch(
    "/companies/{brn}",
    response={200: CompanyDetailOut, **ERRORS},
    summary="Update a company profile (its members or KDIA; If-Match with the profile's ETag)",
)
def update_company(request, brn: str, payload: CompanyIn, response: HttpResponse):
    editable_company(request, brn)  # 403/404 before the version check, so ids reveal nothing
    with transaction.atomic():
        company = editable_company(request, brn, lock=True)
        require_if_match(request, company)
        values = current_values(company, CompanyForm, keys=COMPANY_KEYS)
        values["offset_types"] = company.offset_type_list
        skip = tuple(key for key, _form, _model in SUB_RECORDS)
        form = CompanyForm(merged(values, payload, skip=skip), instance=company)
        use_keys(form, COMPANY_KEYS)
        if not form.is_valid():
            return form_error(form)
        checked, refusal = _sub_record_forms(payload)
        if refusal is not None:
            return refusal
        company = form.save()
        _replace_sub_records(company, checked)
        services.owner_saved(company)
    company = Company.objects.get(pk=company.pk)
    set_etag(response, company)
    return company_detail(request, company)


@router.post(
    "/companies/{brn}/submit",
    response={200: CompanyDetailOut, **ERRORS},
    summary="Ask KDIA to verify and publish a draft profile",
)
def submit_company(request, brn: str, response: HttpResponse):
    company = editable_company(request, brn)
    try:
        company = services.submit_for_verification(company)
    except services.WorkflowError:
        return error(409, gettext("Only a draft profile can be submitted."), field="status", code="conflict")
    set_etag(response, company)
    return company_detail(request, company)


class SpecificationIn(Schema):
    name: str = Field(..., description="What is measured, e.g. Frequency.")
    value: str = Field(..., description="The value, e.g. 3.5.")
    unit: str = Field("", description="The unit, e.g. kHz.")


class ProductIn(Schema):
    """Only the fields given change; ``specifications`` replaces the sheet."""

    name_ko: str | None = Field(None, description="Name in Korean (a Korean or English name is required).")
    name_en: str | None = Field(None, description="Name in English.")
    description_ko: str | None = Field(None, description="Description in Korean.")
    description_en: str | None = Field(None, description="Description in English.")
    category: Id | None = Field(None, description="Product category id.")
    hs_code: str | None = Field(None, description="HS code, 6 to 10 digits.")
    nsn: str | None = Field(None, description="NATO Stock Number, NNNN-NN-NNN-NNNN.")
    trl: Int32 | None = Field(None, description="Technology readiness level 1-9.")
    platforms_ko: str | None = Field(None, description="Platforms it fits, in Korean.")
    platforms_en: str | None = Field(None, description="Platforms it fits, in English.")
    export_controlled: bool | None = Field(None, description="Export-controlled.")
    promising_item: bool | None = Field(None, description="On DAPA's offset promising-item list.")
    specifications: list[SpecificationIn] | None = Field(
        None, max_length=100, description="Replaces the specification sheet, in this order."
    )


def _save_product(company: Company, product: Product, payload):
    """Validate with the page's forms and save atomically; a Status on refusal, else the product."""
    values = current_values(product, ProductForm)
    form = ProductForm(merged(values, payload, skip=("specifications",)), instance=product, company=company)
    if not form.is_valid():
        return form_error(form)
    specifications = payload.dict(exclude_unset=True).get("specifications")
    spec_forms = []
    for index, item in enumerate(specifications or []):
        spec_form = SpecificationFormSet.form(data=item)
        if not spec_form.is_valid():
            return form_error(spec_form, prefix=f"specifications[{index}].")
        spec_forms.append(spec_form)
    try:
        with transaction.atomic():
            product = form.save()
            if specifications is not None:
                product.specifications.all().delete()
                for order, spec_form in enumerate(spec_forms):
                    Specification.objects.create(product=product, order=order, **spec_form.cleaned_data)
            services.touch(company)
            services.owner_saved(company)
    except IntegrityError:  # another save took the name between the form's check and ours
        return error(
            409,
            gettext("This company already has a product with this name."),
            field="name_ko",
            code="conflict",
        )
    return product


def _product_response(response: HttpResponse, product: Product, status: int = 200):
    product = (
        Product.objects.select_related("company", "category")
        .prefetch_related("specifications")
        .get(pk=product.pk)
    )
    set_etag(response, product)
    return Status(status, _product_out(product))


@router.post(
    "/companies/{brn}/products",
    response={201: ProductOut, **ERRORS},
    summary="Add a product to a company's catalogue",
)
def create_product(request, brn: str, payload: ProductIn, response: HttpResponse):
    company = editable_company(request, brn)
    result = _save_product(company, Product(company=company), payload)
    if isinstance(result, Status):
        return result
    return _product_response(response, result, 201)


@router.patch(
    "/products/{product_id}",
    response={200: ProductOut, **ERRORS},
    summary="Update a product (If-Match with the product's ETag)",
)
def update_product(request, product_id: int, payload: ProductIn, response: HttpResponse):
    editable_product(request, product_id)
    with transaction.atomic():
        product = editable_product(request, product_id, lock=True)
        require_if_match(request, product)
        result = _save_product(product.company, product, payload)
    if isinstance(result, Status):
        return result
    return _product_response(response, result)


@router.delete(
    "/products/{product_id}",
    response={204: None, **ERRORS},
    summary="Delete a product with its photos (If-Match with the product's ETag)",
)
def delete_product(request, product_id: int):
    editable_product(request, product_id)
    with transaction.atomic():
        product = editable_product(request, product_id, lock=True)
        require_if_match(request, product)
        company = product.company
        photos = list(product.photos.all())
        product.delete()
        services.touch(company)
        # Files go only once the rows are gone for good.
        transaction.on_commit(lambda: [_delete_photo_files(photo) for photo in photos])
    return Status(204, None)


class PhotoOut(Schema):
    id: int
    product: int
    caption: str
    url: str = Field(..., description="The photo, downloaded through the API with the company's visibility.")
    thumbnail_url: str = Field(..., description="Its thumbnail, downloaded the same way.")


def _photo_out(photo: ProductPhoto) -> dict:
    return {
        "id": photo.pk,
        "product": photo.product_id,
        "caption": photo.caption,
        # The API's own downloads: a program holding a key cannot use the pages' session-bound views.
        "url": reverse("api-1:download_photo", kwargs={"photo_id": photo.pk, "size": "full"}),
        "thumbnail_url": reverse("api-1:download_photo", kwargs={"photo_id": photo.pk, "size": "thumb"}),
    }


@router.post(
    "/products/{product_id}/photos",
    response={201: PhotoOut, **ERRORS},
    summary="Add a photo to a product (multipart: image, caption; checked and re-encoded by content)",
)
def add_photo(
    request,
    product_id: int,
    image: File[UploadedFile] = None,
    caption: Form[str] = "",
):
    product = editable_product(request, product_id)
    form = PhotoForm(data={"caption": caption}, files={"image": image} if image else {})
    if not form.is_valid():
        return form_error(form)
    checked = form.cleaned_data["image"]
    thumbnail = uploads.make_thumbnail(checked)
    with transaction.atomic():
        photo = ProductPhoto(
            product=product, caption=form.cleaned_data["caption"], order=product.photos.count()
        )
        photo.image.save(checked.name, checked, save=False)
        photo.thumbnail.save(thumbnail.name, thumbnail, save=False)
        photo.save()
        services.touch(product.company)
    return Status(201, _photo_out(photo))


@router.delete(
    "/photos/{photo_id}",
    response={204: None, **ERRORS},
    summary="Remove a product photo",
)
def delete_photo(request, photo_id: int):
    user = request.user
    refuse(
        not (user.is_kdia or user.is_superuser or user.is_korean_company),
        gettext("Only the company's own members and KDIA edit its products."),
    )
    photo = (
        ProductPhoto.objects.filter(product__in=Product.objects.editable_by(user))
        .select_related("product__company")
        .filter(pk=photo_id)
        .first()
    )
    if photo is None:
        raise not_found(gettext("No photo with this id that you may edit."))
    with transaction.atomic():
        photo.delete()
        services.touch(photo.product.company)
        transaction.on_commit(lambda: _delete_photo_files(photo))
    return Status(204, None)


def _delete_photo_files(photo: ProductPhoto) -> None:
    photo.image.delete(save=False)
    if photo.thumbnail:
        photo.thumbnail.delete(save=False)


# The file operations (logo, brochure, photo downloads) join this router when it is imported.
from companies import api_files  # noqa: E402, F401
