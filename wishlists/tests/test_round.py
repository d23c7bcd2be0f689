"""The whole wish-list round: open, notify, draft, submit, review, compile, export, submit, acknowledge."""

import html
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from companies.models import DefenceField
from notifications.models import Notification
from offsets.testing import PDF_BYTES
from wishlists.choices import PackageStatus, ProposalStatus
from wishlists.models import Proposal, Round
from wishlists.testing import make_proposal

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def proposal_data(world, **changes):
    from companies.models import OffsetField

    return {
        "offset_field": OffsetField.objects.get(number=3).pk,
        "offset_type": "direct_defence",
        "title_ko": "함정 소나 돔 정비 기술",
        "description_en": "Repair of sonar domes for the new frigates.",
        "estimated_value": "1800000",
        "currency": "usd",
        "benefit_ko": "국내 정비 능력 확보",
        "products": [world.directory.product.pk],
    } | changes


def test_opening_a_round_notifies_only_eligible_companies_in_their_language(
    world, as_persona, django_capture_on_commit_callbacks
):
    world.users.korean_member.preferred_language = "ko"
    world.users.korean_member.save()
    mail.outbox.clear()
    deadline = (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "programme": world.offsets.programme.pk,
        "deadline": deadline,
        "eligible_fields": [DefenceField.objects.get(code="naval").pk],
        "eligible_sizes": ["sme"],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona("kdia").post(reverse("staff_wishlists:round_create"), data)
    assert response.status_code == 302
    round_ = Round.objects.latest("pk")
    notified = set(
        Notification.objects.filter(url=reverse("wishlists:round_detail", args=[round_.pk])).values_list(
            "user", flat=True
        )
    )
    assert notified == {world.users.korean_admin.pk, world.users.korean_member.pk}
    korean_mail = next(m for m in mail.outbox if m.to == [world.users.korean_member.email])
    assert "희망 목록 접수 시작" in korean_mail.subject
    assert "(Korea time)" not in korean_mail.body


def test_a_round_with_a_past_deadline_is_refused(world, as_persona):
    data = {"programme": world.offsets.programme.pk, "deadline": "2020-01-01T10:00"}
    response = as_persona("kdia").post(reverse("staff_wishlists:round_create"), data)
    assert "must be in the future" in " ".join(response.context["form"].errors["deadline"])


def test_a_company_drafts_edits_and_submits_and_kdia_is_told(world, as_persona):
    round_ = world.wishlists.round
    client = as_persona("korean_member")
    upload = SimpleUploadedFile("drawing.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(
        reverse("wishlists:proposal_create", args=[round_.pk]), proposal_data(world, attachment=upload)
    )
    proposal = Proposal.objects.latest("pk")
    assert response.status_code == 302
    assert (proposal.status, proposal.currency, proposal.company) == (
        "draft",
        "USD",
        world.directory.published,
    )
    assert list(proposal.products.all()) == [world.directory.product]
    assert proposal.attachments.get().original_name == "drawing.pdf"

    version = proposal.updated_at.isoformat()
    client.post(
        reverse("wishlists:proposal_edit", args=[proposal.pk]),
        proposal_data(world, estimated_value="2000000", version=version),
    )
    proposal.refresh_from_db()
    assert str(proposal.estimated_value) == "2000000.00"

    client.post(reverse("wishlists:proposal_submit", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert Notification.objects.filter(
        user=world.users.kdia, url__endswith=f"/proposals/{proposal.pk}/"
    ).exists()
    # Submitted: no longer editable by the company.
    assert client.get(reverse("wishlists:proposal_edit", args=[proposal.pk])).status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"currency": "ABC"}, "currency", "ABC is not an ISO 4217 currency code."),
        ({"estimated_value": "-3"}, "estimated_value", "greater than or equal to 0"),
        ({"title_ko": ""}, "title_ko", "Give this in Korean, English or both."),
        ({"offset_field": "99"}, "offset_field", "Select a valid choice"),
    ],
)
def test_bad_proposals_name_the_field(world, as_persona, changes, field, message):
    before = Proposal.objects.count()
    response = as_persona("korean_admin").post(
        reverse("wishlists:proposal_create", args=[world.wishlists.round.pk]), proposal_data(world, **changes)
    )
    assert message in " ".join(response.context["form"].errors[field])
    assert Proposal.objects.count() == before


