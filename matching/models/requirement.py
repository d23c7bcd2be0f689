"""KIP requirements: what a foreign contractor needs of a Korean industrial participant."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind
from core import bilingual
from matching.choices import RequirementStatus, ValueBand


def is_requirement_staff(user) -> bool:
    return user.is_authenticated and (user.is_kdia or user.is_superuser)


def sees_all_requirements(user) -> bool:
    return user.is_authenticated and (user.is_kdia or user.is_dapa or user.is_superuser)


def _approved_member(user) -> bool:
    return user.is_authenticated and user.organization is not None and user.organization.is_approved


class RequirementQuerySet(models.QuerySet):
    def published(self) -> RequirementQuerySet:
        return self.filter(status=RequirementStatus.PUBLISHED)

    def visible_to(self, user) -> RequirementQuerySet:
        """Published requirements for every approved member; drafts, pending and returned ones
        only for the contractor that owns them, KDIA and DAPA."""
        if sees_all_requirements(user):
            return self.all()
        if not _approved_member(user):
            return self.none()
        published = Q(status__in=[RequirementStatus.PUBLISHED, RequirementStatus.CLOSED])
        if user.is_foreign_contractor:
            return self.filter(published | Q(owner=user.organization))
        return self.filter(published)

    def editable_by(self, user) -> RequirementQuerySet:
        if is_requirement_staff(user):
            return self.all()
        if user.is_authenticated and user.is_foreign_contractor and _approved_member(user):
            return self.filter(owner=user.organization)
        return self.none()

    def matches_visible_to(self, user) -> RequirementQuerySet:
        """Requirements whose ranked list of companies the user may see: the owner, KDIA, DAPA."""
        if sees_all_requirements(user):
            return self.all()
        if user.is_authenticated and user.is_foreign_contractor and _approved_member(user):
            return self.filter(owner=user.organization)
        return self.none()


class Requirement(models.Model):
    """A work package a foreign contractor wants a Korean company for, with the qualifications."""

    owner = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="requirements",
        limit_choices_to={"kind": OrganizationKind.FOREIGN_CONTRACTOR},
        verbose_name=_("foreign contractor"),
    )
    programme = models.ForeignKey(
        "offsets.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requirements",
        verbose_name=_("programme"),
    )
    title_ko = models.CharField(_("work package (Korean)"), max_length=200, blank=True)
    title_en = models.CharField(_("work package (English)"), max_length=200, blank=True)
    scope_ko = models.TextField(_("scope (Korean)"), blank=True)
    scope_en = models.TextField(_("scope (English)"), blank=True)
    required_certifications = models.ManyToManyField(
        "companies.CertificationType", verbose_name=_("required certifications"), blank=True, related_name="+"
    )
    preferred_certifications = models.ManyToManyField(
        "companies.CertificationType",
        verbose_name=_("preferred certifications"),
        blank=True,
        related_name="+",
    )
    capabilities = models.ManyToManyField(
        "companies.Capability", verbose_name=_("capabilities"), blank=True, related_name="+"
    )
    defence_fields = models.ManyToManyField(
        "companies.DefenceField", verbose_name=_("defence fields"), blank=True, related_name="+"
    )
    # Size class codes (companies.SizeClass); empty accepts every size.
    size_classes = models.JSONField(_("size classes"), default=list, blank=True)
    quality_system_ko = models.CharField(_("quality system (Korean)"), max_length=200, blank=True)
    quality_system_en = models.CharField(_("quality system (English)"), max_length=200, blank=True)
    experience_ko = models.TextField(_("experience wanted (Korean)"), blank=True)
    experience_en = models.TextField(_("experience wanted (English)"), blank=True)
    offset_experience = models.BooleanField(
        _("experience in an earlier offset programme wanted"), default=False
    )
    quantity = models.CharField(_("quantity"), max_length=120, blank=True)
    value_band = models.CharField(_("value band"), max_length=12, choices=ValueBand.choices, blank=True)
    deadline = models.DateField(_("deadline for expressions of interest"))
    status = models.CharField(
        _("status"), max_length=12, choices=RequirementStatus.choices, default=RequirementStatus.DRAFT
    )
    moderation_note = models.TextField(_("KDIA's note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = RequirementQuerySet.as_manager()

    class Meta:
        verbose_name = _("KIP requirement")
        verbose_name_plural = _("KIP requirements")
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return bilingual.pick(self, "title")

    @property
    def scope(self) -> str:
        return bilingual.pick(self, "scope")

    @property
    def quality_system(self) -> str:
        return bilingual.pick(self, "quality_system")

    @property
    def experience(self) -> str:
        return bilingual.pick(self, "experience")

    @property
    def is_open(self) -> bool:
        return self.status == RequirementStatus.PUBLISHED and self.deadline >= timezone.localdate()
