"""Banked credit in the database: replaying an account through the engine and posting to it.

The engine (``offsets.rules.banking``) decides everything: first-in-first-out lots, balances,
what expires or depreciates when. Here rows become engine entries and back: a person's entry
has the engine key ``e<id>``; entries the policy generates keep the engine's own key (e.g.
``e12:expiry``), whose uniqueness makes posting them twice impossible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction

from offsets import engine, rules
from offsets.choices import LedgerKind
from offsets.models import CreditAccount, LedgerEntry, PolicyVersion

NEW = "new"


def _engine_key(row: LedgerEntry) -> str:
    return row.key or f"e{row.pk}"


def _as_engine(row: LedgerEntry) -> rules.LedgerEntry:
    amount = rules.Money.rounded(row.amount_usd, rules.USD)
    return rules.LedgerEntry(
        _engine_key(row),
        rules.EntryKind(row.kind),
        row.entry_date,
        amount,
        f"e{row.lot_id}" if row.lot_id else None,
    )


def all_policies() -> list[rules.PolicyVersion]:
    return [
        engine.to_rules(v)
        for v in PolicyVersion.objects.prefetch_related("multipliers", "depreciation_steps")
    ]


def _rows(account: CreditAccount) -> list[LedgerEntry]:
    return list(
        account.entries.select_related("agreement__programme", "kip", "lot").order_by("entry_date", "pk")
    )


@dataclass(frozen=True)
class AccountView:
    """An account as it stands on ``as_of``: lines with running balances (due entries included
    and marked), the balance, and each deposit's remaining value and expiry."""

    account: CreditAccount
    state: rules.LedgerState
    lines: tuple[tuple[rules.RunningLine, LedgerEntry | None], ...]


def view_account(account: CreditAccount, as_of: date) -> AccountView:
    rows = _rows(account)
    by_key = {_engine_key(row): row for row in rows}
    state = rules.replay([_as_engine(row) for row in rows], all_policies(), as_of)
    lines = tuple((line, by_key.get(line.entry.key)) for line in rules.running_balance(state.entries))
    return AccountView(account, state, lines)


def _record(account, entry: rules.LedgerEntry, *, by, generated: bool, **extra) -> LedgerEntry:
    lot_id = int(entry.lot[1:].split(":")[0]) if entry.lot else None
    return LedgerEntry.objects.create(
        account=account,
        kind=entry.kind.value,
        entry_date=entry.entry_date,
        amount_usd=entry.amount.amount,
        lot_id=lot_id,
        key=entry.key if generated else None,
        created_by=None if generated else by,
        **extra,
    )


def _post_due(account, due, *, by) -> int:
    for entry in due:
        _record(account, entry, by=by, generated=True, description="")
    return len(due)


@dataclass(frozen=True)
class Posting:
    kind: str
    entry_date: date
    amount: Decimal
    currency: str = "USD"
    description: str = ""
    lot: LedgerEntry | None = None  # the deposit a correction adjusts
    agreement: object = None
    kip: object = None


def post(contractor, posting: Posting, *, by) -> list[LedgerEntry]:
    """Post a deposit, withdrawal or correction; raises a RuleError naming the field at fault.

    Deposits in another currency are booked in USD at the rate usable on their date. A
    withdrawal is split across deposits oldest first, one entry per deposit drawn.
    """
    with transaction.atomic():
        account, _created = CreditAccount.objects.get_or_create(contractor=contractor)
        account = CreditAccount.objects.select_for_update().get(pk=account.pk)
        rows = _rows(account)
        recorded = [_as_engine(row) for row in rows]
        extra = {
            "description": posting.description.strip(),
            "agreement": posting.agreement,
            "kip": posting.kip,
        }
        amount = posting.amount
        if posting.kind == LedgerKind.DEPOSIT and posting.currency != rules.USD:
            conversion = engine.to_usd(posting.amount, posting.currency, posting.entry_date)
            amount = conversion.converted.amount
            extra |= {
                "source_amount": posting.amount,
                "source_currency": posting.currency,
                "usd_rate": conversion.rate.usd_per_unit,
                "rate_date": conversion.rate.rate_date,
            }
        if posting.kind == LedgerKind.DEPOSIT:
            in_force = engine.policy_on(posting.entry_date, field="entry_date").rules
            size_class = posting.kip.size_class if posting.kip is not None else None
            rules.require_bankable(in_force, size_class or None, posting.entry_date)
        if posting.lot is not None and posting.lot.account_id != account.pk:
            raise rules.InvalidInput(
                "the deposit belongs to another account", code="unknown_lot", field="lot"
            )
        new = rules.LedgerEntry(
            NEW,
            rules.EntryKind(posting.kind),
            posting.entry_date,
            rules.Money(amount, rules.USD),
            f"e{posting.lot.pk}" if posting.lot else None,
        )
        state = rules.check_append(recorded, new, all_policies())
        _post_due(account, state.due, by=by)
        if new.kind is rules.EntryKind.WITHDRAWAL:
            created = [
                _record(
                    account,
                    rules.LedgerEntry(NEW, new.kind, new.entry_date, allocation.amount, allocation.lot),
                    by=by,
                    generated=False,
                    **extra,
                )
                for allocation in state.allocations
                if allocation.withdrawal == NEW
            ]
        else:
            created = [_record(account, new, by=by, generated=False, **extra)]
    return created


def post_due_entries(as_of: date) -> int:
    """Post every expiry and depreciation due by ``as_of`` on every account (idempotent)."""
    posted = 0
    policies = all_policies()
    for account_id in CreditAccount.objects.values_list("pk", flat=True):
        try:
            with transaction.atomic():
                account = CreditAccount.objects.select_for_update().get(pk=account_id)
                rows = _rows(account)
                due = rules.due_entries([_as_engine(row) for row in rows], policies, as_of)
                posted += _post_due(account, due, by=None)
        except IntegrityError:
            continue  # another process posted the same keys first; nothing is lost
    return posted
