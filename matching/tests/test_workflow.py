"""Requirements from posting to publication, and expressions of interest from draft to answer."""

import html
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from companies.models import CertificationType, DefenceField
from matching import services
from matching.choices import EoiStatus, RequirementStatus
from matching.models import ExpressionOfInterest, Requirement
from notifications.models import Notification
from offsets.testing import PDF_BYTES

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def requirement_data(**changes):
    return {
        "title_en": "Composite radome panels",
        "scope_en": "Twenty radome panels a year for the patrol aircraft.",
        "defence_fields": [DefenceField.objects.get(code="naval").pk],
        "required_certifications": [CertificationType.objects.get(name_en="AS9100").pk],
        "size_classes": ["sme"],
        "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
    } | changes


def test_a_contractor_posts_kdia_publishes_and_fitting_companies_are_told(
    world, as_persona, django_capture_on_commit_callbacks
):
    foreign = as_persona("foreign")
    foreign.post(reverse("matching:requirement_create"), requirement_data())
    requirement = Requirement.objects.get(title_en="Composite radome panels")
    assert (requirement.owner, requirement.status) == (world.orgs.foreign, RequirementStatus.DRAFT)
    foreign.post(reverse("matching:requirement_submit", args=[requirement.pk]))
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.PENDING
    assert Notification.objects.filter(user=world.users.kdia, title_en__contains="Composite radome").exists()
    # Companies do not see it before publication.
    assert (
        as_persona("korean_admin")
        .get(reverse("matching:requirement_detail", args=[requirement.pk]))
        .status_code
        == 404
    )

    with django_capture_on_commit_callbacks(execute=True):  # the task that tells companies runs on commit
        as_persona("kdia").post(
            reverse("staff_matching:moderate", args=[requirement.pk]), {"decision": "publish"}
        )
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.PUBLISHED
    told = set(
        Notification.objects.filter(title_en__contains="fits your company").values_list("user", flat=True)
    )
    # The published naval SME with an AS9100 certificate fits; the other company's draft profile does not.
    assert told == {world.users.korean_admin.pk, world.users.korean_member.pk}


def test_kdia_returns_a_requirement_with_a_note(world, as_persona):
    pending = world.matching.pending
    response = as_persona("kdia").post(
        reverse("staff_matching:moderate", args=[pending.pk]), {"decision": "return"}, follow=True
    )
    assert "Say what the contractor should change." in text_of(response)
    as_persona("kdia").post(
        reverse("staff_matching:moderate", args=[pending.pk]),
        {"decision": "return", "note": "Name the aircraft type."},
    )
    pending.refresh_from_db()
    assert (pending.status, pending.moderation_note) == (
        RequirementStatus.RETURNED,
        "Name the aircraft type.",
    )
    assert "Name the aircraft type." in text_of(
        as_persona("foreign").get(reverse("matching:requirement_detail", args=[pending.pk]))
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"deadline": "2020-01-01"}, "deadline", "cannot be in the past"),
        ({"title_en": ""}, "title_ko", "Give this in Korean, English or both."),
        ({"size_classes": ["huge"]}, "size_classes", "Select a valid choice"),
    ],
)
def test_bad_requirements_name_the_field(world, as_persona, changes, field, message):
    response = as_persona("foreign").post(reverse("matching:requirement_create"), requirement_data(**changes))
    assert message in " ".join(response.context["form"].errors[field])


def test_kdia_posts_on_a_contractors_behalf_and_publishes_at_once(world, as_persona):
    kdia = as_persona("kdia")
    kdia.post(reverse("matching:requirement_create"), requirement_data(owner=world.orgs.foreign.pk))
    requirement = Requirement.objects.get(title_en="Composite radome panels")
    kdia.post(reverse("matching:requirement_submit", args=[requirement.pk]))
    requirement.refresh_from_db()
    assert (requirement.owner, requirement.status) == (world.orgs.foreign, RequirementStatus.PUBLISHED)


def test_a_company_drafts_and_sends_an_eoi_and_the_contractor_answers(world, as_persona):
    company = as_persona("other_korean")
    upload = SimpleUploadedFile("capability.pdf", PDF_BYTES, content_type="application/pdf")
    eoi = world.matching.draft_eoi
    company.post(
        reverse("matching:eoi_edit", args=[eoi.pk]),
        {
            "scope": "partial",
            "message_ko": "일부 범위를 제안합니다.",
            "attachment": upload,
            "version": eoi.updated_at.isoformat(),
        },
    )
    eoi.refresh_from_db()
    assert (eoi.scope, eoi.attachments.count()) == ("partial", 1)
    company.post(reverse("matching:eoi_submit", args=[eoi.pk]))
    eoi.refresh_from_db()
    assert eoi.status == EoiStatus.SUBMITTED
    assert Notification.objects.filter(
        user=world.users.foreign, url=reverse("matching:eoi_detail", args=[eoi.pk])
    ).exists()

    foreign = as_persona("foreign")
    response = foreign.post(
        reverse("matching:eoi_answer", args=[eoi.pk]),
        {"status": "declined", "version": eoi.updated_at.isoformat()},
        follow=True,
    )
    assert "Give the company a reason." in text_of(response)
    foreign.post(
        reverse("matching:eoi_answer", args=[eoi.pk]),
        {
            "status": "shortlisted",
            "reason": "Strong machining record.",
            "version": eoi.updated_at.isoformat(),
        },
    )
    eoi.refresh_from_db()
    assert (eoi.status, eoi.status_reason) == (EoiStatus.SHORTLISTED, "Strong machining record.")
    page = text_of(company.get(reverse("matching:eoi_detail", args=[eoi.pk])))
    assert "Shortlisted" in page and "Strong machining record." in page
    assert list(eoi.events.values_list("status", flat=True)) == ["draft", "submitted", "shortlisted"]


