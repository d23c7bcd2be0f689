"""Banked credit: DAPA posts, the engine decides, the ledger only ever grows."""

import html
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from offsets import credits, engine
from offsets.choices import LedgerKind
from offsets.models import AppendOnlyError, ExchangeRate, LedgerEntry

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def post(client, world, **changes):
    data = {
        "contractor": world.orgs.foreign.pk,
        "kind": "deposit",
        "entry_date": "2024-06-03",
        "amount": "100000",
        "currency": "USD",
        "kip_brn": world.directory.published.brn,
        "description": "Joint test campaign",
    } | changes
    return client.post(reverse("staff_offsets:ledger_post"), data)


def balance(world, on=date(2024, 12, 31)):
    return credits.view_account(world.offsets.account, on).state.balance.amount


def test_a_deposit_in_krw_is_booked_in_usd_with_its_rate(world, as_persona):
    ExchangeRate.objects.create(currency="KRW", date=date(2024, 5, 31), usd_per_unit=Decimal("0.00073"))
    response = post(as_persona("dapa"), world, amount="100000000", currency="KRW")
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(source_currency="KRW")
    assert (entry.amount_usd, entry.usd_rate, entry.rate_date) == (
        Decimal("73000.00"),
        Decimal("0.00073"),
        date(2024, 5, 31),
    )
    assert balance(world) == Decimal("573000.00")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": "0"}, "amount", "more than zero"),
        ({"kip_brn": ""}, "kip_brn", "Name the Korean company"),
        ({"entry_date": "2017-06-01"}, "entry_date", "No credit can be banked before 2018-01-01"),
        ({"entry_date": "2023-12-31"}, "entry_date", "before the latest entry of the account (2024-01-10)"),
        ({"kind": "withdrawal", "amount": "600000"}, "agreement", "Choose the obligation"),
        ({"kind": "correction", "amount": "-5"}, "lot", "Choose the deposit"),
        ({"kind": "withdrawal", "currency": "EUR"}, "currency", "booked in USD"),
    ],
)
def test_bad_postings_name_the_field_and_post_nothing(world, as_persona, changes, field, message):
    before = LedgerEntry.objects.count()
    response = post(as_persona("dapa"), world, **changes)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert LedgerEntry.objects.count() == before


def test_a_large_firms_cooperation_is_not_bankable_under_the_shipped_policies(world, as_persona):
    company = world.directory.published
    company.size_class = "large"
    company.save()
    response = post(as_persona("dapa"), world)
    assert "cannot be banked" in " ".join(response.context["form"].errors["kip_brn"])


def test_a_withdrawal_larger_than_the_balance_is_refused(world, as_persona):
    data = {"kind": "withdrawal", "amount": "500000.01", "agreement": world.offsets.agreement.pk}
    response = post(as_persona("dapa"), world, **data)
    assert "smaller than this amount" in " ".join(response.context["form"].errors["amount"])


def test_a_withdrawal_is_applied_to_the_obligation_oldest_deposit_first(world, as_persona):
    client = as_persona("dapa")
    post(client, world, entry_date="2024-03-01", amount="50000")
    post(
        client,
        world,
        kind="withdrawal",
        entry_date="2024-04-01",
        amount="520000",
        agreement=world.offsets.agreement.pk,
    )
    withdrawals = LedgerEntry.objects.filter(kind=LedgerKind.WITHDRAWAL).order_by("pk")
    assert [(w.lot_id, w.amount_usd) for w in withdrawals] == [
        (world.offsets.deposit.pk, Decimal("500000.00")),
        (world.offsets.deposit.pk + 1, Decimal("20000.00")),
    ]
    assert balance(world) == Decimal("30000.00")
    progress = engine.fulfilment(world.offsets.agreement)
    assert progress.banked.amount == Decimal("520000.00")
    text = text_of(
        as_persona("foreign").get(reverse("offsets:credit_account", args=[world.offsets.account.pk]))
    )
    assert "USD 30,000.00" in text


def test_corrections_are_new_entries_and_entries_are_never_changed(world, as_persona):
    post(
        as_persona("dapa"),
        world,
        kind="correction",
        amount="-1000",
        lot=world.offsets.deposit.pk,
        currency="USD",
    )
    assert balance(world) == Decimal("499000.00")
    entry = LedgerEntry.objects.get(kind=LedgerKind.CORRECTION)
    entry.amount_usd = Decimal("1")
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.update(amount_usd=0)


def test_depreciation_and_expiry_are_posted_once_when_due(world):
    deposit = world.offsets.deposit  # USD 500,000 on 2024-01-10, kept 5 years: 75 % from 3 years, 50 % from 4
    call_command("post_credit_entries", "--as-of", "2027-01-10")
    assert balance(world, date(2027, 1, 10)) == Decimal("375000.00")
    call_command("post_credit_entries", "--as-of", "2029-01-10")
    call_command("post_credit_entries", "--as-of", "2029-01-10")
    entries = list(
        LedgerEntry.objects.filter(lot=deposit).exclude(kind="withdrawal").values_list("kind", "amount_usd")
    )
    assert entries == [
        ("depreciation", Decimal("125000.00")),
        ("depreciation", Decimal("125000.00")),
        ("expiry", Decimal("250000.00")),
    ]
    assert balance(world, date(2029, 1, 10)) == Decimal("0.00")


def test_the_account_page_shows_what_is_due_but_not_yet_posted(world, as_persona, time_machine):
    time_machine.move_to("2027-02-01 09:00 +09:00")
    text = text_of(as_persona("dapa").get(reverse("offsets:credit_account", args=[world.offsets.account.pk])))
    assert "due, not yet posted" in text
    assert "USD 375,000.00" in text
