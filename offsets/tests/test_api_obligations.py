"""Obligations, claims and banked credit over /api/v1: the pages' permission path and services."""

from datetime import date
from decimal import Decimal

import pytest

from conftest import client_for
from offsets import credits
from offsets.choices import ClaimStatus, LedgerKind
from offsets.models import Claim, ClaimEvent

pytestmark = pytest.mark.django_db

CLAIM = {
    "performed_on": "2025-07-15",
    "amount": "125000.00",
    "currency": "USD",
    "description_en": "Second lot of blades delivered",
}


def post(client, url, body, **headers):
    return client.post(url, body, content_type="application/json", **headers)


def put(client, url, body, **headers):
    return client.put(url, body, content_type="application/json", **headers)


def etag(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response["ETag"]


def names_field(response, field: str) -> bool:
    return field in response.content.decode()


# --- Obligations --------------------------------------------------------------------------------


def test_contractor_lists_only_its_obligations_with_fulfilment(world):
    body = client_for(world, "foreign").get("/api/v1/offsets/obligations").json()
    assert [row["id"] for row in body["items"]] == [world.offsets.agreement.pk]
    row = body["items"][0]
    assert row["obligation"] == {"amount": "60000000.00", "currency": "USD"}
    assert row["progress"]["claimed"] == {"amount": "250000.00", "currency": "USD"}
    assert row["contractor"]["name_en"] == "Westmark Dynamics"


def test_staff_see_every_obligation_and_filter_by_programme(world):
    dapa = client_for(world, "dapa")
    assert dapa.get("/api/v1/offsets/obligations").json()["count"] == 2
    filtered = dapa.get(f"/api/v1/offsets/obligations?programme={world.offsets.programme.pk}").json()
    assert [row["id"] for row in filtered["items"]] == [world.offsets.agreement.pk]


def test_obligation_detail_has_items_and_an_etag(world):
    response = client_for(world, "foreign").get(f"/api/v1/offsets/obligations/{world.offsets.agreement.pk}")
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    item = response.json()["items"][0]
    assert item["id"] == world.offsets.item.pk
    assert item["amount"] == {"amount": "1000000.00", "currency": "USD"}
    assert item["kip"]["name_en"] == world.directory.published.name_en


def test_another_contractors_obligation_is_missing_and_other_roles_are_refused(world):
    foreign = client_for(world, "foreign")
    assert foreign.get(f"/api/v1/offsets/obligations/{world.offsets.rival_agreement.pk}").status_code == 404
    assert client_for(world, "korean_admin").get("/api/v1/offsets/obligations").status_code == 403
    assert client_for(world, "anonymous").get("/api/v1/offsets/obligations").status_code == 401


# --- Claims -------------------------------------------------------------------------------------


def test_claims_list_filters_by_status(world):
    foreign = client_for(world, "foreign")
    assert foreign.get("/api/v1/offsets/claims?status=submitted").json()["count"] == 1
    assert foreign.get("/api/v1/offsets/claims?status=approved").json()["count"] == 0
    bad = foreign.get("/api/v1/offsets/claims?status=nonsense")
    assert bad.status_code == 422 and names_field(bad, "status")


def test_contractor_files_a_claim(world):
    url = f"/api/v1/offsets/items/{world.offsets.item.pk}/claims"
    response = post(client_for(world, "foreign"), url, CLAIM)
    assert response.status_code == 201, response.content
    body = response.json()
    claim = Claim.objects.get(pk=body["id"])
    assert claim.status == ClaimStatus.SUBMITTED and claim.submitted_by == world.users.foreign
    assert claim.amount_usd == Decimal("125000.00")
    assert body["amount"] == {"amount": "125000.00", "currency": "USD"}
    assert body["editable"] is True and [e["status"] for e in body["events"]] == ["submitted"]
    assert response["ETag"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "twelve"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"currency": "ZZZ"}, "currency"),
        ({"description_en": ""}, "description_ko"),
        ({"performed_on": "2025-02-30"}, "performed_on"),
    ],
)
def test_a_refused_claim_names_the_field_and_writes_nothing(world, change, field):
    before = Claim.objects.count()
    url = f"/api/v1/offsets/items/{world.offsets.item.pk}/claims"
    response = post(client_for(world, "foreign"), url, CLAIM | change)
    assert response.status_code in (400, 422), response.content
    assert names_field(response, field)
    assert Claim.objects.count() == before


def test_claims_against_another_contractors_item_or_by_another_role(world):
    rival = f"/api/v1/offsets/items/{world.offsets.rival_item.pk}/claims"
    assert post(client_for(world, "foreign"), rival, CLAIM).status_code == 404
    own = f"/api/v1/offsets/items/{world.offsets.item.pk}/claims"
    assert post(client_for(world, "dapa"), own, CLAIM).status_code == 403
    assert post(client_for(world, "korean_admin"), own, CLAIM).status_code == 403


def test_revising_a_claim_needs_a_current_if_match(world):
    foreign = client_for(world, "foreign")
    url = f"/api/v1/offsets/claims/{world.offsets.claim.pk}"
    assert put(foreign, url, CLAIM).status_code == 428
    assert put(foreign, url, CLAIM, HTTP_IF_MATCH='"stale"').status_code == 412
    response = put(foreign, url, CLAIM, HTTP_IF_MATCH=etag(foreign, url))
    assert response.status_code == 200, response.content
    claim = Claim.objects.get(pk=world.offsets.claim.pk)
    assert claim.amount == Decimal("125000.00") and claim.description_en == CLAIM["description_en"]
    assert response["ETag"] != '"stale"'


