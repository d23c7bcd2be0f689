"""Offset policy versions and exchange rates: the rules engine's numbers, kept as data staff edit."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from companies.choices import SizeClass
from core import bilingual

RATIO_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


class PolicyVersionQuerySet(models.QuerySet):
    def in_force_on(self, day) -> PolicyVersion | None:
        """The version whose effective date is the latest on or before ``day``."""
        return self.filter(effective_from__lte=day).order_by("-effective_from").first()


class PolicyVersion(models.Model):
    """One set of offset rules, in force from its effective date until the next version's."""

    name_ko = models.CharField(_("name (Korean)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120, unique=True)
    effective_from = models.DateField(_("in force from"), unique=True)
    source_ko = models.TextField(_("source and notes (Korean)"), blank=True)
    source_en = models.TextField(_("source and notes (English)"), blank=True)
    threshold_usd = models.DecimalField(
        _("offset threshold (USD)"),
        max_digits=18,
        decimal_places=2,
        help_text=_("A main contract of at least this amount triggers an offset."),
    )
    min_ratio_competitive = models.DecimalField(
        _("minimum ratio with competing sources"), max_digits=5, decimal_places=4, validators=RATIO_VALIDATORS
    )
    min_ratio_sole_source = models.DecimalField(
        _("minimum ratio without competing sources"),
        max_digits=5,
        decimal_places=4,
        validators=RATIO_VALIDATORS,
    )
    fms_exempt_from = models.DateField(
        _("foreign-government (FMS) purchases exempt from"),
        null=True,
        blank=True,
        help_text=_("Purchases from foreign governments on or after this date owe no offset; blank: never."),
    )
    banking_validity_years = models.PositiveSmallIntegerField(
        _("banked credit valid for (years)"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    banking_available_from = models.DateField(
        _("banking available from"),
        null=True,
        blank=True,
        help_text=_("No credit can be banked before this date."),
    )
    banking_for_sme = models.BooleanField(_("SMEs' cooperation may be banked"), default=True)
    banking_for_mid = models.BooleanField(_("mid-sized firms' cooperation may be banked"), default=False)
    banking_for_large = models.BooleanField(_("large firms' cooperation may be banked"), default=False)
    penalty_forfeit_rate = models.DecimalField(
        _("share of the shortfall forfeited at the end of the period"),
        max_digits=5,
        decimal_places=4,
        validators=RATIO_VALIDATORS,
    )
    cure_period_months = models.PositiveSmallIntegerField(
        _("cure period (months)"), validators=[MaxValueValidator(120)]
    )
    further_charge_rate = models.DecimalField(
        _("share charged of what is still unfulfilled after the cure period"),
        max_digits=5,
        decimal_places=4,
        validators=RATIO_VALIDATORS,
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PolicyVersionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("offset policy version")
        verbose_name_plural = _("offset policy versions")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual.pick(self, "name")

    @property
    def bankable_sizes(self) -> frozenset[str]:
        flags = {SizeClass.SME: self.banking_for_sme, SizeClass.MID: self.banking_for_mid}
        flags[SizeClass.LARGE] = self.banking_for_large
        return frozenset(size.value for size, allowed in flags.items() if allowed)


class MultiplierRule(models.Model):
    """Credited value = actual value x multiplier, for items matching every condition given.

    Blank conditions match anything; the most specific matching rule wins (rules engine).
    """

    policy = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="multipliers")
    offset_field = models.PositiveSmallIntegerField(
        _("offset field"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
        help_text=_("1-7; blank for any field."),
    )
    direct = models.BooleanField(_("direct"), null=True, blank=True, help_text=_("Blank for either."))
    defence = models.BooleanField(_("defence"), null=True, blank=True, help_text=_("Blank for either."))
    size_class = models.CharField(_("size class"), max_length=8, choices=SizeClass.choices, blank=True)
    multiplier = models.DecimalField(
        _("multiplier"), max_digits=6, decimal_places=3, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        verbose_name = _("multiplier")
        verbose_name_plural = _("multipliers")
        ordering = ["policy", "offset_field", "size_class"]

    def __str__(self) -> str:
        return f"x{self.multiplier}"


class DepreciationStep(models.Model):
    """From this age on, a banked credit keeps this share of its deposited value."""

    policy = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="depreciation_steps")
    from_years = models.PositiveSmallIntegerField(_("from age (years)"))
    remaining_share = models.DecimalField(
        _("share of value kept"),
        max_digits=5,
        decimal_places=4,
        validators=RATIO_VALIDATORS,
        help_text=_("e.g. 0.75; credit worth nothing has expired, which the validity period says."),
    )

    class Meta:
        verbose_name = _("depreciation step")
        verbose_name_plural = _("depreciation steps")
        ordering = ["policy", "from_years"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "from_years"], name="one_depreciation_step_per_age")
        ]

    def __str__(self) -> str:
        return f"{self.from_years}+: {self.remaining_share}"


class ExchangeRate(models.Model):
    """How many US dollars one unit of a currency was worth on a date (staff-editable)."""

    currency = models.CharField(_("currency"), max_length=3)
    date = models.DateField(_("date"))
    usd_per_unit = models.DecimalField(
        _("USD per unit"), max_digits=24, decimal_places=12, validators=[MinValueValidator(Decimal("0"))]
    )
    source = models.CharField(_("source"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-date"]
        constraints = [models.UniqueConstraint(fields=["currency", "date"], name="one_rate_per_currency_day")]

    def __str__(self) -> str:
        return f"{self.currency} {self.date}: {self.usd_per_unit}"
