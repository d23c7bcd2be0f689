"""MOAs, their items and fulfilment claims, from filing to DAPA's decision."""

import html
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from offsets import engine
from offsets.choices import ClaimStatus
from offsets.models import Agreement, Claim, ExchangeRate
from offsets.testing import PDF_BYTES, make_agreement, make_item, make_programme

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def claim_data(**changes):
    return {
        "performed_on": "2025-08-01",
        "amount": "400000",
        "currency": "USD",
        "description_en": "Second lot of blades",
    } | changes


def test_a_contractor_files_a_claim_with_evidence_and_dapa_is_told(
    world, as_persona, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    item = world.offsets.item
    upload = SimpleUploadedFile("invoice.pdf", PDF_BYTES, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona("foreign").post(
            reverse("offsets:claim_create", args=[item.pk]), claim_data(evidence=upload)
        )
    claim = Claim.objects.exclude(pk=world.offsets.claim.pk).get(item=item)
    assert response.status_code == 302
    assert claim.amount_usd == Decimal("400000.00")
    assert claim.submitted_by == world.users.foreign
    assert claim.evidence.get().original_name == "invoice.pdf"
    assert [m.to for m in mail.outbox] == [[world.users.dapa.email]]


def test_a_claim_in_another_currency_is_fixed_in_usd_at_the_rate_of_its_date(world, as_persona):
    ExchangeRate.objects.create(currency="EUR", date=date(2025, 7, 31), usd_per_unit=Decimal("1.0825"))
    as_persona("foreign").post(
        reverse("offsets:claim_create", args=[world.offsets.item.pk]),
        claim_data(amount="100000", currency="eur"),
    )
    claim = Claim.objects.get(currency="EUR")
    assert (claim.amount_usd, claim.usd_rate, claim.rate_date) == (
        Decimal("108250.00"),
        Decimal("1.0825"),
        date(2025, 7, 31),
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"currency": "GBP"}, "currency", "There is no GBP exchange rate usable on 2025-08-01"),
        ({"currency": "ZZZ"}, "currency", "ZZZ is not an ISO 4217 currency code."),
        ({"amount": "-1"}, "amount", "greater than or equal to 0"),
        ({"amount": "abc"}, "amount", "Enter a number."),
        ({"performed_on": "2025-02-30"}, "performed_on", "Enter a valid date."),
        ({"description_en": ""}, "description_ko", "Give this in Korean, English or both."),
    ],
)
def test_bad_claims_name_the_field_and_save_nothing(world, as_persona, changes, field, message):
    before = Claim.objects.count()
    response = as_persona("foreign").post(
        reverse("offsets:claim_create", args=[world.offsets.item.pk]), claim_data(**changes)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert Claim.objects.count() == before


def test_evidence_that_lies_about_its_type_is_refused(world, as_persona):
    upload = SimpleUploadedFile("scan.pdf", b"<script>alert(1)</script>", content_type="application/pdf")
    response = as_persona("foreign").post(
        reverse("offsets:claim_create", args=[world.offsets.item.pk]), claim_data(evidence=upload)
    )
    assert "neither a PDF document nor" in " ".join(response.context["form"].errors["evidence"])


def decide(client, claim, **data):
    claim.refresh_from_db()
    return client.post(
        reverse("staff_offsets:claim_decide", args=[claim.pk]),
        {"version": claim.updated_at.isoformat()} | data,
        follow=True,
    )


def test_clarification_then_approval_credits_value_times_the_sme_multiplier(
    world, as_persona, django_capture_on_commit_callbacks
):
    claim, dapa, foreign = world.offsets.claim, as_persona("dapa"), as_persona("foreign")
    response = decide(dapa, claim, decision="clarification")
    assert "Give the contractor a reason." in text_of(response)
    decide(dapa, claim, decision="clarification", reason="Attach the acceptance certificate.")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CLARIFICATION
    assert "Attach the acceptance certificate." in text_of(
        foreign.get(reverse("offsets:claim_detail", args=[claim.pk]))
    )

    version = Claim.objects.get(pk=claim.pk).updated_at.isoformat()
    foreign.post(reverse("offsets:claim_edit", args=[claim.pk]), claim_data(amount="250000", version=version))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED

    response = decide(dapa, claim, decision="approved", approved_usd="300000")
    assert "cannot exceed the value claimed" in text_of(response)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(dapa, claim, decision="approved", approved_usd="200000", reason="")
    claim.refresh_from_db()
    # The KIP is an SME: multiplier 3 under both shipped policies.
    assert (claim.status, claim.approved_usd, claim.credited_usd) == (
        "approved",
        Decimal("200000"),
        Decimal("600000.00"),
    )
    assert [m.to for m in mail.outbox] == [[world.users.foreign.email]]
    assert list(claim.events.values_list("status", flat=True)) == [
        "submitted",
        "clarification",
        "submitted",
        "approved",
    ]

    progress = engine.fulfilment(world.offsets.agreement)
    assert progress.credited.amount == Decimal("600000.00")
    assert progress.remaining.amount == Decimal("59400000.00")
    assert progress.items[0].obligation.amount == Decimal("3000000.00")  # USD 1 M agreed x 3


def test_a_decided_claim_can_no_longer_be_changed_or_decided_again(world, as_persona):
    claim = world.offsets.claim
    decide(as_persona("dapa"), claim, decision="rejected", reason="Outside the MOA scope.")
    foreign = as_persona("foreign")
    assert foreign.get(reverse("offsets:claim_edit", args=[claim.pk])).status_code == 404
    response = decide(as_persona("dapa"), claim, decision="approved", approved_usd="1")
    assert "already decided" in text_of(response)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED


def test_a_decision_on_a_claim_changed_meanwhile_is_refused(world, as_persona):
    claim = world.offsets.claim
    stale = claim.updated_at.isoformat()
    Claim.objects.get(pk=claim.pk).save()
    response = as_persona("dapa").post(
        reverse("staff_offsets:claim_decide", args=[claim.pk]),
        {"version": stale, "decision": "approved", "approved_usd": "1"},
        follow=True,
    )
    assert "Someone else saved this record" in text_of(response)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


def test_staff_record_an_moa_with_the_obligation_proposed_from_the_programme(world, as_persona):
    programme = make_programme("DAPA-T-010")
    programme.contractors.add(world.orgs.foreign)
    client = as_persona("dapa")
    page = client.get(reverse("staff_offsets:agreement_create", args=[programme.pk]))
    assert page.context["form"].initial["obligation_usd"] == Decimal("60000000.00")
    data = {
        "contractor": world.orgs.foreign.pk,
        "moa_date": "2025-01-10",
        "obligation_usd": "60000000",
        "period_end": "2024-12-31",
    }
    response = client.post(reverse("staff_offsets:agreement_create", args=[programme.pk]), data)
    assert "must end after the MOA date" in " ".join(response.context["form"].errors["period_end"])
    client.post(
        reverse("staff_offsets:agreement_create", args=[programme.pk]), data | {"period_end": "2032-12-31"}
    )
    agreement = Agreement.objects.get(programme=programme)
    assert agreement.policy.name_en == "December 2021 revision"
    response = client.post(reverse("staff_offsets:agreement_create", args=[programme.pk]), data)
    assert "already has an MOA" in " ".join(response.context["form"].errors["contractor"])


def test_an_item_names_its_kip_by_registration_number_and_gets_the_policy_multiplier(world, as_persona):
    agreement = world.offsets.agreement
    client = as_persona("kdia")
    url = reverse("staff_offsets:item_create", args=[agreement.pk])
    data = {
        "offset_field": world.offsets.item.offset_field.pk,
        "offset_type": "indirect_commercial",
        "kip_brn": "000-00-00000",
        "description_ko": "방열판 수출 연계",
        "amount": "2000000",
        "currency": "USD",
        "due_date": "2029-06-30",
    }
    response = client.post(url, data)
    assert "No company in the directory" in " ".join(response.context["form"].errors["kip_brn"])
    client.post(url, data | {"kip_brn": world.directory.published.brn_display})
    item = agreement.items.get(description_ko="방열판 수출 연계")
    assert item.kip == world.directory.published
    assert engine.item_multiplier(item) == Decimal("3")


def test_fields_6_or_7_without_1_to_5_make_the_package_invalid(world, as_persona):
    agreement = make_agreement(make_programme("DAPA-T-020"), world.orgs.foreign)
    make_item(agreement, number=7)
    text = text_of(as_persona("foreign").get(reverse("offsets:agreement_detail", args=[agreement.pk])))
    assert "Items in fields 6 or 7 are allowed only with an item in fields 1 to 5" in text
    make_item(agreement, number=2)
    text = text_of(as_persona("foreign").get(reverse("offsets:agreement_detail", args=[agreement.pk])))
    assert "Items in fields 6 or 7" not in text


def test_the_obligation_page_simulates_the_penalty_for_the_shortfall(world, as_persona):
    text = text_of(
        as_persona("dapa").get(reverse("offsets:agreement_detail", args=[world.offsets.agreement.pk]))
    )
    # Nothing credited yet: USD 60 M short; 10 % forfeited, then 50 % of what is still unfulfilled.
    assert "USD 6,000,000.00" in text
    assert "USD 30,000,000.00" in text
    assert "USD 36,000,000.00" in text
    assert "2031-12-31" in text  # cure period: 12 months after 2030-12-31


def test_obligation_pages_in_korean(world):
    from core.testing import signed_in

    client = signed_in(world.users.foreign, HTTP_ACCEPT_LANGUAGE="ko")
    world.users.foreign.preferred_language = "ko"
    world.users.foreign.save()
    text = text_of(client.get(reverse("offsets:agreement_detail", args=[world.offsets.agreement.pk])))
    assert "청구" in text
    text = text_of(client.get(reverse("offsets:claim_detail", args=[world.offsets.claim.pk])))
    assert "제출" in text
