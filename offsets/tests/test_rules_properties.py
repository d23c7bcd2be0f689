"""Properties that must hold for any input, not just the examples."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offsets.rules import (
    POLICY_VERSIONS,
    REVISION_2021_12,
    Directness,
    EntryKind,
    InMemoryRates,
    InsufficientBalance,
    InvalidInput,
    LedgerEntry,
    Money,
    Rate,
    Sector,
    SizeClass,
    balance,
    check_append,
    check_trigger,
    credited_value,
    due_entries,
    from_usd,
    replay,
    to_usd,
)

DAY = date(2024, 3, 15)
CENT = Decimal("0.01")

cents = st.integers(min_value=0, max_value=10**14).map(lambda n: Decimal(n) / 100)
offset_fields = st.integers(min_value=1, max_value=7)
sizes = st.one_of(st.none(), st.sampled_from(SizeClass))


@given(
    actual=cents,
    offset_field=offset_fields,
    directness=st.sampled_from(Directness),
    sector=st.sampled_from(Sector),
    size=sizes,
    agreed=st.one_of(st.none(), st.decimals(min_value=0, max_value=10, places=3)),
)
def test_credited_value_is_never_negative(actual, offset_field, directness, sector, size, agreed):
    result = credited_value(
        REVISION_2021_12,
        Money.usd(actual),
        offset_field=offset_field,
        directness=directness,
        sector=sector,
        size_class=size,
        agreed_multiplier=agreed,
    )
    assert result.credited.amount >= 0
    assert result.credited == Money.rounded(actual * result.multiplier, "USD")


@given(actual=st.integers(min_value=1, max_value=10**12).map(lambda n: -Decimal(n) / 100))
def test_negative_actual_value_is_always_an_error(actual):
    with pytest.raises(InvalidInput):
        credited_value(
            REVISION_2021_12,
            Money.usd(actual),
            offset_field=1,
            directness="direct",
            sector="defence",
            size_class="sme",
        )


@given(
    amount=cents, usd_per_unit=st.decimals(min_value=Decimal("0.000001"), max_value=Decimal("2.99"), places=8)
)
def test_usd_to_another_currency_and_back_is_within_a_cent(amount, usd_per_unit):
    rates = InMemoryRates([Rate("EUR", DAY, usd_per_unit)])
    there = from_usd(Money.usd(amount), "EUR", DAY, rates)
    back = to_usd(there.converted, DAY, rates)
    assert abs(back.converted.amount - amount) <= CENT
    assert there.rate == back.rate == Rate("EUR", DAY, usd_per_unit)


@given(offset=st.integers(min_value=-(10**9), max_value=10**9))
def test_the_threshold_is_inclusive(offset):
    amount = Money.usd(Decimal(10_000_000) + Decimal(offset) / 100)
    if amount.is_negative:
        return
    result = check_trigger(REVISION_2021_12, amount, DAY, InMemoryRates())
    assert result.triggers == (amount.amount >= Decimal(10_000_000))


@given(krw=cents, rate=st.decimals(min_value=Decimal("0.0005"), max_value=Decimal("0.001"), places=7))
def test_the_threshold_applies_to_the_converted_amount(krw, rate):
    rates = InMemoryRates([Rate("KRW", DAY, rate)])
    result = check_trigger(REVISION_2021_12, Money(krw, "KRW"), DAY, rates)
    assert result.triggers == (result.conversion.converted.amount >= Decimal(10_000_000))


operations = st.lists(
    st.tuples(
        st.sampled_from(["deposit", "withdrawal", "correction"]),
        st.integers(min_value=0, max_value=400),  # days after the previous entry
        st.integers(min_value=1, max_value=10**9),  # cents
        st.integers(min_value=0, max_value=99),  # which lot, and the sign of a correction
    ),
    max_size=25,
)


def by_kind(entries, kind):
    return sum((e.amount.amount for e in entries if e.kind is kind), Decimal(0))


@settings(deadline=None, max_examples=150)
@given(operations)
def test_a_ledger_balance_always_adds_up(ops):
    entries: list[LedgerEntry] = []
    day = date(2018, 1, 1)
    for number, (kind, gap, amount_cents, pick) in enumerate(ops):
        day += timedelta(days=gap)
        entries.extend(due_entries(entries, POLICY_VERSIONS, day))
        state = replay(entries, POLICY_VERSIONS, day)
        amount = Money.usd(Decimal(amount_cents) / 100)
        lot = None
        if kind != "deposit":
            live = [lot for lot in state.lots if not lot.expired]
            if not live:
                continue
            chosen = live[pick % len(live)]
            if kind == "correction":
                lot = chosen.key
                amount = -min(amount, chosen.remaining) if pick % 2 else amount
                if not amount.amount:
                    continue
        new = LedgerEntry(str(number), EntryKind(kind), day, amount, lot)
        if kind == "withdrawal" and amount > state.balance:
            with pytest.raises(InsufficientBalance):
                check_append(entries, new, POLICY_VERSIONS)
            continue
        after = check_append(entries, new, POLICY_VERSIONS)
        assert after.due == ()
        entries.append(new)
        assert after.balance == balance(entries)

    end = day + timedelta(days=365 * 6)
    entries.extend(due_entries(entries, POLICY_VERSIONS, end))
    state = replay(entries, POLICY_VERSIONS, end)
    formula = (
        by_kind(entries, EntryKind.DEPOSIT)
        - by_kind(entries, EntryKind.WITHDRAWAL)
        - by_kind(entries, EntryKind.EXPIRY)
        - by_kind(entries, EntryKind.DEPRECIATION)
        + by_kind(entries, EntryKind.CORRECTION)
    )
    assert state.due == ()
    assert balance(entries).amount == formula == state.balance.amount
    assert all(lot.remaining.amount >= 0 for lot in state.lots)
    # Six years after the last entry every lot has expired and nothing is left.
    assert state.balance == Money.usd(Decimal(0))
    assert all(lot.expired for lot in state.lots)
