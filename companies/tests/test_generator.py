"""The fictional data generator and the directory's demo data."""

import os
import re
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from itertools import product as combinations

import pytest
from django.conf import settings

from companies import generator_terms as terms
from companies.choices import CompanyStatus, Region
from companies.generator import FIRST_SERIAL, OFFSET_TYPES, generate_companies, save_companies
from companies.generator_text import josa
from companies.models import (
    Certification,
    Company,
    Contact,
    Product,
    Specification,
    TrackRecord,
)
from companies.taxonomy_data import CAPABILITIES, CERTIFICATION_TYPES, DEFENCE_FIELDS, PRODUCT_CATEGORIES
from core.identifiers import brn_is_valid

TODAY = date(2026, 11, 27)
# Real defence and industrial groups the fictional names must never borrow.
AVOID_SHORT = {"LIG", "KAI", "LG", "SNT", "KIA"}  # whole words only: "Kia" would hit "Kiaro"
AVOID_LONG = ("hanwha", "hyundai", "samsung", "poongsan", "doosan", "firstec", "victek", "huneed", "satrec",
              "korea aerospace", "nex1")  # fmt: skip
AVOID_KO = ("한화", "엘아이지", "한국항공우주", "현대", "삼성", "엘지", "풍산", "에스앤티", "두산", "기아",
            "퍼스텍", "빅텍", "휴니드", "쎄트렉")  # fmt: skip


@pytest.fixture(scope="module")
def sample():
    """3,000 companies: enough for the shares to settle within a few percent."""
    return list(generate_companies(3000, seed=7, today=TODAY))


def share(records, predicate) -> float:
    return sum(1 for r in records if predicate(r)) / len(records)


def test_the_text_half_imports_and_runs_without_django():
    code = "from companies.generator import generate_companies; print(len(list(generate_companies(20))))"
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(settings.BASE_DIR)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "20"


def test_same_seed_gives_the_same_records_and_another_seed_others():
    first = list(generate_companies(40, seed=11, today=TODAY))
    assert first == list(generate_companies(40, seed=11, today=TODAY))
    other = list(generate_companies(40, seed=12, today=TODAY))
    assert [r.name_ko for r in first] != [r.name_ko for r in other]
    assert [r.description_ko for r in first] != [r.description_ko for r in other]
    # Numbers depend on position only, so a benchmark can regenerate any slice.
    assert [r.brn for r in first] == [r.brn for r in other]


def test_registration_numbers_are_valid_unique_and_clear_of_the_demo_and_tests(sample):
    brns = [r.brn for r in sample]
    assert len(set(brns)) == len(brns)
    assert all(brn_is_valid(b) and b.startswith("000") for b in brns)
    assert min(int(b[3:9]) for b in brns) == FIRST_SERIAL
    with pytest.raises(ValueError):
        list(generate_companies(10, first_serial=999_995))


def test_offset_fields_6_and_7_never_come_alone(sample):
    for record in sample:
        assert set(record.offset_fields) <= set(range(1, 8))
        if {6, 7} & set(record.offset_fields):
            assert set(record.offset_fields) & {1, 2, 3, 4, 5}
        assert set(record.offset_types) <= set(OFFSET_TYPES)
    assert any(6 in r.offset_fields for r in sample) and any(7 in r.offset_fields for r in sample)


def test_language_shares_follow_what_the_search_must_handle(sample):
    korean_only = share(sample, lambda r: r.description_ko and not r.description_en)
    english_only = share(sample, lambda r: r.description_en and not r.description_ko)
    assert 0.41 <= korean_only <= 0.49
    assert 0.12 <= english_only <= 0.18
    assert 0.12 <= share(sample, lambda r: not r.name_en) <= 0.18
    assert all(r.name_ko or r.name_en for r in sample)
    products = [p for r in sample for p in r.products]
    assert 0.3 <= sum(1 for p in products if p.description_ko and not p.description_en) / len(products) <= 0.6
    assert any(not p.name_en for p in products) and any(not p.name_ko for p in products)
    # Korean compounds are sometimes run together, as real writers do.
    assert any("터빈블레이드" in r.description_ko for r in sample)
    assert any("터빈 블레이드" in r.description_ko for r in sample)