def test_an_eoi_cannot_be_sent_after_the_deadline(world, as_persona):
    Requirement.objects.filter(pk=world.matching.published.pk).update(
        deadline=timezone.localdate() - timedelta(days=1)
    )
    response = as_persona("other_korean").post(
        reverse("matching:eoi_submit", args=[world.matching.draft_eoi.pk]), follow=True
    )
    assert "no longer accepts expressions of interest" in text_of(response)
    world.matching.draft_eoi.refresh_from_db()
    assert world.matching.draft_eoi.status == EoiStatus.DRAFT


def test_an_eoi_without_a_message_is_refused(world, as_persona):
    eoi = world.matching.draft_eoi
    response = as_persona("other_korean").post(
        reverse("matching:eoi_edit", args=[eoi.pk]), {"scope": "full", "version": eoi.updated_at.isoformat()}
    )
    assert "Tell the contractor what you offer" in " ".join(response.context["form"].errors["message_ko"])


def test_unanswered_eois_remind_the_contractor_once_per_period(world, django_capture_on_commit_callbacks):
    eoi = world.matching.eoi
    mail.outbox.clear()
    later = timezone.now() + timedelta(days=services.EOI_ANSWER_DAYS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_unanswered(now=later) == 1
        assert services.remind_unanswered(now=later + timedelta(days=1)) == 0
    assert [m.to for m in mail.outbox] == [[world.users.foreign.email]]
    eoi.refresh_from_db()
    assert eoi.reminded_at is not None
    services.answer_eoi(
        eoi.pk, status="received", reason="", seen_version=eoi.updated_at.isoformat(), by=world.users.foreign
    )
    assert services.remind_unanswered(now=later + timedelta(days=30)) == 0


def test_the_reminder_task_runs_in_the_queue(world):
    from matching.tasks import remind_unanswered_eois

    ExpressionOfInterest.objects.filter(pk=world.matching.eoi.pk).update(
        submitted_at=timezone.now() - timedelta(days=30)
    )
    remind_unanswered_eois()  # huey runs it inline here (TASK_QUEUE=immediate)
    world.matching.eoi.refresh_from_db()
    assert world.matching.eoi.reminded_at is not None


def test_the_api_lists_requirements_matches_and_eois_by_permission(world, as_persona):
    published = world.matching.published
    korean = as_persona("korean_admin")
    titles = {item["title_en"] for item in korean.get("/api/v1/requirements").json()["items"]}
    assert titles == {published.title_en}
    owner_titles = {
        item["title_en"] for item in as_persona("foreign").get("/api/v1/requirements").json()["items"]
    }
    assert owner_titles == {published.title_en, "Radome repair", "Cable harnesses"}
    assert korean.get(f"/api/v1/requirements/{world.matching.draft.pk}").status_code == 404
    assert korean.get(f"/api/v1/requirements/{published.pk}/matches").status_code == 404
    matches = as_persona("foreign").get(f"/api/v1/requirements/{published.pk}/matches").json()
    assert matches["items"][0]["company_brn"] == world.directory.published.brn_display
    assert {c["outcome"] for c in matches["items"][0]["criteria"]} <= {"met", "partly", "not_met", "unknown"}
    assert [e["id"] for e in korean.get("/api/v1/eois").json()["items"]] == [world.matching.eoi.pk]
    assert as_persona("foreign").get("/api/v1/eois").json()["count"] == 1  # drafts stay with their company
    assert korean.get("/api/v1/requirements?status=bogus").status_code == 422


def test_the_company_sees_its_fit_and_gap_list_in_korean(world):
    from core.testing import signed_in

    client = signed_in(world.users.korean_admin, HTTP_ACCEPT_LANGUAGE="ko")
    page = text_of(client.get(reverse("matching:requirement_detail", args=[world.matching.published.pk])))
    assert "ISO 9001" in page  # required, and the company holds only AS9100
    assert "부족" in page or "보완" in page


def test_the_reminder_command_reports_what_it_sent(world):
    from io import StringIO

    ExpressionOfInterest.objects.filter(pk=world.matching.eoi.pk).update(
        submitted_at=timezone.now() - timedelta(days=30)
    )
    out = StringIO()
    call_command("remind_eois", stdout=out)
    assert out.getvalue().strip() == "1 reminders sent"


def test_the_unfiltered_list_shows_published_requirements(world, as_persona):
    text = text_of(as_persona("other_korean").get(reverse("matching:requirement_list")))
    assert world.matching.published.title_en in text
    assert world.matching.draft.title_en not in text
