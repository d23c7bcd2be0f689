"""Money as an exact Decimal with an ISO 4217 currency.

Rounding: every amount is held to two decimal places ("cents") in every currency, rounded
ROUND_HALF_UP. Two places for all currencies lets one database column type hold any amount
(finer than needed for KRW or JPY, harmless); for the three-decimal dinars (BHD, KWD, OMR...)
rounding loses at most 5 fils, immaterial at offset scale. HALF_UP rather than banker's rounding because
each figure here is rounded once and then checked by hand against DAPA's documents, where
0.005 -> 0.01 is what a reader expects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from offsets.rules.currencies import ISO_4217_CODES
from offsets.rules.errors import CurrencyMismatch, InvalidInput, InvalidMoney, RuleError

USD = "USD"
CENT = Decimal("0.01")
ROUNDING = ROUND_HALF_UP


def is_currency(code: object) -> bool:
    """True for an ISO 4217 code in circulation, written in capitals ("KRW", not "krw")."""
    return isinstance(code, str) and code in ISO_4217_CODES


def require_currency(code: object, field: str = "currency") -> str:
    """``code`` if it is an ISO 4217 code in circulation, else InvalidMoney."""
    if not is_currency(code):
        raise InvalidMoney(
            f"{code!r} is not an ISO 4217 currency code",
            code="unknown_currency",
            field=field,
            params={"currency": str(code)},
        )
    return str(code)


def require_decimal(value: Any, field: str) -> Decimal:
    """``value`` if it is a finite Decimal; floats (inexact) and everything else are refused."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise InvalidInput(
            f"{field} must be a finite Decimal, not {type(value).__name__}",
            code="not_a_decimal",
            field=field,
            params={"type": type(value).__name__},
        )
    return value


def require_share(
    value: Any, field: str, *, allow_zero: bool = True, error: type[RuleError] = InvalidInput
) -> Decimal:
    """A fraction of 1 (0.50 for 50 %). Catching "50" typed for "0.50" is the point."""
    share = require_decimal(value, field)
    if share > 1 or share < 0 or (share == 0 and not allow_zero):
        raise error(
            f"{field} must be a fraction of 1, not {share}",
            code="share_out_of_range",
            field=field,
            params={"value": str(share)},
        )
    return share


def round_amount(value: Decimal) -> Decimal:
    """``value`` rounded to cents, half up."""
    return require_decimal(value, "amount").quantize(CENT, rounding=ROUNDING)


@dataclass(frozen=True)
class Money:
    """An amount in cents of one currency. May be negative (a ledger correction); rules that
    need a non-negative amount say so."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal) or not self.amount.is_finite():
            raise InvalidMoney(
                f"amount must be a finite Decimal, not {type(self.amount).__name__}",
                code="amount_not_decimal",
                params={"type": type(self.amount).__name__},
            )
        cents = self.amount.quantize(CENT, rounding=ROUNDING)
        if cents != self.amount:
            raise InvalidMoney(
                f"{self.amount} has more than two decimal places; round it with Money.rounded",
                code="amount_not_in_cents",
                params={"amount": str(self.amount)},
            )
        require_currency(self.currency)
        # One spelling per value: 10 and 10.000 both become 10.00, and -0.00 becomes 0.00.
        object.__setattr__(self, "amount", cents if cents else abs(cents))

    @classmethod
    def rounded(cls, amount: Decimal, currency: str) -> Money:
        """Money from an unrounded Decimal (a product or quotient), rounded to cents half up."""
        return cls(round_amount(amount), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    @classmethod
    def usd(cls, amount: Decimal) -> Money:
        return cls(amount, USD)

    def __add__(self, other: Money) -> Money:
        same_currency(self, other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        same_currency(self, other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        same_currency(self, other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        same_currency(self, other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        same_currency(self, other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        same_currency(self, other)
        return self.amount >= other.amount

    def times(self, factor: Decimal) -> Money:
        """This amount times a Decimal factor (ratio, multiplier, rate), rounded to cents."""
        return Money.rounded(self.amount * require_decimal(factor, "factor"), self.currency)

    def at_least_zero(self) -> Money:
        """max(0, self): what is left to do can never be negative."""
        return self if self.amount > 0 else Money.zero(self.currency)

    @property
    def is_negative(self) -> bool:
        return self.amount < 0

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:,.2f}"


def same_currency(first: Money, *others: Money) -> str:
    """The currency the amounts share; CurrencyMismatch when they do not."""
    for other in others:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != first.currency:
            raise CurrencyMismatch(
                f"cannot combine {first.currency} with {other.currency}",
                params={"currency": first.currency, "other": other.currency},
            )
    return first.currency


def sum_money(amounts: Iterable[Money], currency: str) -> Money:
    """The sum of amounts in one currency (zero for none)."""
    total = Money.zero(currency)
    for amount in amounts:
        total += amount
    return total


def require_not_negative(money: Money, field: str) -> Money:
    """``money`` unless it is negative (an actual value, a contract amount, a shortfall)."""
    if money.is_negative:
        raise InvalidInput(
            f"{field} cannot be negative",
            code="negative_amount",
            field=field,
            params={"amount": str(money.amount), "currency": money.currency},
        )
    return money
