"""How django-allauth creates accounts and sends mail in K-OFFSET."""

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.utils import translation

from accounts.choices import MembershipRole, OrganizationStatus
from accounts.models import Membership, Organization
from audit.choices import AuditAction
from audit.services import record


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """Create the user, their pending organisation and their admin membership together."""
        data = form.cleaned_data
        user.full_name = data.get("full_name", "")
        user.preferred_language = (translation.get_language() or "ko")[:2]
        if not commit:
            return super().save_user(request, user, form, commit=False)
        with transaction.atomic():
            user = super().save_user(request, user, form, commit=True)
            organization = Organization.objects.create(
                kind=data["kind"],
                name_ko=data.get("name_ko", "").strip(),
                name_en=data.get("name_en", "").strip(),
                registration_number=data.get("registration_number") or None,
                country=data.get("country") or "KR",
                status=OrganizationStatus.PENDING,
            )
            Membership.objects.create(user=user, organization=organization, role=MembershipRole.ADMIN)
        return user

    def send_password_reset_mail(self, user, email, context):
        record(
            AuditAction.PASSWORD_RESET_REQUESTED,
            request=context.get("request"),
            actor_email=email,
            target=user,
            organization=user.organization,
        )
        super().send_password_reset_mail(user, email, context)

    def send_mail(self, template_prefix, email, context):
        """Send allauth's mails in the recipient's language when we know it."""
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
