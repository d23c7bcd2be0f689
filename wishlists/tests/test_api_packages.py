"""KDIA's package steps (merge, compile, submit, share) and DAPA's acknowledgement over /api/v1."""

import pytest

from api.concurrency import etag_of
from audit.choices import AuditAction
from audit.models import AuditEvent
from conftest import client_for
from notifications.models import Notification
from wishlists.choices import PackageStatus, ProposalStatus
from wishlists.models import Package
from wishlists.testing import draft_revision, make_round

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def post(client, url, data=None, **headers):
    return client.post(url, data or {}, content_type="application/json", **headers)


def merge_url(proposal) -> str:
    return f"/api/v1/wishlists/proposals/{proposal.pk}/merge"


def package_url(package, step: str = "") -> str:
    return f"/api/v1/wishlists/packages/{package.pk}" + (f"/{step}" if step else "")


def fresh(record):
    return type(record).objects.get(pk=record.pk)


# --- Merging ------------------------------------------------------------------------------------


def test_kdia_merges_a_duplicate_and_the_company_is_told(world):
    others = world.wishlists.others
    told = Notification.objects.filter(user=world.users.other_korean).count()
    response = post(
        client_for(world, "kdia"),
        merge_url(others),
        {"into": world.wishlists.accepted.pk, "comment": "Same sonar dome line."},
        HTTP_IF_MATCH=etag_of(others),
    )
    assert response.status_code == 200, response.content
    merged = fresh(others)
    assert merged.status == ProposalStatus.MERGED and merged.merged_into == world.wishlists.accepted
    assert merged.reason_code == "duplicate" and merged.review_comment == "Same sonar dome line."
    assert response.json()["status"] == "merged" and response["ETag"] == etag_of(merged)
    assert Notification.objects.filter(user=world.users.other_korean).count() == told + 1


def test_merging_refusals(world):
    kdia = client_for(world, "kdia")
    others = world.wishlists.others
    body = {"into": world.wishlists.accepted.pk, "comment": "Duplicate."}
    draft = post(kdia, merge_url(world.wishlists.draft), body, HTTP_IF_MATCH=etag_of(world.wishlists.draft))
    assert draft.status_code == 409
    assert draft.json()["message"] == "This proposal is not waiting for a review."
    assert post(kdia, merge_url(others), body).status_code == 428
    stale = post(kdia, merge_url(others), body, HTTP_IF_MATCH='"0000"')
    assert stale.status_code == 412 and stale.json()["code"] == "stale"
    into_draft = post(
        kdia, merge_url(others), {**body, "into": world.wishlists.draft.pk}, HTTP_IF_MATCH=etag_of(others)
    )
    assert into_draft.status_code == 422 and into_draft.json()["field"] == "into"
    assert post(kdia, "/api/v1/wishlists/proposals/999999/merge", body).status_code == 404
    for persona in ("dapa", "other_korean", "foreign"):
        refused = post(client_for(world, persona), merge_url(others), body, HTTP_IF_MATCH=etag_of(others))
        assert refused.status_code == 403, persona
    assert fresh(others).status == ProposalStatus.SUBMITTED


# --- Compiling and submitting -------------------------------------------------------------------


def test_kdia_compiles_a_new_revision_after_a_submission(world):
    url = f"/api/v1/wishlists/rounds/{world.wishlists.round.pk}/compile"
    response = post(client_for(world, "kdia"), url)
    assert response.status_code == 200, response.content
    package = Package.objects.get(pk=response.json()["id"])
    assert package.revision == 2 and package.status == PackageStatus.DRAFT
    assert list(package.proposals.all()) == [world.wishlists.accepted]
    assert response.json()["proposals"] == 1
    assert post(client_for(world, "dapa"), url).status_code == 403
    assert post(client_for(world, "korean_admin"), url).status_code == 403


def test_compiling_a_round_without_accepted_proposals_is_a_conflict(world):
    empty = make_round(world.wishlists.round.programme, by=world.users.kdia)
    response = post(client_for(world, "kdia"), f"/api/v1/wishlists/rounds/{empty.pk}/compile")
    assert response.status_code == 409
    assert response.json()["message"] == "No proposal of this round is accepted yet."
    assert not Package.objects.filter(round=empty).exists()


