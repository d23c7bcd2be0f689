"""Fictional offset programmes, MOAs, claims, banked credit and exchange rates for the demo.

Every name, reference and amount is invented. Rates are plausible but fictional monthly
figures dated the 1st, so every day has a rate at most 31 days old.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from accounts.models import Organization, User
from companies.choices import PUBLIC_STATUSES
from companies.models import Company, OffsetField
from offsets import credits, services
from offsets.choices import ClaimStatus, LedgerKind
from offsets.models import (
    Agreement,
    Claim,
    CreditAccount,
    ExchangeRate,
    ObligationItem,
    PolicyVersion,
    Programme,
)

DEMO_RATE_SOURCE = "Demo rates (fictional)"
# USD per unit around which the fictional monthly rates move.
RATE_CENTRES = {
    "KRW": Decimal("0.00078"),
    "EUR": Decimal("1.11"),
    "GBP": Decimal("1.29"),
    "JPY": Decimal("0.0076"),
}
RATE_YEARS = range(2015, 2028)

PROGRAMMES = [
    # reference, name ko, name en, weapon system ko, weapon system en, amount, currency, competitive,
    # reference date, state, contractor names
    (
        "DAPA-DEMO-19-07",
        "차기 전투기 후속지원",
        "Next Fighter Sustainment",
        "전투기",
        "Fighter aircraft",
        "850000000",
        "USD",
        True,
        date(2019, 6, 14),
        "implementation",
        ["Northwind Aerosystems"],
    ),
    (
        "DAPA-DEMO-22-03",
        "해상초계기 2차",
        "Maritime Patrol Aircraft II",
        "해상초계기",
        "Maritime patrol aircraft",
        "420000000",
        "GBP",
        False,
        date(2022, 3, 7),
        "moa",
        ["Aldermoor Defence Ltd"],
    ),
    (
        "DAPA-DEMO-24-11",
        "중고도 무인기",
        "Medium-Altitude UAV",
        "무인항공기",
        "Unmanned aerial vehicle",
        "260000000",
        "EUR",
        True,
        date(2024, 11, 20),
        "negotiation",
        ["Northwind Aerosystems", "Aldermoor Defence Ltd"],
    ),
    (
        "DAPA-DEMO-26-02",
        "전술통신 현대화",
        "Tactical Communications Modernisation",
        "전술통신체계",
        "Tactical communications",
        "95000000000",
        "KRW",
        True,
        date(2026, 2, 2),
        "rfp",
        [],
    ),
    (
        "DAPA-DEMO-25-05",
        "훈련용 모의비행장치",
        "Training Flight Simulator",
        "모의비행장치",
        "Flight simulator",
        "8500000",
        "USD",
        True,
        date(2025, 5, 12),
        "planned",
        [],
    ),
]


def _rates() -> None:
    if ExchangeRate.objects.filter(source=DEMO_RATE_SOURCE).exists():
        return
    rows = []
    for year in RATE_YEARS:
        for month in range(1, 13):
            step = (year - RATE_YEARS.start) * 12 + month
            wobble = Decimal((step * 37) % 17 - 8) / Decimal(200)  # within +/- 4 %
            for currency, centre in RATE_CENTRES.items():
                rate = (centre * (1 + wobble)).quantize(Decimal("0.000000001"))
                rows.append(
                    ExchangeRate(
                        currency=currency,
                        date=date(year, month, 1),
                        usd_per_unit=rate,
                        source=DEMO_RATE_SOURCE,
                    )
                )
    ExchangeRate.objects.bulk_create(rows, ignore_conflicts=True)


def _programmes(officer) -> dict[str, Programme]:
    found = {}
    for ref, name_ko, name_en, ws_ko, ws_en, amount, currency, competitive, day, state, names in PROGRAMMES:
        programme, created = Programme.objects.get_or_create(
            dapa_reference=ref,
            defaults={
                "name_ko": name_ko,
                "name_en": name_en,
                "weapon_system_ko": ws_ko,
                "weapon_system_en": ws_en,
                "estimated_amount": Decimal(amount),
                "currency": currency,
                "competitive": competitive,
                "reference_date": day,
                "summary_en": f"Fictional demo programme: {name_en.lower()}.",
                "summary_ko": f"데모용 가상 사업: {name_ko}.",
            },
        )
        if created:
            programme.contractors.set(Organization.objects.filter(name_en__in=names))
            services.record_creation(programme, officer)
            while programme.state != state:
                following = services.allowed_states(programme)[0]
                programme = services.change_state(
                    programme.pk, to_state=following, seen_state=programme.state, note="", by=officer
                )
        found[ref] = programme
    return found


def _kips() -> list[Company]:
    return list(Company.objects.filter(status__in=PUBLIC_STATUSES, size_class="sme").order_by("brn")[:6])


def _agreement(programme, contractor, moa_date, obligation, period_end, items, kips) -> Agreement:
    agreement = Agreement.objects.create(
        programme=programme,
        contractor=contractor,
        policy=PolicyVersion.objects.in_force_on(programme.reference_date),
        moa_date=moa_date,
        obligation_usd=Decimal(obligation),
        period_end=period_end,
    )
    for number, offset_type, description_ko, description_en, amount, kip_index in items:
        item = ObligationItem(
            agreement=agreement,
            offset_field=OffsetField.objects.get(number=number),
            offset_type=offset_type,
            kip=kips[kip_index] if kip_index is not None and kip_index < len(kips) else None,
            description_ko=description_ko,
            description_en=description_en,
            amount=Decimal(amount),
            currency="USD",
            due_date=period_end,
        )
        services.save_item(item)
    return agreement


def _claim(
    item, by, performed_on, amount, description_en, decision=None, dapa=None, approved=None, reason=""
):
    claim = Claim(item=item, performed_on=performed_on, amount=Decimal(amount), currency="USD")
    claim.description_en = description_en
    services.file_claim(claim, by=by)
    if decision:
        claim.refresh_from_db()
        services.decide_claim(
            claim.pk,
            decision=decision,
            approved_usd=Decimal(approved) if approved else None,
            reason=reason,
            seen_version=claim.updated_at.isoformat(),
            by=dapa,
        )


def _obligations(programmes, dapa, contractors) -> None:
    if Agreement.objects.filter(programme__dapa_reference__startswith="DAPA-DEMO-").exists():
        return
    kips = _kips()
    northwind = contractors["Northwind Aerosystems"]
    fighter = _agreement(
        programmes["DAPA-DEMO-19-07"],
        northwind,
        date(2020, 2, 17),
        "425000000",
        date(2028, 12, 31),
        [
            (
                1,
                "direct_defence",
                "레이더 신호처리 기술 이전",
                "Radar signal-processing technology transfer",
                "40000000",
                0,
            ),
            (
                3,
                "direct_defence",
                "착륙장치 작동기 공동생산",
                "Landing-gear actuator co-production",
                "65000000",
                1,
            ),
            (
                5,
                "direct_defence",
                "정비용 수리부속 국산화",
                "Local production of maintenance spares",
                "30000000",
                2,
            ),
            (
                6,
                "indirect_commercial",
                "민수 복합소재 수출 연계",
                "Export linkage of commercial composites",
                "12000000",
                3,
            ),
        ],
        kips,
    )
    buyer = User.objects.filter(membership_record__organization=northwind).first()
    items = list(fighter.items.order_by("offset_field__number"))
    _claim(
        items[0],
        buyer,
        date(2022, 10, 31),
        "12500000",
        "Algorithm package and training delivered",
        ClaimStatus.APPROVED,
        dapa,
        "12500000",
    )
    _claim(
        items[1],
        buyer,
        date(2024, 6, 28),
        "18000000",
        "First 40 actuator sets accepted",
        ClaimStatus.CLARIFICATION,
        dapa,
        reason="Attach the acceptance certificates for sets 31-40.",
    )
    _claim(items[2], buyer, date(2025, 9, 30), "6200000", "Spares qualification completed")
    aldermoor = contractors["Aldermoor Defence Ltd"]
    _agreement(
        programmes["DAPA-DEMO-22-03"],
        aldermoor,
        date(2023, 5, 9),
        "160000000",
        date(2031, 6, 30),
        [
            (
                3,
                "direct_defence",
                "소나 트랜스듀서 공동개발",
                "Sonar transducer co-development",
                "25000000",
                4,
            ),
            (4, "indirect_defence", "방산물자 수출 지원", "Support for defence exports", "18000000", 5),
        ],
        kips,
    )
    if not CreditAccount.objects.filter(contractor=northwind).exists() and kips:
        for day, amount, text in [
            (date(2019, 3, 4), "2400000", "Joint composite test rig (approved by DAPA)"),
            (date(2022, 5, 16), "1500000", "Avionics harness qualification (approved by DAPA)"),
        ]:
            posting = credits.Posting(LedgerKind.DEPOSIT, day, Decimal(amount), description=text, kip=kips[0])
            credits.post(northwind, posting, by=dapa)
        withdrawal = credits.Posting(
            LedgerKind.WITHDRAWAL,
            date(2023, 1, 20),
            Decimal("1000000"),
            description="Applied to the fighter sustainment obligation",
            agreement=fighter,
        )
        credits.post(northwind, withdrawal, by=dapa)
    credits.post_due_entries(services.today_in_seoul())


def load() -> list[dict]:
    dapa = User.objects.filter(membership_record__organization__kind="dapa").order_by("pk").first()
    contractors = {
        org.name_en: org for org in Organization.objects.filter(kind="foreign_contractor", status="approved")
    }
    with transaction.atomic():
        _rates()
        programmes = _programmes(dapa)
        if {"Northwind Aerosystems", "Aldermoor Defence Ltd"} <= contractors.keys():
            _obligations(programmes, dapa, contractors)
    return []
