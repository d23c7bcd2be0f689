"""The offset rules in force, read from the same policy version the calculator uses.

Nothing here re-states a number: every threshold, ratio, multiplier and banking term comes from
``offsets.engine.policy_on``, so the public rules page cannot disagree with the calculator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from companies.choices import SizeClass
from companies.models import OffsetField
from offsets import engine, rules
from offsets.models import PolicyVersion


@dataclass(frozen=True)
class MultiplierLine:
    field: str
    directness: str
    sector: str
    size_class: str
    multiplier: str  # as written, e.g. 3 or 1.5


@dataclass(frozen=True)
class DepreciationLine:
    from_years: int
    until_years: int
    share: Decimal


@dataclass(frozen=True)
class RulesInForce:
    policy: PolicyVersion
    rules: rules.PolicyVersion
    next_version: PolicyVersion | None
    multipliers: tuple[MultiplierLine, ...]
    depreciation: tuple[DepreciationLine, ...]
    bankable_sizes: tuple[str, ...]
    core_fields: tuple[int, ...]
    conditional_fields: tuple[int, ...]


def _field_label(number: int | None, names: dict[int, str]) -> str:
    if number is None:
        return _("Any field")
    name = names.get(number, "")
    return f"{number}. {name}" if name else str(number)


def _multiplier_lines(version: rules.PolicyVersion) -> tuple[MultiplierLine, ...]:
    names = {field.number: field.name for field in OffsetField.objects.all()}
    lines = []
    # Most specific rules first: that is the order in which the engine lets them win.
    sizes = list(SizeClass.values)

    def order(rule):
        size = sizes.index(rule.size_class) if rule.size_class else -1
        return (-rule.specificity, rule.offset_field or 0, size, rule.multiplier)

    for rule in sorted(version.multipliers, key=order):
        lines.append(
            MultiplierLine(
                field=_field_label(rule.offset_field, names),
                directness={
                    None: _("Direct or indirect"),
                    rules.Directness.DIRECT: _("Direct"),
                    rules.Directness.INDIRECT: _("Indirect"),
                }[rule.directness],
                sector={
                    None: _("Defence or commercial"),
                    rules.Sector.DEFENCE: _("Defence"),
                    rules.Sector.COMMERCIAL: _("Commercial"),
                }[rule.sector],
                size_class=SizeClass(rule.size_class).label if rule.size_class else _("Any size"),
                multiplier=f"{rule.multiplier.normalize():f}",
            )
        )
    return tuple(lines)


def _depreciation_lines(banking: rules.BankingRules) -> tuple[DepreciationLine, ...]:
    """Age bands of banked credit and the share of value each keeps, up to expiry."""
    steps = [(0, Decimal(1))] + [(step.from_years, step.remaining_share) for step in banking.depreciation]
    bands = []
    for index, (start, share) in enumerate(steps):
        end = steps[index + 1][0] if index + 1 < len(steps) else banking.validity_years
        bands.append(DepreciationLine(start, end, share))
    return tuple(bands)


def rules_in_force(day: date) -> RulesInForce | None:
    """The policy version in force on ``day`` as the rules page shows it; None when there is none."""
    try:
        in_force = engine.policy_on(day)
    except rules.NoPolicyInForce:
        return None
    version = in_force.rules
    next_version = (
        PolicyVersion.objects.filter(effective_from__gt=in_force.row.effective_from)
        .order_by("effective_from")
        .first()
    )
    return RulesInForce(
        policy=in_force.row,
        rules=version,
        next_version=next_version,
        multipliers=_multiplier_lines(version),
        depreciation=_depreciation_lines(version.banking),
        bankable_sizes=tuple(
            SizeClass(size).label for size in SizeClass.values if size in version.banking.eligible_sizes
        ),
        core_fields=tuple(sorted(rules.CORE_FIELDS)),
        conditional_fields=tuple(sorted(rules.CONDITIONAL_FIELDS)),
    )