def test_names_are_invented_and_never_borrow_a_real_company():
    candidates = [
        (root_ko + mid_ko + suffix_ko, f"{root_en}{mid_en} {suffix_en}")
        for (root_ko, root_en), (mid_ko, mid_en), (suffix_ko, suffix_en) in combinations(
            terms.NAME_ROOTS, terms.NAME_MIDS, terms.NAME_SUFFIXES
        )
    ]
    candidates += [(ko, en) for ko, en in terms.DOMESTIC_PRIMES]
    candidates += [("", en) for en in terms.FOREIGN_PARTNERS]
    for name_ko, name_en in candidates:
        assert not AVOID_SHORT & {word.upper() for word in re.findall(r"[A-Za-z0-9]+", name_en)}, name_en
        assert not any(bad in name_en.lower() for bad in AVOID_LONG), name_en
        assert not any(bad in name_ko for bad in AVOID_KO), name_ko


def test_vocabulary_is_large_and_matches_the_taxonomies():
    assert len(terms.PRODUCT_TERMS) + len(terms.PROCESS_TERMS) >= 60
    fields = {code for code, _ko, _en in DEFENCE_FIELDS}
    categories = {en for _ko, en in PRODUCT_CATEGORIES}
    capabilities = {en for _ko, en in CAPABILITIES}
    for _ko, _en, field_code, category, capability, hs6, fsc in terms.PRODUCT_TERMS:
        assert field_code in fields and category in categories and capability in capabilities
        assert re.fullmatch(r"\d{6}", hs6) and re.fullmatch(r"\d{4}", fsc)
    assert {cap for _ko, _en, cap in terms.PROCESS_TERMS} == capabilities
    assert set(terms.CERTIFICATIONS) <= {en for _ko, en in CERTIFICATION_TYPES}
    assert set(terms.REGIONS) == set(Region.values)


def test_records_hold_valid_values(sample):
    categories = {en for _ko, en in PRODUCT_CATEGORIES}
    for record in sample[:600]:
        assert record.field_codes and record.capabilities
        assert {"sme": range(1, 300), "mid": range(300, 1000), "large": range(1000, 10**5)}[
            record.size_class
        ].__contains__(record.employees)
        for contact in record.contacts:
            assert contact.email.endswith(".invalid")
            assert re.fullmatch(r"\+82-\d{1,2}-0000-\d{4}", contact.phone)
        assert not record.website or record.website.endswith(".invalid")
        names_ko = [p.name_ko for p in record.products if p.name_ko]
        names_en = [p.name_en for p in record.products if p.name_en]
        assert len(names_ko) == len(set(names_ko)) and len(names_en) == len(set(names_en))
        for p in record.products:
            assert p.name_ko or p.name_en
            assert p.category in categories
            assert re.fullmatch(r"\d{6,10}", p.hs_code)
            assert p.nsn == "" or re.fullmatch(r"\d{13}", p.nsn)
            assert p.trl is None or 1 <= p.trl <= 9
            assert 2 <= len(p.specifications) <= 4


def test_sizes_and_regions_are_weighted_and_every_region_appears(sample):
    sizes = Counter(r.size_class for r in sample)
    assert 0.70 <= sizes["sme"] / len(sample) <= 0.80
    assert 0.16 <= sizes["mid"] / len(sample) <= 0.24
    assert 0.03 <= sizes["large"] / len(sample) <= 0.07
    regions = Counter(r.region for r in sample[:300])
    assert set(regions) == set(Region.values)
    assert {code for code, _n in Counter(r.region for r in sample).most_common(4)} <= {
        "gyeonggi", "gyeongnam", "daejeon", "busan", "seoul",
    }  # fmt: skip


def test_certificate_expiries_are_spread_around_today(sample):
    expiries = [c.expires_on for r in sample for c in r.certifications if c.expires_on]
    expired = sum(1 for d in expiries if d < TODAY) / len(expiries)
    soon = sum(1 for d in expiries if TODAY <= d <= TODAY + timedelta(days=60)) / len(expiries)
    assert 0.05 <= expired <= 0.15
    assert 0.07 <= soon <= 0.17
    assert 1 - expired - soon >= 0.7


