"""Amounts as Decimal with an ISO 4217 currency, and their USD value at a dated rate."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from offsets.rules import is_currency

CURRENCY_FIELD_KWARGS = {
    "verbose_name": _("currency"),
    "max_length": 3,
    "default": "USD",
    "help_text": _("ISO 4217 code, e.g. USD, KRW, EUR."),
}


def validate_currency(value: str) -> None:
    if not is_currency(value):
        raise ValidationError(
            _("%(code)s is not an ISO 4217 currency code."), code="currency", params={"code": value}
        )


class ConvertedAmount(models.Model):
    """An amount in its own currency plus its USD value, with the rate and the rate's date used.

    The USD value is fixed when the record is entered, so later rate corrections never change
    what was agreed or claimed.
    """

    amount = models.DecimalField(
        _("amount"), max_digits=18, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    currency = models.CharField(**CURRENCY_FIELD_KWARGS, validators=[validate_currency])
    amount_usd = models.DecimalField(_("amount (USD)"), max_digits=18, decimal_places=2, editable=False)
    usd_rate = models.DecimalField(_("USD per unit"), max_digits=24, decimal_places=12, editable=False)
    rate_date = models.DateField(_("rate date"), editable=False)

    class Meta:
        abstract = True
