"""Exchange rates by date and conversion to and from US dollars.

Rates are "US dollars per one unit of the currency" (KRW about 0.00074, EUR about 1.08), the
way the Django layer's ExchangeRate table stores them, and are used with every digit given;
only the converted amount is rounded (to cents, half up, as every amount).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from offsets.rules.errors import CurrencyMismatch, InvalidInput, MissingRate
from offsets.rules.money import USD, Money, require_currency, require_decimal

# A rate older than this (in days) is refused rather than silently used: a month covers the
# monthly rate tables staff typically load, and a gap longer than that is a data problem to fix.
DEFAULT_MAX_RATE_AGE_DAYS = 31


@dataclass(frozen=True)
class Rate:
    """How many US dollars one unit of ``currency`` was worth on ``rate_date``."""

    currency: str
    rate_date: date
    usd_per_unit: Decimal

    def __post_init__(self) -> None:
        require_currency(self.currency)
        if require_decimal(self.usd_per_unit, "usd_per_unit") <= 0:
            raise InvalidInput(
                "a rate must be positive",
                code="rate_not_positive",
                field="usd_per_unit",
                params={"rate": str(self.usd_per_unit)},
            )


class RateSource(Protocol):
    """A table of dated rates. The Django layer implements it over its ExchangeRate table."""

    def latest_rate(self, currency: str, on_date: date) -> Rate | None:
        """The rate for ``currency`` with the latest date on or before ``on_date``, or None."""
        ...


class InMemoryRates:
    """A RateSource held in memory, for tests, the demo and one-off calculations."""

    def __init__(self, rates: Iterable[Rate] = ()) -> None:
        self._by_currency: dict[str, list[Rate]] = {}
        for rate in rates:
            self.add(rate)

    def add(self, rate: Rate) -> None:
        """Add a rate; a second rate for the same currency and day replaces the first."""
        series = [r for r in self._by_currency.get(rate.currency, []) if r.rate_date != rate.rate_date]
        series.append(rate)
        series.sort(key=lambda r: r.rate_date)
        self._by_currency[rate.currency] = series

    def latest_rate(self, currency: str, on_date: date) -> Rate | None:
        series = self._by_currency.get(currency, [])
        position = bisect_right([r.rate_date for r in series], on_date)
        return series[position - 1] if position else None


def rate_for(
    rates: RateSource,
    currency: str,
    on_date: date,
    *,
    max_age_days: int = DEFAULT_MAX_RATE_AGE_DAYS,
    field: str | None = None,
) -> Rate:
    """The rate to use for ``currency`` on ``on_date``: the latest one dated on or before it and
    at most ``max_age_days`` old. USD is 1 dated the same day. Never a guess: MissingRate."""
    if currency == USD:
        return Rate(USD, on_date, Decimal(1))
    require_currency(currency)
    rate = rates.latest_rate(currency, on_date)
    if rate is None or rate.rate_date > on_date:
        raise MissingRate(currency, on_date, max_age_days=max_age_days, field=field)
    if (on_date - rate.rate_date).days > max_age_days:
        raise MissingRate(currency, on_date, latest=rate.rate_date, max_age_days=max_age_days, field=field)
    return rate


@dataclass(frozen=True)
class Conversion:
    """An amount converted at a dated rate: what went in, what came out, and the rate used."""

    original: Money
    converted: Money
    rate: Rate


def to_usd(
    money: Money,
    on_date: date,
    rates: RateSource,
    *,
    max_age_days: int = DEFAULT_MAX_RATE_AGE_DAYS,
    field: str = "amount",
) -> Conversion:
    """``money`` in US dollars at the rate usable on ``on_date``."""
    rate = rate_for(rates, money.currency, on_date, max_age_days=max_age_days, field=field)
    return Conversion(money, Money.rounded(money.amount * rate.usd_per_unit, USD), rate)


def from_usd(
    money: Money,
    currency: str,
    on_date: date,
    rates: RateSource,
    *,
    max_age_days: int = DEFAULT_MAX_RATE_AGE_DAYS,
    field: str = "amount",
) -> Conversion:
    """A US dollar amount in ``currency`` at the rate usable on ``on_date``.

    USD -> X -> USD comes back within a cent whenever one unit of X is worth less than
    USD 3 (every currency but KWD): X is kept in cents, so its rounding error of half a cent
    of X must stay under a cent and a half of USD once converted back.
    """
    if money.currency != USD:
        raise CurrencyMismatch(
            f"from_usd needs a USD amount, not {money.currency}",
            field=field,
            params={"currency": money.currency, "other": USD},
        )
    rate = rate_for(rates, currency, on_date, max_age_days=max_age_days, field=field)
    return Conversion(money, Money.rounded(money.amount / rate.usd_per_unit, currency), rate)
