"""Policy versions: the offset rules' numbers as dated data, and how a version is chosen.

A version is checked when it is built, so staff edits that contradict themselves (a ratio of
50 instead of 0.50, a depreciation step after expiry) fail before any calculation uses them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from offsets.rules.errors import InvalidInput, InvalidPolicy, NoPolicyInForce, RatioBelowMinimum
from offsets.rules.kinds import Directness, Sector, SizeClass, Sourcing, as_enum, is_offset_field
from offsets.rules.money import USD, Money, require_decimal, require_share


def _invalid(field: str, code: str, message: str, **params: Any) -> InvalidPolicy:
    return InvalidPolicy(message, code=code, field=field, params=params)


def _check_share(value: Decimal, field: str, *, allow_zero: bool = True) -> None:
    require_share(value, field, allow_zero=allow_zero, error=InvalidPolicy)


@dataclass(frozen=True)
class MultiplierRule:
    """Credited value = actual value x ``multiplier`` for items matching every criterion set.
    A criterion left as None matches anything."""

    multiplier: Decimal
    offset_field: int | None = None
    directness: Directness | None = None
    sector: Sector | None = None
    size_class: SizeClass | None = None

    def __post_init__(self) -> None:
        if require_decimal(self.multiplier, "multiplier") < 0:
            raise _invalid("multiplier", "negative_multiplier", "a multiplier cannot be negative")
        if self.offset_field is not None and not is_offset_field(self.offset_field):
            raise _invalid(
                "offset_field", "invalid_field", "offset field must be 1-7", value=self.offset_field
            )
        # Plain strings from the database become enum members, and unknown ones are refused.
        for name, enum in (("directness", Directness), ("sector", Sector), ("size_class", SizeClass)):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, as_enum(enum, value, name))

    @property
    def criteria(self) -> tuple[object, ...]:
        return (self.offset_field, self.directness, self.sector, self.size_class)

    @property
    def specificity(self) -> int:
        return sum(value is not None for value in self.criteria)

    def matches(
        self, offset_field: int, directness: Directness, sector: Sector, size_class: SizeClass | None
    ) -> bool:
        wanted = (offset_field, directness, sector, size_class)
        return all(rule is None or rule == value for rule, value in zip(self.criteria, wanted, strict=True))


@dataclass(frozen=True)
class DepreciationStep:
    """From ``from_years`` after deposit, a banked credit keeps ``remaining_share`` of its value."""

    from_years: int
    remaining_share: Decimal


@dataclass(frozen=True)
class BankingRules:
    """How long banked credit lasts and how it loses value before then.

    Before the first step a credit keeps 100 %. A share of 0 is refused: credit that is worth
    nothing has expired, and that is what ``validity_years`` says, so the two cannot disagree.
    ``eligible_sizes``: the size classes of Korean firms whose cooperation may be banked;
    ``available_from``: no deposit before this date (banking began in 2018).
    """

    validity_years: int
    depreciation: tuple[DepreciationStep, ...] = ()
    eligible_sizes: frozenset[SizeClass] = frozenset({SizeClass.SME})
    available_from: date | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.validity_years, int) or self.validity_years < 1:
            raise _invalid("validity_years", "invalid_validity", "validity must be at least one year")
        for size in self.eligible_sizes:
            as_enum(SizeClass, size, "eligible_sizes")
        previous = DepreciationStep(0, Decimal(1))
        for step in self.depreciation:
            _check_share(step.remaining_share, "remaining_share", allow_zero=False)
            if not isinstance(step.from_years, int) or step.from_years <= previous.from_years:
                raise _invalid(
                    "from_years",
                    "steps_not_increasing",
                    "steps must be at ages 1, 2, ... in increasing order",
                )
            if step.from_years >= self.validity_years:
                raise _invalid(
                    "from_years",
                    "step_after_expiry",
                    "a depreciation step must come before the credit expires",
                    from_years=step.from_years,
                    validity_years=self.validity_years,
                )
            if step.remaining_share >= previous.remaining_share:
                raise _invalid("remaining_share", "share_not_decreasing", "each step must keep less value")
            previous = step


@dataclass(frozen=True)
class PenaltyRules:
    """Shortfall penalties: ``forfeit_rate`` of the unfulfilled value at the end of the period,
    then after ``cure_months`` ``further_charge_rate`` of what is still unfulfilled."""

    forfeit_rate: Decimal
    cure_months: int
    further_charge_rate: Decimal

    def __post_init__(self) -> None:
        _check_share(self.forfeit_rate, "forfeit_rate")
        _check_share(self.further_charge_rate, "further_charge_rate")
        if not isinstance(self.cure_months, int) or self.cure_months < 0:
            raise _invalid("cure_months", "invalid_cure_period", "the cure period cannot be negative")


@dataclass(frozen=True)
class PolicyVersion:
    """One set of offset rules, in force from ``effective_from`` until the next version's date.

    ``fms_exempt_from``: purchases from foreign governments (US FMS) on or after this date are
    exempt; None means they are not. A date, not a flag, because the exemption (2017) started
    in the middle of the seed version's time.
    """

    name: str
    effective_from: date
    threshold: Money
    min_ratio_competitive: Decimal
    min_ratio_sole_source: Decimal
    multipliers: tuple[MultiplierRule, ...]
    banking: BankingRules
    penalty: PenaltyRules
    fms_exempt_from: date | None = None
    name_ko: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise _invalid("name", "missing_name", "a policy version needs a name")
        if self.threshold.currency != USD or self.threshold.amount <= 0:
            raise _invalid("threshold", "invalid_threshold", "the threshold is a positive USD amount")
        _check_share(self.min_ratio_competitive, "min_ratio_competitive", allow_zero=False)
        _check_share(self.min_ratio_sole_source, "min_ratio_sole_source", allow_zero=False)
        seen: set[tuple[object, ...]] = set()
        for rule in self.multipliers:
            if rule.criteria in seen:
                raise _invalid(
                    "multipliers",
                    "duplicate_multiplier",
                    "two multiplier rules have the same criteria",
                    criteria=[None if c is None else str(c) for c in rule.criteria],
                )
            seen.add(rule.criteria)

    def minimum_ratio(self, sourcing: Sourcing) -> Decimal:
        if sourcing is Sourcing.COMPETITIVE:
            return self.min_ratio_competitive
        return self.min_ratio_sole_source

    def fms_exempt_on(self, on_date: date) -> bool:
        return self.fms_exempt_from is not None and on_date >= self.fms_exempt_from


def select_policy(versions: Iterable[PolicyVersion], on_date: date) -> PolicyVersion:
    """The version in force on ``on_date``: the latest ``effective_from`` on or before it."""
    in_force = [v for v in versions if v.effective_from <= on_date]
    if not in_force:
        raise NoPolicyInForce(on_date)
    latest = max(v.effective_from for v in in_force)
    chosen = [v for v in in_force if v.effective_from == latest]
    if len(chosen) > 1:
        raise _invalid(
            "effective_from",
            "ambiguous_policy",
            "two policy versions take effect on the same day",
            date=latest.isoformat(),
            names=sorted(v.name for v in chosen),
        )
    return chosen[0]


def applicable_ratio(
    policy: PolicyVersion, sourcing: Sourcing | str, override: Decimal | None = None
) -> Decimal:
    """The ratio a programme owes: the policy minimum, or DAPA's higher ratio for the programme.

    A lower override is an error rather than ignored, so a typo cannot pass unnoticed.
    """
    minimum = policy.minimum_ratio(as_enum(Sourcing, sourcing, "sourcing"))
    if override is None:
        return minimum
    require_share(override, "override_ratio")
    if override < minimum:
        raise RatioBelowMinimum(
            f"ratio {override} is below the policy minimum {minimum}",
            params={"ratio": str(override), "minimum": str(minimum), "policy": policy.name},
        )
    return override


def require_banking_open(policy: PolicyVersion, on_date: date) -> None:
    """Refuse a deposit made before banking existed under ``policy``."""
    opens = policy.banking.available_from
    if opens is not None and on_date < opens:
        raise InvalidInput(
            f"no credit can be banked before {opens.isoformat()}",
            code="banking_not_available",
            field="entry_date",
            params={"date": on_date.isoformat(), "available_from": opens.isoformat(), "policy": policy.name},
        )


def require_bankable(policy: PolicyVersion, size_class: SizeClass | str | None, on_date: date) -> SizeClass:
    """The size class, if cooperation with a firm of that class on ``on_date`` may be banked
    under ``policy``. Call it before posting a deposit (the ledger does not know the firm)."""
    require_banking_open(policy, on_date)
    size = None if size_class is None else as_enum(SizeClass, size_class, "size_class")
    if size is None or size not in policy.banking.eligible_sizes:
        raise InvalidInput(
            f"cooperation with a {size_class or 'unnamed'} firm cannot be banked under {policy.name}",
            code="size_class_not_bankable",
            field="size_class",
            params={
                "size_class": size_class,
                "eligible": sorted(policy.banking.eligible_sizes),
                "policy": policy.name,
            },
        )
    return size


def multiplier_for(
    policy: PolicyVersion,
    offset_field: int,
    directness: Directness,
    sector: Sector,
    size_class: SizeClass | None,
) -> tuple[Decimal, MultiplierRule | None]:
    """The multiplier for an item, and the rule it came from (None: the default of 1).

    The matching rule with the most criteria wins. Between equally specific matches the lower
    multiplier wins: an ambiguous table must never over-credit, and staff settle the case by
    adding a rule that names more criteria.
    """
    if not is_offset_field(offset_field):
        raise InvalidInput(
            "offset field must be 1-7",
            code="invalid_field",
            field="offset_field",
            params={"field": offset_field},
        )
    matches = [r for r in policy.multipliers if r.matches(offset_field, directness, sector, size_class)]
    if not matches:
        return Decimal(1), None
    best = min(matches, key=lambda r: (-r.specificity, r.multiplier))
    return best.multiplier, best
