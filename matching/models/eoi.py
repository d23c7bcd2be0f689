"""Expressions of interest: a Korean company answers a requirement; the contractor answers back."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import bilingual
from matching.choices import EDITABLE_EOI_STATUSES, EoiStatus, Scope
from matching.models.requirement import sees_all_requirements


def _korean_company(user):
    if user.is_authenticated and user.is_korean_company and user.organization.is_approved:
        return getattr(user.organization, "company", None)
    return None


class EoiQuerySet(models.QuerySet):
    def visible_to(self, user) -> EoiQuerySet:
        """The company that wrote it; the requirement's owner once it is sent; KDIA and DAPA."""
        if sees_all_requirements(user):
            return self.exclude(status=EoiStatus.DRAFT)
        company = _korean_company(user)
        if company is not None:
            return self.filter(company=company)
        if user.is_authenticated and user.is_foreign_contractor and user.organization.is_approved:
            return self.filter(requirement__owner=user.organization).exclude(status=EoiStatus.DRAFT)
        return self.none()

    def editable_by(self, user) -> EoiQuerySet:
        company = _korean_company(user)
        if company is None:
            return self.none()
        return self.filter(company=company, status__in=EDITABLE_EOI_STATUSES)

    def answerable_by(self, user) -> EoiQuerySet:
        """EOIs whose status the user may set: the requirement's owner (KDIA on its behalf)."""
        sent = ~Q(status=EoiStatus.DRAFT)
        if user.is_authenticated and (user.is_kdia or user.is_superuser):
            return self.filter(sent)
        if user.is_authenticated and user.is_foreign_contractor and user.organization.is_approved:
            return self.filter(sent, requirement__owner=user.organization)
        return self.none()


class ExpressionOfInterest(models.Model):
    requirement = models.ForeignKey(
        "matching.Requirement", on_delete=models.PROTECT, related_name="eois", verbose_name=_("requirement")
    )
    company = models.ForeignKey(
        "companies.Company", on_delete=models.PROTECT, related_name="eois", verbose_name=_("company")
    )
    scope = models.CharField(_("scope offered"), max_length=8, choices=Scope.choices, default=Scope.FULL)
    message_ko = models.TextField(_("message (Korean)"), blank=True)
    message_en = models.TextField(_("message (English)"), blank=True)
    products = models.ManyToManyField(
        "companies.Product", verbose_name=_("products offered"), blank=True, related_name="eois"
    )
    status = models.CharField(_("status"), max_length=12, choices=EoiStatus.choices, default=EoiStatus.DRAFT)
    status_reason = models.TextField(_("the contractor's reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("sent"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    # When the contractor was last reminded of this EOI still waiting for a status.
    reminded_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EoiQuerySet.as_manager()

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "company"], name="one_eoi_per_company_and_requirement"
            )
        ]

    def __str__(self) -> str:
        return f"EOI-{self.pk}"

    @property
    def message(self) -> str:
        return bilingual.pick(self, "message")


class EoiEvent(models.Model):
    """Every status change of an EOI, with who, when and the reason."""

    eoi = models.ForeignKey(ExpressionOfInterest, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=12, choices=EoiStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.eoi_id}: {self.status}"


def eoi_attachment_path(instance, filename) -> str:
    return f"eois/{instance.eoi_id}/{filename}"


class EoiAttachment(models.Model):
    eoi = models.ForeignKey(ExpressionOfInterest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=eoi_attachment_path)
    original_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