def test_another_companys_products_cannot_be_attached(world, as_persona):
    from companies.models import Product

    stranger = Product.objects.create(company=world.directory.draft, name_en="Not yours")
    response = as_persona("korean_admin").post(
        reverse("wishlists:proposal_create", args=[world.wishlists.round.pk]),
        proposal_data(world, products=[stranger.pk]),
    )
    assert "Select a valid choice" in " ".join(response.context["form"].errors["products"])


def test_a_late_submission_is_refused_with_the_deadline_named(world, as_persona, time_machine):
    round_ = world.wishlists.round
    time_machine.move_to(round_.deadline + timedelta(minutes=1))
    response = as_persona("korean_admin").post(
        reverse("wishlists:proposal_submit", args=[world.wishlists.draft.pk]), follow=True
    )
    deadline = timezone.localtime(round_.deadline).strftime("%Y-%m-%d %H:%M")
    assert f"The round closed at {deadline} (Korea time)" in text_of(response)
    world.wishlists.draft.refresh_from_db()
    assert world.wishlists.draft.status == ProposalStatus.DRAFT
    response = as_persona("korean_admin").post(
        reverse("wishlists:proposal_create", args=[round_.pk]), proposal_data(world)
    )
    assert "The round closed at" in text_of(response)


def test_an_ineligible_company_cannot_propose(world, as_persona):
    round_ = world.wishlists.round
    round_.eligible_sizes = ["large"]
    round_.save()
    response = as_persona("korean_admin").post(
        reverse("wishlists:proposal_create", args=[round_.pk]), proposal_data(world)
    )
    assert "does not match this round's eligibility" in text_of(response)


def review(client, proposal, **data):
    proposal.refresh_from_db()
    return client.post(
        reverse("staff_wishlists:proposal_review", args=[proposal.pk]),
        {"version": proposal.updated_at.isoformat()} | data,
        follow=True,
    )


def test_review_with_reasons_the_company_sees_then_revision_and_acceptance(world, as_persona):
    proposal, kdia = world.wishlists.others, as_persona("kdia")
    response = review(kdia, proposal, decision="returned")
    assert "Choose the reason the company will see." in text_of(response)
    review(
        kdia, proposal, decision="returned", reason_code="incomplete", comment="Add the target frigate class."
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reason_code) == ("returned", "incomplete")
    company = as_persona("other_korean")
    page = text_of(company.get(reverse("wishlists:proposal_detail", args=[proposal.pk])))
    assert "Information missing or unclear" in page and "Add the target frigate class." in page
    assert Notification.objects.filter(
        user=world.users.other_korean, url__endswith=f"/proposals/{proposal.pk}/"
    ).exists()

    company.post(reverse("wishlists:proposal_submit", args=[proposal.pk]))
    review(kdia, proposal, decision="accepted", comment="")
    proposal.refresh_from_db()
    assert proposal.status == "accepted"
    history = list(proposal.events.values_list("status", "by"))
    assert [status for status, _by in history] == ["draft", "submitted", "returned", "submitted", "accepted"]
    assert history[2][1] == world.users.kdia.pk


def test_a_review_on_a_stale_page_is_refused(world, as_persona):
    proposal = world.wishlists.others
    stale = proposal.updated_at.isoformat()
    Proposal.objects.get(pk=proposal.pk).save()
    response = as_persona("kdia").post(
        reverse("staff_wishlists:proposal_review", args=[proposal.pk]),
        {"version": stale, "decision": "accepted"},
    )
    assert "Someone else saved this record" in text_of(response)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_duplicates_are_merged(world, as_persona):
    proposal = world.wishlists.others
    as_persona("kdia").post(
        reverse("staff_wishlists:proposal_merge", args=[proposal.pk]),
        {
            "version": proposal.updated_at.isoformat(),
            "into": world.wishlists.accepted.pk,
            "comment": "Same work package.",
        },
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.merged_into) == ("merged", world.wishlists.accepted)
    page = text_of(as_persona("other_korean").get(reverse("wishlists:proposal_detail", args=[proposal.pk])))
    assert f"Merged into proposal {world.wishlists.accepted.number}." in page


