"""Test factories for the offset workflow (fictional programmes and amounts)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.base import ContentFile

from accounts.choices import OrganizationKind
from companies.models import OffsetField
from core.testing import make_org
from offsets import credits, services
from offsets.choices import LedgerKind
from offsets.models import (
    Agreement,
    Claim,
    ClaimEvidence,
    ObligationItem,
    PolicyVersion,
    Programme,
    ProgrammeDocument,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_programme(reference: str = "DAPA-T-001", **fields) -> Programme:
    defaults = {
        "name_ko": "차기 해상작전헬기 2차",
        "name_en": "Maritime Helicopter Phase 2",
        "weapon_system_en": "Maritime helicopter",
        "estimated_amount": Decimal("120000000.00"),
        "currency": "USD",
        "competitive": True,
        "reference_date": date(2024, 3, 1),
    }
    return Programme.objects.create(dapa_reference=reference, **(defaults | fields))


def make_agreement(programme: Programme, contractor, **fields) -> Agreement:
    programme.contractors.add(contractor)
    defaults = {
        "moa_date": date(2024, 9, 1),
        "obligation_usd": Decimal("60000000.00"),
        "period_end": date(2030, 12, 31),
        "policy": PolicyVersion.objects.in_force_on(programme.reference_date),
    }
    return Agreement.objects.create(programme=programme, contractor=contractor, **(defaults | fields))


def make_item(
    agreement: Agreement, *, number: int = 3, kip=None, amount="1000000.00", **fields
) -> ObligationItem:
    item = ObligationItem(
        agreement=agreement,
        offset_field=OffsetField.objects.get(number=number),
        offset_type=fields.pop("offset_type", "direct_defence"),
        kip=kip,
        description_en=fields.pop("description_en", "Rotor blade machining"),
        amount=Decimal(amount),
        currency=fields.pop("currency", "USD"),
        due_date=fields.pop("due_date", date(2029, 12, 31)),
        **fields,
    )
    return services.save_item(item)


def make_claim(item: ObligationItem, by, *, amount="250000.00", evidence=True) -> Claim:
    claim = Claim(item=item, performed_on=date(2025, 6, 30), amount=Decimal(amount), currency="USD")
    claim.description_en = "First lot of blades delivered"
    services.file_claim(claim, by=by)
    if evidence:
        record = ClaimEvidence(claim=claim, original_name="acceptance.pdf", uploaded_by=by)
        record.file.save("acceptance.pdf", ContentFile(PDF_BYTES), save=False)
        record.save()
    return claim


def make_offset_world(foreign, kip_company, users) -> SimpleNamespace:
    programme = make_programme()
    document = ProgrammeDocument(programme=programme, title_en="Draft RFP annex", original_name="annex.pdf")
    document.file.save("annex.pdf", ContentFile(PDF_BYTES), save=False)
    document.save()
    agreement = make_agreement(programme, foreign)
    item = make_item(agreement, kip=kip_company)
    claim = make_claim(item, users.foreign)
    rival = make_org(
        OrganizationKind.FOREIGN_CONTRACTOR, name_ko="", name_en="Eastgate Aerospace", country="GB"
    )
    rival_agreement = make_agreement(make_programme("DAPA-T-002", name_en="Coastal Radar"), rival)
    rival_item = make_item(rival_agreement)
    deposit = credits.post(
        foreign,
        credits.Posting(
            LedgerKind.DEPOSIT,
            date(2024, 1, 10),
            Decimal("500000.00"),
            description="Test rig",
            kip=kip_company,
        ),
        by=users.dapa,
    )[0]
    return SimpleNamespace(
        programme=programme,
        document=document,
        agreement=agreement,
        item=item,
        claim=claim,
        evidence=claim.evidence.first(),
        rival=rival,
        rival_agreement=rival_agreement,
        rival_item=rival_item,
        account=deposit.account,
        deposit=deposit,
    )
