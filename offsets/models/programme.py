"""Offset programmes: DAPA's purchases that owe an offset, their lifecycle and documents."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import OrganizationKind
from core import bilingual
from offsets.choices import ProgrammeState
from offsets.models.money import CURRENCY_FIELD_KWARGS, validate_currency


def is_programme_staff(user) -> bool:
    """DAPA and KDIA staff run programmes; nobody else changes them."""
    return user.is_authenticated and (user.is_government_staff or user.is_superuser)


def sees_all_obligations(user) -> bool:
    """DAPA and KDIA see every contractor's obligations, claims and credit accounts."""
    return is_programme_staff(user)


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProgrammeQuerySet:
        """Programme summaries are public (the issue); their obligations are not."""
        return self.all()

    def editable_by(self, user) -> ProgrammeQuerySet:
        return self.all() if is_programme_staff(user) else self.none()


class Programme(models.Model):
    """A foreign purchase that crossed (or may cross) the offset threshold."""

    name_ko = models.CharField(_("name (Korean)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    dapa_reference = models.CharField(
        _("DAPA reference"), max_length=40, unique=True, help_text=_("DAPA's programme number.")
    )
    weapon_system_ko = models.CharField(_("weapon system (Korean)"), max_length=200, blank=True)
    weapon_system_en = models.CharField(_("weapon system (English)"), max_length=200, blank=True)
    summary_ko = models.TextField(_("summary (Korean)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    estimated_amount = models.DecimalField(
        _("estimated main contract amount"),
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(**CURRENCY_FIELD_KWARGS, validators=[validate_currency])
    competitive = models.BooleanField(
        _("competing sources"), default=True, help_text=_("More than one foreign source competes.")
    )
    foreign_government = models.BooleanField(_("purchase from a foreign government (FMS)"), default=False)
    reference_date = models.DateField(
        _("reference date"), help_text=_("The policy version in force on this date applies.")
    )
    ratio_override = models.DecimalField(
        _("ratio set for this programme"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Only when DAPA sets a ratio above the policy minimum, e.g. 0.6 for 60 %."),
    )
    korean_parts_quota = models.DecimalField(
        _("Korean parts quota"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Share of Korean parts the RFP requires, e.g. 0.3 for 30 %; blank when none."),
    )
    contractors = models.ManyToManyField(
        "accounts.Organization",
        verbose_name=_("foreign contractors"),
        related_name="offset_programmes",
        blank=True,
        limit_choices_to={"kind": OrganizationKind.FOREIGN_CONTRACTOR},
    )
    state = models.CharField(
        _("state"), max_length=16, choices=ProgrammeState.choices, default=ProgrammeState.PLANNED
    )
    state_changed_at = models.DateTimeField(_("state changed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])
    state_choices = ProgrammeState.choices  # the lifecycle in order, for the stepper

    class Meta:
        verbose_name = _("offset programme")
        verbose_name_plural = _("offset programmes")
        ordering = ["-reference_date", "dapa_reference"]

    def __str__(self) -> str:
        return self.name or self.dapa_reference

    @property
    def name(self) -> str:
        return bilingual.pick(self, "name")

    @property
    def weapon_system(self) -> str:
        return bilingual.pick(self, "weapon_system")

    @property
    def summary(self) -> str:
        return bilingual.pick(self, "summary")

    @property
    def state_index(self) -> int:
        return ProgrammeState.ordered().index(self.state)


class ProgrammeStateChange(models.Model):
    """The dated history of a programme's lifecycle: who moved it, from what, to what, and why."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="state_changes")
    from_state = models.CharField(_("from"), max_length=16, choices=ProgrammeState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=16, choices=ProgrammeState.choices)
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("programme state change")
        verbose_name_plural = _("programme state changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.from_state} -> {self.to_state}"


def document_path(instance, filename) -> str:
    return f"programmes/{instance.programme_id}/{filename}"


class ProgrammeDocumentQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProgrammeDocumentQuerySet:
        """Public documents for everyone; the rest for programme staff and the programme's contractors."""
        if sees_all_obligations(user):
            return self.all()
        public = models.Q(public=True)
        if user.is_authenticated and user.is_foreign_contractor and user.organization.is_approved:
            return self.filter(public | models.Q(programme__contractors=user.organization)).distinct()
        return self.filter(public)


class ProgrammeDocument(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="documents")
    title_ko = models.CharField(_("title (Korean)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=document_path)
    original_name = models.CharField(max_length=200)
    public = models.BooleanField(
        _("public"), default=False, help_text=_("Public documents are shown to everyone.")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme document")
        verbose_name_plural = _("programme documents")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return bilingual.pick(self, "title") or self.original_name
