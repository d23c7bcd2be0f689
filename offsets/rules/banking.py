"""Replaying a banked-credit ledger: lots, first-in-first-out withdrawals, and the expiry and
depreciation entries the policy makes due.

Each deposit is a lot that keeps the banking terms of the policy version in force on its
deposit date: credit banked under announced terms is not shortened by a later revision. At
each depreciation step a lot's remaining value is scaled to the step's share (75 % -> 50 %
scales by 2/3), so value already withdrawn is never depreciated; at the end of its validity
whatever remains expires.

Recorded expiry/depreciation entries are matched by key against what the replay computes; a
difference means the ledger was written out of order (or the version's banking terms were
edited after credit was banked under them) and is refused rather than papered over. People's
entries therefore may not be dated before the last recorded entry (``check_append``).
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal

from offsets.rules.dates import add_years
from offsets.rules.errors import InsufficientBalance, LedgerError
from offsets.rules.ledger import (
    GENERATED_KINDS,
    Allocation,
    EntryKind,
    LedgerEntry,
    LedgerState,
    LotState,
    generated_key,
    in_ledger_order,
)
from offsets.rules.money import USD, Money, sum_money
from offsets.rules.policy import PolicyVersion, require_banking_open, select_policy


class _Lot:
    def __init__(self, entry: LedgerEntry, policy: PolicyVersion) -> None:
        self.key = entry.key
        self.deposited_on = entry.entry_date
        self.deposited = entry.amount
        self.remaining = entry.amount
        self.share = Decimal(1)
        self.policy = policy
        self.expires_on = add_years(entry.entry_date, policy.banking.validity_years)
        self.expired = False

    def freeze(self) -> LotState:
        return LotState(
            self.key,
            self.deposited_on,
            self.deposited,
            self.remaining,
            self.share,
            self.expires_on,
            self.expired,
            self.policy.name,
        )


def _terms(policy: PolicyVersion | Sequence[PolicyVersion]) -> Callable[[date], PolicyVersion]:
    """Which version's banking terms a lot deposited on a given day keeps."""
    if isinstance(policy, PolicyVersion):
        return lambda _day: policy
    versions = tuple(policy)
    return lambda day: select_policy(versions, day)


def _short(requested: Money, available: Money, on_date: date, **params: object) -> InsufficientBalance:
    return InsufficientBalance(
        f"{requested} requested on {on_date.isoformat()} but only {available} is available",
        params={
            "requested": str(requested.amount),
            "available": str(available.amount),
            "date": on_date.isoformat(),
        }
        | params,
    )


class _Replay:
    def __init__(
        self, terms: Callable[[date], PolicyVersion], as_of: date, recorded: list[LedgerEntry]
    ) -> None:
        self.terms = terms
        self.as_of = as_of
        self.lots: dict[str, _Lot] = {}
        self.allocations: list[Allocation] = []
        self.due: list[LedgerEntry] = []
        self.recorded_generated = {e.key: e for e in recorded if e.kind in GENERATED_KINDS}
        self.matched: set[str] = set()
        # (date, order within the day, tie-break, entry or scheduled event)
        self.queue: list[tuple[date, int, tuple[int, int], LedgerEntry | tuple[str, int | None]]] = []

    def lot(self, entry: LedgerEntry) -> _Lot:
        lot = self.lots.get(entry.lot or "")
        if lot is None:
            raise LedgerError(
                f"{entry.key}: no earlier deposit {entry.lot!r}",
                code="unknown_lot",
                field="lot",
                params={"lot": entry.lot, "entry": entry.key},
            )
        if lot.expired:
            raise LedgerError(
                f"{entry.key}: deposit {lot.key} has expired",
                code="lot_expired",
                field="lot",
                params={"lot": lot.key, "expired_on": lot.expires_on.isoformat(), "entry": entry.key},
            )
        return lot

    def deposit(self, entry: LedgerEntry) -> None:
        policy = self.terms(entry.entry_date)
        require_banking_open(policy, entry.entry_date)
        lot = _Lot(entry, policy)
        self.lots[entry.key] = lot
        number = len(self.lots)
        events: list[tuple[date, int, int | None]] = [
            (add_years(lot.deposited_on, step.from_years), 0, step.from_years)
            for step in lot.policy.banking.depreciation
        ]
        events.append((lot.expires_on, 1, None))
        for index, (when, order, from_years) in enumerate(events):
            if when <= self.as_of:
                heapq.heappush(self.queue, (when, order, (number, index), (lot.key, from_years)))

    def withdraw(self, entry: LedgerEntry) -> None:
        open_lots = [lot for lot in self.lots.values() if not lot.expired and lot.remaining.amount > 0]
        if entry.lot is not None:
            target = self.lot(entry)
            older = [lot.key for lot in open_lots[: open_lots.index(target)]] if target in open_lots else []
            if older:
                raise LedgerError(
                    f"{entry.key}: older deposits {older} must be used first",
                    code="not_first_in_first_out",
                    field="lot",
                    params={"older": older},
                )
            open_lots = [target]
        available = sum_money((lot.remaining for lot in open_lots), USD)
        if entry.amount > available:
            raise _short(entry.amount, available, entry.entry_date, withdrawal=entry.key)
        left = entry.amount
        for lot in open_lots:
            if not left.amount:
                break
            taken = min(left, lot.remaining)
            lot.remaining -= taken
            left -= taken
            self.allocations.append(Allocation(entry.key, lot.key, taken))

    def correct(self, entry: LedgerEntry) -> None:
        lot = self.lot(entry)
        if lot.remaining + entry.amount < Money.zero(USD):
            raise _short(-entry.amount, lot.remaining, entry.entry_date, lot=lot.key)
        lot.remaining += entry.amount

    def generate(self, when: date, lot_key: str, from_years: int | None) -> None:
        lot = self.lots[lot_key]
        if from_years is None:
            kind, amount = EntryKind.EXPIRY, lot.remaining
        else:
            step = next(s for s in lot.policy.banking.depreciation if s.from_years == from_years)
            kept = Money.rounded(lot.remaining.amount * step.remaining_share / lot.share, USD)
            kind, amount = EntryKind.DEPRECIATION, lot.remaining - kept
            lot.share = step.remaining_share
        key = generated_key(lot_key, kind, from_years)
        recorded = self.recorded_generated.get(key)
        if recorded is not None:
            if recorded.amount != amount or recorded.entry_date != when or recorded.lot != lot_key:
                raise LedgerError(
                    f"{key}: recorded {recorded.amount} on {recorded.entry_date}, expected {amount} on {when}",
                    code="generated_entry_mismatch",
                    field="key",
                    params={
                        "key": key,
                        "recorded": str(recorded.amount.amount),
                        "expected": str(amount.amount),
                    },
                )
            self.matched.add(key)
        elif amount.amount > 0:
            self.due.append(LedgerEntry(key, kind, when, amount, lot_key))
        lot.remaining -= amount
        if kind is EntryKind.EXPIRY:
            lot.expired = True

    def run(self, manual: list[LedgerEntry]) -> None:
        for index, entry in enumerate(manual):
            heapq.heappush(self.queue, (entry.entry_date, entry.day_order, (0, index), entry))
        handlers = {
            EntryKind.DEPOSIT: self.deposit,
            EntryKind.WITHDRAWAL: self.withdraw,
            EntryKind.CORRECTION: self.correct,
        }
        while self.queue:
            when, _, _, item = heapq.heappop(self.queue)
            if isinstance(item, LedgerEntry):
                handlers[item.kind](item)
            else:
                self.generate(when, *item)
        unexpected = sorted(set(self.recorded_generated) - self.matched)
        if unexpected:
            raise LedgerError(
                f"recorded entries the policy does not generate: {unexpected}",
                code="unexpected_generated_entry",
                field="key",
                params={"keys": unexpected},
            )


