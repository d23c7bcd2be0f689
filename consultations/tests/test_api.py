"""The consultation API: the same permission path and the same steps as the pages."""

import pytest

from consultations.choices import Confidentiality, Status
from consultations.models import Case, Theme
from consultations.testing import make_case
from events.testing import make_event

pytestmark = pytest.mark.django_db

CASES = "/api/v1/consultations/cases"


def test_a_contractor_opens_writes_and_reopens_over_the_api(desk, login):
    contractor = login(desk.people.contractor)
    created = contractor.post(
        CASES,
        {
            "topic": "banking",
            "subject": "Banked credit validity",
            "body_en": "How long?",
            "confidentiality": "kdia",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    case_id = created.json()["id"]
    assert created.json()["status"] == "open" and created.json()["reference"].startswith("C-")
    listing = login(desk.people.colleague).get(CASES).json()
    assert [item["id"] for item in listing["items"]] == [case_id]
    message = contractor.post(
        f"{CASES}/{case_id}/messages", {"body": "Any news?"}, content_type="application/json"
    )
    assert message.status_code == 201 and message.json()["kind"] == "message"

    kdia = login(desk.people.kdia)
    theme = Theme.objects.first()
    event = make_event()
    triaged = kdia.post(
        f"{CASES}/{case_id}/triage",
        {"assignee": desk.people.kdia.pk, "priority": 3, "themes": [theme.pk], "event": event.pk},
        content_type="application/json",
    )
    assert triaged.status_code == 200, triaged.content
    assert triaged.json()["status"] == "triaged" and triaged.json()["themes"] == [theme.name]
    note = kdia.post(
        f"{CASES}/{case_id}/entries", {"kind": "note", "body": "Check"}, content_type="application/json"
    )
    answer = kdia.post(
        f"{CASES}/{case_id}/entries", {"body": "Seven years."}, content_type="application/json"
    )
    assert note.status_code == answer.status_code == 201
    resolved = kdia.post(
        f"{CASES}/{case_id}/resolve", {"resolution": "Seven years."}, content_type="application/json"
    )
    assert resolved.json()["status"] == "resolved" and resolved.json()["reopen_until"]

    detail = contractor.get(f"{CASES}/{case_id}").json()
    assert "note" not in {entry["kind"] for entry in detail["entries"]}
    assert "answer" in {entry["kind"] for entry in detail["entries"]}
    assert all("@" not in (entry["author_name"] or "") for entry in detail["entries"])
    reopened = contractor.post(
        f"{CASES}/{case_id}/reopen", {"reason": "Unclear"}, content_type="application/json"
    )
    assert reopened.json()["status"] == Status.REOPENED


def test_ids_of_other_organisations_are_404_and_kdia_steps_403(desk, login):
    case = make_case(desk.people.contractor)
    rival = login(desk.people.rival)
    assert rival.get(f"{CASES}/{case.pk}").status_code == 404
    assert (
        rival.post(f"{CASES}/{case.pk}/messages", {"body": "x"}, content_type="application/json").status_code
        == 404
    )
    assert (
        rival.post(f"{CASES}/{case.pk}/reopen", {"reason": "x"}, content_type="application/json").status_code
        == 404
    )
    contractor = login(desk.people.contractor)
    for path, body in (
        ("triage", {"priority": 1}),
        ("entries", {"body": "x"}),
        ("resolve", {"resolution": "x"}),
    ):
        assert (
            contractor.post(f"{CASES}/{case.pk}/{path}", body, content_type="application/json").status_code
            == 403
        )
    kdia = login(desk.people.kdia)
    assert (
        kdia.post(f"{CASES}/{case.pk}/messages", {"body": "x"}, content_type="application/json").status_code
        == 403
    )
    assert (
        kdia.post(f"{CASES}/999999/resolve", {"resolution": "x"}, content_type="application/json").status_code
        == 404
    )
    assert login(desk.people.dapa).get(f"{CASES}/{case.pk}").status_code == 404
    assert login(desk.people.kdia).get(CASES).json()["count"] == 1


def test_dapa_reads_shared_cases(desk, login):
    shared = make_case(desk.people.contractor, confidentiality=Confidentiality.KDIA_DAPA)
    make_case(desk.people.contractor)
    dapa = login(desk.people.dapa)
    assert [item["id"] for item in dapa.get(CASES).json()["items"]] == [shared.pk]
    assert (
        dapa.post(
            CASES, {"topic": "other", "subject": "x", "body_en": "y"}, content_type="application/json"
        ).status_code
        == 403
    )


def test_bad_input_is_4xx_naming_the_field(desk, login):
    contractor = login(desk.people.contractor)
    missing = contractor.post(CASES, {"topic": "banking", "body_en": "x"}, content_type="application/json")
    assert missing.status_code == 422 and "subject" in missing.content.decode()
    no_text = contractor.post(CASES, {"topic": "banking", "subject": "x"}, content_type="application/json")
    assert no_text.status_code == 400 and no_text.json()["field"] == "body_ko"
    programme = contractor.post(
        CASES,
        {"topic": "banking", "subject": "x", "body_en": "y", "programme": 999999},
        content_type="application/json",
    )
    assert programme.status_code == 400 and programme.json()["field"] == "programme"
    case = make_case(desk.people.contractor)
    kdia = login(desk.people.kdia)
    for body, field in (
        ({"assignee": desk.people.contractor.pk}, "assignee"),
        ({"themes": [999999]}, "themes"),
        ({"event": 999999}, "event"),
        ({"status": "resolved"}, "status"),
        ({"priority": 2, "version": "2001-01-01T00:00:00+00:00"}, "version"),
    ):
        response = kdia.post(f"{CASES}/{case.pk}/triage", body, content_type="application/json")
        assert response.status_code == 400 and response.json()["field"] == field, (body, response.content)
    assert Case.objects.get(pk=case.pk).status == Status.OPEN


def test_kdia_lists_overdue_cases(desk, login):
    from datetime import timedelta

    from django.utils import timezone

    late = make_case(desk.people.contractor, subject="Late")
    make_case(desk.people.contractor, subject="Fresh")
    Case.objects.filter(pk=late.pk).update(waiting_since=timezone.now() - timedelta(days=30))
    kdia = login(desk.people.kdia)
    assert [item["id"] for item in kdia.get(CASES, {"overdue": "true"}).json()["items"]] == [late.pk]
    assert kdia.get(CASES, {"overdue": "false"}).json()["count"] == 1
    assert kdia.get(CASES, {"status": "nonsense"}).status_code == 422
