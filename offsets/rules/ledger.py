"""Banked-credit ledger entries (사전가치축적), the balance they add up to, and the shape of a
replayed ledger (lots, allocations; banking.py computes them).

The ledger is append-only and in USD. Deposits, withdrawals, expiries and depreciation carry
positive amounts whose kind gives the sign; a correction carries its own sign. Each entry has a
``key`` unique in its ledger: the Django layer uses the row id for entries people post, and
the deterministic key from ``generated_key`` for the expiry and depreciation entries the
policy generates, so posting those twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from offsets.rules.errors import InvalidInput
from offsets.rules.kinds import as_enum
from offsets.rules.money import USD, Money, sum_money


class EntryKind(StrEnum):
    DEPOSIT = "deposit"
    WITHDRAWAL = "withdrawal"
    EXPIRY = "expiry"
    DEPRECIATION = "depreciation"
    CORRECTION = "correction"


GENERATED_KINDS: frozenset[EntryKind] = frozenset({EntryKind.EXPIRY, EntryKind.DEPRECIATION})
_SUBTRACTING: frozenset[EntryKind] = frozenset(
    {EntryKind.WITHDRAWAL, EntryKind.EXPIRY, EntryKind.DEPRECIATION}
)
_NEEDS_LOT: frozenset[EntryKind] = frozenset({EntryKind.EXPIRY, EntryKind.DEPRECIATION, EntryKind.CORRECTION})

# Within one day: value is lost at the start of the day (a credit 5 years old is no longer
# usable on its anniversary), then credit arrives, then it is adjusted, then it is drawn.
_DAY_ORDER: dict[EntryKind, int] = {
    EntryKind.DEPRECIATION: 0,
    EntryKind.EXPIRY: 1,
    EntryKind.DEPOSIT: 2,
    EntryKind.CORRECTION: 3,
    EntryKind.WITHDRAWAL: 4,
}


def _bad_entry(message: str, code: str, field: str, **params: object) -> InvalidInput:
    return InvalidInput(message, code=code, field=field, params=params)


@dataclass(frozen=True)
class LedgerEntry:
    """One posting. ``lot`` is the key of the deposit the entry concerns: required for expiry,
    depreciation and correction; optional for a withdrawal (None: first in, first out)."""

    key: str
    kind: EntryKind
    entry_date: date
    amount: Money
    lot: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", as_enum(EntryKind, self.kind, "kind"))
        if not self.key:
            raise _bad_entry("a ledger entry needs a key", "missing_key", "key")
        if self.amount.currency != USD:
            raise _bad_entry(
                "ledger amounts are in USD", "ledger_not_usd", "amount", currency=self.amount.currency
            )
        if self.kind is EntryKind.CORRECTION:
            if not self.amount.amount:
                raise _bad_entry("a correction cannot be zero", "zero_correction", "amount")
        elif self.amount.amount <= 0:
            raise _bad_entry(
                f"a {self.kind} is a positive amount",
                "amount_not_positive",
                "amount",
                amount=str(self.amount.amount),
            )
        if self.kind in _NEEDS_LOT and not self.lot:
            raise _bad_entry(f"a {self.kind} names the deposit it concerns", "missing_lot", "lot")
        if self.kind is EntryKind.DEPOSIT and self.lot is not None:
            raise _bad_entry("a deposit is its own lot", "deposit_with_lot", "lot")

    @property
    def signed_amount(self) -> Money:
        """The entry's effect on the balance."""
        return -self.amount if self.kind in _SUBTRACTING else self.amount

    @property
    def day_order(self) -> int:
        return _DAY_ORDER[self.kind]


def generated_key(lot: str, kind: EntryKind | str, from_years: int | None = None) -> str:
    """The deterministic key of a generated entry: ``<lot>:expiry`` or ``<lot>:depreciation:<n>y``."""
    member = as_enum(EntryKind, kind, "kind")
    if member is EntryKind.EXPIRY:
        return f"{lot}:expiry"
    if member is EntryKind.DEPRECIATION and from_years is not None:
        return f"{lot}:depreciation:{from_years}y"
    raise _bad_entry("only expiry and depreciation entries are generated", "not_generated", "kind")


def in_ledger_order(entries: Iterable[LedgerEntry]) -> list[LedgerEntry]:
    """Entries by date, then by kind within a day (see _DAY_ORDER), then in the order given."""
    return sorted(entries, key=lambda e: (e.entry_date, e.day_order))


def balance(entries: Iterable[LedgerEntry]) -> Money:
    """deposits - withdrawals - expiries - depreciation + corrections."""
    return sum_money((entry.signed_amount for entry in entries), USD)


@dataclass(frozen=True)
class RunningLine:
    entry: LedgerEntry
    balance: Money


def running_balance(entries: Iterable[LedgerEntry]) -> tuple[RunningLine, ...]:
    """Each entry in ledger order with the balance after it."""
    lines = []
    total = Money.zero(USD)
    for entry in in_ledger_order(entries):
        total += entry.signed_amount
        lines.append(RunningLine(entry, total))
    return tuple(lines)


@dataclass(frozen=True)
class LotState:
    key: str
    deposited_on: date
    deposited: Money
    remaining: Money
    share: Decimal  # share of value the lot keeps now (1 before its first depreciation step)
    expires_on: date
    expired: bool
    policy: str


@dataclass(frozen=True)
class Allocation:
    withdrawal: str
    lot: str
    amount: Money


@dataclass(frozen=True)
class LedgerState:
    """The ledger on ``as_of``. ``due``: expiry/depreciation entries dated on or before
    ``as_of`` that are not recorded yet; post them (their keys make a second posting a no-op)."""

    as_of: date
    balance: Money
    lots: tuple[LotState, ...]
    allocations: tuple[Allocation, ...]
    due: tuple[LedgerEntry, ...]
    entries: tuple[LedgerEntry, ...]  # recorded and due, in ledger order
