"""Every workflow step the issue names writes exactly one row, with the right actor and target."""

import pytest
from django.urls import reverse

from accounts import services as accounts_services
from accounts.choices import MembershipRole, OrganizationStatus
from accounts.models import Membership
from api.models import ApiKey
from audit.choices import AuditAction
from audit.models import AuditEvent
from companies import services as companies_services
from companies.choices import CompanyStatus
from conftest import client_for
from wishlists import services as wishlists_services
from wishlists.choices import ProposalStatus


def only(action, after: int = 0) -> AuditEvent:
    """The one event of ``action`` written after the event with id ``after``."""
    [event] = AuditEvent.objects.filter(action=action, pk__gt=after)
    return event


def last_id() -> int:
    """Where the test's own events start: the world fixture's set-up writes some of its own."""
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.parametrize(
    ("start", "decision", "action"),
    [
        (OrganizationStatus.PENDING, "approve", AuditAction.ORGANIZATION_APPROVED),
        (OrganizationStatus.PENDING, "reject", AuditAction.ORGANIZATION_REJECTED),
        (OrganizationStatus.APPROVED, "suspend", AuditAction.ORGANIZATION_SUSPENDED),
    ],
)
def test_organisation_decisions(world, start, decision, action):
    organization = world.orgs.waiting if start == OrganizationStatus.PENDING else world.orgs.other
    accounts_services.decide(
        organization.pk,
        decision=decision,
        reason="Registration unclear",
        seen_status=start,
        reviewer=world.users.kdia,
    )
    event = only(action)
    assert event.actor == world.users.kdia and event.organization == organization
    assert event.target_id == str(organization.pk) and event.target_type.model == "organization"


def test_a_stale_decision_leaves_no_row(world):
    with pytest.raises(accounts_services.StaleDecision):
        accounts_services.decide(
            world.orgs.korean.pk,
            decision="approve",
            reason="",
            seen_status=OrganizationStatus.PENDING,
            reviewer=world.users.kdia,
        )
    assert not AuditEvent.objects.filter(action=AuditAction.ORGANIZATION_APPROVED).exists()


def test_membership_added_role_changed_and_removed_through_the_pages(world):
    admin = world.users.korean_admin
    client = client_for(world, "korean_admin")
    client.post(
        reverse("accounts:member_invite"),
        {
            "email": "new.colleague@example.invalid",
            "full_name": "Han Seo-yeon",
            "role": MembershipRole.MEMBER,
        },
    )
    added = only(AuditAction.MEMBERSHIP_ADDED)
    assert added.actor == admin and added.organization == world.orgs.korean
    membership = Membership.objects.get(user__email="new.colleague@example.invalid")
    assert added.target_id == str(membership.pk)

    client.post(reverse("accounts:member_role", args=[membership.pk]), {"role": MembershipRole.ADMIN})
    changed = only(AuditAction.MEMBERSHIP_ROLE_CHANGED)
    assert changed.actor == admin and changed.details == {"before": "member", "after": "admin"}

    client.post(reverse("accounts:member_remove", args=[membership.pk]))
    removed = only(AuditAction.MEMBERSHIP_REMOVED)
    assert removed.actor == admin and removed.target_id == str(membership.user_id)


def test_removing_the_last_admin_is_refused_and_unrecorded(world):
    membership = world.users.other_korean.membership
    with pytest.raises(accounts_services.LastAdminError):
        accounts_services.remove_member(membership, by=world.users.other_korean)
    assert not AuditEvent.objects.filter(action=AuditAction.MEMBERSHIP_REMOVED).exists()


def test_company_verification_and_update_request(world):
    company = world.directory.published
    client = client_for(world, "kdia")
    client.post(reverse("staff_companies:verify", args=[company.brn]))
    verified = only(AuditAction.COMPANY_VERIFIED)
    assert verified.actor == world.users.kdia and verified.target_id == str(company.pk)
    assert verified.organization == world.orgs.korean
    client.post(reverse("staff_companies:request_update", args=[company.brn]))
    requested = only(AuditAction.COMPANY_UPDATE_REQUESTED)
    assert requested.actor == world.users.kdia and requested.target_id == str(company.pk)


