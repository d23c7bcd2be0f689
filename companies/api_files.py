"""A profile's files (logo, brochure) and product photos over the API.

Downloads have the page's visibility (``Company.objects.visible_to``: a published profile's files
are public, a draft's only for its company and KDIA) and work with an API key, which the page
views do not take. Replacing or removing a file is a profile edit: the company's members or KDIA,
with the profile's ETag in If-Match, checked by the page's ``CompanyFilesForm`` (a logo is an image
re-encoded to at most 800 pixels, a brochure a PDF screened for active content). A replaced or
removed file leaves storage only once the change has committed.
"""

from __future__ import annotations

from typing import Literal

from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Field, File, Schema, Status
from ninja.files import UploadedFile

from api.concurrency import require_if_match, set_etag
from api.errors import first_form_error
from api.files import SERVED_FILE_RESPONSE, UPLOAD_FIELD, delete_on_commit, download, removed_on_failure
from companies.api import ErrorOut, router
from companies.api_editing import ERRORS, editable_company
from companies.api_support import error, not_found
from companies.forms import CompanyFilesForm
from companies.models import Company, ProductPhoto
from core.attachments import IMAGE_SUFFIXES
from core.identifiers import normalise_brn

# The same two files as the page (companies.views.files.COMPANY_FILES).
FileKind = Literal["logo", "brochure"]
FILE_KINDS = ("logo", "brochure")


class CompanyFileOut(Schema):
    kind: str = Field(..., description="logo or brochure.")
    size: int | None = Field(None, description="Bytes, when the storage can tell.")
    is_image: bool
    url: str = Field(..., description="Download address under /api/v1, with the profile's visibility.")


class CompanyFilesOut(Schema):
    logo: CompanyFileOut | None = Field(None, description="Absent when the profile has no logo.")
    brochure: CompanyFileOut | None = Field(None, description="Absent when the profile has no brochure.")


def _file_out(company: Company, kind: str) -> dict | None:
    field_file = getattr(company, kind)
    if not field_file:
        return None
    try:
        size = field_file.size
    except (OSError, ValueError):  # missing from storage: still listed, the download says 404
        size = None
    return {
        "kind": kind,
        "size": size,
        "is_image": "." + field_file.name.rsplit(".", 1)[-1].lower() in IMAGE_SUFFIXES,
        "url": reverse("api-1:download_company_file", kwargs={"brn": company.brn, "kind": kind}),
    }


def _files_out(response: HttpResponse, company: Company) -> dict:
    set_etag(response, company)
    return {kind: _file_out(company, kind) for kind in FILE_KINDS}


def _visible_company(request, brn: str) -> Company:
    company = Company.objects.visible_to(request.user).filter(brn=normalise_brn(brn or "")).first()
    if company is None:
        raise not_found(gettext("No company with this business registration number."))
    return company


@router.get(
    "/companies/{brn}/files",
    response={200: CompanyFilesOut, 404: ErrorOut},
    summary="A profile's logo and brochure (the ETag is the profile's version, for If-Match)",
    auth=None,
)
def list_company_files(request, brn: str, response: HttpResponse):
    return _files_out(response, _visible_company(request, brn))


@router.get(
    "/companies/{brn}/files/{kind}",
    response={404: ErrorOut},
    openapi_extra={"responses": SERVED_FILE_RESPONSE},
    url_name="download_company_file",
    summary="Download a profile's logo or brochure (with the profile's visibility)",
    auth=None,
)
def download_company_file(request, brn: str, kind: FileKind):
    company = _visible_company(request, brn)
    field_file = getattr(company, kind)
    if not field_file:
        raise not_found(gettext("This profile has no such file."))
    return download(request, field_file, name=f"{company.brn}-{kind}")


# POST rather than PUT: Django reads multipart bodies only from POST requests.
@router.post(
    "/companies/{brn}/files/{kind}",
    response={200: CompanyFilesOut, **ERRORS},
    summary="Upload or replace a profile's logo (image) or brochure (PDF) (multipart: file; If-Match)",
)
def replace_company_file(
    request, brn: str, kind: FileKind, response: HttpResponse, file: File[UploadedFile] = None
):
    editable_company(request, brn)  # 403/404 before the file is read, so ids reveal nothing
    if file is None:
        return error(422, gettext("Choose a file to upload."), field=UPLOAD_FIELD, code="required")
    form = CompanyFilesForm(data={}, files={kind: file})
    if not form.is_valid():
        # The page's form names its own field; the caller sent the multipart part "file".
        field, code, message, _total = first_form_error(form)
        return error(422, message, field=UPLOAD_FIELD if field == kind else field, code=code)
    with transaction.atomic():
        company = editable_company(request, brn, lock=True)
        require_if_match(request, company)
        previous = getattr(company, kind)
        old = (previous.storage, previous.name) if previous else None
        with removed_on_failure(getattr(company, kind)):
            getattr(company, kind).save(form.cleaned_data[kind].name, form.cleaned_data[kind], save=False)
            company.save()
        if old is not None:
            transaction.on_commit(lambda: old[0].delete(old[1]))
    return _files_out(response, Company.objects.get(pk=company.pk))


@router.delete(
    "/companies/{brn}/files/{kind}",
    response={204: None, **ERRORS},
    summary="Remove a profile's logo or brochure (If-Match with the profile's ETag)",
)
def remove_company_file(request, brn: str, kind: FileKind, response: HttpResponse):
    editable_company(request, brn)
    with transaction.atomic():
        company = editable_company(request, brn, lock=True)
        require_if_match(request, company)
        field_file = getattr(company, kind)
        if field_file:
            delete_on_commit(field_file)
            setattr(company, kind, "")
            company.save()
    return Status(204, None)


@router.get(
    "/photos/{photo_id}/{size}",
    response={404: ErrorOut},
    openapi_extra={"responses": SERVED_FILE_RESPONSE},
    url_name="download_photo",
    summary="Download a product photo, full size or its thumbnail (with the company's visibility)",
    auth=None,
)
def download_photo(request, photo_id: int, size: Literal["full", "thumb"]):
    photo = (
        ProductPhoto.objects.filter(product__company__in=Company.objects.visible_to(request.user))
        .filter(pk=photo_id)
        .first()
    )
    if photo is None:
        raise not_found(gettext("No photo with this id that you may see."))
    field_file = photo.thumbnail if size == "thumb" and photo.thumbnail else photo.image
    return download(request, field_file)
