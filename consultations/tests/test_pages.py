"""The desk's pages: a contractor raises a difficulty and follows it; KDIA runs its queue."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.choices import Confidentiality, EntryKind, Status
from consultations.models import Attachment, Case
from consultations.testing import PDF_BYTES, make_case

pytestmark = pytest.mark.django_db


def _new_case(client, **fields):
    data = {
        "topic": "finding_kips",
        "subject": "Few composite radome makers",
        "body_en": "Who can make quartz/epoxy radome shells?",
        "confidentiality": "kdia_dapa",
    } | fields
    return client.post(reverse("consultations:case_create"), data)


def test_a_contractor_raises_a_difficulty_and_follows_it_to_resolution(desk, login, mails):
    contractor = login(desk.people.contractor)
    pdf = SimpleUploadedFile("spec.pdf", PDF_BYTES, content_type="application/pdf")
    with mails():
        response = _new_case(contractor, attachment=pdf)
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "consultations:case_detail", args=[case.pk]
    )
    assert any(desk.people.kdia.email in m.to for m in mail.outbox)

    # KDIA finds it in its queue, triages and answers.
    kdia = login(desk.people.kdia)
    queue = kdia.get(reverse("staff_consultations:queue"))
    assert case.subject in queue.content.decode()
    triage = kdia.post(
        reverse("staff_consultations:triage", args=[case.pk]),
        {"assignee": desk.people.kdia.pk, "priority": "3", "topic": "finding_kips", "status": "in_progress"},
    )
    assert triage.status_code == 302
    mail.outbox.clear()
    with mails():
        kdia.post(
            reverse("staff_consultations:entry", args=[case.pk]),
            {"kind": "answer", "body": "Two makers are preparing AS9100.", "then": "waiting"},
        )
    assert {m.to[0] for m in mail.outbox} == {desk.people.contractor.email, desk.people.colleague.email}

    # Every member of the contractor reads it; they answer back.
    page = login(desk.people.colleague).get(reverse("consultations:case_detail", args=[case.pk]))
    body = page.content.decode()
    assert "Two makers are preparing AS9100." in body and "spec.pdf" in body
    contractor.post(reverse("consultations:case_detail", args=[case.pk]), {"body": "Please introduce us."})
    assert Case.objects.get(pk=case.pk).status == Status.IN_PROGRESS

    resolved = kdia.post(
        reverse("staff_consultations:resolve", args=[case.pk]), {"resolution": "Meetings booked for 3 March."}
    )
    assert resolved.status_code == 302
    page = contractor.get(reverse("consultations:case_detail", args=[case.pk])).content.decode()
    assert (
        "Meetings booked for 3 March." in page
        and reverse("consultations:case_reopen", args=[case.pk]) in page
    )

    contractor.post(reverse("consultations:case_reopen", args=[case.pk]), {"reason": "One maker declined."})
    assert Case.objects.get(pk=case.pk).status == Status.REOPENED


def test_pages_render_in_korean(desk, login):
    case = make_case(desk.people.korean, body_en="", body_ko="승수 적용 범위를 알고 싶습니다.")
    korean = login(desk.people.korean, language="ko")
    for url in (
        reverse("consultations:case_list"),
        reverse("consultations:case_create"),
        reverse("consultations:case_detail", args=[case.pk]),
    ):
        response = korean.get(url)
        assert response.status_code == 200 and 'lang="ko"' in response.content.decode()
    kdia = login(desk.people.kdia, language="ko")
    for url in (
        reverse("staff_consultations:queue"),
        reverse("staff_consultations:case", args=[case.pk]),
        reverse("staff_consultations:report"),
    ):
        assert kdia.get(url).status_code == 200


def test_bad_input_names_the_field(desk, login):
    contractor = login(desk.people.contractor)
    html = SimpleUploadedFile(
        "evil.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    response = _new_case(contractor, attachment=html)
    assert response.status_code == 200 and response.context["form"].errors["attachment"]
    response = _new_case(contractor, body_en="")
    assert response.context["form"].errors["body_ko"]
    response = _new_case(contractor, topic="nonsense", programme="999999")
    assert set(response.context["form"].errors) == {"topic", "programme"}
    assert not Case.objects.exists()
    kdia = login(desk.people.kdia)
    case = make_case(desk.people.contractor)
    response = kdia.post(
        reverse("staff_consultations:triage", args=[case.pk]), {"priority": "9", "topic": "rules"}
    )
    assert response.status_code == 200 and response.context["triage_form"].errors["priority"]
    response = kdia.post(reverse("staff_consultations:resolve", args=[case.pk]), {"resolution": " "})
    assert response.status_code == 200 and response.context["resolve_form"].errors["resolution"]


def test_another_organisation_gets_404_everywhere(desk, login):
    case = make_case(desk.people.contractor, attachment=True, confidentiality=Confidentiality.KDIA_DAPA)
    record = Attachment.objects.get()
    rival = login(desk.people.rival)
    for url in (
        reverse("consultations:case_detail", args=[case.pk]),
        reverse("consultations:attachment", args=[case.pk, record.pk]),
    ):
        assert rival.get(url).status_code == 404
    assert (
        rival.post(reverse("consultations:case_reopen", args=[case.pk]), {"reason": "x"}).status_code == 404
    )
    assert rival.post(reverse("consultations:case_detail", args=[case.pk]), {"body": "x"}).status_code == 404
    listing = rival.get(reverse("consultations:case_list")).content.decode()
    assert case.subject not in listing


def test_dapa_reads_shared_cases_only_and_cannot_write(desk, login):
    shared = make_case(
        desk.people.contractor, subject="Shared one", confidentiality=Confidentiality.KDIA_DAPA
    )
    private = make_case(desk.people.contractor, subject="Private one")
    services.add_desk_entry(shared.pk, by=desk.people.kdia, kind=EntryKind.NOTE, body="Internal remark")
    dapa = login(desk.people.dapa)
    listing = dapa.get(reverse("consultations:case_list")).content.decode()
    assert "Shared one" in listing and "Private one" not in listing
    page = dapa.get(reverse("consultations:case_detail", args=[shared.pk])).content.decode()
    assert "Internal remark" not in page and 'name="body"' not in page
    assert dapa.get(reverse("consultations:case_detail", args=[private.pk])).status_code == 404
    assert dapa.post(reverse("consultations:case_detail", args=[shared.pk]), {"body": "x"}).status_code == 403


def test_internal_notes_show_on_the_desk_not_to_the_requester(desk, login):
    case = make_case(desk.people.contractor)
    services.add_desk_entry(case.pk, by=desk.people.kdia, kind=EntryKind.NOTE, body="Internal remark")
    assert (
        "Internal remark"
        not in login(desk.people.contractor)
        .get(reverse("consultations:case_detail", args=[case.pk]))
        .content.decode()
    )
    assert (
        "Internal remark"
        in login(desk.people.kdia).get(reverse("staff_consultations:case", args=[case.pk])).content.decode()
    )


def test_the_queue_filters(desk, login):
    late = make_case(desk.people.contractor, subject="Late case")
    mine = make_case(desk.people.korean, subject="Mine case")
    services.triage(mine.pk, by=desk.people.kdia, assignee=desk.people.kdia, priority=4)
    done = make_case(desk.people.rival, subject="Done case")
    services.resolve(done.pk, by=desk.people.kdia, resolution="ok")
    Case.objects.filter(pk=late.pk).update(waiting_since=timezone.now() - timedelta(days=20))
    kdia = login(desk.people.kdia)

    def subjects(**query):
        response = kdia.get(reverse("staff_consultations:queue"), query)
        assert response.status_code == 200
        return {case.subject for case in response.context["page"].object_list}

    assert subjects() == {"Late case", "Mine case"}
    assert subjects(overdue="true") == {"Late case"}
    assert subjects(assignee="me") == {"Mine case"}
    assert subjects(assignee="none") == {"Late case"}
    assert subjects(status="resolved") == {"Done case"}
    assert subjects(priority="4") == {"Mine case"}
    assert subjects(q="Westmark") == {"Late case"}
    assert subjects(q=f"C-{mine.pk:05d}") == {"Mine case"}
    # Nonsense never fails.
    assert subjects(assignee="x", priority="abc", status="nope") == set()
    first = kdia.get(reverse("staff_consultations:queue")).context["page"].object_list[0]
    assert first.subject == "Late case" and first.overdue


def test_the_requesters_list_shows_its_organisations_cases(desk, login):
    make_case(desk.people.contractor, subject="Ours")
    make_case(desk.people.rival, subject="Theirs")
    response = login(desk.people.colleague).get(reverse("consultations:case_list"), {"status": "active"})
    assert {c.subject for c in response.context["page"].object_list} == {"Ours"}


def test_writing_in_a_finished_case_says_to_reopen_it(desk, login):
    case = make_case(desk.people.contractor)
    services.resolve(case.pk, by=desk.people.kdia, resolution="Done.")
    contractor = login(desk.people.contractor)
    response = contractor.post(
        reverse("consultations:case_detail", args=[case.pk]), {"body": "More"}, follow=True
    )
    assert "reopen it to write again" in response.content.decode()
    assert not case.entries.filter(kind=EntryKind.MESSAGE).exists()
