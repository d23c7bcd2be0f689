"""Requirements and expressions of interest over the API: the pages' forms, services and versions."""

import json
from datetime import timedelta

from django.utils import timezone

from accounts.choices import MembershipRole, OrganizationKind
from api.concurrency import etag_of
from companies.models import Product
from conftest import client_for
from core.testing import make_org, make_user, signed_in
from matching.choices import EoiStatus, RequirementStatus
from matching.models import EoiEvent, ExpressionOfInterest, Requirement
from matching.testing import make_requirement


def send(client, method, url, body=None, **headers):
    extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json", **extra)


def fresh(record):
    return type(record).objects.get(pk=record.pk)


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_contractor_drafts_updates_submits_and_closes_a_requirement(world):
    client = client_for(world, "foreign")
    created = send(
        client,
        "POST",
        "/api/v1/requirements",
        {
            "title_en": "Gearbox castings",
            "defence_fields": ["mobility"],
            "size_classes": ["sme"],
            "deadline": in_days(30),
        },
    )
    assert created.status_code == 201, created.content
    requirement = Requirement.objects.get(pk=created.json()["id"])
    assert (requirement.owner, requirement.status, requirement.created_by) == (
        world.orgs.foreign,
        RequirementStatus.DRAFT,
        world.users.foreign,
    )
    assert created.json()["defence_fields"] == ["mobility"]
    url = f"/api/v1/requirements/{requirement.pk}"
    assert client.get(url)["ETag"] == created["ETag"] == etag_of(fresh(requirement))

    updated = send(client, "PATCH", url, {"quantity": "12 sets"}, if_match=created["ETag"])
    assert updated.status_code == 200
    assert fresh(requirement).quantity == "12 sets"
    assert fresh(requirement).title_en == "Gearbox castings"
    assert send(client, "PATCH", url, {"quantity": "13"}, if_match=created["ETag"]).status_code == 412
    assert send(client, "PATCH", url, {"quantity": "13"}).status_code == 428

    submitted = client.post(f"{url}/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == RequirementStatus.PENDING
    assert client.post(f"{url}/submit").status_code == 409
    closed = client.post(f"{url}/close")
    assert closed.status_code == 200 and fresh(requirement).status == RequirementStatus.CLOSED


def test_requirement_validation_names_the_field(world):
    client = client_for(world, "foreign")
    past = send(client, "POST", "/api/v1/requirements", {"title_en": "X", "deadline": in_days(-1)})
    assert past.status_code == 422 and past.json()["field"] == "deadline"
    untitled = send(client, "POST", "/api/v1/requirements", {"deadline": in_days(5)})
    assert untitled.status_code == 422 and untitled.json()["field"] == "title_ko"
    field = send(
        client,
        "POST",
        "/api/v1/requirements",
        {"title_en": "X", "deadline": in_days(5), "defence_fields": ["x"]},
    )
    assert field.status_code == 422 and field.json()["field"] == "defence_fields"
    # KDIA posts on a contractor's behalf and must say which.
    kdia = send(
        client_for(world, "kdia"), "POST", "/api/v1/requirements", {"title_en": "X", "deadline": in_days(5)}
    )
    assert kdia.status_code == 422 and kdia.json()["field"] == "owner"
    assert Requirement.objects.filter(title_en="X").count() == 0


def test_other_contractors_and_companies_cannot_touch_a_requirement(world):
    draft = world.matching.draft
    url = f"/api/v1/requirements/{draft.pk}"
    rival = signed_in(
        make_user(
            make_org(OrganizationKind.FOREIGN_CONTRACTOR, name_en="Rival Aero", country="FR"),
            MembershipRole.ADMIN,
        )
    )
    etag = etag_of(fresh(draft))
    assert send(rival, "PATCH", url, {"quantity": "1"}, if_match=etag).status_code == 404
    assert rival.post(f"{url}/submit").status_code == 404
    assert (
        send(client_for(world, "korean_admin"), "PATCH", url, {"quantity": "1"}, if_match=etag).status_code
        == 403
    )
    assert client_for(world, "dapa").post(f"{url}/close").status_code == 403
    assert fresh(draft).status == RequirementStatus.DRAFT and fresh(draft).quantity == ""


def test_company_drafts_edits_and_sends_an_eoi(world):
    requirement = make_requirement(world.orgs.foreign, title="Periscope optics")
    client = client_for(world, "korean_member")
    product = world.directory.product
    created = send(
        client,
        "POST",
        f"/api/v1/requirements/{requirement.pk}/eois",
        {"scope": "partial", "message_en": "We grind optics mounts.", "products": [product.pk]},
    )
    assert created.status_code == 201, created.content
    eoi = ExpressionOfInterest.objects.get(pk=created.json()["id"])
    assert (eoi.company, eoi.status, list(eoi.products.all())) == (
        world.directory.published,
        EoiStatus.DRAFT,
        [product],
    )
    again = send(client, "POST", f"/api/v1/requirements/{requirement.pk}/eois", {"message_en": "Twice"})
    assert again.status_code == 409

    url = f"/api/v1/eois/{eoi.pk}"
    assert client.get(url)["ETag"] == created["ETag"]
    edited = send(client, "PATCH", url, {"message_ko": "광학 마운트를 연마합니다."}, if_match=created["ETag"])
    assert edited.status_code == 200 and edited.json()["products"] == [product.pk]
    assert fresh(eoi).message_en == "We grind optics mounts."
    assert send(client, "PATCH", url, {"scope": "full"}).status_code == 428

    sent = client.post(f"{url}/submit")
    assert sent.status_code == 200 and sent.json()["status"] == EoiStatus.SUBMITTED
    assert client.post(f"{url}/submit").status_code == 409
    late = send(client, "PATCH", url, {"scope": "full"}, if_match=sent["ETag"])
    assert late.status_code == 409 and fresh(eoi).scope == "partial"


def test_eoi_validation_names_the_field_and_offers_only_own_products(world):
    requirement = make_requirement(world.orgs.foreign, title="Periscope optics")
    foreign_product = Product.objects.create(company=world.directory.draft, name_en="Composite panel")
    client = client_for(world, "korean_admin")
    url = f"/api/v1/requirements/{requirement.pk}/eois"
    silent = send(client, "POST", url, {"scope": "full"})
    assert silent.status_code == 422 and silent.json()["field"] == "message_ko"
    others = send(client, "POST", url, {"message_en": "Hi", "products": [foreign_product.pk]})
    assert others.status_code == 422 and others.json()["field"] == "products"
    scope = send(client, "POST", url, {"message_en": "Hi", "scope": "most"})
    assert scope.status_code == 422 and scope.json()["field"] == "scope"
    assert not ExpressionOfInterest.objects.filter(requirement=requirement).exists()
    assert send(client_for(world, "foreign"), "POST", url, {"message_en": "Hi"}).status_code == 403
    closed = make_requirement(world.orgs.foreign, status=RequirementStatus.CLOSED, title="Closed")
    refused = send(client, "POST", f"/api/v1/requirements/{closed.pk}/eois", {"message_en": "Hi"})
    assert refused.status_code == 409


def test_contractor_answers_an_eoi_with_the_version_it_read(world):
    eoi = world.matching.eoi
    client = client_for(world, "foreign")
    url = f"/api/v1/eois/{eoi.pk}"
    etag = client.get(url)["ETag"]
    no_reason = send(client, "POST", f"{url}/answer", {"status": "declined"}, if_match=etag)
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    bad = send(client, "POST", f"{url}/answer", {"status": "draft"}, if_match=etag)
    assert bad.status_code == 422 and bad.json()["field"] == "status"
    assert send(client, "POST", f"{url}/answer", {"status": "received"}).status_code == 428
    answered = send(
        client, "POST", f"{url}/answer", {"status": "shortlisted", "reason": "Fits"}, if_match=etag
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == EoiStatus.SHORTLISTED and answered.json()["status_reason"] == "Fits"
    assert EoiEvent.objects.filter(eoi=eoi, status=EoiStatus.SHORTLISTED, by=world.users.foreign).exists()
    stale = send(client, "POST", f"{url}/answer", {"status": "selected", "reason": "Best"}, if_match=etag)
    assert stale.status_code == 412 and fresh(eoi).status == EoiStatus.SHORTLISTED
    # The company that sent it may read it, not answer it; another company does not find it.
    korean = client_for(world, "korean_admin")
    assert send(korean, "POST", f"{url}/answer", {"status": "received"}, if_match=etag).status_code == 403
    assert client_for(world, "other_korean").get(url).status_code == 404


def test_gap_list_for_the_company(world):
    url = f"/api/v1/requirements/{world.matching.published.pk}/gaps"
    response = client_for(world, "korean_admin").get(url)
    assert response.status_code == 200
    body = response.json()
    assert body["company_brn"] == world.directory.published.brn_display
    assert any(gap["key"].startswith("required") for gap in body["gaps"])  # ISO 9001 is missing
    assert client_for(world, "foreign").get(url).status_code == 403
    hidden = client_for(world, "korean_admin").get(f"/api/v1/requirements/{world.matching.draft.pk}/gaps")
    assert hidden.status_code == 404
