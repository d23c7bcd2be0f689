"""Proposals (wish-list items) of Korean companies, their history and attachments."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind
from companies.choices import OffsetTypePair
from core import bilingual
from offsets.models.money import CURRENCY_FIELD_KWARGS, validate_currency
from wishlists.choices import EDITABLE_STATUSES, PackageStatus, ProposalStatus, ReasonCode
from wishlists.models.round import approved_korean_company, sees_all_proposals

SHARED_PACKAGE_STATUSES = (PackageStatus.SUBMITTED, PackageStatus.ACKNOWLEDGED)


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProposalQuerySet:
        """KDIA and DAPA see all; a Korean company its own; a foreign contractor only the proposals
        in a submitted package KDIA shared with the contractors of that programme."""
        if sees_all_proposals(user):
            return self.all()
        company = approved_korean_company(user)
        if company is not None:
            return self.filter(company=company)
        if user.is_authenticated and user.is_foreign_contractor and user.organization.is_approved:
            shared = Q(
                packages__shared_with_contractors=True,
                packages__status__in=SHARED_PACKAGE_STATUSES,
                round__programme__contractors=user.organization,
            )
            return self.filter(shared).distinct()
        return self.none()

    def editable_by(self, user) -> ProposalQuerySet:
        """The company's members change drafts and returned proposals (the deadline is checked on save)."""
        company = approved_korean_company(user)
        if company is None:
            return self.none()
        return self.filter(company=company, status__in=EDITABLE_STATUSES)


class Proposal(models.Model):
    """What a Korean company wants from the foreign contractor of a programme, and what it brings."""

    round = models.ForeignKey(
        "wishlists.Round", on_delete=models.PROTECT, related_name="proposals", verbose_name=_("round")
    )
    company = models.ForeignKey(
        "companies.Company", on_delete=models.PROTECT, related_name="proposals", verbose_name=_("company")
    )
    offset_field = models.ForeignKey(
        "companies.OffsetField", on_delete=models.PROTECT, related_name="+", verbose_name=_("offset field")
    )
    offset_type = models.CharField(_("offset type"), max_length=24, choices=OffsetTypePair.choices)
    contractor = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": OrganizationKind.FOREIGN_CONTRACTOR},
        verbose_name=_("foreign contractor"),
    )
    title_ko = models.CharField(
        _("technology, item or work package wanted (Korean)"), max_length=200, blank=True
    )
    title_en = models.CharField(
        _("technology, item or work package wanted (English)"), max_length=200, blank=True
    )
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    benefit_ko = models.TextField(_("expected benefit (Korean)"), blank=True)
    benefit_en = models.TextField(_("expected benefit (English)"), blank=True)
    products = models.ManyToManyField(
        "companies.Product", verbose_name=_("own products involved"), blank=True, related_name="proposals"
    )
    estimated_value = models.DecimalField(
        _("estimated value"), max_digits=18, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    currency = models.CharField(**CURRENCY_FIELD_KWARGS, validators=[validate_currency])
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    reason_code = models.CharField(_("reason"), max_length=16, choices=ReasonCode.choices, blank=True)
    review_comment = models.TextField(_("KDIA's comment"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("merged into"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("wish-list proposal")
        verbose_name_plural = _("wish-list proposals")
        ordering = ["round", "pk"]

    def __str__(self) -> str:
        return f"{self.number} · {self.title}"

    @property
    def number(self) -> str:
        return f"WL-{self.round_id}-{self.pk}"

    @property
    def title(self) -> str:
        return bilingual.pick(self, "title")

    @property
    def description(self) -> str:
        return bilingual.pick(self, "description")

    @property
    def benefit(self) -> str:
        return bilingual.pick(self, "benefit")

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES and self.round.is_open


class ProposalEvent(models.Model):
    """Every status change of a proposal: who, when, the reason code and the comment."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=12, choices=ProposalStatus.choices)
    reason_code = models.CharField(_("reason"), max_length=16, choices=ReasonCode.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.status}"


def attachment_path(instance, filename) -> str:
    return f"proposals/{instance.proposal_id}/{filename}"


class ProposalAttachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
