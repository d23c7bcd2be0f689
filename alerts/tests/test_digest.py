"""Digests: only objects that are new since the last one, match the search and the owner may see."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from huey.api import PeriodicTask
from huey.contrib.djhuey import HUEY

from alerts import kinds, services
from alerts.choices import Frequency
from alerts.models import SavedSearch
from alerts.tasks import DIGEST_SCHEDULE, DigestsFailed, send_digests_task
from alerts.testing import make_saved_search
from companies.models import Company, Product
from matching.choices import RequirementStatus
from matching.models import Requirement
from notifications.models import Notification


def due_search(user, querystring="", *, kind="companies", days=2, **fields) -> SavedSearch:
    """A daily search saved ``days`` ago, never sent: due now, covering everything since then.
    Its owner reads English unless they chose a language (the site's default is Korean)."""
    if not user.preferred_language:
        type(user).objects.filter(pk=user.pk).update(preferred_language="en")
        user.preferred_language = "en"
    fields.setdefault("name", f"Watch {querystring or 'all'}")
    search = make_saved_search(user, kind=kind, querystring=querystring, frequency=Frequency.DAILY, **fields)
    SavedSearch.objects.filter(pk=search.pk).update(created_at=timezone.now() - timedelta(days=days))
    search.refresh_from_db()
    return search


def digest_notes(user=None):
    """The digests' notifications (the world's workflows have notified people too)."""
    notes = Notification.objects.filter(title_en__contains=" new match")
    return notes.filter(user=user) if user is not None else notes


def mails_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def test_a_draft_company_is_never_in_a_contractors_digest(world, django_capture_on_commit_callbacks):
    now = timezone.now()
    published, draft = world.directory.published, world.directory.draft
    # Even a draft with a verification date (KDIA verified it once) is not public.
    Company.objects.filter(pk=draft.pk).update(last_verified_at=now - timedelta(hours=1))
    contractor = due_search(world.users.foreign, name="Everything")
    kdia = due_search(world.users.kdia)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.send_digests(now=now)
    assert (run.sent, run.empty, run.failed) == (2, 0, [])

    [message] = mails_to(world.users.foreign)
    assert message.subject == "[K-OFFSET] 1 new match for “Everything”"
    assert published.name_en in message.body and draft.name_en not in message.body
    site = "http://127.0.0.1:8000"
    assert f"{site}{reverse('companies:company_detail', kwargs={'brn': published.brn})}" in message.body
    assert f"{site}{reverse('alerts:unsubscribe', args=[contractor.unsubscribe_token])}" in message.body
    [note] = digest_notes(world.users.foreign)
    assert note.title_en == "1 new match for “Everything”" and note.title_ko
    assert note.url == "/companies/" and published.name_en in note.body_en

    [staff_message] = mails_to(world.users.kdia)  # KDIA sees drafts, so its digest names both
    assert published.name_en in staff_message.body and draft.name_en in staff_message.body
    for search in (contractor, kdia):
        search.refresh_from_db()
        assert search.last_sent_at == now
    assert services.send_digests(now=now).sent == 0  # nothing is due twice


def test_only_objects_new_since_the_last_digest_are_named(world, django_capture_on_commit_callbacks):
    now = timezone.now()
    published = world.directory.published
    search = due_search(world.users.foreign, "field=naval")
    Company.objects.filter(pk=published.pk).update(last_verified_at=now - timedelta(days=3))  # before saving
    with django_capture_on_commit_callbacks(execute=True):
        run = services.send_digests(now=now)
    assert (run.sent, run.empty) == (0, 1)
    assert not digest_notes() and not mail.outbox
    search.refresh_from_db()
    assert search.last_sent_at == now  # the next digest starts here

    # KDIA verifies it again the next morning: new again, so the next daily digest names it.
    later = now + timedelta(days=1)
    Company.objects.filter(pk=published.pk).update(last_verified_at=now + timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests(now=later).sent == 1
    assert published.name_en in mails_to(world.users.foreign)[0].body


def test_nothing_is_sent_when_nothing_new_matches(world, django_capture_on_commit_callbacks):
    search = due_search(world.users.foreign, "region=seoul")  # the published company is in Gyeongnam
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run = services.send_digests()
    assert (run.sent, run.empty) == (0, 1)
    assert callbacks == [] and not mail.outbox and not digest_notes()
    search.refresh_from_db()
    assert search.last_sent_at is not None


def test_product_digests_follow_the_companys_visibility(world, django_capture_on_commit_callbacks):
    Product.objects.create(company=world.directory.draft, name_en="Hidden radome", trl=8)
    search = due_search(world.users.foreign, "trl=7", kind="products")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_digests()
    [message] = mails_to(world.users.foreign)
    assert "Sonar transducer · Garam Precision" in message.body
    assert "Hidden radome" not in message.body
    assert search.result_path in message.body


def make_requirement(owner, title, *, status=RequirementStatus.PUBLISHED, fields=("naval",)):
    requirement = Requirement.objects.create(
        owner=owner,
        title_en=title,
        scope_en="Machining and finishing of aluminium parts.",
        deadline=date.today() + timedelta(days=30),
        status=status,
        published_at=timezone.now() - timedelta(hours=1) if status == RequirementStatus.PUBLISHED else None,
    )
    from companies.models import DefenceField

    requirement.defence_fields.set(DefenceField.objects.filter(code__in=fields))
    return requirement


def test_requirement_digests_name_published_matches_only(world, django_capture_on_commit_callbacks):
    contractor = world.orgs.foreign
    make_requirement(contractor, "Radar housing machining")
    make_requirement(contractor, "Radar cooling draft", status=RequirementStatus.DRAFT)
    make_requirement(contractor, "Gearbox overhaul")
    make_requirement(contractor, "Radar mast for aircraft", fields=("aerospace",))
    search = due_search(world.users.korean_admin, "field=naval&q=radar", kind="requirements")
    with translation.override("en"):
        assert search.kind_label == "KIP requirements"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests().sent == 1
    [message] = mails_to(world.users.korean_admin)
    assert "Radar housing machining" in message.body
    for other in ("Radar cooling draft", "Gearbox overhaul", "Radar mast", world.matching.published.title_en):
        assert other not in message.body
    requirement = Requirement.objects.get(title_en="Radar housing machining")
    assert reverse("matching:requirement_detail", args=[requirement.pk]) in message.body
    assert "http://127.0.0.1:8000/requirements/?field=naval&q=radar" in message.body
    assert not mails_to(world.users.pending)


def test_at_most_ten_objects_are_named_with_a_link_to_the_rest(world, django_capture_on_commit_callbacks):
    company = world.directory.published
    for number in range(12):
        Product.objects.create(company=company, name_en=f"Sensor mount {number:02d}", trl=9)
    due_search(world.users.foreign, "trl=9", kind="products", name="Mounts")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_digests()
    [message] = mails_to(world.users.foreign)
    assert message.subject == "[K-OFFSET] 12 new matches for “Mounts”"
    assert message.body.count("Sensor mount") == 10
    assert "…and 2 more." in message.body
    assert "http://127.0.0.1:8000/products/?trl=9" in message.body


def test_daily_and_weekly_searches_fall_due_after_a_day_and_a_week(world, time_machine):
    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    time_machine.move_to(start, tick=False)
    daily = make_saved_search(world.users.foreign, querystring="field=naval", frequency=Frequency.DAILY)
    weekly = make_saved_search(world.users.foreign, querystring="field=air", frequency=Frequency.WEEKLY)
    make_saved_search(world.users.foreign, querystring="field=land", frequency=Frequency.OFF)
    retired = make_saved_search(world.users.korean_admin, frequency=Frequency.DAILY)
    type(world.users.korean_admin).objects.filter(pk=world.users.korean_admin.pk).update(is_active=False)

    def due(after):
        return set(SavedSearch.objects.due(start + after).values_list("pk", flat=True))

    assert due(timedelta(hours=20)) == set()
    assert due(timedelta(days=1)) == {daily.pk}
    assert due(timedelta(days=6, hours=12)) == {daily.pk}
    assert due(timedelta(days=7)) == {daily.pk, weekly.pk}
    assert retired.pk not in due(timedelta(days=30))

    # Yesterday's run finished a few seconds after the hour: today's run still sends.
    time_machine.move_to(start + timedelta(days=1, seconds=5), tick=False)
    assert services.send_digests().empty == 1
    assert due(timedelta(days=1, hours=12)) == set()
    assert due(timedelta(days=2)) == {daily.pk}


def test_korean_readers_get_their_digest_in_korean(world, django_capture_on_commit_callbacks):
    reader = world.users.korean_admin
    reader.preferred_language = "ko"
    reader.save()
    due_search(reader, name="우리 회사")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_digests()
    [message] = mails_to(reader)
    assert message.subject == "[K-OFFSET] “우리 회사”의 새 결과 1건"
    assert "가람정밀" in message.body and "이 검색의 이메일 받지 않기" in message.body
    [note] = digest_notes(reader)
    assert note.title_ko == "“우리 회사”의 새 결과 1건" and note.title_en == "1 new match for “우리 회사”"


@pytest.fixture
def broken_kind():
    def search(user, data):
        raise ValueError("this list is broken")

    kind = kinds.register(
        kinds.Kind(
            code="broken",
            label="Broken",
            list_url_name="companies:company_list",
            search=search,
            new_since="last_verified_at",
            describe=lambda obj: (str(obj), "/"),
        )
    )
    yield kind
    kinds.unregister("broken")


def test_one_failing_search_does_not_stop_the_others(world, broken_kind, django_capture_on_commit_callbacks):
    bad = due_search(world.users.foreign, kind="broken")
    good = due_search(world.users.korean_member)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.send_digests()
    assert (run.sent, run.failed) == (1, [bad.pk])
    assert len(mails_to(world.users.korean_member)) == 1
    bad.refresh_from_db()
    good.refresh_from_db()
    assert bad.last_sent_at is None and good.last_sent_at is not None
    # The task fails so that huey retries it; a retry sends only what is still due.
    with pytest.raises(DigestsFailed):
        send_digests_task.call_local()
    assert digest_notes().count() == 1


def test_the_task_runs_inline_in_immediate_mode(world, django_capture_on_commit_callbacks):
    assert HUEY.immediate
    search = due_search(world.users.foreign)
    with django_capture_on_commit_callbacks(execute=True):
        send_digests_task()  # queued, and with TASK_QUEUE=immediate run at once
    assert len(mails_to(world.users.foreign)) == 1
    search.refresh_from_db()
    assert search.last_sent_at is not None


def test_the_task_runs_every_morning_in_seoul_with_retries():
    task = send_digests_task.s()
    assert isinstance(task, PeriodicTask)
    assert (task.retries, task.retry_delay) == (3, 60)
    from datetime import datetime

    # huey passes naive UTC times: 23:00 UTC is 08:00 in Seoul.
    assert DIGEST_SCHEDULE(datetime(2026, 3, 1, 23, 0))
    assert not DIGEST_SCHEDULE(datetime(2026, 3, 1, 8, 0))


def test_the_command_sends_what_is_due(world, django_capture_on_commit_callbacks):
    due_search(world.users.foreign)
    out = StringIO()
    yesterday = timezone.localtime() - timedelta(days=1)
    call_command("send_digests", now=yesterday.replace(tzinfo=None).isoformat(), stdout=out)
    assert out.getvalue().startswith("0 digests sent, 1 searches without new matches")  # as of yesterday
    SavedSearch.objects.update(last_sent_at=None)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=out)
    assert out.getvalue().startswith("1 digests sent")
    assert len(mails_to(world.users.foreign)) == 1
    with pytest.raises(CommandError, match="future"):
        call_command("send_digests", now="2999-01-01T08:00")
    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("send_digests", now="tomorrow")
