"""Banked-credit accounts over the API: the balance, deposits and the ledger with running balances,
replayed exactly as the account page shows them (``credits.view_account`` as of today in Seoul).

A contractor sees its own account; DAPA and KDIA see every account; other roles get 403.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from companies.api import ErrorOut, PageQuery
from offsets import credits, services
from offsets.api_common import MoneyOut, money, page
from offsets.api_obligations import PartyOut, require_obligation_viewer
from offsets.models import CreditAccount, LedgerEntry

router = Router(tags=["offsets"])


class AccountOut(Schema):
    id: int
    contractor: PartyOut
    balance: MoneyOut = Field(
        ..., description="Balance today (Korea time), expiries and depreciation due included."
    )
    as_of: date
    url: str


class AccountPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AccountOut]


class LotOut(Schema):
    deposited_on: date
    deposited: MoneyOut
    remaining: MoneyOut
    share_kept: str = Field(
        ..., description="Share of its value the deposit keeps now (1 before depreciation)."
    )
    expires_on: date
    expired: bool


class LineOut(Schema):
    entry_date: date
    kind: str = Field(..., description="deposit, withdrawal, expiry, depreciation or correction.")
    amount: MoneyOut = Field(..., description="Signed: negative when the entry takes credit away.")
    balance: MoneyOut = Field(..., description="The balance after this entry.")
    posted: bool = Field(..., description="False for an expiry or depreciation due but not posted yet.")
    description: str
    obligation: int | None = Field(None, description="The MOA a withdrawal was applied to.")
    kip: str | None = Field(None, description="Registration number of the Korean company of a deposit.")
    source_amount: MoneyOut | None = Field(None, description="A deposit's amount in its own currency.")


class AccountDetailOut(AccountOut):
    lots: list[LotOut]
    lines: list[LineOut] = Field(..., description="Every entry in ledger order with the running balance.")


def _accounts(request: HttpRequest):
    return CreditAccount.objects.visible_to(request.user).select_related("contractor")


def _account_out(account: CreditAccount, view: credits.AccountView) -> dict:
    balance = view.state.balance
    return {
        "id": account.pk,
        "contractor": {
            "id": account.contractor.pk,
            "name_ko": account.contractor.name_ko,
            "name_en": account.contractor.name_en,
        },
        "balance": money(balance.amount, balance.currency),
        "as_of": view.state.as_of,
        "url": reverse("offsets:credit_account", args=[account.pk]),
    }


def _line_out(line, row) -> dict:
    signed = line.entry.signed_amount
    return {
        "entry_date": line.entry.entry_date,
        "kind": str(getattr(line.entry.kind, "value", line.entry.kind)),
        "amount": money(signed.amount, signed.currency),
        "balance": money(line.balance.amount, line.balance.currency),
        "posted": row is not None,
        "description": row.description if row is not None else "",
        "obligation": row.agreement_id if row is not None else None,
        "kip": row.kip.brn_display if row is not None and row.kip_id else None,
        "source_amount": money(row.source_amount, row.source_currency)
        if row is not None and row.source_currency
        else None,
    }


@router.get(
    "/offsets/credits",
    response={200: AccountPage, 403: ErrorOut, 422: ErrorOut},
    summary="Banked-credit accounts you may see, with today's balance",
)
def list_accounts(request: HttpRequest, query: Query[PageQuery]):
    require_obligation_viewer(request)
    today = services.today_in_seoul()
    return page(
        _accounts(request), query, lambda account: _account_out(account, credits.view_account(account, today))
    )


@router.get(
    "/offsets/credits/{account_id}",
    response={200: AccountDetailOut, 403: ErrorOut, 404: ErrorOut},
    summary="One banked-credit account: balance, deposits and the ledger",
)
def get_account(request: HttpRequest, account_id: int):
    """An append-only ledger has no version to match, so this answer carries no ETag."""
    require_obligation_viewer(request)
    account = _accounts(request).filter(pk=account_id).first()
    if account is None:
        raise HttpError(404, gettext("No credit account with this id that you may see."))
    view = credits.view_account(account, services.today_in_seoul())
    # The ledger rows come without their Korean company; load them all in one query.
    posted = LedgerEntry.objects.select_related("kip").in_bulk([row.pk for _line, row in view.lines if row])
    lines = [(line, posted.get(row.pk) if row is not None else None) for line, row in view.lines]
    return {
        **_account_out(account, view),
        "lots": [
            {
                "deposited_on": lot.deposited_on,
                "deposited": money(lot.deposited.amount, lot.deposited.currency),
                "remaining": money(lot.remaining.amount, lot.remaining.currency),
                "share_kept": format(lot.share.normalize(), "f"),
                "expires_on": lot.expires_on,
                "expired": lot.expired,
            }
            for lot in view.state.lots
        ],
        "lines": [_line_out(line, row) for line, row in lines],
    }
