"""A proposal's attachments over the API: the page's content checks, visibility and editability."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import client_for
from core import uploads
from core.testing import api_key_for, key_client
from offsets.testing import PDF_BYTES
from wishlists.models import ProposalAttachment

pytestmark = pytest.mark.django_db


def url(proposal, attachment=None) -> str:
    base = f"/api/v1/wishlists/proposals/{proposal.pk}/attachments"
    return base if attachment is None else f"{base}/{attachment.pk}"


def pdf(name="tooling-plan.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_upload_with_a_key_lists_and_downloads_the_same_bytes(world):
    draft = world.wishlists.draft
    client = key_client(api_key_for(world.users.korean_member))
    response = client.post(url(draft), {"file": pdf()})
    assert response.status_code == 201, response.content
    added = response.json()
    assert (added["name"], added["size"], added["is_image"]) == ("tooling-plan.pdf", len(PDF_BYTES), False)
    listed = client.get(url(draft)).json()
    assert [item["id"] for item in listed] == [world.wishlists.attachment.pk, added["id"]]
    downloaded = client.get(added["url"])
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == PDF_BYTES
    assert downloaded["Content-Disposition"].startswith("attachment")
    assert downloaded["X-Content-Type-Options"] == "nosniff"


def test_html_named_pdf_is_refused_naming_the_field(world):
    draft = world.wishlists.draft
    html = pdf("offer.pdf", b"<html><script>alert(1)</script></html>")
    response = client_for(world, "korean_admin").post(url(draft), {"file": html})
    assert response.status_code == 422
    assert response.json()["field"] == "file"
    # The page's check and message: core.uploads refuses it by content, whatever the name says.
    assert response.json()["code"] == "not_a_document"
    assert draft.attachments.count() == 1


def test_oversize_pdf_is_refused(world, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PDF_BYTES", 64)
    response = client_for(world, "korean_admin").post(url(world.wishlists.draft), {"file": pdf()})
    assert response.status_code == 422
    assert response.json()["field"] == "file"
    assert response.json()["code"] == "pdf_too_large"


def test_missing_file_is_refused_naming_the_field(world):
    response = client_for(world, "korean_admin").post(url(world.wishlists.draft), {})
    assert response.status_code == 422 and response.json()["field"] == "file"


def test_strangers_find_no_attachment(world):
    draft, attachment = world.wishlists.draft, world.wishlists.attachment
    for persona in ("other_korean", "foreign"):
        assert client_for(world, persona).get(url(draft, attachment)).status_code == 404, persona
        assert client_for(world, persona).get(url(draft)).status_code == 404, persona
    # The attachment id under another proposal is not found either.
    accepted = world.wishlists.accepted
    assert client_for(world, "korean_admin").get(url(accepted, attachment)).status_code == 404


def test_kdia_and_dapa_download_as_on_the_page(world):
    draft, attachment = world.wishlists.draft, world.wishlists.attachment
    for persona in ("kdia", "dapa"):
        response = client_for(world, persona).get(url(draft, attachment))
        assert response.status_code == 200, persona
        assert b"".join(response.streaming_content) == PDF_BYTES


def test_delete_removes_the_row_and_then_the_file(world, django_capture_on_commit_callbacks):
    draft, attachment = world.wishlists.draft, world.wishlists.attachment
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world, "korean_member").delete(url(draft, attachment))
    assert response.status_code == 204
    assert not ProposalAttachment.objects.filter(pk=attachment.pk).exists()
    assert not storage.exists(name)


def test_a_submitted_proposal_takes_no_more_files(world):
    accepted = world.wishlists.accepted
    response = client_for(world, "korean_admin").post(url(accepted), {"file": pdf()})
    assert response.status_code == 409
    assert accepted.attachments.count() == 0


def test_a_read_only_key_reads_but_may_not_upload_or_delete(world):
    draft, attachment = world.wishlists.draft, world.wishlists.attachment
    client = key_client(api_key_for(world.users.korean_admin, "read"))
    assert client.get(url(draft, attachment)).status_code == 200
    refused = client.post(url(draft), {"file": pdf()})
    assert refused.status_code == 403 and refused.json()["code"] == "read_only_key"
    assert client.delete(url(draft, attachment)).status_code == 403
    assert draft.attachments.count() == 1
