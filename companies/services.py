"""Directory operations shared by pages, the API and commands: workflow, completeness, reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from audit.choices import AuditAction
from audit.services import record
from companies.choices import CompanyStatus
from companies.models import Company
from companies.models.company import CERTIFICATE_WARNING_DAYS, STALE_AFTER
from core.mail import send_localized


@dataclass(frozen=True)
class CompletenessCheck:
    label: Promise
    passed: bool
    weight: int = 1
    fix: tuple[str, ...] = (
        "companies:company_edit",
    )  # where to add it: URL name, then arguments after the BRN


def completeness_checks(company: Company) -> list[CompletenessCheck]:
    """Each thing a complete profile has, whether this one has it, and where to add it."""
    has = {
        "products": company.products.exists(),
        "certifications": company.certifications.exists(),
        "contacts": company.contacts.exists(),
        "track": company.track_records.exists(),
        "fields": company.fields.exists(),
        "capabilities": company.capabilities.exists(),
        "offset_fields": company.offset_fields.exists(),
    }
    section = "companies:company_section"
    return [
        CompletenessCheck(_("Name in Korean"), bool(company.name_ko.strip())),
        CompletenessCheck(_("Name in English"), bool(company.name_en.strip())),
        CompletenessCheck(_("Description in Korean"), len(company.description_ko.strip()) >= 40, 2),
        CompletenessCheck(_("Description in English"), len(company.description_en.strip()) >= 40, 2),
        CompletenessCheck(_("Size class"), bool(company.size_class)),
        CompletenessCheck(_("Region"), bool(company.region)),
        CompletenessCheck(_("Year founded"), company.founded is not None),
        CompletenessCheck(_("Number of employees"), company.employees is not None),
        CompletenessCheck(_("Website"), bool(company.website)),
        CompletenessCheck(_("Defence fields"), has["fields"]),
        CompletenessCheck(_("Capabilities"), has["capabilities"], 2),
        CompletenessCheck(_("Offset fields offered"), has["offset_fields"]),
        CompletenessCheck(_("Certifications"), has["certifications"], 2, (section, "certifications")),
        CompletenessCheck(_("At least one product"), has["products"], 3, ("companies:product_create",)),
        CompletenessCheck(_("Contact person"), has["contacts"], 2, (section, "contacts")),
        CompletenessCheck(_("Track record"), has["track"], 1, (section, "track-record")),
        CompletenessCheck(_("Logo"), bool(company.logo), 1, ("companies:company_files",)),
    ]


def completeness_score(checks: list[CompletenessCheck]) -> int:
    total = sum(check.weight for check in checks)
    return round(100 * sum(check.weight for check in checks if check.passed) / total)


def completeness(company: Company) -> tuple[int, list[Promise]]:
    """A 0-100 score and what is still missing, so owners know what to add next."""
    checks = completeness_checks(company)
    return completeness_score(checks), [check.label for check in checks if not check.passed]


class WorkflowError(Exception):
    """The requested status change is not allowed from the profile's current status."""


def submit_for_verification(company: Company) -> Company:
    """The owner asks KDIA to verify a draft profile."""
    with transaction.atomic():
        company = Company.objects.select_for_update().get(pk=company.pk)
        if company.status != CompanyStatus.DRAFT:
            raise WorkflowError(company.status)
        company.status = CompanyStatus.SUBMITTED
        company.save()
    return company


def verify_and_publish(company: Company, *, reviewer) -> Company:
    """KDIA checked the profile: it is published and its 'last verified' date is today."""
    with transaction.atomic():
        company = Company.objects.select_for_update().get(pk=company.pk)
        company.status = CompanyStatus.PUBLISHED
        company.last_verified_at = timezone.now()
        company.verified_by = reviewer
        company.stale_reminder_sent_at = None
        company.save()
        record(
            AuditAction.COMPANY_VERIFIED, actor=reviewer, target=company, organization=company.organization
        )
    return company


def request_update(company: Company, *, by=None) -> Company:
    """KDIA (or the staleness job) marks a published profile as needing an update."""
    with transaction.atomic():
        company = Company.objects.select_for_update().get(pk=company.pk)
        if company.status not in (CompanyStatus.PUBLISHED, CompanyStatus.NEEDS_UPDATE):
            raise WorkflowError(company.status)
        company.status = CompanyStatus.NEEDS_UPDATE
        company.save()
        record(
            AuditAction.COMPANY_UPDATE_REQUESTED, actor=by, target=company, organization=company.organization
        )
    return company


def owner_saved(company: Company) -> None:
    """An owner's update answers a 'needs update' flag; the profile stays public."""
    if company.status == CompanyStatus.NEEDS_UPDATE:
        Company.objects.filter(pk=company.pk).update(status=CompanyStatus.PUBLISHED)
        company.status = CompanyStatus.PUBLISHED


def touch(company: Company) -> None:
    """Record that something belonging to the profile changed (its version and freshness)."""
    company.save(update_fields=["updated_at"])


def _owners(company: Company) -> list:
    if company.organization_id is None:
        return []
    return [m.user for m in company.organization.memberships.select_related("user") if m.user.is_active]


def send_certificate_reminders(today=None) -> int:
    """Tell owners about certificates expiring within 60 days, once per expiry date."""
    from companies.models import Certification

    today = today or timezone.localdate()
    due = (
        Certification.objects.expiring_between(today, today + timedelta(days=CERTIFICATE_WARNING_DAYS))
        .exclude(reminder_sent_for=F("expires_on"))
        .select_related("company__organization", "type")
    )
    sent = 0
    for certification in due:
        recipients = _owners(certification.company)
        if recipients:
            send_localized(
                "companies/email/certificate_expiring",
                recipients,
                {"certification": certification, "company": certification.company},
            )
            sent += 1
        Certification.objects.filter(pk=certification.pk).update(reminder_sent_for=certification.expires_on)
    return sent


def flag_stale_profiles(now=None) -> int:
    """Profiles not updated for 12 months need an update; their owners are reminded once."""
    now = now or timezone.now()
    stale = Company.objects.published().filter(
        updated_at__lt=now - STALE_AFTER, stale_reminder_sent_at__isnull=True
    )
    flagged = 0
    for company in stale.select_related("organization"):
        # .update() keeps updated_at as it is: flagging is not an update by the owner.
        Company.objects.filter(pk=company.pk).update(
            status=CompanyStatus.NEEDS_UPDATE, stale_reminder_sent_at=now
        )
        recipients = _owners(company)
        if recipients:
            send_localized("companies/email/profile_stale", recipients, {"company": company})
        flagged += 1
    return flagged
