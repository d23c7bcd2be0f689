"""Messages between a foreign contractor and a Korean company: threads, replies, notifications,
read state, attachments, privacy (no e-mail addresses, no other organisation's threads)."""

import html
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.choices import OrganizationKind
from companies.models import Company
from core.testing import fictional_brn, make_org, make_user
from inquiries import services
from inquiries.models import Message, MessageAttachment, Thread
from inquiries.models.message import BODY_MAX_LENGTH
from inquiries.testing import PDF_BYTES, make_thread
from notifications.models import Notification

pytestmark = pytest.mark.django_db

INBOX = "/messages/"


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def start_url(world, **extra) -> str:
    query = "&".join(
        f"{key}={value}" for key, value in {"company": world.directory.published.brn, **extra}.items()
    )
    return f"{reverse('inquiries:thread_start')}?{query}"


def every_email(world) -> list[str]:
    return [user.email for user in vars(world.users).values() if user is not None]


@pytest.fixture
def thread(world):
    return make_thread(world.orgs.foreign, world.directory.published, by=world.users.foreign, attachment=True)


def notified(url) -> set[int]:
    return set(Notification.objects.filter(url=url).values_list("user", flat=True))


# -- Starting and answering --------------------------------------------------------------------------


def test_the_company_page_offers_contractors_a_message_button(world, as_persona):
    page = as_persona("foreign").get(
        reverse("companies:company_detail", args=[world.directory.published.brn])
    )
    assert start_url(world) in text_of(page)
    assert "Send a message" in text_of(page)
    # Korean companies, staff and guests see no button.
    for persona in ("korean_admin", "kdia", "anonymous"):
        other = as_persona(persona).get(
            reverse("companies:company_detail", args=[world.directory.published.brn])
        )
        assert reverse("inquiries:thread_start") not in text_of(other), persona


def test_an_unclaimed_profile_explains_that_messages_are_not_possible(world, as_persona):
    company = Company.objects.create(brn=fictional_brn(), name_en="Unclaimed Works", status="published")
    client = as_persona("foreign")
    page = text_of(client.get(reverse("companies:company_detail", args=[company.brn])))
    assert "Messages are not possible yet" in page
    assert reverse("inquiries:thread_start") not in page
    response = client.post(
        f"{reverse('inquiries:thread_start')}?company={company.brn}", {"subject": "Hi", "body": "Hello"}
    )
    assert response.status_code == 200
    assert "Messages are not possible yet" in text_of(response)
    assert not Thread.objects.exists()


def test_a_contractor_starts_a_thread_and_only_the_company_is_notified_in_its_language(
    world, as_persona, django_capture_on_commit_callbacks
):
    world.users.korean_member.preferred_language = "ko"
    world.users.korean_member.save()
    world.users.korean_admin.preferred_language = "en"
    world.users.korean_admin.save()
    client = as_persona("foreign")
    form = client.get(start_url(world))
    assert form.status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            start_url(world),
            {"subject": "Sonar dome   repair\ncapacity", "body": "Can you repair 12 sonar domes a year?"},
        )
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "inquiries:thread", args=[thread.pk]
    )
    assert thread.contractor == world.orgs.foreign and thread.company == world.directory.published
    assert thread.subject == "Sonar dome repair capacity"
    message = thread.messages.get()
    assert message.author == world.users.foreign and message.author_organization == world.orgs.foreign
    url = reverse("inquiries:thread", args=[thread.pk])
    assert notified(url) == {world.users.korean_admin.pk, world.users.korean_member.pk}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.users.korean_admin.email, world.users.korean_member.email]
    )
    english = next(m for m in mail.outbox if m.to == [world.users.korean_admin.email])
    korean = next(m for m in mail.outbox if m.to == [world.users.korean_member.email])
    assert "New message from Westmark Dynamics: Sonar dome repair capacity" in english.subject
    assert "새 메시지" in korean.subject and "Westmark Dynamics" in korean.subject
    for sent in (english, korean):
        assert "Westmark Dynamics" in sent.body and "Sonar dome repair capacity" in sent.body
        assert f"{url}" in sent.body
        assert world.users.foreign.email not in sent.body + sent.subject
        assert sent.reply_to == [] and "Reply-To" not in sent.extra_headers
        assert "Can you repair" not in sent.body  # the message itself stays on the site


