"""People and the organisations they act for."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from accounts.choices import MembershipRole, OrganizationKind, OrganizationStatus
from core import bilingual
from core.identifiers import format_brn, normalise_brn
from core.validators import validate_brn


class UserManager(BaseUserManager):
    """Users are identified by e-mail address; there is no username."""

    use_in_migrations = True

    # Who to tell: every workflow notifies people through these two, never its own query.
    def members_of(self, organizations) -> list[User]:
        """The active members of the given organisations (instances, ids or a values() query)."""
        return list(self.filter(membership_record__organization__in=organizations, is_active=True).distinct())

    def staff_of(self, kind: str) -> list[User]:
        """The active members of every organisation of ``kind`` (e.g. all KDIA staff)."""
        return list(self.filter(membership_record__organization__kind=kind, is_active=True).distinct())

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in with an e-mail address and acts for one organisation."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    # Blank until the person chooses (by registering in a language or with the switch);
    # until then the browser's Accept-Language decides.
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=settings.LANGUAGES, blank=True
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name or self.email

    # Roles. Every permission decision asks these, never the raw fields.
    @property
    def membership(self) -> Membership | None:
        try:
            return self.membership_record
        except Membership.DoesNotExist:
            return None

    @property
    def organization(self) -> Organization | None:
        membership = self.membership
        return membership.organization if membership else None

    def _approved_kind(self, *kinds) -> bool:
        org = self.organization if self.is_authenticated else None
        return bool(org and org.is_approved and org.kind in kinds)

    @property
    def is_kdia(self) -> bool:
        return self._approved_kind(OrganizationKind.KDIA)

    @property
    def is_dapa(self) -> bool:
        return self._approved_kind(OrganizationKind.DAPA)

    @property
    def is_government_staff(self) -> bool:
        """KDIA or DAPA: staff pages need a second factor."""
        return self._approved_kind(OrganizationKind.KDIA, OrganizationKind.DAPA)

    @property
    def is_korean_company(self) -> bool:
        return self._approved_kind(OrganizationKind.KOREAN_COMPANY)

    @property
    def is_foreign_contractor(self) -> bool:
        return self._approved_kind(OrganizationKind.FOREIGN_CONTRACTOR)

    @property
    def is_org_admin(self) -> bool:
        membership = self.membership
        return bool(membership and membership.role == MembershipRole.ADMIN)


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, user) -> OrganizationQuerySet:
        """Approved organisations are public; others only to their members and KDIA."""
        if user.is_authenticated and (user.is_kdia or user.is_superuser):
            return self.all()
        public = Q(status=OrganizationStatus.APPROVED)
        if user.is_authenticated and user.organization is not None:
            return self.filter(public | Q(pk=user.organization.pk))
        return self.filter(public)

    def editable_by(self, user) -> OrganizationQuerySet:
        """KDIA edits any organisation; an organisation's admins edit their own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_kdia or user.is_superuser:
            return self.all()
        if user.is_org_admin:
            return self.filter(pk=user.organization.pk)
        return self.none()

    def pending(self) -> OrganizationQuerySet:
        return self.filter(status=OrganizationStatus.PENDING)


class Organization(models.Model):
    """A Korean company, foreign contractor, KDIA or DAPA: the unit that owns data in K-OFFSET."""

    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    name_ko = models.CharField(_("name (Korean)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    registration_number = models.CharField(
        _("business registration number"),
        max_length=10,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_brn],
        help_text=_("Korean companies: 10 digits, XXX-XX-XXXXX."),
    )
    country = CountryField(_("country"), blank=True, default="KR")
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=OrganizationStatus.choices, default=OrganizationStatus.PENDING
    )
    status_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Shown to the organisation when it is rejected or suspended.")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_en", "name_ko"]
        constraints = [
            models.CheckConstraint(condition=~Q(name_ko="") | ~Q(name_en=""), name="organization_has_a_name"),
        ]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.registration_number:
            self.registration_number = normalise_brn(self.registration_number)
        else:
            self.registration_number = None
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return bilingual.pick(self, "name")

    @property
    def is_approved(self) -> bool:
        return self.status == OrganizationStatus.APPROVED

    @property
    def registration_number_display(self) -> str:
        return format_brn(self.registration_number or "")


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user) -> MembershipQuerySet:
        """Members of your own organisation; KDIA sees all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_kdia or user.is_superuser:
            return self.all()
        if user.organization is None:
            return self.none()
        return self.filter(organization=user.organization)


class Membership(models.Model):
    """A user's place in an organisation and the role they hold there."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership_record",
        verbose_name=_("user"),
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(
        _("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    created_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organization", "user__email"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.get_role_display()})"
