"""Starting threads, posting messages and marking them read over the API."""

import json

from conftest import client_for
from inquiries.models import Message, Thread, ThreadRead
from inquiries.testing import make_thread
from notifications.models import Notification


def send(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_contractor_starts_a_thread_and_the_company_is_notified(world):
    response = send(
        client_for(world, "foreign"),
        "/api/v1/inquiries/threads",
        {
            "company": world.directory.published.brn_display,
            "subject": " Rotor  hubs ",
            "body": "Forge 40 a year?",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    thread = Thread.objects.get(pk=body["id"])
    assert (thread.contractor, thread.company, thread.subject) == (
        world.orgs.foreign,
        world.directory.published,
        "Rotor hubs",
    )
    assert [m["body"] for m in body["messages"]] == ["Forge 40 a year?"]
    assert "@" not in json.dumps(body)  # names and organisations, never e-mail addresses
    assert Notification.objects.filter(user=world.users.korean_member).exists()


def test_korean_company_writes_about_a_requirement(world):
    response = send(
        client_for(world, "korean_admin"),
        "/api/v1/inquiries/threads",
        {"requirement": world.matching.published.pk, "subject": "Tolerances", "body": "Which flatness?"},
    )
    assert response.status_code == 201
    thread = Thread.objects.get(pk=response.json()["id"])
    assert (thread.contractor, thread.company, thread.requirement) == (
        world.orgs.foreign,
        world.directory.published,
        world.matching.published,
    )


def test_start_refusals_name_the_field(world):
    client = client_for(world, "foreign")
    url = "/api/v1/inquiries/threads"
    brn = world.directory.published.brn
    no_company = send(client, url, {"subject": "S", "body": "B"})
    assert no_company.status_code == 422 and no_company.json()["field"] == "company"
    blank = send(client, url, {"company": brn, "subject": "  ", "body": "B"})
    assert blank.status_code == 422 and blank.json()["field"] == "subject"
    empty = send(client, url, {"company": brn, "subject": "S", "body": ""})
    assert empty.status_code == 422 and empty.json()["field"] == "body"
    assert (
        send(client, url, {"company": world.directory.draft.brn, "subject": "S", "body": "B"}).status_code
        == 404
    )
    korean = send(client_for(world, "korean_admin"), url, {"subject": "S", "body": "B"})
    assert korean.status_code == 422 and korean.json()["field"] == "requirement"
    assert (
        send(client_for(world, "kdia"), url, {"company": brn, "subject": "S", "body": "B"}).status_code == 403
    )
    assert not Thread.objects.exists()


def test_reply_and_mark_read(world):
    thread = make_thread(world.orgs.foreign, world.directory.published, by=world.users.foreign)
    company = client_for(world, "korean_member")
    assert company.get(f"/api/v1/inquiries/threads/{thread.pk}").json()["unread_count"] == 1
    read = company.post(f"/api/v1/inquiries/threads/{thread.pk}/read")
    assert read.status_code == 200 and read.json()["unread_count"] == 0
    assert ThreadRead.objects.filter(thread=thread, user=world.users.korean_member).exists()
    reply = send(company, f"/api/v1/inquiries/threads/{thread.pk}/messages", {"body": "Yes, from 2027."})
    assert reply.status_code == 201
    assert reply.json()["author_organization"]["id"] == world.orgs.korean.pk
    assert thread.messages.count() == 2
    empty = send(company, f"/api/v1/inquiries/threads/{thread.pk}/messages", {"body": " "})
    assert empty.status_code == 422 and empty.json()["field"] == "body"


def test_outsiders_cannot_post_or_mark_read(world):
    thread = make_thread(world.orgs.foreign, world.directory.published, by=world.users.foreign)
    url = f"/api/v1/inquiries/threads/{thread.pk}"
    assert send(client_for(world, "other_korean"), f"{url}/messages", {"body": "Hi"}).status_code == 404
    assert client_for(world, "other_korean").post(f"{url}/read").status_code == 404
    assert send(client_for(world, "dapa"), f"{url}/messages", {"body": "Hi"}).status_code == 403
    assert Message.objects.filter(thread=thread).count() == 1
