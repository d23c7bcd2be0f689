"""Company profiles and what hangs off them: certifications, track record, contacts."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from companies.choices import (
    PUBLIC_STATUSES,
    CompanyStatus,
    OffsetTypePair,
    Region,
    SizeClass,
    TrackRecordKind,
)
from companies.models.taxonomy import Capability, CertificationType, DefenceField, OffsetField
from core import bilingual
from core.choices import ChoiceLabels
from core.identifiers import format_brn, normalise_brn
from core.validators import validate_brn

# Certificates expiring within this many days are flagged, and their owners reminded.
CERTIFICATE_WARNING_DAYS = 60
# A profile not updated for this long needs an update.
STALE_AFTER = timedelta(days=365)


def _viewer_organization(user):
    return user.organization if user.is_authenticated else None


class CompanyQuerySet(models.QuerySet):
    def visible_to(self, user) -> CompanyQuerySet:
        """Published profiles for everyone; your own in any state; KDIA and DAPA see all."""
        if user.is_authenticated and (user.is_kdia or user.is_dapa or user.is_superuser):
            return self.all()
        public = Q(status__in=PUBLIC_STATUSES)
        organization = _viewer_organization(user)
        if organization is not None and organization.is_approved:
            return self.filter(public | Q(organization=organization))
        return self.filter(public)

    def reachable(self) -> CompanyQuerySet:
        """Published profiles claimed by an approved organisation: the companies whose members
        K-OFFSET tells of requirements and events that fit them."""
        return self.filter(status__in=PUBLIC_STATUSES, organization__status="approved")

    def editable_by(self, user) -> CompanyQuerySet:
        """KDIA edits any profile; members of a Korean company edit their own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_kdia or user.is_superuser:
            return self.all()
        if user.is_korean_company:
            return self.filter(organization=user.organization)
        return self.none()

    def with_contacts_visible_to(self, user) -> CompanyQuerySet:
        """The companies whose contact people ``user`` may see: the one rule for pages, API and exports."""
        if not user.is_authenticated:
            return self.none()
        if user.is_kdia or user.is_dapa or user.is_superuser:
            return self.all()
        if user.is_foreign_contractor:
            return self.filter(status__in=PUBLIC_STATUSES)
        if user.is_korean_company:
            return self.filter(organization=user.organization)
        return self.none()

    def published(self) -> CompanyQuerySet:
        return self.filter(status__in=PUBLIC_STATUSES)

    def with_brn(self, value: str) -> CompanyQuerySet:
        return self.filter(brn=normalise_brn(value))


class Company(ChoiceLabels):
    """A Korean company's bilingual profile: what foreign contractors find in the directory."""

    organization = models.OneToOneField(
        "accounts.Organization",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="company",
        help_text=_("The account that maintains this profile; imported profiles may have none yet."),
    )
    brn = models.CharField(
        _("business registration number"), max_length=10, unique=True, validators=[validate_brn]
    )
    name_ko = models.CharField(_("name (Korean)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    ceo_ko = models.CharField(_("CEO (Korean)"), max_length=100, blank=True)
    ceo_en = models.CharField(_("CEO (English)"), max_length=100, blank=True)
    founded = models.PositiveSmallIntegerField(
        _("founded (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    size_class = models.CharField(_("size class"), max_length=8, choices=SizeClass.choices, blank=True)
    region = models.CharField(_("region"), max_length=16, choices=Region.choices, blank=True)
    address_ko = models.CharField(_("address (Korean)"), max_length=300, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    fields = models.ManyToManyField(DefenceField, verbose_name=_("defence fields"), blank=True)
    capabilities = models.ManyToManyField(Capability, verbose_name=_("capabilities"), blank=True)
    offset_fields = models.ManyToManyField(OffsetField, verbose_name=_("offset fields offered"), blank=True)
    offset_types = models.CharField(
        _("offset types offered"),
        max_length=100,
        blank=True,
        help_text=_(
            "Comma-separated: direct_defence, direct_commercial, indirect_defence, indirect_commercial."
        ),
    )
    logo = models.ImageField(_("logo"), upload_to="companies/logos/", blank=True)
    brochure = models.FileField(_("brochure (PDF)"), upload_to="companies/brochures/", blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CompanyStatus.choices, default=CompanyStatus.DRAFT
    )
    last_verified_at = models.DateTimeField(_("last verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    stale_reminder_sent_at = models.DateTimeField(_("update reminder sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    history = HistoricalRecords(m2m_fields=[fields, capabilities, offset_fields])

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name_en", "name_ko"]
        constraints = [
            models.CheckConstraint(condition=~Q(name_ko="") | ~Q(name_en=""), name="company_has_a_name")
        ]
        indexes = [models.Index(fields=["status", "region"]), models.Index(fields=["status", "size_class"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.brn = normalise_brn(self.brn)
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return bilingual.pick(self, "name")

    @property
    def brn_display(self) -> str:
        return format_brn(self.brn)

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def offset_type_list(self) -> list[str]:
        return [code for code in self.offset_types.split(",") if code in OffsetTypePair.values]

    @property
    def offset_type_labels(self) -> list[str]:
        return [OffsetTypePair(code).label for code in self.offset_type_list]

    @property
    def is_stale(self) -> bool:
        return self.updated_at is not None and timezone.now() - self.updated_at > STALE_AFTER


class CertificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(company__in=Company.objects.visible_to(user))

    def expiring_between(self, start: date, end: date):
        return self.filter(expires_on__gte=start, expires_on__lte=end)


class Certification(models.Model):
    """A certificate a company holds; expired ones stay on record and are shown as expired."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="certifications")
    type = models.ForeignKey(
        CertificationType,
        verbose_name=_("certification"),
        on_delete=models.PROTECT,
        related_name="certifications",
    )
    number = models.CharField(_("certificate number"), max_length=100, blank=True)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    expires_on = models.DateField(_("expiry date"), null=True, blank=True)
    reminder_sent_for = models.DateField(
        _("reminder sent for expiry"),
        null=True,
        blank=True,
        help_text=_("Avoids reminding twice for one expiry."),
    )
    history = HistoricalRecords()

    objects = CertificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["type__name_en", "expires_on"]

    def __str__(self) -> str:
        return str(self.type)

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def expires_soon(self) -> bool:
        today = timezone.localdate()
        return self.expires_on is not None and today <= self.expires_on <= today + timedelta(
            days=CERTIFICATE_WARNING_DAYS
        )


class TrackRecord(ChoiceLabels):
    """A past offset, export or defence programme the company took part in."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="track_records")
    kind = models.CharField(_("kind"), max_length=16, choices=TrackRecordKind.choices)
    programme_ko = models.CharField(_("programme (Korean)"), max_length=200, blank=True)
    programme_en = models.CharField(_("programme (English)"), max_length=200, blank=True)
    partner = models.CharField(_("partner"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217, e.g. USD, KRW.")
    )
    role_ko = models.CharField(_("role (Korean)"), max_length=200, blank=True)
    role_en = models.CharField(_("role (English)"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("track record")
        verbose_name_plural = _("track records")
        ordering = ["-year"]

    def __str__(self) -> str:
        return bilingual.pick(self, "programme")

    @property
    def programme(self) -> str:
        return bilingual.pick(self, "programme")

    @property
    def role(self) -> str:
        return bilingual.pick(self, "role")


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Contacts are for signed-in foreign contractors, KDIA, DAPA and the company itself."""
        return self.filter(company__in=Company.objects.with_contacts_visible_to(user))


class Contact(models.Model):
    """A person foreign contractors may contact; never shown to guests or other Korean companies."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("title"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    history = HistoricalRecords()

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
