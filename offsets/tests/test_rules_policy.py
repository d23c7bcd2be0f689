"""Policy versions as data: choosing one by date, ratios, multipliers, checks on staff edits."""

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from offsets.rules import (
    POLICY_VERSIONS,
    REVISION_2021_12,
    SEED_2010,
    BankingRules,
    DepreciationStep,
    Directness,
    InvalidInput,
    InvalidPolicy,
    Money,
    MultiplierRule,
    NoPolicyInForce,
    PenaltyRules,
    RatioBelowMinimum,
    Sector,
    SizeClass,
    Sourcing,
    applicable_ratio,
    multiplier_for,
    select_policy,
)


def test_the_two_shipped_versions_carry_the_sourced_numbers():
    assert [v.name for v in POLICY_VERSIONS] == ["2010 seed rules", "December 2021 revision"]
    for version in POLICY_VERSIONS:
        assert version.threshold == Money.usd(Decimal("10000000"))
        assert version.min_ratio_competitive == Decimal("0.50")
        assert version.penalty == PenaltyRules(Decimal("0.10"), 12, Decimal("0.50"))
        assert version.banking.validity_years == 5
        assert [(s.from_years, s.remaining_share) for s in version.banking.depreciation] == [
            (3, Decimal("0.75")),
            (4, Decimal("0.50")),
        ]
        assert version.fms_exempt_from == date(2017, 1, 1)
    assert SEED_2010.banking.eligible_sizes == {SizeClass.SME}
    assert REVISION_2021_12.banking.eligible_sizes == {SizeClass.SME, SizeClass.MID}
    assert SEED_2010.min_ratio_sole_source == Decimal("0.10")
    assert REVISION_2021_12.min_ratio_sole_source == Decimal("0.30")
    assert REVISION_2021_12.effective_from == date(2021, 12, 1)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2010, 1, 1), SEED_2010),
        (date(2021, 11, 30), SEED_2010),
        (date(2021, 12, 1), REVISION_2021_12),
        (date(2030, 1, 1), REVISION_2021_12),
    ],
)
def test_the_version_in_force_is_the_latest_effective_on_or_before_the_date(day, expected):
    assert select_policy(POLICY_VERSIONS, day) is expected
    assert select_policy(reversed(POLICY_VERSIONS), day) is expected


def test_no_version_in_force_is_a_specific_error():
    with pytest.raises(NoPolicyInForce) as caught:
        select_policy(POLICY_VERSIONS, date(2009, 12, 31))
    assert (caught.value.code, caught.value.field, caught.value.params) == (
        "no_policy_in_force",
        "date",
        {"date": "2009-12-31"},
    )
    with pytest.raises(NoPolicyInForce):
        select_policy([], date(2024, 1, 1))


def test_two_versions_on_the_same_day_are_ambiguous():
    twin = dataclasses.replace(REVISION_2021_12, name="twin")
    with pytest.raises(InvalidPolicy) as caught:
        select_policy([*POLICY_VERSIONS, twin], date(2022, 1, 1))
    assert caught.value.code == "ambiguous_policy"


def test_a_programme_may_set_a_higher_ratio_but_not_a_lower_one():
    assert applicable_ratio(REVISION_2021_12, Sourcing.SOLE_SOURCE) == Decimal("0.30")
    assert applicable_ratio(REVISION_2021_12, Sourcing.SOLE_SOURCE, Decimal("0.30")) == Decimal("0.30")
    assert applicable_ratio(REVISION_2021_12, "competitive", Decimal("0.70")) == Decimal("0.70")
    with pytest.raises(RatioBelowMinimum) as caught:
        applicable_ratio(REVISION_2021_12, Sourcing.COMPETITIVE, Decimal("0.49"))
    assert caught.value.field == "override_ratio"
    assert caught.value.params == {"ratio": "0.49", "minimum": "0.50", "policy": "December 2021 revision"}
    with pytest.raises(InvalidInput) as above:
        applicable_ratio(REVISION_2021_12, Sourcing.COMPETITIVE, Decimal("60"))
    assert (above.value.code, above.value.field) == ("share_out_of_range", "override_ratio")
    with pytest.raises(InvalidInput):
        applicable_ratio(REVISION_2021_12, Sourcing.COMPETITIVE, 0.6)
    with pytest.raises(InvalidInput) as bad_choice:
        applicable_ratio(REVISION_2021_12, "open")
    assert (bad_choice.value.code, bad_choice.value.field) == ("invalid_choice", "sourcing")


@pytest.mark.parametrize(
    ("size", "expected"),
    [(SizeClass.SME, Decimal("3")), (SizeClass.MID, Decimal("1.5")), (SizeClass.LARGE, Decimal("1.5"))],
)
def test_seed_multipliers_by_size_class(size, expected):
    multiplier, rule = multiplier_for(SEED_2010, 1, Directness.DIRECT, Sector.DEFENCE, size)
    assert multiplier == expected
    assert rule is not None and rule.size_class is size


