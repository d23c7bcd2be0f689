"""Banked offset credit (사전가치축적): one append-only ledger per foreign contractor."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind
from offsets.choices import LedgerKind
from offsets.models.obligation import ContractorOwnedQuerySet


class CreditAccountQuerySet(ContractorOwnedQuerySet):
    contractor_path = "contractor"


class CreditAccount(models.Model):
    contractor = models.OneToOneField(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="credit_account",
        limit_choices_to={"kind": OrganizationKind.FOREIGN_CONTRACTOR},
        verbose_name=_("foreign contractor"),
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    objects = CreditAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("credit account")
        verbose_name_plural = _("credit accounts")
        ordering = ["contractor__name_en"]

    def __str__(self) -> str:
        return str(self.contractor)


class AppendOnlyError(Exception):
    """Ledger entries are never edited or deleted: a correction is a new entry."""


class LedgerEntryQuerySet(ContractorOwnedQuerySet):
    contractor_path = "account__contractor"

    def delete(self):
        raise AppendOnlyError("ledger entries cannot be deleted")

    def update(self, **kwargs):
        raise AppendOnlyError("ledger entries cannot be changed")


class LedgerEntry(models.Model):
    """One posting, in USD. Deposits, withdrawals, expiries and depreciation are positive
    amounts whose kind gives the sign; corrections carry their own sign."""

    account = models.ForeignKey(CreditAccount, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=16, choices=LedgerKind.choices)
    entry_date = models.DateField(_("date"))
    amount_usd = models.DecimalField(_("amount (USD)"), max_digits=18, decimal_places=2)
    # The deposit a withdrawal, expiry or depreciation draws on (first in, first out).
    lot = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drawn_by",
        verbose_name=_("deposit"),
    )
    agreement = models.ForeignKey(
        "offsets.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="withdrawals",
        verbose_name=_("applied to obligation"),
    )
    kip = models.ForeignKey(
        "companies.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Korean company"),
    )
    description = models.TextField(_("description"), blank=True)
    # Original amount of a deposit made in another currency, with the rate used.
    source_amount = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    source_currency = models.CharField(max_length=3, blank=True)
    usd_rate = models.DecimalField(max_digits=24, decimal_places=12, null=True, blank=True)
    rate_date = models.DateField(null=True, blank=True)
    # Entries the policy generates (expiry, depreciation) carry a key so posting twice adds nothing.
    key = models.CharField(max_length=120, unique=True, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["entry_date", "pk"]

    def __str__(self) -> str:
        return f"{self.account} · {self.entry_date} · {self.get_kind_display()} · USD {self.amount_usd:,}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("ledger entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("ledger entries cannot be deleted")
