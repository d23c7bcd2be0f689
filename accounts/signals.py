"""Receivers that keep derived account state right."""

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, password_reset
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.choices import OrganizationKind, OrganizationStatus
from accounts.models import Membership, Organization, User
from core.mail import send_localized


def sync_staff_flag(user: User) -> None:
    """Django admin access follows membership of an approved KDIA organisation."""
    organization = user.organization
    should_be_staff = user.is_superuser or bool(
        organization and organization.is_approved and organization.kind == OrganizationKind.KDIA
    )
    if user.is_staff != should_be_staff:
        User.objects.filter(pk=user.pk).update(is_staff=should_be_staff)
        user.is_staff = should_be_staff


@receiver(post_save, sender=Membership)
def membership_saved(sender, instance, **kwargs):
    sync_staff_flag(instance.user)


@receiver(post_save, sender=Organization)
def organization_saved(sender, instance, **kwargs):
    for membership in instance.memberships.select_related("user"):
        sync_staff_flag(membership.user)


@receiver(email_confirmed)
def tell_kdia_about_new_organization(request, email_address, **kwargs):
    """When the registering admin confirms their address, KDIA is asked to review the organisation."""
    user = email_address.user
    organization = user.organization
    if organization is None or organization.status != OrganizationStatus.PENDING or not user.is_org_admin:
        return
    reviewers = User.objects.filter(
        is_active=True,
        membership_record__organization__kind=OrganizationKind.KDIA,
        membership_record__organization__status=OrganizationStatus.APPROVED,
    )
    send_localized(
        "accounts/email/review_requested", reviewers, {"organization": organization, "applicant": user}
    )


@receiver(password_reset)
def reset_link_proves_address(request, user, **kwargs):
    """A password set through an e-mailed link proves the address: invited members need no second mail."""
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
