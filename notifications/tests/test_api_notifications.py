"""A person's notifications over the API: only their own, newest first, read one or all."""

from datetime import timedelta

from django.utils import timezone

from notifications.models import Notification

LIST = "/api/v1/notifications"
READ_ALL = "/api/v1/notifications/read-all"


def note(user, title_en, **fields):
    return Notification.objects.create(
        user=user, title_ko=f"{title_en} (한국어)", title_en=title_en, url="/notifications/", **fields
    )


def read_url(notification) -> str:
    return f"/api/v1/notifications/{notification.pk}/read"


def test_the_list_holds_only_ones_own_newest_first_with_an_unread_filter(world, as_persona):
    member = world.users.korean_member
    older = note(member, "Proposal accepted", read_at=timezone.now())
    newer = note(member, "New inquiry")
    Notification.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=1))
    note(world.users.korean_admin, "For the admin only")

    body = as_persona("korean_member").get(LIST).json()
    assert (body["count"], body["unread_count"]) == (2, 1)
    assert [item["id"] for item in body["items"]] == [newer.pk, older.pk]
    assert body["items"][0]["title"] == "New inquiry" and body["items"][0]["unread"] is True

    unread = as_persona("korean_member").get(LIST, {"unread": "true"}).json()
    assert [item["id"] for item in unread["items"]] == [newer.pk] and unread["count"] == 1
    page = as_persona("korean_member").get(LIST, {"limit": 1, "offset": 1}).json()
    assert [item["id"] for item in page["items"]] == [older.pk] and page["count"] == 2
    korean = as_persona("korean_member", HTTP_ACCEPT_LANGUAGE="ko").get(LIST).json()
    assert korean["items"][0]["title"] == "New inquiry (한국어)"

    assert as_persona("kdia").get(LIST).json()["count"] == 0  # not even KDIA reads anyone else's


def test_marking_one_read_keeps_the_first_reading_time(world, as_persona):
    notification = note(world.users.korean_member, "New inquiry")
    client = as_persona("korean_member")
    response = client.post(read_url(notification))
    assert response.status_code == 200 and response.json()["unread"] is False
    first = Notification.objects.get(pk=notification.pk).read_at
    assert first is not None
    assert client.post(read_url(notification)).status_code == 200
    assert Notification.objects.get(pk=notification.pk).read_at == first


def test_someone_elses_notification_is_missing(world, as_persona):
    notification = note(world.users.korean_member, "New inquiry")
    for persona in ("korean_admin", "other_korean", "kdia"):
        response = as_persona(persona).post(read_url(notification))
        assert response.status_code == 404 and response.json()["code"] == "not_found", persona
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_read_all_marks_only_ones_own(world, as_persona):
    member = world.users.korean_member
    note(member, "One")
    note(member, "Two")
    theirs = note(world.users.korean_admin, "The admin's")
    client = as_persona("korean_member")
    assert client.post(READ_ALL).json() == {"marked": 2}
    assert client.get(LIST).json()["unread_count"] == 0
    assert client.post(READ_ALL).json() == {"marked": 0}
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_bad_parameters_name_the_field(world, as_persona):
    client = as_persona("korean_member")
    response = client.get(LIST, {"limit": 0})
    assert response.status_code == 422 and response.json()["field"] == "limit"
    response = client.post("/api/v1/notifications/99999999999999999999/read")
    assert response.status_code == 422 and response.json()["field"] == "notification_id"
    assert as_persona("anonymous").get(LIST).status_code == 401