def test_no_matching_rule_means_a_multiplier_of_one():
    assert multiplier_for(SEED_2010, 4, Directness.INDIRECT, Sector.COMMERCIAL, None) == (Decimal(1), None)


def test_the_most_specific_rule_wins_and_ties_go_to_the_lower_multiplier():
    general = MultiplierRule(Decimal("3"), size_class=SizeClass.SME)
    field_one_sme = MultiplierRule(Decimal("4"), offset_field=1, size_class=SizeClass.SME)
    direct = MultiplierRule(Decimal("2"), directness=Directness.DIRECT)
    field_two = MultiplierRule(Decimal("2.5"), offset_field=2)
    policy = dataclasses.replace(SEED_2010, multipliers=(general, field_one_sme, direct, field_two))
    assert multiplier_for(policy, 1, Directness.DIRECT, Sector.DEFENCE, SizeClass.SME) == (
        Decimal("4"),
        field_one_sme,
    )
    # general (size) and direct are equally specific: the lower one applies.
    assert multiplier_for(policy, 3, Directness.DIRECT, Sector.DEFENCE, SizeClass.SME) == (
        Decimal("2"),
        direct,
    )
    assert multiplier_for(policy, 2, Directness.INDIRECT, Sector.DEFENCE, SizeClass.SME) == (
        Decimal("2.5"),
        field_two,
    )


def test_multiplier_lookup_refuses_an_unknown_field():
    with pytest.raises(InvalidInput) as caught:
        multiplier_for(SEED_2010, 8, Directness.DIRECT, Sector.DEFENCE, None)
    assert (caught.value.code, caught.value.field) == ("invalid_field", "offset_field")


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"min_ratio_competitive": Decimal("50")}, "share_out_of_range", "min_ratio_competitive"),
        ({"min_ratio_sole_source": Decimal("0")}, "share_out_of_range", "min_ratio_sole_source"),
        ({"threshold": Money(Decimal("10000000"), "EUR")}, "invalid_threshold", "threshold"),
        ({"name": " "}, "missing_name", "name"),
        (
            {
                "multipliers": (
                    MultiplierRule(Decimal(2), offset_field=1),
                    MultiplierRule(Decimal(3), offset_field=1),
                )
            },
            "duplicate_multiplier",
            "multipliers",
        ),
    ],
)
def test_contradictory_policy_data_is_refused(changes, code, field):
    with pytest.raises(InvalidPolicy) as caught:
        dataclasses.replace(SEED_2010, **changes)
    assert (caught.value.code, caught.value.field) == (code, field)


@pytest.mark.parametrize(
    ("validity", "steps", "code"),
    [
        (7, [(3, "0.75"), (4, "0.50"), (5, "0")], "share_out_of_range"),  # 0 % is expiry, say so
        (5, [(3, "0.75"), (5, "0.50")], "step_after_expiry"),
        (5, [(4, "0.75"), (3, "0.50")], "steps_not_increasing"),
        (5, [(0, "0.75")], "steps_not_increasing"),
        (5, [(3, "0.75"), (4, "0.75")], "share_not_decreasing"),
        (5, [(3, "1.2")], "share_out_of_range"),
        (0, [], "invalid_validity"),
    ],
)
def test_banking_terms_must_be_coherent(validity, steps, code):
    with pytest.raises(InvalidPolicy) as caught:
        BankingRules(validity, tuple(DepreciationStep(years, Decimal(share)) for years, share in steps))
    assert caught.value.code == code


def test_penalty_rates_are_fractions():
    with pytest.raises(InvalidPolicy):
        PenaltyRules(Decimal("10"), 12, Decimal("0.5"))
    with pytest.raises(InvalidPolicy):
        PenaltyRules(Decimal("0.1"), -1, Decimal("0.5"))


def test_multiplier_rules_are_checked():
    with pytest.raises(InvalidPolicy):
        MultiplierRule(Decimal("-1"))
    with pytest.raises(InvalidPolicy):
        MultiplierRule(Decimal("2"), offset_field=9)
    with pytest.raises(InvalidInput):
        MultiplierRule(2.0)


def test_multiplier_rules_read_plain_string_choices():
    rule = MultiplierRule(Decimal("2"), directness="direct", sector="defence", size_class="mid")
    assert (rule.directness, rule.sector, rule.size_class) == (
        Directness.DIRECT,
        Sector.DEFENCE,
        SizeClass.MID,
    )
    with pytest.raises(InvalidInput) as caught:
        MultiplierRule(Decimal("2"), sector="naval")
    assert (caught.value.code, caught.value.field) == ("invalid_choice", "sector")
