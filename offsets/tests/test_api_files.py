"""Claim evidence and programme documents over the API: evidence goes with a claim being filed or
revised, as on the claim page, checked by content; downloads keep the pages' visibility."""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.choices import MembershipRole
from conftest import client_for
from core import uploads
from core.testing import api_key_for, key_client, make_user, signed_in
from offsets.models import Claim, ClaimEvidence, ProgrammeDocument
from offsets.testing import PDF_BYTES

HTML_AS_PDF = b"<!DOCTYPE html><html><script>document.cookie</script></html>"
CLAIM = {
    "performed_on": "2025-07-15",
    "amount": "125000.00",
    "currency": "USD",
    "description_en": "Second lot",
}


def pdf(name="invoice.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


def file_url(world):
    return f"/api/v1/offsets/items/{world.offsets.item.pk}/claims/upload"


def test_a_claim_is_filed_with_its_evidence_and_readers_download_it(world):
    response = client_for(world, "foreign").post(file_url(world), {**CLAIM, "evidence": pdf()})
    assert response.status_code == 201, response.content
    body = response.json()
    record = ClaimEvidence.objects.get(claim_id=body["id"])
    assert body["evidence"] == ["invoice.pdf"]
    [listed] = body["evidence_files"]
    assert listed["url"] == f"/api/v1/offsets/claims/{body['id']}/evidence/{record.pk}"
    assert listed["size"] == len(PDF_BYTES)
    for persona in ("foreign", "dapa", "kdia"):
        download = key_client(api_key_for(getattr(world.users, persona), "read")).get(listed["url"])
        assert download.status_code == 200, persona
        assert streamed(download) == PDF_BYTES
        assert download["Content-Disposition"].startswith("attachment;")


def test_html_named_pdf_is_refused_naming_the_field_and_no_claim_is_filed(world):
    before = Claim.objects.count()
    response = client_for(world, "foreign").post(
        file_url(world), {**CLAIM, "evidence": pdf("invoice.pdf", HTML_AS_PDF)}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "evidence"
    assert response.json()["message"] == str(uploads.MESSAGES["not_a_document"])
    assert Claim.objects.count() == before


def test_an_oversize_file_is_refused(world, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PDF_BYTES", 40)
    before = ClaimEvidence.objects.count()
    response = client_for(world, "foreign").post(file_url(world), {**CLAIM, "evidence": pdf()})
    assert response.status_code == 422
    assert response.json()["field"] == "evidence"
    assert ClaimEvidence.objects.count() == before


def test_a_revision_adds_evidence_only_with_the_current_etag(world):
    claim = world.offsets.claim
    client = client_for(world, "foreign")
    url = f"/api/v1/offsets/claims/{claim.pk}/upload"
    assert client.post(url, {**CLAIM, "evidence": pdf("late.pdf")}).status_code == 428
    etag = client.get(f"/api/v1/offsets/claims/{claim.pk}")["ETag"]
    response = client.post(url, {**CLAIM, "evidence": pdf("late.pdf")}, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["evidence"] == ["acceptance.pdf", "late.pdf"]
    assert response["ETag"] != etag


def test_strangers_cannot_download_evidence(world):
    url = f"/api/v1/offsets/claims/{world.offsets.claim.pk}/evidence/{world.offsets.evidence.pk}"
    assert client_for(world, "korean_admin").get(url).status_code == 403
    rival = make_user(world.offsets.rival, MembershipRole.ADMIN)
    assert signed_in(rival).get(url).status_code == 404
    # The right evidence under another claim's id is no way in either.
    wrong = f"/api/v1/offsets/claims/{world.offsets.claim.pk + 1000}/evidence/{world.offsets.evidence.pk}"
    assert client_for(world, "foreign").get(wrong).status_code == 404


def test_a_read_only_key_cannot_file_evidence(world):
    client = key_client(api_key_for(world.users.foreign, "read"))
    before = ClaimEvidence.objects.count()
    response = client.post(file_url(world), {**CLAIM, "evidence": pdf()})
    assert response.status_code == 403
    assert response.json()["code"] == "read_only_key"
    assert ClaimEvidence.objects.count() == before


def test_programme_documents_are_listed_and_downloaded_with_the_pages_visibility(world, client):
    programme = world.offsets.programme
    private = world.offsets.document  # not public: programme staff and the programme's contractor
    public = ProgrammeDocument(programme=programme, title_en="Offset guide", original_name="guide.pdf")
    public.public = True
    public.file.save("guide.pdf", ContentFile(PDF_BYTES), save=False)
    public.save()
    detail = f"/api/v1/programmes/{programme.pk}"
    private_url = f"/api/v1/programmes/{programme.pk}/documents/{private.pk}"

    assert [d["name"] for d in client.get(detail).json()["documents"]] == ["guide.pdf"]
    assert client.get(private_url).status_code == 404
    assert client_for(world, "korean_admin").get(private_url).status_code == 404
    listed = {d["name"]: d for d in client_for(world, "dapa").get(detail).json()["documents"]}
    assert set(listed) == {"annex.pdf", "guide.pdf"}
    assert listed["annex.pdf"]["url"] == private_url
    for reader in (client_for(world, "dapa"), key_client(api_key_for(world.users.foreign, "read"))):
        download = reader.get(private_url)
        assert download.status_code == 200
        assert streamed(download) == PDF_BYTES
    assert streamed(client.get(listed["guide.pdf"]["url"])) == PDF_BYTES
