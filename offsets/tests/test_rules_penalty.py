"""Penalties: 10 % of the shortfall forfeited, a 12-month cure, then 50 % of what is still open."""

from datetime import date
from decimal import Decimal

import pytest

from offsets.rules import REVISION_2021_12, SEED_2010, CurrencyMismatch, InvalidInput, Money, simulate_penalty


def usd(amount: str) -> Money:
    return Money.usd(Decimal(amount))


def test_nothing_fulfilled_in_the_cure_period():
    result = simulate_penalty(SEED_2010, usd("2000000.00"), date(2024, 12, 31))
    assert result.policy == "2010 seed rules"
    assert (result.forfeit_rate, result.forfeited) == (Decimal("0.10"), usd("200000.00"))
    assert result.cure_ends_on == date(2025, 12, 31)
    assert (result.still_unfulfilled, result.further_charge_rate, result.further_charge) == (
        usd("2000000.00"),
        Decimal("0.50"),
        usd("1000000.00"),
    )
    assert result.extinguished == usd("2000000.00")
    assert result.total_charged == usd("1200000.00")


def test_part_fulfilled_during_the_cure_period():
    result = simulate_penalty(REVISION_2021_12, usd("1000000"), date(2024, 6, 30), usd("600000"))
    assert result.forfeited == usd("100000")  # 10 % of the shortfall at the end of the period
    assert result.fulfilled_during_cure == usd("600000")
    assert result.still_unfulfilled == usd("400000")
    assert result.further_charge == usd("200000")  # 50 % of what is still open after a year
    assert result.extinguished == usd("400000")
    assert result.total_charged == usd("300000")


def test_fully_cured_and_over_fulfilled():
    result = simulate_penalty(SEED_2010, usd("1000"), date(2024, 1, 31), usd("5000"))
    assert (result.fulfilled_during_cure, result.still_unfulfilled, result.further_charge) == (
        usd("1000"),
        usd("0"),
        usd("0"),
    )
    assert result.forfeited == usd("100")  # the forfeit at the end of the period stays
    assert result.cure_ends_on == date(2025, 1, 31)


def test_no_shortfall_no_penalty_and_no_cure_period():
    result = simulate_penalty(SEED_2010, usd("0"), date(2024, 1, 31))
    assert (result.forfeited, result.total_charged, result.cure_ends_on) == (usd("0"), usd("0"), None)


def test_the_cure_period_ends_a_calendar_year_later():
    assert simulate_penalty(SEED_2010, usd("1"), date(2024, 2, 29)).cure_ends_on == date(2025, 2, 28)


def test_penalties_in_another_currency_and_rounding():
    result = simulate_penalty(SEED_2010, Money(Decimal("0.05"), "EUR"), date(2024, 1, 1))
    assert (result.forfeited, result.further_charge) == (
        Money(Decimal("0.01"), "EUR"),
        Money(Decimal("0.03"), "EUR"),
    )
    with pytest.raises(CurrencyMismatch):
        simulate_penalty(SEED_2010, usd("1"), date(2024, 1, 1), Money(Decimal(1), "EUR"))


def test_negative_inputs_are_refused():
    with pytest.raises(InvalidInput) as caught:
        simulate_penalty(SEED_2010, usd("-1"), date(2024, 1, 1))
    assert caught.value.field == "shortfall"
    with pytest.raises(InvalidInput) as cured:
        simulate_penalty(SEED_2010, usd("1"), date(2024, 1, 1), usd("-1"))
    assert cured.value.field == "fulfilled_during_cure"
