"""Programmes: staff create and move them through the lifecycle; everyone reads the summary."""

import html
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from offsets.choices import ProgrammeState
from offsets.models import ExchangeRate, Programme
from offsets.testing import PDF_BYTES

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(response.content.decode())


FORM = {
    "name_ko": "차기 전술비행체",
    "name_en": "Next Tactical Air Vehicle",
    "dapa_reference": "DAPA-T-900",
    "estimated_amount": "250000000",
    "currency": "usd",
    "competitive": "on",
    "reference_date": "2026-01-15",
}


def test_staff_create_a_programme_and_its_first_state_is_recorded(world, as_persona):
    response = as_persona("dapa").post(reverse("staff_offsets:programme_create"), FORM)
    programme = Programme.objects.get(dapa_reference="DAPA-T-900")
    assert response.status_code == 302
    assert programme.currency == "USD"
    assert list(programme.state_changes.values_list("to_state", flat=True)) == [ProgrammeState.PLANNED]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"currency": "XYZ"}, "currency", "XYZ is not an ISO 4217 currency code."),
        ({"estimated_amount": "-5"}, "estimated_amount", "cannot be negative"),
        ({"ratio_override": "0.2"}, "ratio_override", "below the policy minimum of 0.5"),
        ({"reference_date": "2009-12-31"}, "reference_date", "No offset policy is in force on 2009-12-31."),
        ({"currency": "KRW"}, "currency", "There is no KRW exchange rate usable on 2026-01-15"),
        ({"name_ko": "", "name_en": ""}, "name_ko", "Give this in Korean, English or both."),
    ],
)
def test_programme_form_names_the_field_at_fault(world, as_persona, changes, field, message):
    response = as_persona("kdia").post(reverse("staff_offsets:programme_create"), FORM | changes)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Programme.objects.filter(dapa_reference="DAPA-T-900").exists()


def test_a_stale_programme_edit_is_refused(world, as_persona):
    programme = world.offsets.programme
    client = as_persona("kdia")
    page = client.get(reverse("staff_offsets:programme_edit", args=[programme.pk]))
    version = page.context["form"].initial["version"]
    Programme.objects.filter(pk=programme.pk).update(name_en="Changed meanwhile")
    Programme.objects.get(pk=programme.pk).save()  # bumps updated_at
    data = FORM | {
        "dapa_reference": programme.dapa_reference,
        "reference_date": "2024-03-01",
        "version": version,
    }
    response = client.post(reverse("staff_offsets:programme_edit", args=[programme.pk]), data)
    assert response.status_code == 200
    assert "Someone else saved this record" in str(response.context["form"].non_field_errors())
    assert Programme.objects.get(pk=programme.pk).name_en == "Changed meanwhile"


def move(client, programme, to_state, from_state=None, note=""):
    return client.post(
        reverse("staff_offsets:programme_state", args=[programme.pk]),
        {"to_state": to_state, "from_state": from_state or programme.state, "note": note},
        follow=True,
    )


def test_lifecycle_moves_one_step_and_back_only_with_a_note(world, as_persona):
    programme = world.offsets.programme
    client = as_persona("dapa")
    move(client, programme, "rfp")
    programme.refresh_from_db()
    assert programme.state == "rfp"
    response = move(client, programme, "moa")
    assert "one step forward or back" in text_of(response)
    response = move(client, programme, "planned")
    assert "Say why" in text_of(response)
    move(client, programme, "planned", note="RFP withdrawn for a fix")
    programme.refresh_from_db()
    assert programme.state == "planned"
    history = list(programme.state_changes.values_list("from_state", "to_state", "note"))
    assert history[0] == ("rfp", "planned", "RFP withdrawn for a fix")
    assert history[1] == ("planned", "rfp", "")


def test_a_state_change_on_a_stale_page_is_refused(world, as_persona):
    programme = world.offsets.programme
    client = as_persona("kdia")
    move(client, programme, "rfp")
    response = move(client, programme, "proposals", from_state="planned")
    assert "changed the programme's state meanwhile" in text_of(response)
    programme.refresh_from_db()
    assert programme.state == "rfp"


def test_the_public_page_shows_the_obligation_and_the_policy_used(world, client):
    response = client.get(reverse("offsets:programme_detail", args=[world.offsets.programme.pk]))
    text = text_of(response)
    assert "USD 60,000,000.00" in text  # 50 % of USD 120 M, competing sources
    assert "December 2021 revision" in text
    assert "Westmark Dynamics" in text
    assert "Draft RFP annex" not in text  # a restricted document
    assert "Eastgate" not in text


def test_a_krw_programme_shows_the_rate_and_its_date(world, client):
    ExchangeRate.objects.create(currency="KRW", date=date(2024, 2, 28), usd_per_unit=Decimal("0.00075"))
    programme = Programme.objects.create(
        dapa_reference="DAPA-T-KRW",
        name_ko="국내 구매 시험",
        estimated_amount=Decimal("20000000000"),
        currency="KRW",
        competitive=False,
        reference_date=date(2024, 3, 1),
    )
    text = text_of(client.get(reverse("offsets:programme_detail", args=[programme.pk])))
    assert "USD 15,000,000.00" in text
    assert "1 KRW = USD 0.000750000000 (rate of 2024-02-28)" in text
    assert "KRW 6,000,000,000.00" in text  # 30 % without competing sources since December 2021


def test_programme_pages_in_korean(world):
    from core.testing import signed_in

    client = signed_in(None, HTTP_ACCEPT_LANGUAGE="ko")
    text = text_of(client.get(reverse("offsets:programme_detail", args=[world.offsets.programme.pk])))
    assert "차기 해상작전헬기 2차" in text
    assert "최소" in text
    listing = text_of(client.get(reverse("offsets:programme_list") + "?q=해상"))
    assert "차기 해상작전헬기 2차" in listing


def test_programme_search_and_state_filter(world, client):
    url = reverse("offsets:programme_list")
    assert "Coastal Radar" in text_of(client.get(url, {"q": "coastal"}))
    assert "Coastal Radar" not in text_of(client.get(url, {"q": "phase 2"}))
    assert "No programme matches" in text_of(client.get(url, {"state": "completed"}))
    assert client.get(url, {"state": "nonsense", "q": "x" * 500}).status_code == 200


def test_restricted_documents_reach_only_staff_and_the_programmes_contractors(world, as_persona):
    client = as_persona("kdia")
    upload = SimpleUploadedFile("rfp.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(
        reverse("staff_offsets:document_upload", args=[world.offsets.programme.pk]),
        {"title_en": "RFP", "file": upload, "public": "on"},
    )
    assert response.status_code == 302
    public = world.offsets.programme.documents.get(title_en="RFP")
    assert (
        as_persona("anonymous")
        .get(reverse("offsets:document", args=[public.programme_id, public.pk]))
        .status_code
        == 200
    )


def test_a_document_that_is_not_a_pdf_or_image_is_refused(world, as_persona):
    upload = SimpleUploadedFile("rfp.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = as_persona("kdia").post(
        reverse("staff_offsets:document_upload", args=[world.offsets.programme.pk]),
        {"title_en": "RFP", "file": upload},
    )
    assert response.status_code == 200
    assert "neither a PDF document nor" in " ".join(response.context["form"].errors["file"])


def test_the_unfiltered_list_shows_every_programme(world, client):
    text = text_of(client.get(reverse("offsets:programme_list")))
    assert "Maritime Helicopter Phase 2" in text and "Coastal Radar" in text
