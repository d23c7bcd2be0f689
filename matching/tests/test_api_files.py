"""An expression of interest's attachments over the API: checks, visibility and editability."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import client_for
from core import uploads
from core.testing import api_key_for, key_client
from matching.models import EoiAttachment
from offsets.testing import PDF_BYTES

pytestmark = pytest.mark.django_db


def url(eoi, attachment_id=None) -> str:
    base = f"/api/v1/eois/{eoi.pk}/attachments"
    return base if attachment_id is None else f"{base}/{attachment_id}"


def pdf(name="capability.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_company_attaches_to_its_draft_and_the_owner_downloads_once_sent(world):
    draft = world.matching.draft_eoi  # the other Korean company's draft, on the contractor's requirement
    company = key_client(api_key_for(world.users.other_korean))
    added = company.post(url(draft), {"file": pdf()})
    assert added.status_code == 201, added.content
    attachment_id = added.json()["id"]
    # A draft is the company's own: the contractor cannot see it yet.
    assert client_for(world, "foreign").get(url(draft, attachment_id)).status_code == 404
    assert company.post(f"/api/v1/eois/{draft.pk}/submit").status_code == 200
    owner = key_client(api_key_for(world.users.foreign, "read"))
    assert [item["id"] for item in owner.get(url(draft)).json()] == [attachment_id]
    downloaded = owner.get(added.json()["url"])
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == PDF_BYTES
    # Sent: the company may no longer add files.
    assert company.post(url(draft), {"file": pdf()}).status_code == 409


def test_html_named_pdf_and_oversize_are_refused_naming_the_field(world, monkeypatch):
    draft = world.matching.draft_eoi
    client = client_for(world, "other_korean")
    html = client.post(url(draft), {"file": pdf("offer.pdf", b"<html><body>offer</body></html>")})
    assert html.status_code == 422
    assert (html.json()["field"], html.json()["code"]) == ("file", "not_a_document")
    monkeypatch.setattr(uploads, "MAX_PDF_BYTES", 64)
    large = client.post(url(draft), {"file": pdf()})
    assert large.status_code == 422
    assert (large.json()["field"], large.json()["code"]) == ("file", "pdf_too_large")
    assert draft.attachments.count() == 0


def test_strangers_find_nothing(world):
    draft = world.matching.draft_eoi
    record = EoiAttachment(eoi=draft, original_name="plan.pdf")
    record.file.save("plan.pdf", SimpleUploadedFile("plan.pdf", PDF_BYTES), save=False)
    record.save()
    for persona in ("korean_admin", "foreign", "kdia"):
        assert client_for(world, persona).get(url(draft, record.pk)).status_code == 404, persona
    # Another company may not add to it or remove from it either.
    assert client_for(world, "korean_admin").post(url(draft), {"file": pdf()}).status_code == 404
    assert client_for(world, "korean_admin").delete(url(draft, record.pk)).status_code == 404


def test_delete_removes_the_row_and_then_the_file(world, django_capture_on_commit_callbacks):
    draft = world.matching.draft_eoi
    client = client_for(world, "other_korean")
    attachment_id = client.post(url(draft), {"file": pdf()}).json()["id"]
    record = EoiAttachment.objects.get(pk=attachment_id)
    storage, name = record.file.storage, record.file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(url(draft, attachment_id)).status_code == 204
    assert not EoiAttachment.objects.filter(pk=attachment_id).exists()
    assert not storage.exists(name)


def test_a_read_only_key_may_not_upload(world):
    client = key_client(api_key_for(world.users.other_korean, "read"))
    refused = client.post(url(world.matching.draft_eoi), {"file": pdf()})
    assert refused.status_code == 403 and refused.json()["code"] == "read_only_key"
