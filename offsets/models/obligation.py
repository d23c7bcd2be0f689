"""What a foreign contractor owes under an MOA, what it claims, and what DAPA approves."""

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
from offsets.choices import OPEN_CLAIM_STATUSES, ClaimStatus
from offsets.models.money import ConvertedAmount
from offsets.models.programme import sees_all_obligations


def _contractor_filter(user, path: str) -> Q | None:
    """``Q(<path>=the user's organisation)`` for members of an approved contractor, else None."""
    if user.is_authenticated and user.is_foreign_contractor and user.organization.is_approved:
        return Q(**{path: user.organization})
    return None


class ContractorOwnedQuerySet(models.QuerySet):
    """Rows belonging to one contractor: visible to it, to DAPA and to KDIA, to nobody else."""

    contractor_path = "contractor"

    def visible_to(self, user):
        if sees_all_obligations(user):
            return self.all()
        own = _contractor_filter(user, self.contractor_path)
        return self.filter(own) if own is not None else self.none()


class AgreementQuerySet(ContractorOwnedQuerySet):
    contractor_path = "contractor"


class Agreement(models.Model):
    """The MOA between DAPA and one foreign contractor of a programme: the obligation owed."""

    programme = models.ForeignKey("offsets.Programme", on_delete=models.PROTECT, related_name="agreements")
    contractor = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="offset_agreements",
        limit_choices_to={"kind": OrganizationKind.FOREIGN_CONTRACTOR},
        verbose_name=_("foreign contractor"),
    )
    policy = models.ForeignKey(
        "offsets.PolicyVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("policy version")
    )
    moa_date = models.DateField(_("MOA date"))
    obligation_usd = models.DecimalField(
        _("obligation (USD)"),
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("The offset value agreed in the MOA."),
    )
    period_end = models.DateField(_("fulfilment period ends"))
    bond_usd = models.DecimalField(
        _("performance bond (USD)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("offset agreement (MOA)")
        verbose_name_plural = _("offset agreements (MOA)")
        ordering = ["programme", "contractor"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "contractor"], name="one_moa_per_contractor")
        ]

    def __str__(self) -> str:
        return f"{self.programme.dapa_reference} · {self.contractor}"


class ObligationItemQuerySet(ContractorOwnedQuerySet):
    contractor_path = "agreement__contractor"


class ObligationItem(ConvertedAmount):
    """One agreed offset item: a field, its types, the KIP doing it, its value and multiplier."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="items")
    offset_field = models.ForeignKey(
        "companies.OffsetField", on_delete=models.PROTECT, related_name="+", verbose_name=_("offset field")
    )
    offset_type = models.CharField(_("offset type"), max_length=24, choices=OffsetTypePair.choices)
    kip = models.ForeignKey(
        "companies.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offset_items",
        verbose_name=_("KIP company"),
    )
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # Blank: the policy's multiplier for the field, type and the KIP's size class applies.
    agreed_multiplier = models.DecimalField(
        _("agreed multiplier"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "Only when the MOA sets one; blank takes the policy's multiplier for this field, type and KIP size."
        ),
    )
    due_date = models.DateField(_("due date"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ObligationItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("obligation item")
        verbose_name_plural = _("obligation items")
        ordering = ["agreement", "offset_field__number", "pk"]

    def __str__(self) -> str:
        return f"{self.offset_field.number} · {self.description}"[:120]

    @property
    def description(self) -> str:
        return bilingual.pick(self, "description")


class ClaimQuerySet(ContractorOwnedQuerySet):
    contractor_path = "item__agreement__contractor"

    def editable_by(self, user):
        """The contractor changes its own claim until DAPA decides it."""
        own = _contractor_filter(user, self.contractor_path)
        if own is None:
            return self.none()
        return self.filter(own, status__in=OPEN_CLAIM_STATUSES)


class Claim(ConvertedAmount):
    """A fulfilment claim: the contractor says it did this much of an item, with evidence."""

    item = models.ForeignKey(ObligationItem, on_delete=models.PROTECT, related_name="claims")
    performed_on = models.DateField(_("performed on"))
    description_ko = models.TextField(_("what was done (Korean)"), blank=True)
    description_en = models.TextField(_("what was done (English)"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED
    )
    approved_usd = models.DecimalField(
        _("approved value (USD)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    credited_usd = models.DecimalField(
        _("credited value (USD)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("fulfilment claim")
        verbose_name_plural = _("fulfilment claims")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} · {self.item}"

    @property
    def description(self) -> str:
        return bilingual.pick(self, "description")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CLAIM_STATUSES


class ClaimEvent(models.Model):
    """Every status change of a claim, with who, when and the reason the contractor sees."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=16, choices=ClaimStatus.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.status}"


def evidence_path(instance, filename) -> str:
    return f"claims/{instance.claim_id}/{filename}"


class ClaimEvidence(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
