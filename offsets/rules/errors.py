"""Every refusal of the rules engine is a RuleError.

Each carries a stable ``code`` and the name of the input ``field`` at fault, plus ``params``
(plain values), so the Django layer can answer 4xx naming the field and translate the message
itself. The English ``str()`` is for logs and tracebacks only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any


class RuleError(ValueError):
    """Base of every error raised by offsets.rules."""

    code: str = "rule_error"
    field: str | None = None

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        if field is not None:
            self.field = field
        self.params: dict[str, Any] = dict(params or {})


class InvalidMoney(RuleError):
    """An amount that is not an exact Decimal in cents, or a currency that is not ISO 4217."""

    code = "invalid_money"
    field = "amount"


class CurrencyMismatch(RuleError):
    """Two amounts in different currencies were combined; convert one of them first."""

    code = "currency_mismatch"
    field = "currency"


class MissingRate(RuleError):
    """No usable exchange rate: none on or before the date, or the latest one is too old."""

    code = "missing_rate"
    field = "currency"

    def __init__(
        self,
        currency: str,
        on_date: date,
        *,
        latest: date | None = None,
        max_age_days: int | None = None,
        field: str | None = None,
    ) -> None:
        self.currency = currency
        self.on_date = on_date
        self.latest = latest
        detail = f"; the latest is dated {latest.isoformat()}" if latest else ""
        super().__init__(
            f"no {currency} rate usable on {on_date.isoformat()}{detail}",
            field=field,
            params={
                "currency": currency,
                "date": on_date.isoformat(),
                "latest": latest.isoformat() if latest else None,
                "max_age_days": max_age_days,
            },
        )


class NoPolicyInForce(RuleError):
    """No policy version has an effective date on or before the date asked about."""

    code = "no_policy_in_force"
    field = "date"

    def __init__(self, on_date: date, *, field: str | None = None) -> None:
        self.on_date = on_date
        super().__init__(
            f"no offset policy is in force on {on_date.isoformat()}",
            field=field,
            params={"date": on_date.isoformat()},
        )


class InvalidPolicy(RuleError):
    """Policy data that contradicts itself (staff edits are checked when a version is built)."""

    code = "invalid_policy"


class RatioBelowMinimum(RuleError):
    """A programme's own ratio is lower than the policy's minimum."""

    code = "ratio_below_minimum"
    field = "override_ratio"


class InvalidInput(RuleError):
    """An argument outside what the rule accepts: a negative value, a field number of 8, etc."""

    code = "invalid_input"


class LedgerError(RuleError):
    """A banking ledger that cannot be replayed: unknown lot, out-of-order entry, duplicate key."""

    code = "invalid_ledger"


class InsufficientBalance(LedgerError):
    """A withdrawal (or negative correction) larger than the credit available on its date."""

    code = "insufficient_balance"
    field = "amount"
