"""Bulk writes behind ``companies.generator.save_companies``.

Kept apart from the generator because it imports the models: the generator itself must stay
importable (and usable by the search benchmark) without a configured database.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from companies import exporting
from companies.choices import CompanyStatus
from companies.models import (
    Capability,
    Certification,
    CertificationType,
    Company,
    Contact,
    DefenceField,
    OffsetField,
    Product,
    ProductCategory,
    Specification,
    TrackRecord,
)


def taxonomy_maps() -> dict[str, dict]:
    """Primary keys of the taxonomy rows by the names the generator uses; one query each."""
    return {
        "field": dict(DefenceField.objects.values_list("code", "pk")),
        "capability": dict(Capability.objects.values_list("name_en", "pk")),
        "offset_field": dict(OffsetField.objects.values_list("number", "pk")),
        "certification": dict(CertificationType.objects.values_list("name_en", "pk")),
        "category": dict(ProductCategory.objects.values_list("name_en", "pk")),
    }


def _verified_at(brn: str, status: str, now):
    # Spread over recent months (or over a year ago for profiles needing an update) by serial,
    # so the demo's "last verified" column varies and stays the same between runs of a day.
    serial = int(brn[3:9])
    if status == CompanyStatus.PUBLISHED:
        return now - timedelta(days=serial % 150, minutes=serial % 1440)
    if status == CompanyStatus.NEEDS_UPDATE:
        return now - timedelta(days=400 + serial % 300)
    return None


def _link(field_name: str, pairs: list[tuple[int, int]]) -> None:
    """Bulk-insert many-to-many rows into the auto-created through table."""
    if not pairs:
        return
    m2m = Company._meta.get_field(field_name)
    through = m2m.remote_field.through
    source, target = m2m.m2m_field_name() + "_id", m2m.m2m_reverse_field_name() + "_id"
    through.objects.bulk_create([through(**{source: a, target: b}) for a, b in pairs])


def _require_pks(objects, what: str) -> None:
    # Child rows need the parents' ids; SQLite >= 3.35 and PostgreSQL return them from INSERT.
    if objects and objects[0].pk is None:
        raise RuntimeError(f"the database returned no ids for bulk-inserted {what}")


def save_batch(batch, maps: dict[str, dict], status: str, seen: set[str]) -> tuple[int, int]:
    """Save one batch of CompanyRecords in one transaction; returns (companies, products)."""
    existing = set(Company.objects.filter(brn__in=[r.brn for r in batch]).values_list("brn", flat=True))
    fresh = []
    for record in batch:
        if record.brn not in existing and record.brn not in seen:
            seen.add(record.brn)
            fresh.append(record)
    if not fresh:
        return 0, 0
    now = timezone.now()
    with transaction.atomic():
        companies = Company.objects.bulk_create(
            [
                Company(
                    brn=r.brn,
                    name_ko=r.name_ko,
                    name_en=r.name_en,
                    ceo_ko=r.ceo_ko,
                    ceo_en=r.ceo_en,
                    founded=r.founded,
                    employees=r.employees,
                    size_class=r.size_class,
                    region=r.region,
                    address_ko=r.address_ko,
                    address_en=r.address_en,
                    website=r.website,
                    description_ko=r.description_ko,
                    description_en=r.description_en,
                    offset_types=",".join(r.offset_types),
                    status=status,
                    last_verified_at=_verified_at(r.brn, status, now),
                )
                for r in fresh
            ]
        )
        _require_pks(companies, "companies")
        _save_children(fresh, [c.pk for c in companies], maps)
        products = _save_products(fresh, [c.pk for c in companies], maps)
    return len(companies), products


def _save_children(records, company_ids: list[int], maps: dict[str, dict]) -> None:
    fields, capabilities, offset_fields = [], [], []
    certifications, contacts, track_records = [], [], []
    for record, company_id in zip(records, company_ids, strict=True):
        # Names missing from the maps were renamed or removed by KDIA; skip them, don't fail.
        fields += [(company_id, maps["field"][c]) for c in record.field_codes if c in maps["field"]]
        capabilities += [
            (company_id, maps["capability"][c]) for c in record.capabilities if c in maps["capability"]
        ]
        offset_fields += [
            (company_id, maps["offset_field"][n]) for n in record.offset_fields if n in maps["offset_field"]
        ]
        certifications += [
            Certification(
                company_id=company_id,
                type_id=maps["certification"][c.type_en],
                number=c.number,
                issuer=c.issuer,
                expires_on=c.expires_on,
            )
            for c in record.certifications
            if c.type_en in maps["certification"]
        ]
        contacts += [Contact(company_id=company_id, **c._asdict()) for c in record.contacts]
        track_records += [TrackRecord(company_id=company_id, **t._asdict()) for t in record.track_records]
    _link("fields", fields)
    _link("capabilities", capabilities)
    _link("offset_fields", offset_fields)
    Certification.objects.bulk_create(certifications)
    Contact.objects.bulk_create(contacts)
    TrackRecord.objects.bulk_create(track_records)


def _save_products(records, company_ids: list[int], maps: dict[str, dict]) -> int:
    rows, specifications = [], []
    for record, company_id in zip(records, company_ids, strict=True):
        for p in record.products:
            rows.append(
                Product(
                    company_id=company_id,
                    name_ko=p.name_ko,
                    name_en=p.name_en,
                    description_ko=p.description_ko,
                    description_en=p.description_en,
                    category_id=maps["category"].get(p.category),
                    hs_code=p.hs_code,
                    nsn=p.nsn,
                    trl=p.trl,
                    platforms_ko=p.platforms_ko,
                    platforms_en=p.platforms_en,
                    export_controlled=p.export_controlled,
                    promising_item=p.promising_item,
                )
            )
            specifications.append(p.specifications)
    products = Product.objects.bulk_create(rows)
    _require_pks(products, "products")
    Specification.objects.bulk_create(
        [
            Specification(product_id=product.pk, name=name, value=value, unit=unit, order=order)
            for product, specs in zip(products, specifications, strict=True)
            for order, (name, value, unit) in enumerate(specs)
        ]
    )
    return len(products)


def as_import_csv(records) -> bytes:
    """Generated companies as the directory import's CSV (benchmarks and crash tests import it)."""
    table = [
        [
            r.brn,
            r.name_ko,
            r.name_en,
            r.description_ko,
            r.description_en,
            r.size_class,
            r.region,
            ";".join(r.field_codes),
            ";".join(r.capabilities),
            ";".join(c.type_en for c in r.certifications),
            ";".join(str(n) for n in r.offset_fields),
            r.website,
            str(r.founded),
            str(r.employees),
        ]
        for r in records
    ]
    return exporting.to_csv(exporting.COMPANY_COLUMNS, table)
