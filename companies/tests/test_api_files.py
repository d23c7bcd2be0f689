"""A profile's logo and brochure, and product photos, over the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from api.concurrency import etag_of
from companies.models import Company
from companies.testing import png_bytes
from conftest import client_for
from core import uploads
from core.testing import api_key_for, key_client
from offsets.testing import PDF_BYTES

pytestmark = pytest.mark.django_db


def files_url(company, kind=None) -> str:
    base = f"/api/v1/companies/{company.brn}/files"
    return base if kind is None else f"{base}/{kind}"


def fresh(company) -> Company:
    return Company.objects.get(pk=company.pk)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_brochure_upload_with_a_key_then_download(world):
    company = world.directory.published
    client = key_client(api_key_for(world.users.korean_member))
    brochure = SimpleUploadedFile("brochure.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(
        files_url(company, "brochure"), {"file": brochure}, HTTP_IF_MATCH=etag_of(fresh(company))
    )
    assert response.status_code == 200, response.content
    assert response["ETag"] == etag_of(fresh(company))
    assert response.json()["brochure"]["url"] == files_url(company, "brochure")
    # A published profile's files are public, as on the page.
    downloaded = client_for(world, "anonymous").get(files_url(company, "brochure"))
    assert downloaded.status_code == 200 and body(downloaded) == PDF_BYTES
    assert downloaded["Content-Type"] == "application/pdf"


def test_uploads_are_checked_by_the_pages_form(world, monkeypatch):
    company = world.directory.published
    client = client_for(world, "korean_admin")
    headers = {"HTTP_IF_MATCH": etag_of(fresh(company))}
    html = SimpleUploadedFile("brochure.pdf", b"<html><script>alert(1)</script></html>")
    refused = client.post(files_url(company, "brochure"), {"file": html}, **headers)
    assert refused.status_code == 422
    assert (refused.json()["field"], refused.json()["code"]) == ("file", "not_a_pdf")
    # A PDF is no logo: the logo must be an image.
    pdf_logo = SimpleUploadedFile("logo.png", PDF_BYTES)
    assert client.post(files_url(company, "logo"), {"file": pdf_logo}, **headers).json()["field"] == "file"
    monkeypatch.setattr(uploads, "MAX_IMAGE_BYTES", 32)
    large = SimpleUploadedFile("logo.png", png_bytes((300, 200)))
    too_large = client.post(files_url(company, "logo"), {"file": large}, **headers)
    assert too_large.status_code == 422 and too_large.json()["code"] == "image_too_large"
    assert not fresh(company).brochure


def test_replacing_needs_the_current_etag(world):
    company = world.directory.published
    client = client_for(world, "korean_admin")

    def logo():
        return SimpleUploadedFile("logo.png", png_bytes((120, 90)))

    assert client.post(files_url(company, "logo"), {"file": logo()}).status_code == 428
    stale = client.post(files_url(company, "logo"), {"file": logo()}, HTTP_IF_MATCH='"stale"')
    assert stale.status_code == 412
    assert fresh(company).logo.name == company.logo.name


def test_replace_and_remove_delete_the_old_file_after_commit(world, django_capture_on_commit_callbacks):
    company = fresh(world.directory.published)
    old_storage, old_name = company.logo.storage, company.logo.name
    client = client_for(world, "korean_member")
    logo = SimpleUploadedFile("new-logo.png", png_bytes((120, 90), color=(200, 30, 30)))
    with django_capture_on_commit_callbacks(execute=True):
        replaced = client.post(files_url(company, "logo"), {"file": logo}, HTTP_IF_MATCH=etag_of(company))
    assert replaced.status_code == 200
    assert not old_storage.exists(old_name)
    company = fresh(company)
    new_name = company.logo.name
    assert new_name != old_name and old_storage.exists(new_name)
    with django_capture_on_commit_callbacks(execute=True):
        removed = client.delete(files_url(company, "logo"), HTTP_IF_MATCH=etag_of(company))
    assert removed.status_code == 204
    assert not fresh(company).logo and not old_storage.exists(new_name)
    assert client.get(files_url(company, "logo")).status_code == 404


def test_a_draft_profiles_files_stay_private(world):
    draft = world.directory.draft
    draft.logo.save("logo.png", SimpleUploadedFile("logo.png", png_bytes()), save=True)
    for persona in ("anonymous", "foreign", "korean_admin"):
        assert client_for(world, persona).get(files_url(draft, "logo")).status_code == 404, persona
        assert client_for(world, persona).get(files_url(draft)).status_code == 404, persona
    assert client_for(world, "other_korean").get(files_url(draft, "logo")).status_code == 200
    # Another company may not replace it.
    logo = SimpleUploadedFile("logo.png", png_bytes())
    refused = client_for(world, "korean_admin").post(
        files_url(draft, "logo"), {"file": logo}, HTTP_IF_MATCH="*"
    )
    assert refused.status_code == 404


def test_a_read_only_key_may_not_change_files(world):
    company = world.directory.published
    client = key_client(api_key_for(world.users.korean_admin, "read"))
    assert client.get(files_url(company, "logo")).status_code == 200
    refused = client.delete(files_url(company, "logo"), HTTP_IF_MATCH="*")
    assert refused.status_code == 403 and refused.json()["code"] == "read_only_key"
    assert fresh(company).logo


def test_photo_urls_download_through_the_api(world):
    photo = world.directory.photo
    client = client_for(world, "korean_admin")
    added = client.post(
        f"/api/v1/products/{photo.product_id}/photos",
        {"image": SimpleUploadedFile("top.png", png_bytes((200, 150)))},
    ).json()
    assert added["url"] == f"/api/v1/photos/{added['id']}/full"
    assert added["thumbnail_url"] == f"/api/v1/photos/{added['id']}/thumb"
    reader = key_client(api_key_for(world.users.foreign, "read"))
    full = reader.get(f"/api/v1/photos/{photo.pk}/full")
    assert full.status_code == 200 and body(full) == photo.image.open("rb").read()
    thumb = reader.get(f"/api/v1/photos/{photo.pk}/thumb")
    assert body(thumb) == photo.thumbnail.open("rb").read()
    assert reader.get(f"/api/v1/photos/{photo.pk}/huge").status_code == 422


def test_a_draft_profiles_photos_stay_private(world):
    from companies.models import Product
    from companies.testing import make_photo

    product = Product.objects.create(company=world.directory.draft, name_en="Radome panel")
    photo = make_photo(product)
    assert client_for(world, "foreign").get(f"/api/v1/photos/{photo.pk}/full").status_code == 404
    assert client_for(world, "other_korean").get(f"/api/v1/photos/{photo.pk}/full").status_code == 200
