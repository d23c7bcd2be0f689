"""The list, opening a notification, marking all read, and the header's bell."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification

LIST = "/notifications/"


def make(
    user, count=1, *, title_en="Your profile was verified", title_ko="회사 정보가 확인되었습니다", **fields
):
    rows = Notification.objects.bulk_create(
        Notification(user=user, title_en=title_en, title_ko=title_ko, url="/companies/", **fields)
        for _ in range(count)
    )
    return rows[0] if count == 1 else rows


def test_the_urls():
    assert reverse("notifications:list") == LIST
    assert reverse("notifications:open", kwargs={"pk": 7}) == "/notifications/7/open/"
    assert reverse("notifications:read_all") == "/notifications/read-all/"


def test_the_list_shows_only_ones_own(world, as_persona):
    make(world.users.korean_admin, title_en="Mine to read")
    make(world.users.other_korean, title_en="Someone else's news")
    response = as_persona("korean_admin").get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mine to read" in page and "Someone else" not in page
    assert [n.user for n in response.context["notifications"]] == [world.users.korean_admin]


def test_unread_ones_are_marked_new_and_read_ones_are_not(world, as_persona):
    make(world.users.korean_admin, title_en="Already seen", read_at=timezone.now())
    response = as_persona("korean_admin").get(LIST)
    assert ">New<" not in response.content.decode()
    make(world.users.korean_admin, title_en="Fresh news")
    page = as_persona("korean_admin").get(LIST).content.decode()
    assert page.count(">New<") == 1 and "notification-unread" in page
    assert 'action="/notifications/read-all/"' in page


def test_newest_first_and_25_a_page(world, as_persona):
    user = world.users.korean_member
    rows = make(user, 30)
    start = timezone.now() - timedelta(days=1)
    for number, row in enumerate(rows):
        row.created_at = start + timedelta(minutes=number)
        row.title_en = f"Notice {number}"
    Notification.objects.bulk_update(rows, ["created_at", "title_en"])
    client = as_persona("korean_member")
    first = client.get(LIST).context["notifications"]
    assert len(first) == 25 and first[0].title_en == "Notice 29"
    second = client.get(LIST, {"page": 2}).context["notifications"]
    assert [n.title_en for n in second] == [f"Notice {n}" for n in range(4, -1, -1)]


def test_an_empty_list_says_so(world, as_persona):
    page = as_persona("foreign").get(LIST).content.decode()
    assert "No notifications yet." in page
    assert "Mark all as read" not in page


def test_the_title_falls_back_to_the_other_language(world, as_persona):
    make(world.users.korean_admin, title_en="", title_ko="국문 제목만")
    page = as_persona("korean_admin").get(LIST).content.decode()
    assert '<span lang="ko"' in page and "국문 제목만" in page


def test_titles_are_escaped_once(world, as_persona):
    make(world.users.korean_admin, title_en="R&D <Kit>")
    page = as_persona("korean_admin").get(LIST).content.decode()
    assert "R&amp;D &lt;Kit&gt;" in page and "<Kit>" not in page


def test_opening_marks_read_and_goes_to_the_link(world, as_persona):
    notification = make(world.users.korean_admin)
    response = as_persona("korean_admin").get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/companies/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_persons_notification_is_missing(world, as_persona):
    notification = make(world.users.korean_member)
    response = as_persona("korean_admin").get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_stored_off_site_link_is_not_followed(world, as_persona):
    # Written around the service's validation (which refuses it): the page still goes nowhere else.
    notification = make(world.users.korean_admin)
    Notification.objects.filter(pk=notification.pk).update(url="/\\evil.example")
    response = as_persona("korean_admin").get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == LIST


def test_opening_is_a_get_only(world, as_persona):
    notification = make(world.users.korean_admin)
    response = as_persona("korean_admin").post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 405


def test_mark_all_as_read(world, as_persona):
    make(world.users.korean_admin, 3)
    theirs = make(world.users.korean_member)
    client = as_persona("korean_admin")
    assert client.get(reverse("notifications:read_all")).status_code == 405
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    assert "All notifications are marked as read." in response.content.decode()
    assert not Notification.objects.filter(user=world.users.korean_admin, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_header_bell_counts_unread(world, as_persona):
    client = as_persona("korean_member")
    page = client.get("/").content.decode()
    assert f'href="{LIST}"' in page and "Notifications, none unread" in page
    make(world.users.korean_member)
    page = client.get("/").content.decode()
    assert "1 unread notification<" in page
    make(world.users.korean_member, 2)
    make(world.users.korean_member, title_en="old", read_at=timezone.now())
    response = client.get("/")
    assert response.context["unread_notifications"] == 3
    page = response.content.decode()
    assert "3 unread notifications" in page
    assert '<span class="badge rounded-pill text-bg-danger" aria-hidden="true">3</span>' in page


def test_the_bell_caps_at_99(world, as_persona):
    make(world.users.korean_member, 120)
    page = as_persona("korean_member").get("/").content.decode()
    assert ">99+</span>" in page and "120 unread notifications" in page


def test_guests_get_no_bell(world, client):
    response = client.get("/")
    assert "unread_notifications" not in response.context
    assert f'href="{LIST}"' not in response.content.decode()


def test_the_korean_page(world, as_persona):
    make(world.users.korean_admin, 3)
    make(world.users.korean_admin, title_en="English only", title_ko="")
    response = as_persona("korean_admin", HTTP_ACCEPT_LANGUAGE="ko").get(LIST)
    page = response.content.decode()
    assert '<html lang="ko">' in page
    assert "회사 정보가 확인되었습니다" in page and "Your profile was verified" not in page
    assert '<span lang="en"' in page and "English only" in page  # the fallback is marked
    assert page.count(">새 알림<") == 4
    assert "모두 읽음으로 표시" in page
    assert "읽지 않은 알림 4개" in page
    empty = as_persona("foreign", HTTP_ACCEPT_LANGUAGE="ko").get(LIST).content.decode()
    assert "아직 알림이 없습니다." in empty and "읽지 않은 알림이 없습니다" in empty