def replay(
    entries: Iterable[LedgerEntry], policy: PolicyVersion | Sequence[PolicyVersion], as_of: date
) -> LedgerState:
    """The ledger as it stands on ``as_of`` (entries dated later are left out).

    ``policy``: one version for every lot, or all versions so each lot keeps the terms in force
    on its deposit date. Raises InsufficientBalance for an overdraw, LedgerError otherwise.
    """
    recorded = [e for e in entries if e.entry_date <= as_of]
    duplicates = sorted(key for key, count in Counter(e.key for e in recorded).items() if count > 1)
    if duplicates:
        raise LedgerError(
            f"duplicate keys {duplicates}", code="duplicate_key", field="key", params={"keys": duplicates}
        )
    state = _Replay(_terms(policy), as_of, recorded)
    # Ties within a day keep the given order (the Django layer passes entries by date, then id).
    state.run([e for e in in_ledger_order(recorded) if e.kind not in GENERATED_KINDS])
    lots = tuple(lot.freeze() for lot in state.lots.values())
    return LedgerState(
        as_of=as_of,
        balance=sum_money((lot.remaining for lot in lots), USD),
        lots=lots,
        allocations=tuple(state.allocations),
        due=tuple(state.due),
        entries=tuple(in_ledger_order([*recorded, *state.due])),
    )


def due_entries(
    entries: Iterable[LedgerEntry], policy: PolicyVersion | Sequence[PolicyVersion], as_of: date
) -> tuple[LedgerEntry, ...]:
    """The expiry and depreciation entries due by ``as_of`` and not yet recorded."""
    return replay(entries, policy, as_of).due


def check_append(
    entries: Iterable[LedgerEntry], new: LedgerEntry, policy: PolicyVersion | Sequence[PolicyVersion]
) -> LedgerState:
    """The ledger after posting ``new`` (a deposit, withdrawal or correction), or the error that
    forbids it. ``new`` may not be dated before the last recorded entry: later entries were
    computed without it. Post the returned ``due`` entries together with ``new``."""
    entries = list(entries)
    if new.kind in GENERATED_KINDS:
        raise LedgerError(
            "expiry and depreciation entries come from due_entries", code="generated_kind", field="kind"
        )
    latest = max((e.entry_date for e in entries), default=None)
    if latest is not None and new.entry_date < latest:
        raise LedgerError(
            f"{new.key} is dated {new.entry_date}, before the last entry ({latest})",
            code="back_dated",
            field="entry_date",
            params={"date": new.entry_date.isoformat(), "latest": latest.isoformat()},
        )
    return replay([*entries, new], policy, new.entry_date)


def plan_withdrawal(
    entries: Iterable[LedgerEntry],
    policy: PolicyVersion | Sequence[PolicyVersion],
    amount: Money,
    on_date: date,
) -> tuple[Allocation, ...]:
    """How a withdrawal of ``amount`` on ``on_date`` would draw on the lots, oldest first; for
    recording one withdrawal entry per lot. InsufficientBalance when there is not enough."""
    planned = "planned-withdrawal"
    state = check_append(entries, LedgerEntry(planned, EntryKind.WITHDRAWAL, on_date, amount), policy)
    return tuple(a for a in state.allocations if a.withdrawal == planned)