def test_kdia_submits_a_draft_revision_and_dapa_is_told(world):
    package = draft_revision(world)
    told = Notification.objects.filter(user=world.users.dapa).count()
    response = post(client_for(world, "kdia"), package_url(package, "submit"), HTTP_IF_MATCH=etag_of(package))
    assert response.status_code == 200, response.content
    submitted = fresh(package)
    assert submitted.status == PackageStatus.SUBMITTED and submitted.submitted_by == world.users.kdia
    assert [row["number"] for row in submitted.snapshot] == [world.wishlists.accepted.number]
    assert response["ETag"] == etag_of(submitted)
    assert Notification.objects.filter(user=world.users.dapa).count() == told + 1


def test_submitting_refusals(world):
    kdia = client_for(world, "kdia")
    package = draft_revision(world)
    seen = etag_of(package)
    post(kdia, f"/api/v1/wishlists/rounds/{world.wishlists.round.pk}/compile")  # the revision changes
    stale = post(kdia, package_url(package, "submit"), HTTP_IF_MATCH=seen)
    assert stale.status_code == 412
    assert post(kdia, package_url(package, "submit")).status_code == 428
    assert fresh(package).status == PackageStatus.DRAFT
    frozen = world.wishlists.package
    again = post(kdia, package_url(frozen, "submit"), HTTP_IF_MATCH=etag_of(frozen))
    assert again.status_code == 409
    assert again.json()["message"] == "This revision changed or was already submitted; check it again."
    dapa = post(client_for(world, "dapa"), package_url(package, "submit"), HTTP_IF_MATCH=etag_of(package))
    assert dapa.status_code == 403


# --- Sharing ------------------------------------------------------------------------------------


def test_kdia_shares_a_package_with_the_contractors(world):
    package = world.wishlists.package
    foreign = client_for(world, "foreign")
    assert foreign.get(package_url(package)).status_code == 404
    shared = post(client_for(world, "kdia"), package_url(package, "share"), {"shared": True})
    assert shared.status_code == 200 and shared.json()["shared_with_contractors"] is True
    assert foreign.get(package_url(package)).status_code == 200
    workbook = foreign.get(package_url(package, "export.xlsx"))
    assert workbook.status_code == 200 and workbook["Content-Type"] == XLSX
    assert workbook.content.startswith(b"PK")
    post(client_for(world, "kdia"), package_url(package, "share"), {"shared": False})
    assert foreign.get(package_url(package)).status_code == 404
    assert post(client_for(world, "dapa"), package_url(package, "share"), {"shared": True}).status_code == 403
    assert fresh(package).shared_with_contractors is False


def test_the_export_is_for_those_who_see_the_package(world):
    package = world.wishlists.package
    assert client_for(world, "dapa").get(package_url(package, "export.xlsx")).status_code == 200
    audited = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=world.users.dapa)
    assert audited.details["what"] == "wishlist_package" and audited.target_id == str(package.pk)
    assert client_for(world, "korean_admin").get(package_url(package, "export.xlsx")).status_code == 404
    draft = draft_revision(world)
    assert client_for(world, "dapa").get(package_url(draft, "export.xlsx")).status_code == 404
    assert client_for(world, "kdia").get(package_url(draft, "export.xlsx")).status_code == 200


# --- DAPA's acknowledgement ---------------------------------------------------------------------


def test_dapa_acknowledges_once(world):
    package = world.wishlists.package
    dapa = client_for(world, "dapa")
    told = Notification.objects.filter(user=world.users.korean_admin).count()
    response = post(dapa, package_url(package, "acknowledge"), {"note": "Received for the committee."})
    assert response.status_code == 200, response.content
    acknowledged = fresh(package)
    assert (
        acknowledged.status == PackageStatus.ACKNOWLEDGED and acknowledged.acknowledged_by == world.users.dapa
    )
    assert acknowledged.acknowledgement == "Received for the committee."
    assert Notification.objects.filter(user=world.users.korean_admin).count() == told + 1
    twice = post(dapa, package_url(package, "acknowledge"), {"note": "Again."})
    assert twice.status_code == 409
    assert twice.json()["message"] == "This package is already acknowledged."
    assert fresh(package).acknowledgement == "Received for the committee."


def test_acknowledging_refusals(world):
    package = world.wishlists.package
    for persona in ("kdia", "korean_admin", "foreign"):
        assert post(client_for(world, persona), package_url(package, "acknowledge")).status_code == 403
    draft = draft_revision(world)
    assert post(client_for(world, "dapa"), package_url(draft, "acknowledge")).status_code == 404
    assert fresh(package).status == PackageStatus.SUBMITTED
