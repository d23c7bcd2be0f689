"""Message attachments over the API: sent with a message as on the page, checked by content,
listed in the thread and downloaded by the thread's two sides only."""

from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import client_for
from core import uploads
from core.testing import api_key_for, key_client
from inquiries.models import Message, MessageAttachment, Thread
from inquiries.testing import PDF_BYTES, make_thread

HTML_AS_PDF = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def pdf(name="flatness-report.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def thread_of(world):
    return make_thread(world.orgs.foreign, world.directory.published, by=world.users.foreign)


def messages_url(thread):
    return f"/api/v1/inquiries/threads/{thread.pk}/messages/upload"


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_message_with_its_attachment_is_listed_and_downloads_the_same_bytes(world):
    thread = thread_of(world)
    response = client_for(world, "korean_member").post(
        messages_url(thread), {"body": "The report is attached.", "attachment": pdf()}
    )
    assert response.status_code == 201, response.content
    listed = response.json()["attachments"]
    assert [(item["name"], item["is_image"]) for item in listed] == [("flatness-report.pdf", False)]
    record = MessageAttachment.objects.get(message__thread=thread)
    assert listed[0]["url"] == f"/api/v1/inquiries/threads/{thread.pk}/attachments/{record.pk}"
    detail = client_for(world, "foreign").get(f"/api/v1/inquiries/threads/{thread.pk}").json()
    assert detail["messages"][-1]["attachments"][0]["url"] == listed[0]["url"]
    # The other side downloads it with its API key, as a program would.
    download = key_client(api_key_for(world.users.foreign, "read")).get(listed[0]["url"])
    assert download.status_code == 200
    assert streamed(download) == PDF_BYTES
    assert download["Content-Disposition"].startswith("attachment;")
    assert "flatness-report.pdf" in download["Content-Disposition"]


def test_a_thread_starts_with_an_attachment(world):
    response = client_for(world, "foreign").post(
        "/api/v1/inquiries/threads/upload",
        {
            "company": world.directory.published.brn,
            "subject": "Rotor hubs",
            "body": "Drawing attached.",
            "attachment": pdf("hub.pdf"),
        },
    )
    assert response.status_code == 201, response.content
    first = response.json()["messages"][0]
    assert [item["name"] for item in first["attachments"]] == ["hub.pdf"]


def test_html_named_pdf_is_refused_naming_the_field_and_nothing_is_posted(world):
    thread = thread_of(world)
    before = Message.objects.filter(thread=thread).count()
    response = client_for(world, "foreign", HTTP_ACCEPT_LANGUAGE="en").post(
        messages_url(thread), {"body": "See attached.", "attachment": pdf("report.pdf", HTML_AS_PDF)}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "attachment"
    assert body["message"] == str(uploads.MESSAGES["not_a_document"])
    assert Message.objects.filter(thread=thread).count() == before


def test_an_oversize_file_is_refused(world, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PDF_BYTES", 40)
    response = client_for(world, "foreign").post(
        messages_url(thread_of(world)), {"body": "See attached.", "attachment": pdf()}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "attachment"
    assert not MessageAttachment.objects.exists()


def test_a_stranger_cannot_download_and_learns_nothing(world):
    thread = make_thread(
        world.orgs.foreign, world.directory.published, by=world.users.foreign, attachment=True
    )
    record = MessageAttachment.objects.get(message__thread=thread)
    url = f"/api/v1/inquiries/threads/{thread.pk}/attachments/{record.pk}"
    assert client_for(world, "korean_admin").get(url).status_code == 200
    for persona in ("other_korean", "kdia", "dapa"):
        assert client_for(world, persona).get(url).status_code == 404, persona
    # The right attachment under another thread's id is no way in either.
    other = Thread.objects.exclude(pk=thread.pk).first() or thread_of(world)
    wrong = f"/api/v1/inquiries/threads/{other.pk}/attachments/{record.pk}"
    assert client_for(world, "foreign").get(wrong).status_code == 404


def test_a_read_only_key_cannot_post_a_file(world):
    client = key_client(api_key_for(world.users.foreign, "read"))
    response = client.post(messages_url(thread_of(world)), {"body": "Attached.", "attachment": pdf()})
    assert response.status_code == 403
    assert response.json()["code"] == "read_only_key"
    assert not MessageAttachment.objects.exists()