@pytest.mark.parametrize(
    ("word", "particle", "expected"),
    [
        ("레이돔", "을", "레이돔을"),
        ("조준경", "과", "조준경과"),
        ("한결테크", "은", "한결테크는"),
        ("솔빛정밀", "은", "솔빛정밀은"),
        ("중소기업", "으로", "중소기업으로"),
        ("정밀", "으로", "정밀로"),
        ("배터리 팩", "이", "배터리 팩이"),
        ("ISO 9001", "을", "ISO 9001을"),
    ],
)
def test_korean_particles_follow_the_last_syllable(word, particle, expected):
    assert josa(word, particle) == expected


@pytest.mark.django_db
def test_save_companies_writes_everything_once_and_skips_known_numbers():
    records = list(generate_companies(40, seed=5, today=TODAY))
    calls = []
    assert save_companies(records[:30], batch_size=16) == (30, sum(len(r.products) for r in records[:30]))
    created = save_companies(records, batch_size=16, progress=lambda done, total: calls.append((done, total)))
    assert created == (10, sum(len(r.products) for r in records[30:]))
    assert calls == [(16, 40), (32, 40), (40, 40)]
    assert save_companies(iter(records)) == (0, 0)

    assert Company.objects.count() == 40
    assert Product.objects.count() == sum(len(r.products) for r in records)
    assert Specification.objects.count() == sum(len(p.specifications) for r in records for p in r.products)
    assert Certification.objects.count() == sum(len(r.certifications) for r in records)
    assert Contact.objects.count() == sum(len(r.contacts) for r in records)
    assert TrackRecord.objects.count() == sum(len(r.track_records) for r in records)
    record = records[3]
    company = Company.objects.get(brn=record.brn)
    assert company.status == CompanyStatus.PUBLISHED and company.last_verified_at is not None
    assert sorted(company.fields.values_list("code", flat=True)) == sorted(record.field_codes)
    assert sorted(company.capabilities.values_list("name_en", flat=True)) == sorted(record.capabilities)
    assert sorted(company.offset_fields.values_list("number", flat=True)) == sorted(record.offset_fields)
    assert company.offset_type_list == record.offset_types
    for saved in Company.objects.all():
        saved.full_clean()  # what the forms would accept
    for saved in Product.objects.all()[:50]:
        saved.full_clean()


@pytest.mark.django_db
def test_demo_load_is_complete_and_idempotent():
    from accounts import demo as accounts_demo
    from accounts.demo import demo_brn
    from companies import demo

    accounts_demo.load()
    assert demo.load() == []  # its duration is measured in docs/performance.md, not asserted here
    models = (Company, Product, Specification, Certification, Contact, TrackRecord)
    counts = [m.objects.count() for m in models] + [Company.history.count(), Product.history.count()]
    demo.load()
    assert [m.objects.count() for m in models] + [Company.history.count(), Product.history.count()] == counts
    assert Company.objects.count() >= 303 and Product.objects.count() >= 2000

    solbaram, eunhasu, gaeul = (Company.objects.get(brn=demo_brn(s)) for s in (10101, 10202, 10303))
    blade = solbaram.products.get(name_ko="터빈 블레이드 정밀 가공")
    assert blade.description_ko and not blade.description_en and not blade.name_en
    gear = eunhasu.products.get(name_en="Landing gear actuator")
    assert "landing gear actuators" in gear.description_en and not gear.description_ko and not gear.name_ko
    assert "착륙장치" not in eunhasu.description_ko
    assert gaeul.products.filter(name_ko="레이돔").exists()
    assert not gaeul.name_en and not gaeul.description_en
    assert not gaeul.products.exclude(name_en="", description_en="").exists()
    for company in (solbaram, eunhasu, gaeul):
        assert company.status == CompanyStatus.PUBLISHED and company.organization is not None
        certificates = list(company.certifications.all())
        assert any(c.is_expired for c in certificates) and any(c.expires_soon for c in certificates)
        assert company.contacts.exists() and company.track_records.exists()