def test_a_submitted_package_is_frozen_and_later_changes_make_a_new_revision(world, as_persona):
    package = world.wishlists.package
    assert package.status == PackageStatus.SUBMITTED
    assert [row["number"] for row in package.snapshot] == [world.wishlists.accepted.number]
    Proposal.objects.filter(pk=world.wishlists.accepted.pk).update(title_en="Changed after submission")
    make_proposal(
        world.wishlists.round, world.directory.draft, status=ProposalStatus.ACCEPTED, title="Hull sensors"
    )
    kdia = as_persona("kdia")
    response = kdia.post(reverse("staff_wishlists:package_compile", args=[world.wishlists.round.pk]))
    revision_2 = world.wishlists.round.packages.get(revision=2)
    assert response.status_code == 302
    assert revision_2.proposals.count() == 2
    first = text_of(kdia.get(reverse("wishlists:package_detail", args=[package.pk])))
    assert "Sonar dome repair" in first and "Changed after submission" not in first


def test_the_package_exports_as_a_bilingual_workbook(world, as_persona):
    from openpyxl import load_workbook

    response = as_persona("dapa").get(reverse("wishlists:package_export", args=[world.wishlists.package.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["사업 Programme", "제안 Proposals", "요약 Summary"]
    proposals = list(book["제안 Proposals"].values)
    assert proposals[0][0] == "제안 번호 / Proposal no."
    assert proposals[1][0] == world.wishlists.accepted.number
    assert "Sonar dome repair" in proposals[1]
    summary = list(book["요약 Summary"].values)
    assert summary[1] == ("3", "직접·방산 / Direct, defence", "1", "USD", "2500000.00")
    header = dict(book["사업 Programme"].values)
    assert header["사업번호 / DAPA reference"] == world.offsets.programme.dapa_reference


def test_dapa_acknowledges_and_kdia_and_the_companies_see_it(world, as_persona):
    package = world.wishlists.package
    as_persona("dapa").post(
        reverse("wishlists:package_acknowledge", args=[package.pk]), {"note": "Received, thank you."}
    )
    package.refresh_from_db()
    assert package.status == PackageStatus.ACKNOWLEDGED
    assert Notification.objects.filter(user=world.users.kdia, title_en__contains="acknowledged").exists()
    assert Notification.objects.filter(
        user=world.users.korean_admin, title_en__contains="acknowledged"
    ).exists()
    page = text_of(
        as_persona("korean_member").get(
            reverse("wishlists:proposal_detail", args=[world.wishlists.accepted.pk])
        )
    )
    assert "Acknowledged by DAPA" in page and "Received, thank you." in page


def test_the_api_lists_only_what_the_caller_may_see(world, as_persona):
    url = "/api/v1/wishlists/proposals"
    own = {item["number"] for item in as_persona("korean_admin").get(url).json()["items"]}
    assert own == {world.wishlists.draft.number, world.wishlists.accepted.number}
    assert as_persona("foreign").get(url).json()["count"] == 0
    assert as_persona("dapa").get(url).json()["count"] == 3
    assert as_persona("korean_admin").get(f"{url}/{world.wishlists.others.pk}").status_code == 404
    as_persona("kdia").post(
        reverse("staff_wishlists:package_share", args=[world.wishlists.package.pk]), {"shared": "1"}
    )
    shared = as_persona("foreign").get(url).json()["items"]
    assert [item["number"] for item in shared] == [world.wishlists.accepted.number]
    assert shared[0]["review_comment"] == "" and shared[0]["reason_code"] is None
    assert as_persona("foreign").get(f"{url}?status=nonsense").status_code == 422


def test_wishlist_pages_in_korean(world):
    from core.testing import signed_in

    client = signed_in(world.users.korean_admin, HTTP_ACCEPT_LANGUAGE="ko")
    assert "희망 목록" in text_of(client.get(reverse("wishlists:index")))
    page = text_of(client.get(reverse("wishlists:round_detail", args=[world.wishlists.round.pk])))
    assert "제안 작성" in page and "KST" in page
