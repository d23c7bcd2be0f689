"""Money, ISO 4217 codes, rounding and conversion at dated rates."""

from datetime import date
from decimal import Decimal

import pytest

from offsets.rules import (
    CurrencyMismatch,
    InMemoryRates,
    InvalidInput,
    InvalidMoney,
    MissingRate,
    Money,
    Rate,
    RuleError,
    from_usd,
    is_currency,
    rate_for,
    sum_money,
    to_usd,
)

JAN_2 = date(2024, 1, 2)
RATES = InMemoryRates(
    [
        Rate("KRW", JAN_2, Decimal("0.000768")),
        Rate("KRW", date(2024, 2, 1), Decimal("0.000750")),
        Rate("EUR", JAN_2, Decimal("1.0945")),
    ]
)


def usd(amount: str) -> Money:
    return Money.usd(Decimal(amount))


@pytest.mark.parametrize("amount", [10.5, 10, "10.50", None, Decimal("NaN"), Decimal("Infinity")])
def test_only_finite_decimals_are_money(amount):
    with pytest.raises(InvalidMoney) as caught:
        Money(amount, "USD")
    assert caught.value.code == "amount_not_decimal"
    assert caught.value.field == "amount"


def test_an_amount_finer_than_cents_is_refused_until_rounded():
    with pytest.raises(InvalidMoney) as caught:
        Money(Decimal("1.005"), "USD")
    assert caught.value.code == "amount_not_in_cents"
    assert Money.rounded(Decimal("1.005"), "USD") == usd("1.01")  # half up
    assert Money.rounded(Decimal("1.015"), "USD") == usd("1.02")
    assert Money.rounded(Decimal("-1.005"), "USD") == usd("-1.01")


def test_amounts_are_normalised_to_two_places():
    assert str(Money(Decimal("10"), "KRW").amount) == "10.00"
    assert str(Money(Decimal("-0.000"), "USD").amount) == "0.00"
    assert Money(Decimal("10.000"), "USD") == usd("10")


@pytest.mark.parametrize("code", ["usd", "US", "XXX", "XAU", "HRK", "ABC", 840, None])
def test_the_currency_must_be_an_iso_4217_code_in_circulation(code):
    assert not is_currency(code)
    with pytest.raises(InvalidMoney) as caught:
        Money(Decimal(1), code)
    assert (caught.value.code, caught.value.field) == ("unknown_currency", "currency")


@pytest.mark.parametrize("code", ["USD", "KRW", "EUR", "JPY", "GBP", "KWD", "XOF", "ZWG", "XCG", "SLE"])
def test_current_codes_are_known(code):
    assert is_currency(code)


def test_arithmetic_stays_in_one_currency():
    assert usd("1.10") + usd("2.20") == usd("3.30")
    assert usd("1.10") - usd("2.20") == usd("-1.10")
    assert usd("10.00").times(Decimal("0.335")) == usd("3.35")  # 3.350
    assert usd("0.01").times(Decimal("1.5")) == usd("0.02")  # 0.015 rounds half up
    assert sum_money([usd("1"), usd("2")], "USD") == usd("3")
    assert usd("-5").at_least_zero() == usd("0")
    with pytest.raises(CurrencyMismatch) as caught:
        usd("1") + Money(Decimal(1), "KRW")
    assert caught.value.code == "currency_mismatch"
    with pytest.raises(CurrencyMismatch):
        assert usd("1") < Money(Decimal(1), "EUR")


def test_a_float_factor_is_refused():
    with pytest.raises(InvalidInput) as caught:
        usd("1").times(1.5)
    assert caught.value.code == "not_a_decimal"


def test_krw_converts_at_the_latest_rate_on_or_before_the_date_and_shows_it():
    conversion = to_usd(Money(Decimal("13020833334"), "KRW"), date(2024, 1, 31), RATES)
    assert conversion.converted == usd("10000000.00")
    assert conversion.rate == Rate("KRW", JAN_2, Decimal("0.000768"))
    assert conversion.rate.rate_date == JAN_2
    assert conversion.original == Money(Decimal("13020833334"), "KRW")
    # From 1 February the newer rate applies.
    assert to_usd(Money(Decimal("1000000"), "KRW"), date(2024, 2, 1), RATES).rate.usd_per_unit == Decimal(
        "0.000750"
    )


def test_eur_converts_with_its_rate_and_date():
    conversion = to_usd(Money(Decimal("1000000.00"), "EUR"), date(2024, 1, 10), RATES)
    assert conversion.converted == usd("1094500.00")
    assert (conversion.rate.currency, conversion.rate.rate_date, conversion.rate.usd_per_unit) == (
        "EUR",
        JAN_2,
        Decimal("1.0945"),
    )
    back = from_usd(usd("1094500.00"), "EUR", date(2024, 1, 10), RATES)
    assert back.converted == Money(Decimal("1000000.00"), "EUR")


def test_usd_converts_to_itself_at_one_dated_the_same_day():
    day = date(2030, 5, 5)
    conversion = to_usd(usd("123.45"), day, InMemoryRates())
    assert conversion.converted == usd("123.45")
    assert conversion.rate == Rate("USD", day, Decimal(1))


def test_a_missing_rate_is_an_error_not_a_guess():
    with pytest.raises(MissingRate) as caught:
        to_usd(Money(Decimal(1), "JPY"), JAN_2, RATES)
    error = caught.value
    assert isinstance(error, RuleError)
    assert (error.code, error.currency, error.on_date, error.latest) == ("missing_rate", "JPY", JAN_2, None)
    assert error.params == {"currency": "JPY", "date": "2024-01-02", "latest": None, "max_age_days": 31}


def test_a_rate_dated_after_the_day_is_not_used():
    with pytest.raises(MissingRate):
        rate_for(RATES, "EUR", date(2024, 1, 1))


def test_a_rate_older_than_the_maximum_age_is_refused():
    assert rate_for(RATES, "EUR", date(2024, 2, 2)).rate_date == JAN_2  # 31 days old: still fine
    with pytest.raises(MissingRate) as caught:
        rate_for(RATES, "EUR", date(2024, 2, 3))  # 32 days
    assert caught.value.latest == JAN_2
    assert caught.value.params["latest"] == "2024-01-02"
    assert rate_for(RATES, "EUR", date(2024, 3, 1), max_age_days=90).rate_date == JAN_2


def test_rates_must_be_positive_decimals():
    with pytest.raises(InvalidInput):
        Rate("EUR", JAN_2, Decimal(0))
    with pytest.raises(InvalidInput):
        Rate("EUR", JAN_2, 1.09)
    with pytest.raises(InvalidMoney):
        Rate("XYZ", JAN_2, Decimal(1))


def test_a_second_rate_for_the_same_day_replaces_the_first():
    rates = InMemoryRates([Rate("EUR", JAN_2, Decimal("1.09")), Rate("EUR", JAN_2, Decimal("1.10"))])
    assert rates.latest_rate("EUR", JAN_2).usd_per_unit == Decimal("1.10")


def test_from_usd_needs_a_usd_amount():
    with pytest.raises(CurrencyMismatch):
        from_usd(Money(Decimal(1), "EUR"), "KRW", JAN_2, RATES)


def test_round_trip_through_krw_is_within_a_cent():
    original = usd("9999999.99")
    krw = from_usd(original, "KRW", JAN_2, RATES).converted
    back = to_usd(krw, JAN_2, RATES).converted
    assert abs(back.amount - original.amount) <= Decimal("0.01")
