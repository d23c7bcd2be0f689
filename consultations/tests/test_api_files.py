"""Files in consultation cases over the API, and withdrawing a case: opening a case or writing with
an attachment as on the pages, checked by content; downloads with the entry's visibility, so an
internal note's file stays KDIA's."""

from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import client_for
from consultations.choices import Confidentiality, EntryKind, Status
from consultations.models import Attachment, Case
from consultations.testing import PDF_BYTES, make_case
from core import uploads
from core.testing import api_key_for, key_client

HTML_AS_PDF = b"<html><body onload='steal()'>Not a PDF</body></html>"
CASE = {"topic": "rules", "subject": "Counting tooling", "body_en": "Does tooling count?"}


def pdf(name="tooling-plan.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


def shared_case(world) -> Case:
    return make_case(world.users.foreign, confidentiality=Confidentiality.KDIA_DAPA)


def test_a_case_opens_with_its_file_and_readers_download_the_same_bytes(world):
    response = client_for(world, "foreign").post(
        "/api/v1/consultations/cases/upload", {**CASE, "attachment": pdf()}
    )
    assert response.status_code == 201, response.content
    case_id = response.json()["id"]
    detail = client_for(world, "foreign").get(f"/api/v1/consultations/cases/{case_id}").json()
    [listed] = [item for entry in detail["entries"] for item in entry["attachments"]]
    record = Attachment.objects.get(entry__case_id=case_id)
    assert listed["name"] == "tooling-plan.pdf"
    assert listed["url"] == f"/api/v1/consultations/cases/{case_id}/attachments/{record.pk}"
    download = key_client(api_key_for(world.users.kdia, "read")).get(listed["url"])
    assert download.status_code == 200
    assert streamed(download) == PDF_BYTES
    assert download["Content-Disposition"].startswith("attachment;")


def test_a_message_carries_a_file(world):
    case = shared_case(world)
    response = client_for(world, "foreign").post(
        f"/api/v1/consultations/cases/{case.pk}/messages/upload",
        {"body": "The drawing list.", "attachment": pdf("drawings.pdf")},
    )
    assert response.status_code == 201, response.content
    assert [item["name"] for item in response.json()["attachments"]] == ["drawings.pdf"]


def test_html_named_pdf_is_refused_naming_the_field_and_no_case_opens(world):
    before = Case.objects.count()
    response = client_for(world, "foreign").post(
        "/api/v1/consultations/cases/upload", {**CASE, "attachment": pdf("plan.pdf", HTML_AS_PDF)}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "attachment"
    assert response.json()["message"] == str(uploads.MESSAGES["not_a_document"])
    assert Case.objects.count() == before


def test_an_oversize_file_is_refused(world, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PDF_BYTES", 40)
    case = shared_case(world)
    response = client_for(world, "foreign").post(
        f"/api/v1/consultations/cases/{case.pk}/messages/upload", {"body": "Plan.", "attachment": pdf()}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "attachment"
    assert not Attachment.objects.filter(entry__case=case).exists()


def test_an_internal_notes_file_stays_with_kdia(world):
    case = shared_case(world)
    response = client_for(world, "kdia").post(
        f"/api/v1/consultations/cases/{case.pk}/entries/upload",
        {"kind": EntryKind.NOTE, "body": "Our reading of rule 3.2.", "attachment": pdf("internal.pdf")},
    )
    assert response.status_code == 201, response.content
    url = response.json()["attachments"][0]["url"]
    assert client_for(world, "kdia").get(url).status_code == 200
    # Neither the requester nor DAPA (the case is shared with it) sees the note or reaches its file.
    for persona in ("foreign", "dapa"):
        client = client_for(world, persona)
        detail = client.get(f"/api/v1/consultations/cases/{case.pk}").content.decode()
        assert "internal.pdf" not in detail and "rule 3.2" not in detail, persona
        assert client.get(url).status_code == 404, persona
    requester_key = key_client(api_key_for(world.users.foreign, "read"))
    assert requester_key.get(url).status_code == 404


def test_kdia_answers_with_a_file_the_requester_downloads(world):
    case = shared_case(world)
    response = client_for(world, "kdia").post(
        f"/api/v1/consultations/cases/{case.pk}/entries/upload",
        {"body": "See the attached rule text.", "attachment": pdf("rule.pdf")},
    )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == EntryKind.ANSWER
    download = client_for(world, "foreign").get(response.json()["attachments"][0]["url"])
    assert streamed(download) == PDF_BYTES
    assert Case.objects.get(pk=case.pk).status == Status.WAITING_REQUESTER


def test_a_stranger_cannot_download(world):
    case = make_case(world.users.foreign, attachment=True)
    record = Attachment.objects.get(entry__case=case)
    url = f"/api/v1/consultations/cases/{case.pk}/attachments/{record.pk}"
    assert client_for(world, "foreign").get(url).status_code == 200
    # A KDIA-only case: DAPA does not see it; the Korean companies never see another's case.
    for persona in ("korean_admin", "other_korean", "dapa"):
        assert client_for(world, persona).get(url).status_code == 404, persona
    other = make_case(world.users.foreign)
    assert (
        client_for(world, "foreign")
        .get(f"/api/v1/consultations/cases/{other.pk}/attachments/{record.pk}")
        .status_code
        == 404
    )


def test_the_requester_withdraws_a_case_once(world):
    case = shared_case(world)
    url = f"/api/v1/consultations/cases/{case.pk}/withdraw"
    response = client_for(world, "foreign").post(
        url, {"reason": "Solved with the programme office."}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == Status.CLOSED
    again = client_for(world, "foreign").post(url, {}, content_type="application/json")
    assert again.status_code == 400
    assert client_for(world, "kdia").post(url, {}, content_type="application/json").status_code == 403


def test_a_read_only_key_cannot_upload_or_withdraw(world):
    case = shared_case(world)
    client = key_client(api_key_for(world.users.foreign, "read"))
    upload = client.post(
        f"/api/v1/consultations/cases/{case.pk}/messages/upload", {"body": "Plan.", "attachment": pdf()}
    )
    withdraw = client.post(
        f"/api/v1/consultations/cases/{case.pk}/withdraw", {}, content_type="application/json"
    )
    for response in (upload, withdraw):
        assert response.status_code == 403
        assert response.json()["code"] == "read_only_key"
    assert Case.objects.get(pk=case.pk).status != Status.CLOSED
    assert not Attachment.objects.filter(entry__case=case).exists()
