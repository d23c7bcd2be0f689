"""Account operations shared by views, the admin and management commands.

Each function is one atomic change with its notifications, so that the page, the
command line and (later) the API cannot drift apart.
"""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import MembershipRole, OrganizationStatus
from accounts.models import Membership, Organization, User
from audit.choices import AuditAction
from audit.services import record
from core.mail import send_localized

# Decisions KDIA may take from each status, and the status each leads to.
TRANSITIONS = {
    OrganizationStatus.PENDING: {
        "approve": OrganizationStatus.APPROVED,
        "reject": OrganizationStatus.REJECTED,
    },
    OrganizationStatus.REJECTED: {"approve": OrganizationStatus.APPROVED},
    OrganizationStatus.APPROVED: {"suspend": OrganizationStatus.SUSPENDED},
    OrganizationStatus.SUSPENDED: {"approve": OrganizationStatus.APPROVED},
}
DECISION_LABELS = {"approve": _("Approve"), "reject": _("Reject"), "suspend": _("Suspend")}
DECISION_AUDIT = {
    "approve": AuditAction.ORGANIZATION_APPROVED,
    "reject": AuditAction.ORGANIZATION_REJECTED,
    "suspend": AuditAction.ORGANIZATION_SUSPENDED,
}


class StaleDecision(Exception):
    """Someone else changed the organisation's status since the reviewer loaded the page."""


def decide(
    organization_id: int, *, decision: str, reason: str, seen_status: str, reviewer: User
) -> Organization:
    """Apply KDIA's decision unless the status changed meanwhile; tell the members."""
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization_id)
        if organization.status != seen_status or decision not in TRANSITIONS.get(organization.status, {}):
            raise StaleDecision(organization)
        organization.status = TRANSITIONS[organization.status][decision]
        organization.status_reason = reason.strip() if decision != "approve" else ""
        organization.reviewed_by = reviewer
        organization.reviewed_at = timezone.now()
        organization.save()
        record(DECISION_AUDIT[decision], actor=reviewer, target=organization, organization=organization)
        members = [m.user for m in organization.memberships.select_related("user") if m.user.is_active]
        transaction.on_commit(
            lambda: send_localized(
                "accounts/email/organization_decided", members, {"organization": organization}
            )
        )
    return organization


def set_password_url(user: User) -> str:
    """An absolute link with which a user sets their password (allauth's reset-from-key page)."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return settings.SITE_URL + path


@transaction.atomic
def invite_member(
    organization: Organization, *, email: str, full_name: str, role: str, inviter: User
) -> User:
    """Add a colleague without a password; they choose one through the e-mailed link."""
    user = User.objects.create_user(
        email=email, password=None, full_name=full_name, preferred_language=inviter.preferred_language
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    membership = Membership.objects.create(user=user, organization=organization, role=role)
    record(
        AuditAction.MEMBERSHIP_ADDED, actor=inviter, target=membership, organization=organization, role=role
    )
    transaction.on_commit(
        lambda: send_localized(
            "accounts/email/invitation",
            [user],
            {"organization": organization, "inviter": inviter, "link": set_password_url(user)},
        )
    )
    return user


class LastAdminError(Exception):
    """An organisation must keep at least one administrator."""


@transaction.atomic
def change_role(membership: Membership, role: str, *, by: User | None = None) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == MembershipRole.ADMIN and role != MembershipRole.ADMIN:
        _ensure_another_admin(membership)
    record(
        AuditAction.MEMBERSHIP_ROLE_CHANGED,
        actor=by,
        target=membership,
        organization=membership.organization,
        before=membership.role,
        after=role,
    )
    membership.role = role
    membership.save()
    return membership


@transaction.atomic
def remove_member(membership: Membership, *, by: User | None = None) -> None:
    """Remove a colleague: the membership goes and the account is deactivated (history is kept)."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == MembershipRole.ADMIN:
        _ensure_another_admin(membership)
    record(
        AuditAction.MEMBERSHIP_REMOVED,
        actor=by,
        target=membership.user,
        organization=membership.organization,
        role=membership.role,
    )
    user = membership.user
    membership.delete()
    user.is_active = False
    user.save(update_fields=["is_active"])


def _ensure_another_admin(membership: Membership) -> None:
    admins = Membership.objects.select_for_update().filter(
        organization_id=membership.organization_id, role=MembershipRole.ADMIN, user__is_active=True
    )
    if not admins.exclude(pk=membership.pk).exists():
        raise LastAdminError
