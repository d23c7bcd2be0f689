"""Banked credit: balance, running balance, FIFO lots, the depreciation schedule and expiry."""

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
    EntryKind,
    InsufficientBalance,
    InvalidInput,
    LedgerEntry,
    LedgerError,
    Money,
    NoPolicyInForce,
    SizeClass,
    balance,
    check_append,
    due_entries,
    generated_key,
    plan_withdrawal,
    replay,
    require_bankable,
    running_balance,
    select_policy,
)


def usd(amount: str) -> Money:
    return Money.usd(Decimal(amount))


def entry(key, kind, day, amount, lot=None) -> LedgerEntry:
    return LedgerEntry(key, kind, day, usd(amount), lot)


DEPOSIT_A = entry("1", "deposit", date(2018, 6, 1), "1000.00")
DEPOSIT_B = entry("2", "deposit", date(2019, 3, 1), "500.00")


def test_balance_is_deposits_less_withdrawals_expiries_depreciation_plus_corrections():
    entries = [
        DEPOSIT_A,
        entry("3", "withdrawal", date(2019, 1, 1), "100"),
        entry("4", "correction", date(2019, 2, 1), "-50", lot="1"),
        entry("5", "correction", date(2019, 2, 2), "20", lot="1"),
        entry("1:depreciation:3y", "depreciation", date(2021, 6, 1), "217.50", lot="1"),
        entry("1:expiry", "expiry", date(2023, 6, 1), "100", lot="1"),
    ]
    assert balance(entries) == usd("1000") - usd("100") - usd("50") + usd("20") - usd("217.50") - usd("100")
    assert [line.balance for line in running_balance(entries)] == [
        usd("1000"),
        usd("900"),
        usd("850"),
        usd("870"),
        usd("652.50"),
        usd("552.50"),
    ]


def test_running_balance_orders_by_date_then_kind_within_a_day():
    same_day = date(2020, 1, 1)
    lines = running_balance(
        [entry("w", "withdrawal", same_day, "10"), entry("d", "deposit", same_day, "10"), DEPOSIT_A]
    )
    assert [line.entry.key for line in lines] == ["1", "d", "w"]
    assert lines[-1].balance == usd("1000")


def test_the_seed_banking_schedule_depreciates_at_3_and_4_years_and_expires_at_5():
    due = due_entries([DEPOSIT_A], POLICY_VERSIONS, date(2023, 6, 1))
    assert [(e.key, e.kind, e.entry_date, e.amount, e.lot) for e in due] == [
        ("1:depreciation:3y", EntryKind.DEPRECIATION, date(2021, 6, 1), usd("250.00"), "1"),  # 100 % -> 75 %
        ("1:depreciation:4y", EntryKind.DEPRECIATION, date(2022, 6, 1), usd("250.00"), "1"),  # 75 % -> 50 %
        ("1:expiry", EntryKind.EXPIRY, date(2023, 6, 1), usd("500.00"), "1"),  # nothing after 5 years
    ]


@pytest.mark.parametrize(
    ("as_of", "value", "share"),
    [
        (date(2021, 5, 31), "1000.00", "1"),  # under 3 years: 100 %
        (date(2021, 6, 1), "750.00", "0.75"),  # 3-4 years: 75 %
        (date(2022, 6, 1), "500.00", "0.50"),  # 4-5 years: 50 %
        (date(2023, 5, 31), "500.00", "0.50"),
        (date(2023, 6, 1), "0.00", "0.50"),  # 5 years: expired
    ],
)
def test_value_of_a_lot_by_age(as_of, value, share):
    state = replay([DEPOSIT_A], POLICY_VERSIONS, as_of)
    (lot,) = state.lots
    assert (lot.remaining, lot.share, lot.expired) == (usd(value), Decimal(share), as_of >= date(2023, 6, 1))
    assert state.balance == usd(value) == balance([DEPOSIT_A, *state.due])


def test_withdrawn_value_is_not_depreciated():
    withdrawal = entry("3", "withdrawal", date(2020, 1, 1), "400")
    due = due_entries([DEPOSIT_A, withdrawal], POLICY_VERSIONS, date(2023, 6, 1))
    assert [e.amount for e in due] == [usd("150.00"), usd("150.00"), usd("300.00")]  # 600 -> 450 -> 300 -> 0


def test_posting_due_entries_twice_adds_nothing():
    entries = [DEPOSIT_A, DEPOSIT_B]
    first = due_entries(entries, POLICY_VERSIONS, date(2022, 12, 31))
    assert [e.key for e in first] == ["1:depreciation:3y", "2:depreciation:3y", "1:depreciation:4y"]
    assert due_entries([*entries, *first], POLICY_VERSIONS, date(2022, 12, 31)) == ()
    later = due_entries([*entries, *first], POLICY_VERSIONS, date(2024, 12, 31))
    assert [e.key for e in later] == ["2:depreciation:4y", "1:expiry", "2:expiry"]
    assert generated_key("2", EntryKind.DEPRECIATION, 4) == "2:depreciation:4y"
    assert generated_key("2", "expiry") == "2:expiry"


