"""GET /api/v1/programmes and /api/v1/programmes/{programme_id}: public programme summaries.

Summaries and the offset assessment are public; agreements, claims and credit are not, and the
API must not leak them.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from accounts.choices import OrganizationKind
from core.testing import make_org
from offsets.choices import ProgrammeState
from offsets.models import ExchangeRate, Programme

pytestmark = pytest.mark.django_db

LIST = "/api/v1/programmes"


def detail(pk) -> str:
    return f"{LIST}/{pk}"


@pytest.fixture
def programmes():
    contractor = make_org(
        OrganizationKind.FOREIGN_CONTRACTOR, name_ko="웨스트마크", name_en="Westmark Dynamics", country="US"
    )
    ExchangeRate.objects.create(currency="KRW", date=date(2026, 1, 2), usd_per_unit=Decimal("0.00075"))
    tanker = Programme.objects.create(
        name_ko="공중급유기 2차",
        name_en="Air Refuelling Tanker II",
        dapa_reference="DAPA-2026-001",
        weapon_system_ko="공중급유기",
        weapon_system_en="Tanker aircraft",
        summary_ko="공중급유기 4대 구매",
        summary_en="Purchase of four tanker aircraft",
        estimated_amount=Decimal("12000000.00"),
        currency="USD",
        competitive=True,
        reference_date=date(2026, 1, 15),
        state=ProgrammeState.RFP,
        korean_parts_quota=Decimal("0.3000"),
    )
    tanker.contractors.add(contractor)
    radar = Programme.objects.create(
        name_ko="해상 레이더",
        name_en="Maritime radar",
        dapa_reference="DAPA-2026-002",
        estimated_amount=Decimal("16000000000.00"),
        currency="KRW",
        competitive=False,
        reference_date=date(2026, 1, 10),
        ratio_override=Decimal("0.4000"),
        state=ProgrammeState.NEGOTIATION,
    )
    no_rate = Programme.objects.create(
        name_en="Trainer simulators",
        dapa_reference="DAPA-2026-003",
        estimated_amount=Decimal("50000000.00"),
        currency="EUR",
        reference_date=date(2026, 1, 5),
        state=ProgrammeState.RFP,
    )
    fms = Programme.objects.create(
        name_en="Patrol aircraft (FMS)",
        dapa_reference="DAPA-2025-010",
        estimated_amount=Decimal("900000000.00"),
        currency="USD",
        foreign_government=True,
        reference_date=date(2025, 6, 1),
        state=ProgrammeState.IMPLEMENTATION,
    )
    return {"tanker": tanker, "radar": radar, "no_rate": no_rate, "fms": fms, "contractor": contractor}


def test_the_list_is_public_and_paginated(client, programmes):
    body = client.get(LIST).json()
    assert body["count"] == 4 and body["limit"] == 20 and body["offset"] == 0
    assert [item["dapa_reference"] for item in body["items"]] == [
        "DAPA-2026-001",
        "DAPA-2026-002",
        "DAPA-2026-003",
        "DAPA-2025-010",
    ]
    page = client.get(LIST, {"limit": 2, "offset": 2}).json()
    assert page["count"] == 4
    assert [item["dapa_reference"] for item in page["items"]] == ["DAPA-2026-003", "DAPA-2025-010"]


def test_filters_by_state_and_text(client, programmes):
    rfp = client.get(LIST, {"state": "rfp"}).json()
    assert {item["dapa_reference"] for item in rfp["items"]} == {"DAPA-2026-001", "DAPA-2026-003"}
    assert rfp["count"] == 2
    for query, expected in [
        ("tanker", {"DAPA-2026-001"}),
        ("레이더", {"DAPA-2026-002"}),
        ("2025-010", {"DAPA-2025-010"}),
        ("nothing like it", set()),
    ]:
        found = client.get(LIST, {"q": query}).json()
        assert {item["dapa_reference"] for item in found["items"]} == expected, query


@pytest.mark.parametrize(
    ("params", "field"),
    [({"state": "launched"}, "state"), ({"limit": 101}, "limit"), ({"offset": -1}, "offset")],
)
def test_bad_list_parameters_are_a_422_naming_the_parameter(client, programmes, params, field):
    response = client.get(LIST, params)
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_a_bad_state_is_explained_in_the_callers_language(client, programmes):
    english = client.get(LIST, {"state": "launched"}).json()["message"]
    korean = client.get(LIST, {"state": "launched"}, HTTP_ACCEPT_LANGUAGE="ko").json()["message"]
    assert "launched" in english and "planned" in english
    assert korean != english and "launched" in korean


def test_the_summary_of_a_programme(client, programmes):
    tanker = programmes["tanker"]
    body = client.get(detail(tanker.pk)).json()
    assert body == {
        "id": tanker.pk,
        "dapa_reference": "DAPA-2026-001",
        "name_ko": "공중급유기 2차",
        "name_en": "Air Refuelling Tanker II",
        "weapon_system_ko": "공중급유기",
        "weapon_system_en": "Tanker aircraft",
        "summary_ko": "공중급유기 4대 구매",
        "summary_en": "Purchase of four tanker aircraft",
        "estimated_amount": {"amount": "12000000.00", "currency": "USD"},
        "competitive": True,
        "foreign_government": False,
        "reference_date": "2026-01-15",
        "state": "rfp",
        "korean_parts_quota": "0.30",
        "contractors": [{"name_ko": "웨스트마크", "name_en": "Westmark Dynamics"}],
        "documents": [],
        "assessment": {
            "offset_required": True,
            "reason": "at_or_above_threshold",
            "policy": "December 2021 revision",
            "policy_effective_from": "2021-12-01",
            "min_ratio": "0.50",
            "ratio_source": "policy",
            "min_obligation": {"amount": "6000000.00", "currency": "USD"},
            "min_obligation_usd": {"amount": "6000000.00", "currency": "USD"},
        },
        "assessment_error": None,
        "url": f"/programmes/{tanker.pk}/",
    }


def test_a_programme_ratio_and_a_converted_amount(client, programmes):
    assessment = client.get(detail(programmes["radar"].pk)).json()["assessment"]
    assert assessment["min_ratio"] == "0.40"
    assert assessment["ratio_source"] == "programme"
    assert assessment["min_obligation"] == {"amount": "6400000000.00", "currency": "KRW"}
    assert assessment["min_obligation_usd"] == {"amount": "4800000.00", "currency": "USD"}


def test_an_exempt_purchase_owes_nothing(client, programmes):
    assessment = client.get(detail(programmes["fms"].pk)).json()["assessment"]
    assert assessment["offset_required"] is False
    assert assessment["reason"] == "fms_exempt"
    assert assessment["min_obligation"] is None


def test_a_missing_rate_is_reported_instead_of_an_assessment(client, programmes):
    body = client.get(detail(programmes["no_rate"].pk)).json()
    assert body["assessment"] is None
    assert "EUR" in body["assessment_error"]
    listed = client.get(LIST, {"q": "DAPA-2026-003"}).json()["items"][0]
    assert listed["assessment"] is None and listed["assessment_error"] == body["assessment_error"]


def test_no_obligation_data_is_exposed(client, programmes):
    body = client.get(detail(programmes["tanker"].pk)).json()
    # Documents are listed with their own visibility (offsets/tests/test_api_files.py).
    for private in ("agreements", "claims", "ledger", "obligation_items", "ratio_override"):
        assert private not in body
    assert set(body) == set(client.get(LIST).json()["items"][0])


def test_an_unknown_programme_is_404(client, programmes):
    response = client.get(detail(999999))
    assert response.status_code == 404
    assert response.json()["message"]


def test_anyone_may_read_but_unapproved_members_are_turned_away(programmes, as_persona):
    assert Client(HTTP_ACCEPT_LANGUAGE="en").get(LIST).status_code == 200
    assert as_persona("foreign").get(detail(programmes["tanker"].pk)).status_code == 200
    assert as_persona("pending").get(LIST).status_code == 403
