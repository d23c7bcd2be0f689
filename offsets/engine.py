"""The bridge between the database and the rules engine (``offsets.rules``, plain Python).

Policy rows become engine PolicyVersions, the ExchangeRate table becomes a RateSource, and
programme and agreement records become the engine's inputs. Views, API and services call
these functions; none of them re-states a rule.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from offsets import rules
from offsets.models import Agreement, ExchangeRate, ObligationItem, PolicyVersion, Programme


def _tri(value: bool | None, when_true, when_false):
    return None if value is None else (when_true if value else when_false)


def to_rules(version: PolicyVersion) -> rules.PolicyVersion:
    """The engine's view of a policy row (with its multipliers and depreciation steps)."""
    return rules.PolicyVersion(
        name=version.name_en,
        name_ko=version.name_ko,
        effective_from=version.effective_from,
        threshold=rules.Money.usd(version.threshold_usd),
        min_ratio_competitive=version.min_ratio_competitive,
        min_ratio_sole_source=version.min_ratio_sole_source,
        multipliers=tuple(
            rules.MultiplierRule(
                rule.multiplier,
                offset_field=rule.offset_field,
                directness=_tri(rule.direct, rules.Directness.DIRECT, rules.Directness.INDIRECT),
                sector=_tri(rule.defence, rules.Sector.DEFENCE, rules.Sector.COMMERCIAL),
                size_class=rules.SizeClass(rule.size_class) if rule.size_class else None,
            )
            for rule in version.multipliers.all()
        ),
        banking=rules.BankingRules(
            validity_years=version.banking_validity_years,
            eligible_sizes=frozenset(rules.SizeClass(size) for size in version.bankable_sizes),
            available_from=version.banking_available_from,
            depreciation=tuple(
                rules.DepreciationStep(step.from_years, step.remaining_share)
                for step in version.depreciation_steps.all()
            ),
        ),
        penalty=rules.PenaltyRules(
            forfeit_rate=version.penalty_forfeit_rate,
            cure_months=version.cure_period_months,
            further_charge_rate=version.further_charge_rate,
        ),
        fms_exempt_from=version.fms_exempt_from,
        source=version.source_en,
    )


@dataclass(frozen=True)
class PolicyInForce:
    row: PolicyVersion
    rules: rules.PolicyVersion


def policy_on(day: date, *, field: str = "date") -> PolicyInForce:
    """The policy version in force on ``day``; NoPolicyInForce naming ``field`` when none is."""
    row = PolicyVersion.objects.prefetch_related("multipliers", "depreciation_steps").in_force_on(day)
    if row is None:
        raise rules.NoPolicyInForce(day, field=field)
    return PolicyInForce(row, to_rules(row))


class DatabaseRates:
    """The ExchangeRate table as the engine's RateSource."""

    def latest_rate(self, currency: str, on_date: date) -> rules.Rate | None:
        row = ExchangeRate.objects.filter(currency=currency, date__lte=on_date).order_by("-date").first()
        return None if row is None else rules.Rate(row.currency, row.date, row.usd_per_unit)


RATES = DatabaseRates()


@contextmanager
def missing_rate_names_currency():
    """A missing rate is the currency's problem on that date: name the currency, not the amount."""
    try:
        yield
    except rules.MissingRate as error:
        error.field = "currency"
        raise


def to_usd(amount: Decimal, currency: str, on_date: date) -> rules.Conversion:
    with missing_rate_names_currency():
        return rules.to_usd(rules.Money(amount, currency), on_date, RATES)


def fix_usd_value(record, on_date: date) -> None:
    """Store the USD value of a ConvertedAmount record at the rate usable on ``on_date``."""
    conversion = to_usd(record.amount, record.currency, on_date)
    record.amount_usd = conversion.converted.amount
    record.usd_rate = conversion.rate.usd_per_unit
    record.rate_date = conversion.rate.rate_date


@dataclass(frozen=True)
class ProgrammeAssessment:
    """Whether a programme owes an offset and at least how much, under the policy in force."""

    policy: PolicyVersion
    trigger: rules.TriggerResult
    obligation: rules.ObligationResult | None  # None when no offset is owed
    obligation_usd: rules.Money | None