def test_withdrawals_take_the_oldest_deposit_first():
    entries = [DEPOSIT_A, DEPOSIT_B, entry("3", "withdrawal", date(2019, 6, 1), "1200")]
    state = replay(entries, POLICY_VERSIONS, date(2019, 6, 1))
    assert [(a.withdrawal, a.lot, a.amount) for a in state.allocations] == [
        ("3", "1", usd("1000.00")),
        ("3", "2", usd("200.00")),
    ]
    assert [lot.remaining for lot in state.lots] == [usd("0"), usd("300")]
    assert [
        (a.lot, a.amount) for a in plan_withdrawal(entries, POLICY_VERSIONS, usd("100"), date(2019, 7, 1))
    ] == [("2", usd("100"))]


def test_a_withdrawal_larger_than_the_balance_is_refused():
    with pytest.raises(InsufficientBalance) as caught:
        check_append([DEPOSIT_A], entry("3", "withdrawal", date(2019, 1, 1), "1000.01"), POLICY_VERSIONS)
    assert (caught.value.code, caught.value.field) == ("insufficient_balance", "amount")
    assert caught.value.params == {
        "requested": "1000.01",
        "available": "1000.00",
        "date": "2019-01-01",
        "withdrawal": "3",
    }


def test_expired_or_depreciated_credit_cannot_be_withdrawn():
    with pytest.raises(InsufficientBalance):
        check_append([DEPOSIT_A], entry("3", "withdrawal", date(2021, 6, 1), "750.01"), POLICY_VERSIONS)
    state = check_append([DEPOSIT_A], entry("3", "withdrawal", date(2021, 6, 1), "750.00"), POLICY_VERSIONS)
    assert [e.key for e in state.due] == ["1:depreciation:3y"]  # post these with the withdrawal
    with pytest.raises(InsufficientBalance):
        check_append([DEPOSIT_A], entry("3", "withdrawal", date(2023, 6, 1), "0.01"), POLICY_VERSIONS)


def test_a_withdrawal_recorded_per_lot_must_still_be_oldest_first():
    entries = [DEPOSIT_A, DEPOSIT_B]
    with pytest.raises(LedgerError) as caught:
        check_append(entries, entry("3", "withdrawal", date(2019, 6, 1), "10", lot="2"), POLICY_VERSIONS)
    assert caught.value.code == "not_first_in_first_out"
    state = check_append(entries, entry("3", "withdrawal", date(2019, 6, 1), "10", lot="1"), POLICY_VERSIONS)
    assert state.balance == usd("1490")


def test_corrections_adjust_a_lot_either_way_but_not_below_zero():
    state = check_append(
        [DEPOSIT_A], entry("3", "correction", date(2019, 1, 1), "-200", lot="1"), POLICY_VERSIONS
    )
    assert state.balance == usd("800")
    state = check_append(
        [DEPOSIT_A], entry("3", "correction", date(2019, 1, 1), "200", lot="1"), POLICY_VERSIONS
    )
    assert state.balance == usd("1200")
    with pytest.raises(InsufficientBalance):
        check_append(
            [DEPOSIT_A], entry("3", "correction", date(2019, 1, 1), "-1000.01", lot="1"), POLICY_VERSIONS
        )
    with pytest.raises(LedgerError) as unknown:
        check_append([DEPOSIT_A], entry("3", "correction", date(2019, 1, 1), "5", lot="9"), POLICY_VERSIONS)
    assert unknown.value.code == "unknown_lot"
    with pytest.raises(LedgerError) as expired:
        check_append([DEPOSIT_A], entry("3", "correction", date(2023, 6, 2), "5", lot="1"), POLICY_VERSIONS)
    assert expired.value.code == "lot_expired"


def test_entries_may_not_be_back_dated_or_duplicated():
    with pytest.raises(LedgerError) as caught:
        check_append([DEPOSIT_B], entry("3", "deposit", date(2019, 2, 28), "5"), POLICY_VERSIONS)
    assert (caught.value.code, caught.value.field) == ("back_dated", "entry_date")
    with pytest.raises(LedgerError) as duplicate:
        check_append([DEPOSIT_A], entry("1", "deposit", date(2019, 1, 1), "5"), POLICY_VERSIONS)
    assert duplicate.value.code == "duplicate_key"
    with pytest.raises(LedgerError) as generated:
        check_append(
            [DEPOSIT_A], entry("1:expiry", "expiry", date(2023, 6, 1), "1000", lot="1"), POLICY_VERSIONS
        )
    assert generated.value.code == "generated_kind"


