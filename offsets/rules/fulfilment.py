"""Fulfilment of an MOA: per item and per programme, what was agreed, claimed, approved,
credited, and what remains.

Amounts are in one currency (the Django layer passes USD values fixed when each record was
entered); mixing currencies is a CurrencyMismatch, never a silent conversion.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from offsets.rules.calculate import CreditResult, credited_value
from offsets.rules.money import Money, require_not_negative, same_currency, sum_money
from offsets.rules.package import OffsetItem
from offsets.rules.policy import PolicyVersion


@dataclass(frozen=True)
class ItemProgress:
    """What the Django layer knows of one agreed item.

    ``agreed_value``: the actual value the MOA expects of the item; ``claimed``: actual value of
    the claims filed and not rejected; ``approved``: actual value DAPA approved. Credit is
    computed here from actual values, so the multiplier is applied in exactly one place.
    """

    item: OffsetItem
    agreed_value: Money
    claimed: Money
    approved: Money
    agreed_multiplier: Decimal | None = None


@dataclass(frozen=True)
class ItemFulfilment:
    item: str
    multiplier: Decimal
    obligation: Money  # agreed value x multiplier: the credit the item is meant to earn
    claimed: Money
    approved: Money
    credited: Money  # approved x multiplier
    remaining: Money  # max(0, obligation - credited)
    credit: CreditResult


@dataclass(frozen=True)
class ProgrammeFulfilment:
    """``credited`` includes banked credit withdrawn against the obligation; surplus credit on
    one item counts towards the programme, so ``remaining`` is not the sum of item remainders."""

    policy: str
    obligation: Money
    claimed: Money
    approved: Money
    credited_from_items: Money
    banked: Money
    credited: Money
    remaining: Money
    items: tuple[ItemFulfilment, ...]


def item_fulfilment(policy: PolicyVersion, progress: ItemProgress) -> ItemFulfilment:
    item = progress.item
    for name in ("agreed_value", "claimed", "approved"):
        require_not_negative(getattr(progress, name), name)
    same_currency(progress.agreed_value, progress.claimed, progress.approved)

    def credit_for(actual: Money) -> CreditResult:
        return credited_value(
            policy,
            actual,
            offset_field=item.offset_field,
            directness=item.directness,
            sector=item.sector,
            size_class=item.size_class,
            agreed_multiplier=progress.agreed_multiplier,
        )

    agreed = credit_for(progress.agreed_value)
    credit = credit_for(progress.approved)
    return ItemFulfilment(
        item=item.key,
        multiplier=credit.multiplier,
        obligation=agreed.credited,
        claimed=progress.claimed,
        approved=progress.approved,
        credited=credit.credited,
        remaining=(agreed.credited - credit.credited).at_least_zero(),
        credit=credit,
    )


def programme_fulfilment(
    policy: PolicyVersion,
    obligation: Money,
    items: Sequence[ItemProgress],
    banked: Money | None = None,
) -> ProgrammeFulfilment:
    """Progress against the MOA ``obligation`` (in credit terms) from items and banked credit."""
    currency = obligation.currency
    require_not_negative(obligation, "obligation")
    banked = require_not_negative(banked if banked is not None else Money.zero(currency), "banked")
    rows = tuple(item_fulfilment(policy, progress) for progress in items)
    from_items = sum_money((row.credited for row in rows), currency)
    credited = from_items + banked
    return ProgrammeFulfilment(
        policy=policy.name,
        obligation=obligation,
        claimed=sum_money((row.claimed for row in rows), currency),
        approved=sum_money((row.approved for row in rows), currency),
        credited_from_items=from_items,
        banked=banked,
        credited=credited,
        remaining=(obligation - credited).at_least_zero(),
        items=rows,
    )