def test_update_request_on_a_draft_is_refused_and_unrecorded(world):
    assert world.directory.draft.status == CompanyStatus.DRAFT
    with pytest.raises(companies_services.WorkflowError):
        companies_services.request_update(world.directory.draft, by=world.users.kdia)
    assert not AuditEvent.objects.filter(action=AuditAction.COMPANY_UPDATE_REQUESTED).exists()


def test_proposal_review_and_package_submission(world):
    proposal = world.wishlists.others
    mark = last_id()
    wishlists_services.review(
        proposal.pk,
        decision=ProposalStatus.RETURNED,
        reason_code="incomplete",
        comment="Add the hull class.",
        seen_version=proposal.updated_at.isoformat(),
        by=world.users.kdia,
    )
    reviewed = only(AuditAction.PROPOSAL_REVIEWED, after=mark)
    assert reviewed.actor == world.users.kdia and reviewed.target_id == str(proposal.pk)
    assert reviewed.details == {"decision": "returned", "reason": "incomplete"}

    mark = last_id()
    package = wishlists_services.compile_package(world.wishlists.round.pk, by=world.users.kdia)
    wishlists_services.submit_package(
        package.pk, seen_version=package.updated_at.isoformat(), by=world.users.kdia
    )
    submitted = only(AuditAction.PACKAGE_SUBMITTED, after=mark)
    assert submitted.target_id == str(package.pk) and submitted.actor == world.users.kdia


def test_api_key_created_and_revoked(world):
    client = client_for(world, "korean_admin")
    client.post(reverse("api:key_create"), {"name": "ERP sync", "scope": "read", "lifetime": "365"})
    key = ApiKey.objects.get(name="ERP sync")
    created = only(AuditAction.API_KEY_CREATED)
    assert created.actor == world.users.korean_admin and created.target_id == str(key.pk)
    assert key.prefix in created.target_repr and "secret" not in str(created.details)
    client.post(reverse("api:key_revoke", args=[key.pk]))
    assert only(AuditAction.API_KEY_REVOKED).target_id == str(key.pk)


@pytest.mark.parametrize(
    ("persona", "url", "what"),
    [
        ("foreign", lambda w: reverse("companies:export_companies", args=["csv"]) + "?q=sonar", "companies"),
        ("foreign", lambda w: reverse("companies:export_products", args=["xlsx"]), "products"),
        (
            "foreign",
            lambda w: reverse("companies:shortlist_export", args=[w.directory.shortlist.pk, "csv"]),
            "shortlist",
        ),
        ("anonymous", lambda w: "/api/v1/export/companies.csv", "api_companies"),
        ("anonymous", lambda w: "/api/v1/export/products.jsonl", "api_products"),
        (
            "kdia",
            lambda w: reverse("staff_consultations:export", kwargs={"fmt": "xlsx"}),
            "consultation_themes",
        ),
        (
            "kdia",
            lambda w: reverse("staff_dashboards:kdia_csv", kwargs={"slug": "companies-by-field"}),
            "dashboard:companies-by-field",
        ),
        (
            "dapa",
            lambda w: reverse("wishlists:package_export", args=[w.wishlists.package.pk]),
            "wishlist_package",
        ),
    ],
)
def test_exports_are_recorded_with_their_filters(world, persona, url, what):
    address = url(world)
    response = client_for(world, persona).get(address)
    assert response.status_code == 200
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    event = only(AuditAction.EXPORT)
    assert event.details["what"] == what
    assert event.actor == getattr(world.users, persona)
    if "?" in address:
        assert event.details["query"] == address.split("?", 1)[1]
