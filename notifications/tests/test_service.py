"""notify(): one row (both languages) and one e-mail (the recipient's language) per person."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.test import RequestFactory

from accounts.models import User
from notifications.context_processors import unread
from notifications.models import Notification
from notifications.services import mark_all_read, mark_read, notify

PING = "notifications_test/ping"
QUIET = "notifications_test/quiet"


def set_language(user, language):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user


def test_each_recipient_gets_a_bilingual_row_and_an_email_in_their_language(
    world, django_capture_on_commit_callbacks
):
    korean = set_language(world.users.korean_admin, "ko")
    foreign = set_language(world.users.foreign, "en")
    with django_capture_on_commit_callbacks(execute=True):
        count = notify([korean, foreign], PING, {"thing": "Radar"}, url="/companies/")

    assert count == 2
    rows = {n.user_id: n for n in Notification.objects.all()}
    assert set(rows) == {korean.pk, foreign.pk}
    for row in rows.values():
        # Whitespace in the subject template is collapsed; both languages are stored.
        assert row.title_ko == "Radar 확인 요청"
        assert row.title_en == "Please check Radar"
        assert row.body_ko == "Radar 내용입니다."
        assert row.body_en == "About Radar."
        assert row.url == "/companies/" and row.read_at is None

    by_address = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == 2 and set(by_address) == {korean.email, foreign.email}
    assert by_address[korean.email].subject == "[K-OFFSET] Radar 확인 요청"
    assert by_address[foreign.email].subject == "[K-OFFSET] Please check Radar"
    assert "확인해 주세요" in by_address[korean.email].body
    assert "please check Radar" in by_address[foreign.email].body
    # The templates receive the link as ``url``.
    assert "/companies/" in by_address[foreign.email].body


def test_the_row_is_written_now_and_the_email_only_on_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([world.users.korean_member], QUIET, url="/")
        assert Notification.objects.filter(user=world.users.korean_member).count() == 1
    assert len(callbacks) == 1 and mail.outbox == []


def test_without_a_body_template_the_notification_has_a_title_only(world):
    notify([world.users.korean_member], QUIET, url="/")
    row = Notification.objects.get()
    assert (row.title_ko, row.title_en, row.body_ko, row.body_en) == ("조용한 알림", "A quiet notice", "", "")


def test_titles_are_plain_text_not_html(world):
    notify([world.users.korean_member], PING, {"thing": "R&D <Kit>"}, url="/")
    row = Notification.objects.get()
    assert row.title_en == "Please check R&D <Kit>"  # escaped once, when a page shows it


def test_a_rolled_back_action_notifies_nobody(world, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify([world.users.korean_admin, world.users.foreign], PING, {"thing": "x"}, url="/")
        raise RuntimeError("the action failed")
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_inactive_users_and_blanks_are_skipped(world, django_capture_on_commit_callbacks):
    inactive = world.users.korean_member
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        count = notify([inactive, None, world.users.korean_admin], PING, {"thing": "x"}, url="/")
    assert count == 1
    assert list(Notification.objects.values_list("user", flat=True)) == [world.users.korean_admin.pk]
    assert [m.to for m in mail.outbox] == [[world.users.korean_admin.email]]


def test_a_person_listed_twice_is_notified_once(world, django_capture_on_commit_callbacks):
    admin = world.users.korean_admin
    again = User.objects.get(pk=admin.pk)
    with django_capture_on_commit_callbacks(execute=True):
        count = notify([admin, again, admin], QUIET, url="/")
    assert count == 1
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_nobody_to_tell_is_not_an_error(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert notify([], PING, url="/") == 0
    assert callbacks == [] and mail.outbox == []


@pytest.mark.parametrize(
    "url",
    [
        "//evil.example/",
        "https://evil.example/",
        "javascript:alert(1)",
        "/\\evil.example",
        "\\\\evil.example",
        "companies/",
        "",
        "/ spaced",
        "/\nnext",
    ],
)
def test_an_off_site_or_malformed_link_is_refused(world, url):
    with pytest.raises(ValidationError):
        notify([world.users.korean_admin], PING, {"thing": "x"}, url=url)
    assert not Notification.objects.exists()


def test_the_database_refuses_an_off_site_link_too(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(user=world.users.korean_admin, title_ko="t", title_en="t", url="//evil")


def test_a_missing_subject_template_is_an_error(world):
    with pytest.raises(TemplateDoesNotExist):
        notify([world.users.korean_admin], "notifications_test/none", url="/")


def test_hundreds_of_recipients_cost_a_handful_of_queries(
    db, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    User.objects.bulk_create(
        User(email=f"bulk{i}@test.k-offset.invalid", full_name=f"Bulk {i}", preferred_language="en")
        for i in range(300)
    )
    users = list(User.objects.all())
    with django_assert_max_num_queries(4):
        assert notify(users, PING, {"thing": "x"}, url="/") == 300
    assert Notification.objects.count() == 300


def test_mark_read_and_mark_all_read_touch_only_ones_own(world):
    notify([world.users.korean_admin, world.users.korean_admin], QUIET, url="/")
    notify([world.users.korean_admin, world.users.korean_member], QUIET, url="/")
    mine = Notification.objects.filter(user=world.users.korean_admin).first()
    theirs = Notification.objects.get(user=world.users.korean_member)

    with pytest.raises(Notification.DoesNotExist):
        mark_read(world.users.korean_admin, theirs.pk)
    first = mark_read(world.users.korean_admin, mine.pk).read_at
    assert first is not None
    assert mark_read(world.users.korean_admin, mine.pk).read_at == first  # the first reading stays

    assert mark_all_read(world.users.korean_admin) == 1
    assert mark_all_read(world.users.korean_admin) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_visible_to_is_ones_own_only(world):
    from django.contrib.auth.models import AnonymousUser

    notify([world.users.korean_admin, world.users.kdia], QUIET, url="/")
    assert [n.user for n in Notification.objects.visible_to(world.users.kdia)] == [world.users.kdia]
    assert not Notification.objects.visible_to(AnonymousUser()).exists()


def test_the_context_processor_counts_once_per_request(world, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    notify([world.users.korean_member], QUIET, url="/")
    notify([world.users.korean_member], QUIET, url="/")
    request = RequestFactory().get("/")
    request.user = world.users.korean_member
    with django_assert_num_queries(1):
        assert unread(request) == {"unread_notifications": 2}
        assert unread(request) == {"unread_notifications": 2}
    request.user = AnonymousUser()
    del request._unread_notifications
    with django_assert_num_queries(0):
        assert unread(request) == {}
