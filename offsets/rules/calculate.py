"""Whether a purchase owes an offset, how much at least, and what an item's value is credited.

Each function takes the PolicyVersion to apply (``select_policy`` picks it for a date) and
returns a frozen result naming that version, so a figure shown later can say which rules made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from offsets.rules.errors import InvalidInput
from offsets.rules.kinds import Directness, Sector, SizeClass, Sourcing, as_enum
from offsets.rules.money import Money, require_decimal, require_not_negative, require_share, same_currency
from offsets.rules.policy import MultiplierRule, PolicyVersion, applicable_ratio, multiplier_for
from offsets.rules.rates import DEFAULT_MAX_RATE_AGE_DAYS, Conversion, RateSource, to_usd


class TriggerReason(StrEnum):
    AT_OR_ABOVE_THRESHOLD = "at_or_above_threshold"
    BELOW_THRESHOLD = "below_threshold"
    FMS_EXEMPT = "fms_exempt"


@dataclass(frozen=True)
class TriggerResult:
    """``conversion`` is None for an exempt purchase: no rate is needed to say it owes nothing."""

    policy: str
    triggers: bool
    reason: TriggerReason
    amount: Money
    threshold: Money
    conversion: Conversion | None


def check_trigger(
    policy: PolicyVersion,
    amount: Money,
    on_date: date,
    rates: RateSource,
    *,
    fms: bool = False,
    max_age_days: int = DEFAULT_MAX_RATE_AGE_DAYS,
) -> TriggerResult:
    """Does a main contract of ``amount`` dated ``on_date`` launch an offset programme?

    Yes when its USD value is at least the threshold (inclusive), unless it is a purchase from
    a foreign government made while the policy exempts those.
    """
    require_not_negative(amount, "amount")
    if fms and policy.fms_exempt_on(on_date):
        return TriggerResult(policy.name, False, TriggerReason.FMS_EXEMPT, amount, policy.threshold, None)
    conversion = to_usd(amount, on_date, rates, max_age_days=max_age_days)
    triggers = conversion.converted >= policy.threshold
    reason = TriggerReason.AT_OR_ABOVE_THRESHOLD if triggers else TriggerReason.BELOW_THRESHOLD
    return TriggerResult(policy.name, triggers, reason, amount, policy.threshold, conversion)


@dataclass(frozen=True)
class ObligationResult:
    policy: str
    sourcing: Sourcing
    policy_ratio: Decimal
    override_ratio: Decimal | None
    ratio: Decimal
    amount: Money
    obligation: Money


def minimum_obligation(
    policy: PolicyVersion, amount: Money, sourcing: Sourcing | str, override_ratio: Decimal | None = None
) -> ObligationResult:
    """The least offset value owed: ratio x estimated main contract amount, in its currency."""
    require_not_negative(amount, "amount")
    sourcing = as_enum(Sourcing, sourcing, "sourcing")
    ratio = applicable_ratio(policy, sourcing, override_ratio)
    return ObligationResult(
        policy=policy.name,
        sourcing=sourcing,
        policy_ratio=policy.minimum_ratio(sourcing),
        override_ratio=override_ratio,
        ratio=ratio,
        amount=amount,
        obligation=amount.times(ratio),
    )


class MultiplierSource(StrEnum):
    POLICY_RULE = "policy_rule"
    DEFAULT = "default"
    AGREED = "agreed"


@dataclass(frozen=True)
class CreditResult:
    """``rule`` is the policy rule that set the multiplier (None for the default or an agreed one)."""

    policy: str
    actual: Money
    multiplier: Decimal
    multiplier_source: MultiplierSource
    rule: MultiplierRule | None
    credited: Money


def credited_value(
    policy: PolicyVersion,
    actual: Money,
    *,
    offset_field: int,
    directness: Directness | str,
    sector: Sector | str,
    size_class: SizeClass | str | None,
    agreed_multiplier: Decimal | None = None,
) -> CreditResult:
    """Value credited = actual value x multiplier (never negative).

    ``agreed_multiplier`` is one set in the MOA for an item; it replaces the policy's.
    """
    require_not_negative(actual, "actual")
    multiplier, rule = multiplier_for(
        policy,
        offset_field,
        as_enum(Directness, directness, "directness"),
        as_enum(Sector, sector, "sector"),
        None if size_class is None else as_enum(SizeClass, size_class, "size_class"),
    )
    source = MultiplierSource.POLICY_RULE if rule else MultiplierSource.DEFAULT
    if agreed_multiplier is not None:
        if require_decimal(agreed_multiplier, "agreed_multiplier") < 0:
            raise InvalidInput(
                "a multiplier cannot be negative",
                code="negative_multiplier",
                field="agreed_multiplier",
                params={"multiplier": str(agreed_multiplier)},
            )
        multiplier, rule, source = agreed_multiplier, None, MultiplierSource.AGREED
    return CreditResult(policy.name, actual, multiplier, source, rule, actual.times(multiplier))


@dataclass(frozen=True)
class QuotaResult:
    """Industrial cooperation quota (산업협력 쿼터제) of one programme. No percentage is public:
    the RFP sets it, so it is the programme's parameter, not policy data."""

    required_share: Decimal
    contract: Money
    required: Money
    korean_parts: Money
    met: bool
    shortfall: Money


def check_quota(required_share: Decimal, contract: Money, korean_parts: Money) -> QuotaResult:
    """Does the value of Korean parts reach the share of the contract the RFP requires?"""
    require_share(required_share, "required_share")
    require_not_negative(contract, "contract")
    require_not_negative(korean_parts, "korean_parts")
    same_currency(contract, korean_parts)
    required = contract.times(required_share)
    return QuotaResult(
        required_share=required_share,
        contract=contract,
        required=required,
        korean_parts=korean_parts,
        met=korean_parts >= required,
        shortfall=(required - korean_parts).at_least_zero(),
    )
