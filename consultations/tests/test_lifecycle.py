"""A case's life through the services: triage, answers, the KDIA clock, resolution, reopening."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from consultations import services
from consultations.choices import Confidentiality, EntryKind, Status
from consultations.models import Case, Entry
from consultations.tasks import remind_overdue_consultations
from consultations.testing import make_case
from core.forms import version_of
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_opening_a_case_tells_kdia_and_starts_the_clock(desk, mails):
    with mails():
        case = make_case(desk.people.contractor)
    assert case.status == Status.OPEN and case.waiting_since is not None
    assert case.organization == desk.contractor
    assert {n.user for n in Notification.objects.all()} == {desk.people.kdia, desk.people.kdia_colleague}
    assert len(mail.outbox) == 2 and "C-" in mail.outbox[0].subject


def test_only_contractors_and_korean_companies_open_cases(desk):
    with pytest.raises(services.NotAllowed):
        make_case(desk.people.kdia)
    with pytest.raises(services.NotAllowed):
        make_case(desk.people.dapa)
    assert make_case(desk.people.korean).organization == desk.korean


def test_a_case_needs_a_description_in_one_language(desk):
    with pytest.raises(services.Refused) as refusal:
        make_case(desk.people.contractor, body_en="  ", body_ko="")
    assert refusal.value.field == "body_ko"


def test_assigning_triages_and_tells_the_assignee_and_the_requester(desk, mails):
    case = make_case(desk.people.contractor)
    with mails():
        services.triage(case.pk, by=desk.people.kdia, assignee=desk.people.kdia_colleague, priority=3)
    case.refresh_from_db()
    assert case.status == Status.TRIAGED and case.priority == 3
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert desk.people.kdia_colleague.email in recipients
    assert desk.people.contractor.email in recipients and desk.people.colleague.email in recipients
    change = case.entries.get(kind=EntryKind.STATUS)
    assert (change.from_status, change.to_status) == (Status.OPEN, Status.TRIAGED)


def test_status_mail_goes_out_in_each_recipients_language(desk, mails):
    case = make_case(desk.people.contractor)
    with mails():
        services.triage(case.pk, by=desk.people.kdia, assignee=desk.people.kdia)
    by_recipient = {m.to[0]: m for m in mail.outbox}
    korean = by_recipient[desk.people.colleague.email]
    english = by_recipient[desk.people.contractor.email]
    assert "Triaged" in english.subject and english.body.startswith("Dear Avery Stone,")
    assert not korean.body.startswith("Dear")


def test_a_stale_triage_is_refused(desk):
    case = make_case(desk.people.contractor)
    seen = version_of(case)
    services.triage(case.pk, by=desk.people.kdia_colleague, priority=4, version=seen)
    with pytest.raises(services.Refused) as refusal:
        services.triage(case.pk, by=desk.people.kdia, priority=1, version=seen)
    assert refusal.value.code == "stale"
    assert Case.objects.get(pk=case.pk).priority == 4


def test_only_kdia_triages_answers_and_resolves(desk):
    case = make_case(desk.people.contractor)
    for user in (desk.people.contractor, desk.people.dapa, desk.people.rival):
        with pytest.raises(services.NotAllowed):
            services.triage(case.pk, by=user, priority=1)
        with pytest.raises(services.NotAllowed):
            services.add_desk_entry(case.pk, by=user, kind=EntryKind.ANSWER, body="x")
        with pytest.raises(services.NotAllowed):
            services.resolve(case.pk, by=user, resolution="x")


def test_another_organisation_cannot_write_in_a_case(desk):
    case = make_case(desk.people.contractor)
    with pytest.raises(services.NotAllowed):
        services.post_message(case.pk, by=desk.people.rival, body="Hello")
    with pytest.raises(services.NotAllowed):
        services.post_message(case.pk, by=desk.people.kdia, body="Hello")


def test_answer_then_message_moves_the_ball_and_the_clock(desk):
    case = make_case(desk.people.contractor)
    answer = services.add_desk_entry(
        case.pk, by=desk.people.kdia, kind=EntryKind.ANSWER, body="See rule 3.2."
    )
    case.refresh_from_db()
    assert case.status == Status.WAITING_REQUESTER and case.waiting_since is None
    assert case.first_answered_at == answer.created_at
    services.post_message(case.pk, by=desk.people.colleague, body="And for tooling bought abroad?")
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS and case.waiting_since is not None
    # Still in progress after an answer that keeps working on it: the clock starts again.
    before = case.waiting_since
    services.add_desk_entry(
        case.pk, by=desk.people.kdia, kind=EntryKind.ANSWER, body="Checking.", then=Status.IN_PROGRESS
    )
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS and case.waiting_since > before
    assert case.first_answered_at == answer.created_at


def test_internal_notes_are_for_kdia_only(desk, mails):
    case = make_case(desk.people.contractor, confidentiality=Confidentiality.KDIA_DAPA)
    with mails():
        services.add_desk_entry(case.pk, by=desk.people.kdia, kind=EntryKind.NOTE, body="Ask DAPA first.")
    assert mail.outbox == []
    assert not Entry.objects.visible_to(desk.people.contractor).filter(kind=EntryKind.NOTE).exists()
    assert not Entry.objects.visible_to(desk.people.dapa).filter(kind=EntryKind.NOTE).exists()
    assert Entry.objects.visible_to(desk.people.kdia).filter(kind=EntryKind.NOTE).exists()
    case.refresh_from_db()
    assert case.first_answered_at is None and case.status == Status.OPEN


def test_minutes_link_the_event_and_count_as_an_answer(desk):
    from events.testing import make_event

    event = make_event()
    case = make_case(desk.people.contractor)
    services.add_desk_entry(
        case.pk, by=desk.people.kdia, kind=EntryKind.MINUTES, body="Agreed: ...", event=event
    )
    case.refresh_from_db()
    assert case.event == event and case.first_answered_at is not None


def test_resolve_reopen_and_resolve_again(desk):
    case = make_case(desk.people.contractor)
    services.resolve(case.pk, by=desk.people.kdia, resolution="Counts, see rule 3.2.")
    case.refresh_from_db()
    assert case.status == Status.RESOLVED and case.can_reopen()
    assert case.first_answered_at == case.resolved_at
    with pytest.raises(services.Refused):
        services.post_message(case.pk, by=desk.people.contractor, body="One more thing")
    services.reopen(case.pk, by=desk.people.colleague, reason="Rule 3.2 does not cover imports.")
    case.refresh_from_db()
    assert case.status == Status.REOPENED and case.resolved_at is None and case.waiting_since is not None
    services.resolve(case.pk, by=desk.people.kdia, resolution="Imports count too since 2021.")
    assert Case.objects.get(pk=case.pk).status == Status.RESOLVED


def test_reopening_is_refused_after_the_window_and_the_case_closes(desk, settings):
    settings.CONSULTATION_REOPEN_DAYS = 30
    case = make_case(desk.people.contractor)
    services.resolve(case.pk, by=desk.people.kdia, resolution="Done.")
    Case.objects.filter(pk=case.pk).update(resolved_at=timezone.now() - timedelta(days=31))
    with pytest.raises(services.Refused) as refusal:
        services.reopen(case.pk, by=desk.people.contractor, reason="Again")
    assert refusal.value.code == "expired"
    assert services.close_expired() == 1
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.closed_at is not None


def test_a_finished_case_changes_status_only_by_reopening(desk):
    case = make_case(desk.people.contractor)
    services.resolve(case.pk, by=desk.people.kdia, resolution="Done.")
    with pytest.raises(services.Refused):
        services.triage(case.pk, by=desk.people.kdia, status=Status.IN_PROGRESS)
    # Tagging themes afterwards is fine: the report needs them.
    services.triage(case.pk, by=desk.people.kdia, priority=1)


def test_requester_withdraws(desk):
    case = make_case(desk.people.contractor)
    services.withdraw(case.pk, by=desk.people.contractor, reason="Solved elsewhere.")
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.waiting_since is None
    with pytest.raises(services.Refused):
        services.withdraw(case.pk, by=desk.people.contractor)


def _overdue(case, days):
    Case.objects.filter(pk=case.pk).update(waiting_since=timezone.now() - timedelta(days=days))


def test_overdue_cases_remind_the_assignee_once_per_period(desk, settings, mails):
    settings.CONSULTATION_OVERDUE_DAYS = 5
    fresh = make_case(desk.people.contractor, subject="Fresh")
    late = make_case(desk.people.contractor, subject="Late")
    services.triage(late.pk, by=desk.people.kdia, assignee=desk.people.kdia_colleague)
    _overdue(late, 6)
    assert list(Case.objects.overdue()) == [Case.objects.get(pk=late.pk)]
    assert not Case.objects.get(pk=fresh.pk).is_overdue()
    with mails():
        assert services.remind_overdue() == 1
    assert [m.to[0] for m in mail.outbox] == [desk.people.kdia_colleague.email]
    # In the assignee's own language: the Korean default here, English once chosen (below).
    assert "기한 초과" in mail.outbox[0].subject and late.reference in mail.outbox[0].subject
    assert services.remind_overdue() == 0
    desk.people.kdia_colleague.preferred_language = "en"
    desk.people.kdia_colleague.save(update_fields=["preferred_language"])
    # Another full period without an answer: reminded again (and the fresh case is overdue by then).
    with mails():
        assert services.remind_overdue(timezone.now() + timedelta(days=6)) == 2
    assert any("Overdue" in m.subject for m in mail.outbox if m.to == [desk.people.kdia_colleague.email])


def test_unassigned_overdue_cases_remind_all_of_kdia(desk, mails):
    case = make_case(desk.people.contractor)
    _overdue(case, 30)
    with mails():
        assert remind_overdue_consultations.call_local() == 1
    assert {m.to[0] for m in mail.outbox} == {desk.people.kdia.email, desk.people.kdia_colleague.email}


def test_waiting_for_the_requester_is_never_overdue(desk):
    case = make_case(desk.people.contractor)
    services.add_desk_entry(case.pk, by=desk.people.kdia, kind=EntryKind.ANSWER, body="Which programme?")
    Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - timedelta(days=60))
    assert not Case.objects.overdue().exists()


def test_the_command_reminds_and_closes(desk, capsys):
    case = make_case(desk.people.contractor)
    _overdue(case, 10)
    call_command("remind_overdue_consultations")
    assert "1 overdue cases reminded, 0 resolved cases closed" in capsys.readouterr().out


def test_selectors_for_home_pages(desk):
    from consultations.selectors import open_cases_for, overdue_count

    ours = make_case(desk.people.contractor)
    theirs = make_case(desk.people.rival)
    done = make_case(desk.people.contractor)
    services.resolve(done.pk, by=desk.people.kdia, resolution="Done.")
    _overdue(theirs, 30)
    assert list(open_cases_for(desk.people.colleague)) == [ours]
    assert set(open_cases_for(desk.people.kdia)) == {ours, theirs}
    assert not open_cases_for(desk.people.dapa).exists()
    assert overdue_count(desk.people.kdia) == 1
    assert overdue_count(desk.people.contractor) == overdue_count(desk.people.dapa) == 0