def test_a_refused_revision_changes_nothing(world):
    foreign = client_for(world, "foreign")
    url = f"/api/v1/offsets/claims/{world.offsets.claim.pk}"
    response = put(foreign, url, CLAIM | {"amount": "x"}, HTTP_IF_MATCH=etag(foreign, url))
    assert response.status_code == 422 and names_field(response, "amount")
    assert Claim.objects.get(pk=world.offsets.claim.pk).amount == Decimal("250000.00")


def test_only_the_contractor_revises_and_never_a_decided_claim(world):
    url = f"/api/v1/offsets/claims/{world.offsets.claim.pk}"
    dapa = client_for(world, "dapa")
    assert put(dapa, url, CLAIM, HTTP_IF_MATCH=etag(dapa, url)).status_code == 403
    Claim.objects.filter(pk=world.offsets.claim.pk).update(status=ClaimStatus.REJECTED)
    foreign = client_for(world, "foreign")
    assert put(foreign, url, CLAIM, HTTP_IF_MATCH=etag(foreign, url)).status_code == 409


def test_dapa_approves_a_claim(world):
    dapa = client_for(world, "dapa")
    url = f"/api/v1/offsets/claims/{world.offsets.claim.pk}"
    decision = {"decision": "approved", "approved_usd": "200000.00"}
    assert post(dapa, f"{url}/decision", decision).status_code == 428
    assert post(dapa, f"{url}/decision", decision, HTTP_IF_MATCH='"old"').status_code == 412
    response = post(dapa, f"{url}/decision", decision, HTTP_IF_MATCH=etag(dapa, url))
    assert response.status_code == 200, response.content
    claim = Claim.objects.get(pk=world.offsets.claim.pk)
    assert claim.status == ClaimStatus.APPROVED and claim.approved_usd == Decimal("200000.00")
    assert response.json()["credited"]["currency"] == "USD"
    assert ClaimEvent.objects.filter(claim=claim, status=ClaimStatus.APPROVED).exists()
    again = post(dapa, f"{url}/decision", decision, HTTP_IF_MATCH=etag(dapa, url))
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("decision", "field"),
    [
        ({"decision": "approved", "approved_usd": "999999999.00"}, "approved_usd"),
        ({"decision": "rejected", "reason": ""}, "reason"),
        ({"decision": "maybe"}, "decision"),
    ],
)
def test_a_refused_decision_names_the_field(world, decision, field):
    dapa = client_for(world, "dapa")
    url = f"/api/v1/offsets/claims/{world.offsets.claim.pk}"
    response = post(dapa, f"{url}/decision", decision, HTTP_IF_MATCH=etag(dapa, url))
    assert response.status_code == 422 and names_field(response, field)
    assert Claim.objects.get(pk=world.offsets.claim.pk).status == ClaimStatus.SUBMITTED


def test_only_dapa_decides(world):
    url = f"/api/v1/offsets/claims/{world.offsets.claim.pk}"
    for persona in ("foreign", "kdia"):
        client = client_for(world, persona)
        response = post(client, f"{url}/decision", {"decision": "approved"}, HTTP_IF_MATCH=etag(client, url))
        assert response.status_code == 403
    rival_claim = Claim.objects.create(
        item=world.offsets.rival_item,
        performed_on=date(2025, 1, 1),
        amount=Decimal("1.00"),
        currency="USD",
        amount_usd=Decimal("1.00"),
        usd_rate=Decimal("1"),
        rate_date=date(2025, 1, 1),
    )
    foreign = client_for(world, "foreign")
    assert foreign.get(f"/api/v1/offsets/claims/{rival_claim.pk}").status_code == 404


# --- Banked credit ------------------------------------------------------------------------------


def test_contractor_sees_its_account_balance_and_ledger(world):
    foreign = client_for(world, "foreign")
    listing = foreign.get("/api/v1/offsets/credits").json()
    assert [row["id"] for row in listing["items"]] == [world.offsets.account.pk]
    detail = foreign.get(f"/api/v1/offsets/credits/{world.offsets.account.pk}").json()
    deposit = detail["lines"][0]
    assert deposit["kind"] == LedgerKind.DEPOSIT and deposit["posted"] is True
    assert deposit["amount"] == {"amount": "500000.00", "currency": "USD"}
    assert deposit["kip"] == world.directory.published.brn_display
    assert detail["balance"]["currency"] == "USD"
    assert detail["lines"][-1]["balance"] == detail["balance"]


def test_another_contractors_account_is_missing(world):
    rival_deposit = credits.post(
        world.offsets.rival,
        credits.Posting(
            LedgerKind.DEPOSIT,
            date(2024, 2, 1),
            Decimal("1000.00"),
            description="Rig",
            kip=world.directory.published,
        ),
        by=world.users.dapa,
    )[0]
    url = f"/api/v1/offsets/credits/{rival_deposit.account_id}"
    assert client_for(world, "foreign").get(url).status_code == 404
    assert client_for(world, "dapa").get(url).status_code == 200
    assert client_for(world, "dapa").get("/api/v1/offsets/credits").json()["count"] == 2
    assert client_for(world, "korean_admin").get(url).status_code == 403
