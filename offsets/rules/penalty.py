"""What a contractor pays for value left unfulfilled at the end of its fulfilment period.

The sequence (Delta One; DAPA magazine): at the end of the period ``forfeit_rate`` (10 %) of the
unfulfilled value is forfeited from the performance bond; a cure period (12 months) follows in
which the contractor may still fulfil; then ``further_charge_rate`` (50 %) of what is still
unfulfilled is charged and the obligation still open is extinguished: nothing remains owed in
kind. Whether the forfeit is refunded when the cure period closes the gap is not public; it
is not refunded here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from offsets.rules.dates import add_months
from offsets.rules.money import Money, require_not_negative, same_currency
from offsets.rules.policy import PolicyVersion


@dataclass(frozen=True)
class PenaltyResult:
    """``cure_ends_on`` is None when nothing was unfulfilled (no cure period starts)."""

    policy: str
    shortfall: Money  # unfulfilled value at the end of the period
    forfeit_rate: Decimal
    forfeited: Money
    cure_ends_on: date | None
    fulfilled_during_cure: Money  # capped at the shortfall
    still_unfulfilled: Money
    further_charge_rate: Decimal
    further_charge: Money
    extinguished: Money  # obligation cancelled after the further charge
    total_charged: Money  # forfeited + further charge


def simulate_penalty(
    policy: PolicyVersion,
    shortfall: Money,
    period_end: date,
    fulfilled_during_cure: Money | None = None,
) -> PenaltyResult:
    """Penalties for ``shortfall`` left at ``period_end``, given what was fulfilled in the cure
    period (none if not given). Work beyond the shortfall does not lower anything further."""
    rules = policy.penalty
    require_not_negative(shortfall, "shortfall")
    cured = fulfilled_during_cure if fulfilled_during_cure is not None else Money.zero(shortfall.currency)
    require_not_negative(cured, "fulfilled_during_cure")
    same_currency(shortfall, cured)
    cured = min(cured, shortfall)
    still = shortfall - cured
    forfeited = shortfall.times(rules.forfeit_rate)
    further = still.times(rules.further_charge_rate)
    return PenaltyResult(
        policy=policy.name,
        shortfall=shortfall,
        forfeit_rate=rules.forfeit_rate,
        forfeited=forfeited,
        cure_ends_on=add_months(period_end, rules.cure_months) if shortfall.amount > 0 else None,
        fulfilled_during_cure=cured,
        still_unfulfilled=still,
        further_charge_rate=rules.further_charge_rate,
        further_charge=further,
        extinguished=still,
        total_charged=forfeited + further,
    )