def assess(
    amount: Decimal,
    currency: str,
    on_date: date,
    *,
    competitive: bool,
    fms: bool = False,
    override_ratio: Decimal | None = None,
) -> ProgrammeAssessment:
    """The calculator's answer and a programme's: raises a RuleError naming the bad input."""
    in_force = policy_on(on_date)
    money = rules.Money(amount, currency)
    with missing_rate_names_currency():
        trigger = rules.check_trigger(in_force.rules, money, on_date, RATES, fms=fms)
    if not trigger.triggers:
        return ProgrammeAssessment(in_force.row, trigger, None, None)
    sourcing = rules.Sourcing.COMPETITIVE if competitive else rules.Sourcing.SOLE_SOURCE
    obligation = rules.minimum_obligation(in_force.rules, money, sourcing, override_ratio)
    obligation_usd = rules.Money.rounded(
        obligation.obligation.amount * trigger.conversion.rate.usd_per_unit, rules.USD
    )
    return ProgrammeAssessment(in_force.row, trigger, obligation, obligation_usd)


def assess_programme(programme: Programme) -> ProgrammeAssessment:
    return assess(
        programme.estimated_amount,
        programme.currency,
        programme.reference_date,
        competitive=programme.competitive,
        fms=programme.foreign_government,
        override_ratio=programme.ratio_override,
    )


def offset_item(item: ObligationItem) -> rules.OffsetItem:
    directness, sector = item.offset_type.split("_", 1)
    return rules.OffsetItem(
        key=str(item.pk),
        offset_field=item.offset_field.number,
        directness=rules.Directness(directness),
        sector=rules.Sector(sector),
        size_class=rules.SizeClass(item.kip.size_class) if item.kip and item.kip.size_class else None,
    )


def _usd(value: Decimal | None) -> rules.Money:
    return rules.Money.rounded(value or Decimal(0), rules.USD)


def fulfilment(agreement: Agreement) -> rules.ProgrammeFulfilment:
    """Agreed / claimed / approved / credited / remaining per item and for the whole MOA."""
    from offsets.choices import ClaimStatus, LedgerKind

    progress = []
    for item in agreement.items.select_related("offset_field", "kip").prefetch_related("claims"):
        claims = list(item.claims.all())
        progress.append(
            rules.ItemProgress(
                item=offset_item(item),
                agreed_value=_usd(item.amount_usd),
                claimed=_usd(
                    sum((c.amount_usd for c in claims if c.status != ClaimStatus.REJECTED), Decimal(0))
                ),
                approved=_usd(
                    sum((c.approved_usd or 0 for c in claims if c.status == ClaimStatus.APPROVED), Decimal(0))
                ),
                agreed_multiplier=item.agreed_multiplier,
            )
        )
    banked = sum(
        (entry.amount_usd for entry in agreement.withdrawals.filter(kind=LedgerKind.WITHDRAWAL)), Decimal(0)
    )
    return rules.programme_fulfilment(
        to_rules(agreement.policy), _usd(agreement.obligation_usd), progress, _usd(banked)
    )


def package_violations(agreement: Agreement) -> tuple[rules.Violation, ...]:
    items = agreement.items.select_related("offset_field", "kip")
    return rules.validate_package(offset_item(item) for item in items)


def _credit(item: ObligationItem, actual: Decimal | None) -> rules.CreditResult:
    offset = offset_item(item)
    return rules.credited_value(
        to_rules(item.agreement.policy),
        _usd(actual),
        offset_field=offset.offset_field,
        directness=offset.directness,
        sector=offset.sector,
        size_class=offset.size_class,
        agreed_multiplier=item.agreed_multiplier,
    )


def credit_for_claim(claim) -> rules.CreditResult:
    """What an approved claim is credited: approved value x the item's multiplier."""
    return _credit(claim.item, claim.approved_usd)


def item_multiplier(item: ObligationItem) -> Decimal:
    """The multiplier an item earns: the MOA's, else the policy's for its field, type and KIP size."""
    return _credit(item, Decimal(0)).multiplier