def test_recorded_generated_entries_must_match_the_schedule():
    wrong = entry("1:depreciation:3y", "depreciation", date(2021, 6, 1), "100", lot="1")
    with pytest.raises(LedgerError) as caught:
        replay([DEPOSIT_A, wrong], POLICY_VERSIONS, date(2022, 1, 1))
    assert caught.value.code == "generated_entry_mismatch"
    stray = entry("1:depreciation:2y", "depreciation", date(2020, 6, 1), "100", lot="1")
    with pytest.raises(LedgerError) as unexpected:
        replay([DEPOSIT_A, stray], POLICY_VERSIONS, date(2020, 12, 1))
    assert unexpected.value.code == "unexpected_generated_entry"


def test_a_lot_keeps_the_banking_terms_in_force_when_it_was_deposited():
    longer = dataclasses.replace(
        REVISION_2021_12, banking=BankingRules(7, (DepreciationStep(5, Decimal("0.80")),))
    )
    versions = (SEED_2010, longer)
    late = entry("2", "deposit", date(2022, 1, 1), "1000")
    state = replay([DEPOSIT_A, late], versions, date(2027, 1, 1))
    assert [(lot.key, lot.policy, lot.expires_on) for lot in state.lots] == [
        ("1", "2010 seed rules", date(2023, 6, 1)),
        ("2", "December 2021 revision", date(2029, 1, 1)),
    ]
    assert state.balance == usd("800.00")
    # A single version applies to every lot, whatever its date.
    assert replay([DEPOSIT_A], longer, date(2023, 6, 1)).balance == usd("800.00")
    with pytest.raises(NoPolicyInForce):
        replay([entry("0", "deposit", date(2009, 1, 1), "1")], POLICY_VERSIONS, date(2010, 1, 1))


def test_entries_after_the_as_of_date_are_left_out():
    later = entry("3", "withdrawal", date(2020, 1, 1), "100")
    assert replay([DEPOSIT_A, later], POLICY_VERSIONS, date(2019, 12, 31)).balance == usd("1000")


@pytest.mark.parametrize(
    ("kind", "amount", "lot", "code"),
    [
        ("deposit", "0", None, "amount_not_positive"),
        ("withdrawal", "-5", None, "amount_not_positive"),
        ("correction", "0", "1", "zero_correction"),
        ("expiry", "5", None, "missing_lot"),
        ("correction", "5", None, "missing_lot"),
        ("deposit", "5", "1", "deposit_with_lot"),
        ("refund", "5", None, "invalid_choice"),
    ],
)
def test_malformed_entries_are_refused(kind, amount, lot, code):
    with pytest.raises(InvalidInput) as caught:
        entry("x", kind, date(2020, 1, 1), amount, lot)
    assert caught.value.code == code


def test_ledger_amounts_are_in_usd():
    with pytest.raises(InvalidInput) as caught:
        LedgerEntry("x", EntryKind.DEPOSIT, date(2020, 1, 1), Money(Decimal(5), "EUR"))
    assert caught.value.code == "ledger_not_usd"


@pytest.mark.parametrize(
    ("deposit_date", "size", "bankable"),
    [
        (date(2019, 1, 1), "sme", True),
        (date(2019, 1, 1), "mid", False),  # mid-sized firms only since 2021
        (date(2021, 12, 1), "mid", True),
        (date(2021, 12, 1), SizeClass.SME, True),
        (date(2021, 12, 1), "large", False),
        (date(2021, 12, 1), None, False),
    ],
)
def test_which_firms_cooperation_may_be_banked(deposit_date, size, bankable):
    policy = select_policy(POLICY_VERSIONS, deposit_date)
    if bankable:
        assert require_bankable(policy, size, deposit_date) == size
        return
    with pytest.raises(InvalidInput) as caught:
        require_bankable(policy, size, deposit_date)
    assert (caught.value.code, caught.value.field) == ("size_class_not_bankable", "size_class")
    assert caught.value.params["policy"] == policy.name


def test_nothing_can_be_banked_before_2018():
    with pytest.raises(InvalidInput) as caught:
        require_bankable(SEED_2010, "sme", date(2017, 12, 31))
    assert (caught.value.code, caught.value.field) == ("banking_not_available", "entry_date")
    assert caught.value.params["available_from"] == "2018-01-01"
    with pytest.raises(InvalidInput):
        check_append([], entry("1", "deposit", date(2017, 12, 31), "5"), POLICY_VERSIONS)
    assert check_append([], entry("1", "deposit", date(2018, 1, 1), "5"), POLICY_VERSIONS).balance == usd("5")
