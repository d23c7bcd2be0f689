"""Receivers that keep company profiles tied to their organisations."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.choices import OrganizationKind
from accounts.models import Organization
from companies.models import Company


@receiver(post_save, sender=Organization)
def link_company_profile(sender, instance, **kwargs):
    """An approved Korean company takes over the profile with its registration number, or starts one."""
    if not (
        instance.is_approved
        and instance.kind == OrganizationKind.KOREAN_COMPANY
        and instance.registration_number
    ):
        return
    company = Company.objects.filter(brn=instance.registration_number).first()
    if company is None:
        Company.objects.create(
            organization=instance,
            brn=instance.registration_number,
            name_ko=instance.name_ko,
            name_en=instance.name_en,
        )
    elif company.organization_id is None:
        company.organization = instance
        company.save(update_fields=["organization", "updated_at"])