def test_the_company_replies_and_only_the_contractor_is_notified(
    world, as_persona, thread, django_capture_on_commit_callbacks
):
    world.users.foreign.preferred_language = "en"
    world.users.foreign.save()
    mail.outbox.clear()
    Notification.objects.all().delete()
    url = reverse("inquiries:thread", args=[thread.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona("korean_member").post(url, {"body": "Yes, from March.\nBest regards"})
    assert response.status_code == 302 and response["Location"] == f"{url}#latest"
    reply = thread.messages.last()
    assert reply.author == world.users.korean_member and reply.author_organization == world.orgs.korean
    assert notified(url) == {world.users.foreign.pk}
    assert [m.to for m in mail.outbox] == [[world.users.foreign.email]]
    assert "Garam Precision" in mail.outbox[0].subject
    thread.refresh_from_db()
    assert thread.last_message_at == reply.created_at
    page = text_of(as_persona("foreign").get(url))
    assert page.index("Could you forge") < page.index("Yes, from March.")  # oldest first
    assert world.users.korean_member.full_name in page and "Garam Precision" in page


def test_a_reply_over_htmx_returns_the_conversation_only(world, as_persona, thread):
    url = reverse("inquiries:thread", args=[thread.pk])
    response = as_persona("korean_admin").post(url, {"body": "Noted."}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    content = text_of(response)
    assert content.lstrip().startswith('<div id="conversation">') and "<html" not in content
    assert "Noted." in content and "Your message is sent." in content


def test_a_korean_company_writes_about_a_requirement_to_its_contractor(
    world, as_persona, django_capture_on_commit_callbacks
):
    from matching.models import Requirement

    requirement = Requirement.objects.create(
        owner=world.orgs.foreign,
        title_en="Composite radome for the maritime patrol aircraft",
        deadline=timezone.localdate() + timedelta(days=30),
        status="published",
    )
    url = f"{reverse('inquiries:thread_start')}?requirement={requirement.pk}"
    client = as_persona("korean_admin")
    form = text_of(client.get(url))
    assert 'value="Composite radome for the maritime patrol aircraft"' in form
    assert "Westmark Dynamics" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"subject": "Radome question", "body": "Which resin system is required?"})
    assert response.status_code == 302
    thread = Thread.objects.get()
    assert (thread.contractor, thread.company, thread.requirement) == (
        world.orgs.foreign,
        world.directory.published,
        requirement,
    )
    assert notified(reverse("inquiries:thread", args=[thread.pk])) == {world.users.foreign.pk}
    # Not without a requirement, nor about one the company may not see, nor as another company.
    assert client.get(reverse("inquiries:thread_start")).status_code == 404
    draft = Requirement.objects.create(
        owner=world.orgs.foreign, title_en="Secret", deadline=timezone.localdate(), status="draft"
    )
    assert client.get(f"{reverse('inquiries:thread_start')}?requirement={draft.pk}").status_code == 404
    assert client.get(f"{url}&company={world.directory.draft.brn}").status_code == 404
    assert client.get(f"{reverse('inquiries:thread_start')}?requirement=x").status_code == 404


def test_a_contractor_may_link_only_its_own_requirement(world, as_persona):
    from matching.models import Requirement

    rival = make_org(OrganizationKind.FOREIGN_CONTRACTOR, name_ko="", name_en="Rival Aero", country="FR")
    theirs = Requirement.objects.create(
        owner=rival, title_en="Theirs", deadline=timezone.localdate() + timedelta(days=9), status="published"
    )
    mine = Requirement.objects.create(
        owner=world.orgs.foreign, title_en="Ours", deadline=timezone.localdate(), status="draft"
    )
    client = as_persona("foreign")
    assert client.get(start_url(world, requirement=theirs.pk)).status_code == 404
    assert 'value="Ours"' in text_of(client.get(start_url(world, requirement=mine.pk)))


def test_a_contractor_cannot_write_to_a_profile_it_may_not_see(world, as_persona):
    client = as_persona("foreign")
    assert (
        client.get(f"{reverse('inquiries:thread_start')}?company={world.directory.draft.brn}").status_code
        == 404
    )
    assert client.get(reverse("inquiries:thread_start")).status_code == 404
    assert client.get(f"{reverse('inquiries:thread_start')}?company=nonsense").status_code == 404


def test_the_service_refuses_a_pair_the_author_is_not_part_of(world):
    with pytest.raises(services.NotAParty):
        make_thread(world.orgs.foreign, world.directory.published, by=world.users.other_korean)
    with pytest.raises(services.NotAParty):
        make_thread(world.orgs.foreign, world.directory.published, by=world.users.kdia)
    thread = make_thread(world.orgs.foreign, world.directory.published, by=world.users.foreign)
    with pytest.raises(services.NotAParty):
        services.post_message(thread, body="Hello", by=world.users.dapa)


# -- Limits and attachments ---------------------------------------------------------------------------


def test_a_body_over_10000_characters_is_refused_with_a_field_error(world, as_persona, thread):
    url = reverse("inquiries:thread", args=[thread.pk])
    client = as_persona("korean_member")
    response = client.post(url, {"body": "x" * (BODY_MAX_LENGTH + 1)})
    assert response.status_code == 200
    assert "at most 10000 characters" in " ".join(response.context["form"].errors["body"])
    assert thread.messages.count() == 1
    assert client.post(url, {"body": "y" * BODY_MAX_LENGTH}).status_code == 302
    response = as_persona("foreign").post(
        start_url(world), {"subject": "S", "body": "z" * (BODY_MAX_LENGTH + 1)}
    )
    assert "body" in response.context["form"].errors and Thread.objects.count() == 1


def test_an_empty_message_is_refused(world, as_persona, thread):
    response = as_persona("korean_member").post(
        reverse("inquiries:thread", args=[thread.pk]), {"body": "   "}
    )
    assert response.status_code == 200 and "body" in response.context["form"].errors


def test_attachments_are_checked_by_content(world, as_persona, thread):
    url = reverse("inquiries:thread", args=[thread.pk])
    client = as_persona("korean_member")
    fake = SimpleUploadedFile(
        "offer.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    response = client.post(url, {"body": "See attached", "attachment": fake})
    assert response.status_code == 200
    assert "neither a PDF document nor" in " ".join(response.context["form"].errors["attachment"])
    active = SimpleUploadedFile(
        "offer.pdf",
        b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n%%EOF\n",
        content_type="application/pdf",
    )
    response = client.post(url, {"body": "See attached", "attachment": active})
    assert "attachment" in response.context["form"].errors
    assert thread.messages.count() == 1
    good = SimpleUploadedFile("Offer 2026.pdf", PDF_BYTES, content_type="application/pdf")
    assert client.post(url, {"body": "See attached", "attachment": good}).status_code == 302
    record = MessageAttachment.objects.get(original_name="Offer 2026.pdf")
    assert not record.file.name.endswith("Offer 2026.pdf")  # stored under a random name
    download = as_persona("foreign").get(reverse("inquiries:attachment", args=[thread.pk, record.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "attachment;" in download["Content-Disposition"]


# -- Read state ------------------------------------------------------------------------------------------


def test_unread_state_is_per_person_and_own_messages_are_never_new(world, as_persona, thread):
    admin, member, foreign = as_persona("korean_admin"), as_persona("korean_member"), as_persona("foreign")
    assert "1 new message" in text_of(member.get(INBOX))
    assert services.unread_thread_count(world.users.korean_member) == 1
    assert services.unread_thread_count(world.users.foreign) == 0
    assert "new message" not in text_of(foreign.get(INBOX))
    api = json.loads(member.get("/api/v1/inquiries/threads").content)
    assert api["items"][0]["unread_count"] == 1
    member.get(reverse("inquiries:thread", args=[thread.pk]))
    assert services.unread_thread_count(world.users.korean_member) == 0
    assert "new message" not in text_of(member.get(INBOX))
    # Reading is personal: the admin has not opened it yet.
    assert services.unread_thread_count(world.users.korean_admin) == 1
    # A colleague's reply is not new to the other company members; it is to the contractor.
    admin.post(reverse("inquiries:thread", args=[thread.pk]), {"body": "We'll check."})
    assert services.unread_thread_count(world.users.korean_member) == 0
    assert services.unread_thread_count(world.users.korean_admin) == 0
    assert services.unread_thread_count(world.users.foreign) == 1
    assert json.loads(foreign.get("/api/v1/inquiries/threads").content)["items"][0]["unread_count"] == 1
    # The API reads without marking anything read.
    foreign.get(f"/api/v1/inquiries/threads/{thread.pk}")
    assert services.unread_thread_count(world.users.foreign) == 1


def test_the_inbox_lists_newest_first_and_pages(world, as_persona):
    older = make_thread(
        world.orgs.foreign, world.directory.published, by=world.users.foreign, subject="Older"
    )
    newer = make_thread(
        world.orgs.foreign, world.directory.published, by=world.users.foreign, subject="Newer"
    )
    Thread.objects.filter(pk=older.pk).update(last_message_at=timezone.now() - timedelta(days=2))
    page = text_of(as_persona("korean_member").get(INBOX))
    assert page.index("Newer") < page.index("Older")
    assert reverse("inquiries:thread", args=[newer.pk]) in page
    for index in range(25):
        make_thread(
            world.orgs.foreign, world.directory.published, by=world.users.foreign, subject=f"Bulk {index}"
        )
    second = as_persona("foreign").get(INBOX, {"page": 2})
    assert second.status_code == 200 and "Older" in text_of(second)


def test_empty_inboxes_say_how_to_start(world, as_persona):
    assert "No messages yet." in text_of(as_persona("foreign").get(INBOX))
    assert "No messages yet." in text_of(as_persona("other_korean").get(INBOX))


# -- Privacy --------------------------------------------------------------------------------------------


def test_no_email_address_appears_in_pages_or_api(world, as_persona, thread):
    services.post_message(thread, body="Our answer.", by=world.users.korean_member)
    addresses = every_email(world)
    for persona in ("foreign", "korean_admin", "korean_member"):
        client = as_persona(persona)
        for url in (
            INBOX,
            reverse("inquiries:thread", args=[thread.pk]),
            "/api/v1/inquiries/threads",
            f"/api/v1/inquiries/threads/{thread.pk}",
        ):
            content = client.get(url).content.decode()
            for address in addresses:
                assert address not in content, (persona, url)
            assert "@test.k-offset.invalid" not in content
    detail = json.loads(as_persona("foreign").get(f"/api/v1/inquiries/threads/{thread.pk}").content)
    assert [m["author_name"] for m in detail["messages"]] == [
        world.users.foreign.full_name,
        world.users.korean_member.full_name,
    ]
    assert detail["messages"][0]["attachments"][0]["name"] == "drawing.pdf"


def test_another_organisation_and_staff_get_404_everywhere(world, as_persona, thread):
    record = MessageAttachment.objects.get()
    urls = [
        reverse("inquiries:thread", args=[thread.pk]),
        reverse("inquiries:attachment", args=[thread.pk, record.pk]),
        f"/api/v1/inquiries/threads/{thread.pk}",
    ]
    for persona in ("other_korean", "kdia", "dapa"):
        client = as_persona(persona)
        for url in urls:
            assert client.get(url).status_code == 404, (persona, url)
        assert client.post(urls[0], {"body": "Let me in"}).status_code == 404
    assert Message.objects.count() == 1
    # The attachment only under its own thread.
    other = make_thread(world.orgs.foreign, world.directory.published, by=world.users.foreign)
    assert (
        as_persona("foreign").get(reverse("inquiries:attachment", args=[other.pk, record.pk])).status_code
        == 404
    )
    # Another contractor's thread is just as missing.
    rival = make_org(OrganizationKind.FOREIGN_CONTRACTOR, name_ko="", name_en="Rival Aero", country="FR")
    rival_user = make_user(rival)
    rival_thread = make_thread(rival, world.directory.published, by=rival_user)
    assert as_persona("foreign").get(reverse("inquiries:thread", args=[rival_thread.pk])).status_code == 404
    assert as_persona("foreign").get(f"/api/v1/inquiries/threads/{rival_thread.pk}").status_code == 404
    listed = json.loads(as_persona("foreign").get("/api/v1/inquiries/threads").content)
    assert {item["id"] for item in listed["items"]} == {thread.pk, other.pk}


def test_staff_take_no_part(world, as_persona, thread):
    for persona in ("kdia", "dapa"):
        client = as_persona(persona)
        assert client.get(INBOX).status_code == 403
        assert client.get(start_url(world)).status_code == 403
        assert client.get("/api/v1/inquiries/threads").status_code == 403


def test_guests_are_sent_to_sign_in(world, client, thread):
    record = MessageAttachment.objects.get()
    for url in (
        INBOX,
        start_url(world),
        reverse("inquiries:thread", args=[thread.pk]),
        reverse("inquiries:attachment", args=[thread.pk, record.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login")), url
    assert client.get("/api/v1/inquiries/threads").status_code == 401


def test_a_pending_organisation_is_held_at_the_gate(world, as_persona, thread):
    response = as_persona("pending").get(reverse("inquiries:thread", args=[thread.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:pending")


# -- Languages --------------------------------------------------------------------------------------------


def test_korean_pages(world, as_persona, thread):
    client = as_persona("korean_member", HTTP_ACCEPT_LANGUAGE="ko")
    inbox = text_of(client.get(INBOX))
    assert "메시지" in inbox and "Messages" not in inbox
    page = text_of(client.get(reverse("inquiries:thread", args=[thread.pk])))
    assert "답장" in page and "보내기" in page
    start = text_of(as_persona("foreign", HTTP_ACCEPT_LANGUAGE="ko").get(start_url(world)))
    assert "새 메시지" in start and "제목" in start
