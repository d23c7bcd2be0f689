"""Trigger, minimum obligation, credited value and fulfilment with the seed's numbers."""

from datetime import date
from decimal import Decimal

import pytest

from offsets.rules import (
    POLICY_VERSIONS,
    REVISION_2021_12,
    SEED_2010,
    CurrencyMismatch,
    InMemoryRates,
    InvalidInput,
    ItemProgress,
    MissingRate,
    Money,
    MultiplierSource,
    OffsetItem,
    Rate,
    RatioBelowMinimum,
    SizeClass,
    Sourcing,
    TriggerReason,
    check_quota,
    check_trigger,
    credited_value,
    item_fulfilment,
    minimum_obligation,
    programme_fulfilment,
    select_policy,
)

DAY = date(2024, 3, 15)
RATES = InMemoryRates([Rate("KRW", date(2024, 3, 1), Decimal("0.00075")), Rate("EUR", DAY, Decimal("1.25"))])


def usd(amount: str) -> Money:
    return Money.usd(Decimal(amount))


def test_a_contract_of_exactly_usd_10_million_triggers_an_offset():
    result = check_trigger(REVISION_2021_12, usd("10000000.00"), DAY, RATES)
    assert (result.triggers, result.reason, result.policy) == (
        True,
        TriggerReason.AT_OR_ABOVE_THRESHOLD,
        "December 2021 revision",
    )
    assert result.threshold == usd("10000000")


def test_one_cent_below_the_threshold_does_not():
    result = check_trigger(REVISION_2021_12, usd("9999999.99"), DAY, RATES)
    assert (result.triggers, result.reason) == (False, TriggerReason.BELOW_THRESHOLD)
    assert result.reason == "below_threshold"


def test_other_currencies_are_compared_in_usd_at_the_dated_rate():
    at = check_trigger(REVISION_2021_12, Money(Decimal("13333333333.34"), "KRW"), DAY, RATES)
    assert at.triggers
    assert at.conversion.converted == usd("10000000.00")
    assert (at.conversion.rate.rate_date, at.conversion.rate.usd_per_unit) == (
        date(2024, 3, 1),
        Decimal("0.00075"),
    )
    below = check_trigger(REVISION_2021_12, Money(Decimal("7999999.99"), "EUR"), DAY, RATES)
    assert not below.triggers
    assert below.conversion.converted == usd("9999999.99")


def test_a_missing_rate_stops_the_check():
    with pytest.raises(MissingRate) as caught:
        check_trigger(REVISION_2021_12, Money(Decimal("1"), "JPY"), DAY, RATES)
    assert caught.value.field == "amount"


def test_foreign_government_purchases_are_exempt_since_2017():
    exempt = check_trigger(SEED_2010, usd("500000000"), date(2017, 1, 1), RATES, fms=True)
    assert (exempt.triggers, exempt.reason, exempt.conversion) == (False, TriggerReason.FMS_EXEMPT, None)
    assert exempt.reason == "fms_exempt"
    before = check_trigger(SEED_2010, usd("500000000"), date(2016, 12, 31), RATES, fms=True)
    assert before.triggers
    not_fms = check_trigger(REVISION_2021_12, usd("500000000"), DAY, RATES, fms=False)
    assert not_fms.triggers


def test_a_negative_contract_amount_is_refused():
    with pytest.raises(InvalidInput) as caught:
        check_trigger(REVISION_2021_12, usd("-1"), DAY, RATES)
    assert (caught.value.code, caught.value.field) == ("negative_amount", "amount")


@pytest.mark.parametrize(
    ("programme_date", "sourcing", "ratio", "obligation"),
    [
        (date(2021, 11, 30), Sourcing.COMPETITIVE, "0.50", "50000000.00"),
        (date(2021, 11, 30), Sourcing.SOLE_SOURCE, "0.10", "10000000.00"),
        (date(2021, 12, 1), Sourcing.COMPETITIVE, "0.50", "50000000.00"),
        (date(2021, 12, 1), Sourcing.SOLE_SOURCE, "0.30", "30000000.00"),
    ],
)
def test_minimum_obligation_follows_the_version_in_force(programme_date, sourcing, ratio, obligation):
    policy = select_policy(POLICY_VERSIONS, programme_date)
    result = minimum_obligation(policy, usd("100000000"), sourcing)
    assert (result.ratio, result.policy_ratio, result.override_ratio) == (
        Decimal(ratio),
        Decimal(ratio),
        None,
    )
    assert result.obligation == usd(obligation)
    assert result.policy == policy.name


def test_obligation_with_a_programme_ratio_and_in_the_contract_currency():
    result = minimum_obligation(SEED_2010, Money(Decimal("80000000"), "EUR"), "sole_source", Decimal("0.25"))
    assert (result.policy_ratio, result.ratio) == (Decimal("0.10"), Decimal("0.25"))
    assert result.obligation == Money(Decimal("20000000"), "EUR")
    with pytest.raises(RatioBelowMinimum):
        minimum_obligation(REVISION_2021_12, usd("1"), Sourcing.SOLE_SOURCE, Decimal("0.25"))


