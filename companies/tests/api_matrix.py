"""The directory's write operations for every persona (collected by tests/test_api_operations.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from companies.models import Company, Product, ShortlistEntry
from companies.testing import png_bytes
from core.testing import ApiOperation

GATED = {"anonymous": "unauthorised", "pending": "forbidden", "kdia_no_2fa": "forbidden"}
# Public reads: a guest too; the organisation gates still refuse a pending member and unverified staff.
GATED_PUBLIC = {"pending": "forbidden", "kdia_no_2fa": "forbidden"}
# The company's own members and KDIA edit a profile; another company finds nothing to edit.
EDITORS = {**GATED, "foreign": "forbidden", "dapa": "forbidden", "other_korean": "missing"}
# The draft profile belongs to the other Korean company.
DRAFT_EDITORS = {**EDITORS, "other_korean": "ok", "korean_admin": "missing", "korean_member": "missing"}
CONTRACTOR_ONLY = {
    **GATED,
    **dict.fromkeys(("korean_admin", "korean_member", "other_korean", "kdia", "dapa"), "forbidden"),
}


def if_match(record_of):
    """An If-Match header with the record's current ETag, read from the database."""

    def headers(world, client):
        from api.concurrency import etag_of

        return {"If-Match": etag_of(record_of(world))}

    return headers


def published(world):
    return {"brn": world.directory.published.brn}


def draft(world):
    return {"brn": world.directory.draft.brn}


def product(world):
    return {"product_id": world.directory.product.pk}


def shortlist(world):
    return {"shortlist_id": world.directory.shortlist.pk}


def entry(world):
    return {"shortlist_id": world.directory.shortlist.pk, "brn": world.directory.published.brn}


def emptied_shortlist(world):
    ShortlistEntry.objects.filter(pk=world.directory.entry.pk).delete()
    return shortlist(world)


def logo(world):
    return {"brn": world.directory.published.brn, "kind": "logo"}


def png_upload(world):
    return {"file": SimpleUploadedFile("logo.png", png_bytes((120, 90)), content_type="image/png")}


def fresh_company(world):
    return Company.objects.get(pk=world.directory.published.pk)


def fresh_product(world):
    return Product.objects.get(pk=world.directory.product.pk)


OPERATIONS = [
    ApiOperation(
        "PATCH",
        "/api/v1/companies/{brn}",
        kwargs=published,
        body=lambda w: {"name_en": "Garam Precision Co.", "fields": ["naval"]},
        headers=if_match(fresh_company),
        outcomes=EDITORS,
    ),
    ApiOperation(
        "PATCH",
        "/api/v1/companies/{brn}",
        kwargs=published,
        body=lambda w: {"name_en": "Garam Precision Co."},
        default="conflict",
        outcomes=EDITORS,
        label="without If-Match",
    ),
    ApiOperation("POST", "/api/v1/companies/{brn}/submit", kwargs=draft, outcomes=DRAFT_EDITORS),
    ApiOperation(
        "POST",
        "/api/v1/companies/{brn}/submit",
        kwargs=published,
        default="conflict",
        outcomes=EDITORS,
        label="published already",
    ),
    ApiOperation(
        "POST",
        "/api/v1/companies/{brn}/products",
        kwargs=published,
        body=lambda w: {
            "name_en": "Hull sonar dome",
            "trl": 6,
            "specifications": [{"name": "Mass", "value": "40"}],
        },
        default="created",
        outcomes=EDITORS,
    ),
    ApiOperation(
        "PATCH",
        "/api/v1/products/{product_id}",
        kwargs=product,
        body=lambda w: {"trl": 8},
        headers=if_match(fresh_product),
        outcomes=EDITORS,
    ),
    ApiOperation(
        "DELETE",
        "/api/v1/products/{product_id}",
        kwargs=product,
        headers=if_match(fresh_product),
        default="deleted",
        outcomes=EDITORS,
    ),
    # JSON instead of a multipart image: refused as invalid once the caller may edit the product.
    ApiOperation(
        "POST",
        "/api/v1/products/{product_id}/photos",
        kwargs=product,
        default="invalid",
        outcomes=EDITORS,
    ),
    ApiOperation(
        "DELETE",
        "/api/v1/photos/{photo_id}",
        kwargs=lambda w: {"photo_id": w.directory.photo.pk},
        default="deleted",
        outcomes=EDITORS,
    ),
    # Files: downloads have the profile's visibility (public once published); edits are profile edits.
    ApiOperation("GET", "/api/v1/companies/{brn}/files", kwargs=published, outcomes=GATED_PUBLIC),
    ApiOperation("GET", "/api/v1/companies/{brn}/files/{kind}", kwargs=logo, outcomes=GATED_PUBLIC),
    ApiOperation(
        "POST",
        "/api/v1/companies/{brn}/files/{kind}",
        kwargs=logo,
        form=png_upload,
        headers=if_match(fresh_company),
        outcomes=EDITORS,
    ),
    ApiOperation(
        "POST",
        "/api/v1/companies/{brn}/files/{kind}",
        kwargs=logo,
        form=png_upload,
        default="conflict",
        outcomes=EDITORS,
        label="without If-Match",
    ),
    ApiOperation(
        "DELETE",
        "/api/v1/companies/{brn}/files/{kind}",
        kwargs=logo,
        headers=if_match(fresh_company),
        default="deleted",
        outcomes=EDITORS,
    ),
    ApiOperation(
        "GET",
        "/api/v1/photos/{photo_id}/{size}",
        kwargs=lambda w: {"photo_id": w.directory.photo.pk, "size": "thumb"},
        outcomes=GATED_PUBLIC,
    ),
    ApiOperation(
        "POST",
        "/api/v1/shortlists",
        body=lambda w: {"name": "Radar candidates"},
        default="created",
        outcomes=CONTRACTOR_ONLY,
    ),
    ApiOperation(
        "PATCH",
        "/api/v1/shortlists/{shortlist_id}",
        kwargs=shortlist,
        body=lambda w: {"name": "Naval shortlist"},
        outcomes=CONTRACTOR_ONLY,
    ),
    ApiOperation(
        "DELETE",
        "/api/v1/shortlists/{shortlist_id}",
        kwargs=shortlist,
        default="deleted",
        outcomes=CONTRACTOR_ONLY,
    ),
    ApiOperation(
        "POST",
        "/api/v1/shortlists/{shortlist_id}/entries",
        kwargs=emptied_shortlist,
        body=lambda w: {"company": w.directory.published.brn, "note": "Sonar housings"},
        default="created",
        outcomes=CONTRACTOR_ONLY,
    ),
    ApiOperation(
        "PATCH",
        "/api/v1/shortlists/{shortlist_id}/entries/{brn}",
        kwargs=entry,
        body=lambda w: {"note": "Visit in May"},
        outcomes=CONTRACTOR_ONLY,
    ),
    ApiOperation(
        "DELETE",
        "/api/v1/shortlists/{shortlist_id}/entries/{brn}",
        kwargs=entry,
        default="deleted",
        outcomes=CONTRACTOR_ONLY,
    ),
]


def path_ids(world) -> dict:
    """Every id a path of the directory, matching or messages API may hold (for the GET matrix)."""
    return {
        "brn": world.directory.published.brn,
        "product_id": world.directory.product.pk,
        "photo_id": world.directory.photo.pk,
        "shortlist_id": world.directory.shortlist.pk,
        "requirement_id": world.matching.published.pk,
        "eoi_id": world.matching.eoi.pk,
        "thread_id": 1,
    }
