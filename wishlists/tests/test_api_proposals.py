"""Rounds, proposals (drafting, revising, submitting, KDIA's review) and packages over /api/v1."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import client_for
from wishlists import services
from wishlists.choices import ProposalStatus
from wishlists.models import Proposal, ProposalEvent, Round

pytestmark = pytest.mark.django_db


def body(world, **changes) -> dict:
    return {
        "offset_field": 3,
        "offset_type": "direct_defence",
        "title_en": "Gearbox overhaul line",
        "description_en": "Depot-level overhaul of the main gearbox.",
        "estimated_value": "1800000.00",
        "currency": "usd",
        "products": [world.directory.product.pk],
    } | changes


def post(client, url, data=None, **headers):
    return client.post(url, data or {}, content_type="application/json", **headers)


def put(client, url, data, **headers):
    return client.put(url, data, content_type="application/json", **headers)


def etag(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response["ETag"]


def proposal_url(proposal) -> str:
    return f"/api/v1/wishlists/proposals/{proposal.pk}"


# --- Rounds -------------------------------------------------------------------------------------


def test_a_korean_company_sees_the_open_round_it_may_propose_in(world):
    client = client_for(world, "korean_member")
    items = client.get("/api/v1/wishlists/rounds?open=true").json()["items"]
    assert [row["id"] for row in items] == [world.wishlists.round.pk]
    assert items[0]["can_propose"] is True and items[0]["programme"] == "DAPA-T-001"
    assert client.get("/api/v1/wishlists/rounds?open=false").json()["count"] == 0
    detail = client.get(f"/api/v1/wishlists/rounds/{world.wishlists.round.pk}")
    assert detail.status_code == 200 and detail["ETag"]


def test_rounds_are_not_for_contractors(world):
    assert client_for(world, "foreign").get("/api/v1/wishlists/rounds").status_code == 403
    assert (
        client_for(world, "dapa").get("/api/v1/wishlists/rounds").json()["items"][0]["can_propose"] is False
    )


# --- Drafting -----------------------------------------------------------------------------------


def test_a_company_drafts_a_proposal(world):
    url = f"/api/v1/wishlists/rounds/{world.wishlists.round.pk}/proposals"
    response = post(client_for(world, "korean_member"), url, body(world))
    assert response.status_code == 201, response.content
    proposal = Proposal.objects.get(pk=response.json()["id"])
    assert proposal.status == ProposalStatus.DRAFT and proposal.created_by == world.users.korean_member
    assert proposal.company == world.directory.published and proposal.currency == "USD"
    assert list(proposal.products.all()) == [world.directory.product]
    assert response.json()["estimated_value"] == "1800000.00" and response["ETag"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"offset_field": 9}, "offset_field"),
        ({"offset_type": "barter"}, "offset_type"),
        ({"title_en": ""}, "title_ko"),
        ({"estimated_value": "lots"}, "estimated_value"),
        ({"currency": "XYZ"}, "currency"),
        ({"contractor": 999999}, "contractor"),
        ({"products": [999999]}, "products"),
    ],
)
def test_a_refused_draft_names_the_field_and_writes_nothing(world, changes, field):
    before = Proposal.objects.count()
    url = f"/api/v1/wishlists/rounds/{world.wishlists.round.pk}/proposals"
    response = post(client_for(world, "korean_admin"), url, body(world, **changes))
    assert response.status_code == 422, response.content
    assert field in response.content.decode()
    assert Proposal.objects.count() == before


def test_no_draft_after_the_deadline_or_by_another_role(world):
    url = f"/api/v1/wishlists/rounds/{world.wishlists.round.pk}/proposals"
    assert post(client_for(world, "foreign"), url, body(world)).status_code == 403
    assert post(client_for(world, "kdia"), url, body(world)).status_code == 403
    Round.objects.filter(pk=world.wishlists.round.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    before = Proposal.objects.count()
    assert post(client_for(world, "korean_admin"), url, body(world)).status_code == 409
    assert Proposal.objects.count() == before


def test_updating_a_draft_needs_a_current_if_match(world):
    client = client_for(world, "korean_admin")
    url = proposal_url(world.wishlists.draft)
    assert put(client, url, body(world)).status_code == 428
    assert put(client, url, body(world), HTTP_IF_MATCH='"stale"').status_code == 412
    response = put(client, url, body(world, title_en="Revised"), HTTP_IF_MATCH=etag(client, url))
    assert response.status_code == 200, response.content
    assert Proposal.objects.get(pk=world.wishlists.draft.pk).title_en == "Revised"
    refused = put(client, url, body(world, estimated_value="-1"), HTTP_IF_MATCH=response["ETag"])
    assert refused.status_code == 422 and "estimated_value" in refused.content.decode()
    assert Proposal.objects.get(pk=world.wishlists.draft.pk).estimated_value > 0


def test_another_companys_proposal_is_missing_and_a_submitted_one_is_frozen(world):
    url = proposal_url(world.wishlists.draft)
    assert put(client_for(world, "other_korean"), url, body(world), HTTP_IF_MATCH='"x"').status_code == 404
    client = client_for(world, "korean_admin")
    accepted = proposal_url(world.wishlists.accepted)
    assert put(client, accepted, body(world), HTTP_IF_MATCH=etag(client, accepted)).status_code == 409


def test_a_company_submits_its_draft(world):
    client = client_for(world, "korean_member")
    url = proposal_url(world.wishlists.draft)
    assert post(client, f"{url}/submit").status_code == 428
    response = post(client, f"{url}/submit", HTTP_IF_MATCH=etag(client, url))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == ProposalStatus.SUBMITTED
    assert ProposalEvent.objects.filter(proposal=world.wishlists.draft, status="submitted").exists()
    assert post(client, f"{url}/submit", HTTP_IF_MATCH=etag(client, url)).status_code == 409


def test_submitting_after_the_deadline_is_refused(world):
    client = client_for(world, "korean_member")
    url = proposal_url(world.wishlists.draft)
    tag = etag(client, url)
    Round.objects.filter(pk=world.wishlists.round.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    assert post(client, f"{url}/submit", HTTP_IF_MATCH=tag).status_code == 409
    assert Proposal.objects.get(pk=world.wishlists.draft.pk).status == ProposalStatus.DRAFT


# --- KDIA's review ------------------------------------------------------------------------------


def test_kdia_reviews_a_submitted_proposal(world):
    kdia = client_for(world, "kdia")
    url = proposal_url(world.wishlists.others)
    refused = post(kdia, f"{url}/review", {"decision": "returned"}, HTTP_IF_MATCH=etag(kdia, url))
    assert refused.status_code == 422 and "reason_code" in refused.content.decode()
    decision = {"decision": "returned", "reason_code": "incomplete", "comment": "Add the drawings."}
    assert post(kdia, f"{url}/review", decision, HTTP_IF_MATCH='"old"').status_code == 412
    response = post(kdia, f"{url}/review", decision, HTTP_IF_MATCH=etag(kdia, url))
    assert response.status_code == 200, response.content
    assert Proposal.objects.get(pk=world.wishlists.others.pk).status == ProposalStatus.RETURNED
    assert (
        post(kdia, f"{proposal_url(world.wishlists.draft)}/review", decision, HTTP_IF_MATCH='"x"').status_code
        == 409
    )


def test_only_kdia_reviews(world):
    url = proposal_url(world.wishlists.others)
    for persona in ("dapa", "other_korean"):
        client = client_for(world, persona)
        response = post(client, f"{url}/review", {"decision": "accepted"}, HTTP_IF_MATCH=etag(client, url))
        assert response.status_code == 403


# --- Packages -----------------------------------------------------------------------------------


def test_packages_follow_their_visibility(world):
    package = world.wishlists.package
    url = f"/api/v1/wishlists/packages/{package.pk}"
    for persona in ("kdia", "dapa"):
        client = client_for(world, persona)
        assert client.get("/api/v1/wishlists/packages").json()["count"] == 1
        detail = client.get(url)
        assert detail.status_code == 200 and detail["ETag"]
        rows = detail.json()["rows"]
        assert [row["number"] for row in rows] == [world.wishlists.accepted.number]
        assert rows[0]["estimated_value"] == {"amount": "2500000.00", "currency": "USD"}
    for persona in ("foreign", "korean_admin"):
        client = client_for(world, persona)
        assert client.get("/api/v1/wishlists/packages").json()["count"] == 0
        assert client.get(url).status_code == 404
    services.share(package.pk, shared=True)
    shared = client_for(world, "foreign").get(url)
    assert shared.status_code == 200 and shared.json()["summary"][0]["proposals"] == 1