def credit(size, actual="1000000.00", **kwargs):
    return credited_value(
        REVISION_2021_12,
        usd(actual),
        offset_field=kwargs.pop("offset_field", 3),
        directness=kwargs.pop("directness", "direct"),
        sector=kwargs.pop("sector", "defence"),
        size_class=size,
        **kwargs,
    )


def test_sme_work_is_credited_three_times_large_one_and_a_half():
    sme, large = credit(SizeClass.SME), credit(SizeClass.LARGE)
    assert (sme.multiplier, sme.credited) == (Decimal(3), usd("3000000.00"))
    assert (large.multiplier, large.credited) == (Decimal("1.5"), usd("1500000.00"))
    assert credit("mid").credited == usd("1500000.00")
    assert sme.multiplier_source is MultiplierSource.POLICY_RULE
    assert sme.policy == "December 2021 revision"


def test_without_a_company_size_the_default_multiplier_is_one():
    result = credit(None)
    assert (result.multiplier, result.multiplier_source, result.rule, result.credited) == (
        Decimal(1),
        MultiplierSource.DEFAULT,
        None,
        usd("1000000.00"),
    )


def test_an_agreed_multiplier_replaces_the_policy_one():
    result = credit(SizeClass.SME, agreed_multiplier=Decimal("2"))
    assert (result.multiplier, result.multiplier_source, result.credited) == (
        Decimal(2),
        MultiplierSource.AGREED,
        usd("2000000.00"),
    )
    with pytest.raises(InvalidInput):
        credit(SizeClass.SME, agreed_multiplier=Decimal("-1"))


def test_negative_actual_value_and_bad_choices_are_errors():
    with pytest.raises(InvalidInput) as caught:
        credit(SizeClass.SME, actual="-0.01")
    assert (caught.value.code, caught.value.field) == ("negative_amount", "actual")
    with pytest.raises(InvalidInput) as bad:
        credit(SizeClass.SME, directness="sideways")
    assert bad.value.field == "directness"
    with pytest.raises(InvalidInput):
        credit("giant")


def progress(key, size, agreed, claimed, approved, field=1):
    return ItemProgress(
        OffsetItem(key, field, "direct", "defence", size), usd(agreed), usd(claimed), usd(approved)
    )


def test_item_fulfilment_credits_approved_value_and_never_goes_below_zero():
    row = item_fulfilment(REVISION_2021_12, progress("a", SizeClass.SME, "1000", "800", "500"))
    assert (row.obligation, row.claimed, row.approved, row.credited, row.remaining) == (
        usd("3000"),
        usd("800"),
        usd("500"),
        usd("1500"),
        usd("1500"),
    )
    over = item_fulfilment(REVISION_2021_12, progress("b", SizeClass.LARGE, "1000", "2000", "2000"))
    assert (over.credited, over.remaining) == (usd("3000"), usd("0"))


def test_programme_fulfilment_counts_surplus_and_banked_credit():
    result = programme_fulfilment(
        REVISION_2021_12,
        usd("10000"),
        [
            progress("a", SizeClass.SME, "1000", "1000", "1000"),  # 3000 credited
            progress("b", SizeClass.LARGE, "2000", "3000", "3000"),  # 4500 credited, 1500 above its 3000
            progress("c", None, "4000", "500", "0"),
        ],
        banked=usd("1000"),
    )
    assert (result.claimed, result.approved) == (usd("4500"), usd("4000"))
    assert (result.credited_from_items, result.banked, result.credited) == (
        usd("7500"),
        usd("1000"),
        usd("8500"),
    )
    assert result.remaining == usd("1500")
    assert [row.remaining for row in result.items] == [usd("0"), usd("0"), usd("4000")]
    done = programme_fulfilment(
        REVISION_2021_12, usd("5000"), [progress("a", SizeClass.SME, "2000", "2000", "2000")]
    )
    assert done.remaining == usd("0")


def test_fulfilment_refuses_mixed_currencies_and_negative_values():
    mixed = ItemProgress(
        OffsetItem("a", 1, "direct", "defence"), usd("1"), Money(Decimal(1), "EUR"), usd("1")
    )
    with pytest.raises(CurrencyMismatch):
        item_fulfilment(REVISION_2021_12, mixed)
    with pytest.raises(InvalidInput) as caught:
        item_fulfilment(REVISION_2021_12, progress("a", None, "1", "1", "-1"))
    assert caught.value.field == "approved"
    with pytest.raises(InvalidInput):
        programme_fulfilment(REVISION_2021_12, usd("1"), [], banked=usd("-1"))


def test_the_korean_parts_quota_is_a_programme_parameter():
    met = check_quota(Decimal("0.30"), usd("1000000"), usd("300000"))
    assert (met.required, met.met, met.shortfall) == (usd("300000"), True, usd("0"))
    short = check_quota(Decimal("0.30"), usd("1000000"), usd("250000.50"))
    assert (short.met, short.shortfall) == (False, usd("49999.50"))
    with pytest.raises(InvalidInput) as caught:
        check_quota(Decimal("30"), usd("1000000"), usd("1"))
    assert (caught.value.code, caught.value.field) == ("share_out_of_range", "required_share")
    with pytest.raises(CurrencyMismatch):
        check_quota(Decimal("0.3"), usd("1"), Money(Decimal(1), "KRW"))
