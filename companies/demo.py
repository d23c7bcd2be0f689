"""The company directory's share of the demo: full profiles for the three demo companies and
300 generated ones. Every company, person, number and address is fictional.

Runs after accounts/demo.py, whose approved Korean organisations already have a (bare) Company
row from the signal in companies/signals.py. Safe to run again: the three profiles are
refreshed in place (certificate expiries move with the date so the "expiring soon" and
"expired" examples stay true) and generated companies whose registration number exists are
skipped.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.demo import DOMAIN, demo_brn
from accounts.models import Organization
from companies.choices import CompanyStatus
from companies.generator import generate_companies, save_companies
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
from search.indexing import rebuild_all

GENERATED_SEED = 20261127
GENERATED_COUNT = 300
# Eight products a company on average gives ~2,400 products, comfortably over the 2,000 the
# search demo needs.
GENERATED_PRODUCTS_PER_COMPANY = 8.0
# The tail of the generated list waits for KDIA or needs an update, so the staff queues have work.
GENERATED_SUBMITTED = 8
GENERATED_NEEDS_UPDATE = 8

# Products: (name_ko, name_en, description_ko, description_en, category (English), hs_code,
#            nsn, trl, platforms_ko, platforms_en, export_controlled, promising_item, specs)
# Certifications: (type (English), number, issuer, days from today; negative = expired).
PROFILES = {
    10101: {  # 솔바람정밀 / Solbaram Precision: the turbine-blade product is described only in Korean
        "company": {
            "ceo_ko": "윤도현",
            "ceo_en": "Yoon Do-hyun",
            "founded": 1997,
            "employees": 86,
            "size_class": "sme",
            "region": "gyeongnam",
            "address_ko": "경상남도 사천시 항공산업로 128",
            "address_en": "128, Hanggongsaneop-ro, Sacheon-si, Gyeongsangnam-do",
            "website": f"https://www.solbaram.{DOMAIN}",
            "description_ko": "솔바람정밀은 1997년 사천에서 설립된 항공 엔진 부품 정밀 가공 전문 기업입니다. "
            "터빈 블레이드 정밀 가공과 엔진 케이싱 제작을 주력으로 하며, 5축 머시닝센터와 진공 열처리 설비를 갖추고 있습니다. "
            "해외 엔진 제작사와의 절충교역 협력을 희망합니다.",
            "description_en": "Solbaram Precision machines aero-engine parts in Sacheon, Korea's aerospace cluster. "
            "We make engine casings, shafts and fuel nozzles on five-axis machining centres, with vacuum heat "
            "treatment in house, and welcome offset cooperation with foreign engine makers.",
            "offset_types": "direct_defence,indirect_defence",
        },
        "fields": ["aircraft_guided", "other"],
        "capabilities": ["Precision machining", "Heat treatment", "Surface treatment", "Test and evaluation"],
        "offset_fields": [2, 3, 5],
        "products": [
            ("터빈 블레이드 정밀 가공", "", "항공기 가스터빈 엔진의 고압 터빈 블레이드를 5축 머시닝센터로 정밀 가공합니다. "
             "니켈계 초내열합금(Inconel 718) 소재를 ±0.005 mm 공차로 가공하며, 전량 3차원 측정기로 검사합니다.", "",
             "Propulsion", "841191", "", 8, "전투기, 고등훈련기", "", True, True,
             [("재질", "Inconel 718", ""), ("치수 공차", "±0.005", "mm"), ("표면 거칠기", "0.4", "µm Ra")]),
            ("엔진 케이싱", "Engine casing", "항공기 엔진용 티타늄 케이싱을 가공합니다.",
             "Titanium engine casings machined from ring forgings.", "Propulsion", "84119110", "2840320011475", 7,
             "고등훈련기", "advanced jet trainers", True, False,
             [("Material", "Ti-6Al-4V", ""), ("Weight", "8.5", "kg")]),
            ("정밀 샤프트", "Precision shaft", "기어박스용 정밀 샤프트입니다.",
             "Gearbox shafts ground to 0.4 µm Ra.", "Mechanical components", "848310", "", 8,
             "기동헬기", "utility helicopters", False, False,
             [("Material", "SCM440", ""), ("Surface roughness", "0.4", "µm Ra")]),
            ("연료 노즐", "Fuel nozzle", "가스터빈 연소기용 연료 노즐입니다.",
             "Combustor fuel nozzles, additively manufactured and finish-machined.", "Propulsion", "841191", "", 6,
             "전투기", "fighter aircraft", True, False, [("Material", "Inconel 718", "")]),
        ],
        "certifications": [
            ("AS9100", "AS-2023-20117", "Asterion Aerospace Registrar", 420),
            ("ISO 9001", "QMS-2023-20118", "Meridian Assurance Registrar", 35),
            ("NADCAP", "NC201190", "Performance Review Institute", -40),
        ],
        "contacts": [
            ("윤도현", "대표이사", f"ceo.solbaram@{DOMAIN}", "+82-55-0000-0101"),
            ("이수아", "기술연구소 선임연구원", f"engineer.solbaram@{DOMAIN}", "+82-55-0000-0102"),
        ],
        "track_records": [
            ("offset", "Northwind Aerosystems 절충교역 터빈 부품 공급", "Northwind Aerosystems offset: engine parts",
             "Northwind Aerosystems", 2021, "2400000", "USD", "터빈 부품 공급", "engine component supplier"),
            ("defence", "고등훈련기 엔진 부품 국산화 개발", "Localisation of engine parts for advanced jet trainers",
             "청운체계", 2018, "1850000000", "KRW", "협력업체 부품 공급", "subcontracted component supply"),
        ],
    },
    10202: {  # 은하수방산테크 / Eunhasu Defence Tech: the landing-gear product is described only in English
        "company": {
            "ceo_ko": "임재원",
            "ceo_en": "Lim Jae-won",
            "founded": 2006,
            "employees": 140,
            "size_class": "sme",
            "region": "daejeon",
            "address_ko": "대전광역시 유성구 테크노로 57",
            "address_en": "57, Techno-ro, Yuseong-gu, Daejeon",
            "website": f"https://www.eunhasu.{DOMAIN}",
            "description_ko": "은하수방산테크는 항공기와 유도무기용 유압 작동 장치를 개발·생산하는 대전 소재 기업입니다.",
            "description_en": "Eunhasu Defence Tech designs and builds hydraulic actuation for aircraft and guided "
            "weapons in Daejeon: landing gear actuators, servo valves and their controllers, qualified to "
            "AS9100 and KDS defence quality management.",
            "offset_types": "direct_defence,direct_commercial,indirect_defence",
        },
        "fields": ["aircraft_guided", "c4i_electronics"],
        "capabilities": ["Hydraulic components", "Embedded systems", "Test and evaluation", "System integration"],
        "offset_fields": [1, 3, 4, 6],
        "products": [
            ("", "Landing gear actuator", "", "Hydraulic landing gear actuators for light attack aircraft and utility "
             "helicopters: retraction and lock actuators rated to 207 bar, with position sensors for the "
             "landing gear control unit. Qualified to MIL-STD-810H.", "Mechanical components", "880730",
             "1620320004412", 8, "", "light attack aircraft, utility helicopters", True, True,
             [("Operating pressure", "207", "bar"), ("Stroke", "180", "mm"), ("Weight", "5.6", "kg")]),
            ("유압 서보 밸브", "Hydraulic servo valve", "비행 제어용 2단 유압 서보 밸브입니다.",
             "Two-stage servo valves for flight control actuators.", "Mechanical components", "848180", "", 7,
             "전투기", "fighter aircraft", True, False, [("Operating pressure", "207", "bar")]),
            ("작동기 제어기", "Actuator control unit", "작동기 위치 제어용 전자 제어기입니다.",
             "Electronic control unit closing the actuator position loop.", "Electronic components", "853710", "",
             6, "무인 정찰기", "reconnaissance UAVs", True, False,
             [("Operating voltage", "28", "VDC"), ("Environmental standard", "MIL-STD-461G", "")]),
        ],
        "certifications": [
            ("AS9100", "AS-2021-30412", "Asterion Aerospace Registrar", -15),
            ("KDS defence quality management certification", "KDS-2023-3041", "국방기술품질원", 50),
            ("ISO 9001", "QMS-2024-30413", "Bluefield Certification", 600),
        ],
        "contacts": [
            ("Jae-won Lim", "Head of International Business", f"admin.eunhasu@{DOMAIN}", "+82-42-0000-0202"),
            ("Min-seo Kang", "Quality Assurance Manager", f"qa.eunhasu@{DOMAIN}", "+82-42-0000-0203"),
        ],
        "track_records": [
            ("export", "폴란드 경공격기 부품 수출", "Export of light attack aircraft parts to Poland",
             "Aldermoor Defence Ltd", 2022, "3150000", "USD", "수출 공급", "exporter"),
            ("offset", "Northwind Aerosystems 절충교역 작동기 공동 개발", "Northwind Aerosystems offset: actuator co-development",
             "Northwind Aerosystems", 2019, "1200000", "USD", "공동 개발", "co-development"),
        ],
    },
    10303: {  # 가을빛복합소재: everything in Korean only, including the radome
        "company": {
            "ceo_ko": "박가을",
            "ceo_en": "",
            "founded": 2011,
            "employees": 42,
            "size_class": "sme",
            "region": "jeonbuk",
            "address_ko": "전북특별자치도 전주시 덕진구 부품소재길 33",
            "address_en": "",
            "website": "",
            "description_ko": "가을빛복합소재는 탄소섬유 복합재로 항공기 구조물과 레이돔을 만드는 전주 소재 중소기업입니다. "
            "오토클레이브 경화와 비파괴 검사 설비를 갖추고 있으며, 무인기와 유도무기용 복합재 구조물을 공급합니다.",
            "description_en": "",
            "offset_types": "direct_defence",
        },
        "fields": ["aircraft_guided"],
        "capabilities": ["Composite manufacturing", "Test and evaluation"],
        "offset_fields": [3],
        "products": [
            ("레이돔", "", "무인 정찰기와 유도무기용 복합재 레이돔입니다. 석영섬유 프리프레그를 오토클레이브로 경화하여 "
             "전파 투과율 90% 이상을 확보합니다.", "", "Structures", "880730", "", 7, "무인 정찰기, 지대공 유도무기", "",
             True, True, [("재질", "석영섬유/에폭시", ""), ("전파 투과율", "≥ 90", "%")]),
            ("복합재 날개 외피", "", "무인기 날개용 탄소섬유 복합재 외피입니다.", "", "Structures", "880730", "", 6,
             "무인 정찰기", "", False, False, [("재질", "CFRP", ""), ("크기", "2,400 x 1,200", "mm")]),
            ("탄소섬유 프리프레그", "", "항공 구조물용 탄소섬유 프리프레그 소재입니다.", "", "Materials", "681599", "", 8,
             "", "", False, False, [("인장 강도", "1,400", "MPa")]),
            ("경량 복합재 방탄판", "", "차량용 경량 복합재 방탄판입니다.", "", "Materials", "690919", "", 6,
             "차륜형 장갑차", "", False, False, [("밀도", "1.6", "g/cm³")]),
        ],
        "certifications": [
            ("ISO 9001", "QMS-2022-40317", "Bluefield Certification", 20),
            ("AS9100", "AS-2020-40318", "Meridian Assurance Registrar", -90),
            ("KDS defence quality management certification", "KDS-2024-4031", "국방기술품질원", 300),
        ],
        "contacts": [("박가을", "대표이사", f"admin.gaeul@{DOMAIN}", "+82-63-0000-0303")],
        "track_records": [
            ("defence", "무인 정찰기 복합재 구조물 개발", "", "새나래항공", 2020, "640000000", "KRW", "시제 제작", ""),
        ],
    },
}  # fmt: skip


def load() -> list[dict]:
    """Enrich the three demo companies and add the generated ones; adds no accounts."""
    today = timezone.localdate()
    with transaction.atomic():
        for serial, profile in PROFILES.items():
            _enrich(serial, profile, today)
    records = list(
        generate_companies(
            GENERATED_COUNT,
            seed=GENERATED_SEED,
            products_per_company=GENERATED_PRODUCTS_PER_COMPANY,
            today=today,
        )
    )
    published = len(records) - GENERATED_SUBMITTED - GENERATED_NEEDS_UPDATE
    save_companies(records[:published], status=CompanyStatus.PUBLISHED)
    save_companies(records[published : published + GENERATED_NEEDS_UPDATE], status=CompanyStatus.NEEDS_UPDATE)
    save_companies(records[published + GENERATED_NEEDS_UPDATE :], status=CompanyStatus.SUBMITTED)
    # Bulk-saved records send no signals, so the search index is rebuilt here, once.
    rebuild_all(["company", "product"])
    return []


def _upsert(model, lookup: dict, values: dict):
    """get-or-create by ``lookup``, then save only fields that differ, so a second run writes
    nothing (and adds no history rows) unless the data really changed."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save()
    return instance


def _enrich(serial: int, profile: dict, today) -> None:
    brn = demo_brn(serial)
    company = Company.objects.filter(brn=brn).first()
    if company is None:  # the signal did not run (e.g. the organisation is not approved yet)
        organization = Organization.objects.filter(registration_number=brn).first()
        if organization is None:
            return
        company = Company.objects.create(
            brn=brn, organization=organization, name_ko=organization.name_ko, name_en=organization.name_en
        )
    values = dict(profile["company"], status=CompanyStatus.PUBLISHED)
    if company.last_verified_at is None or company.status != CompanyStatus.PUBLISHED:
        values["last_verified_at"] = timezone.now() - timedelta(days=20)
    company = _upsert(Company, {"pk": company.pk}, values)
    _set_m2m(company.fields, DefenceField.objects.filter(code__in=profile["fields"]))
    _set_m2m(company.capabilities, Capability.objects.filter(name_en__in=profile["capabilities"]))
    _set_m2m(company.offset_fields, OffsetField.objects.filter(number__in=profile["offset_fields"]))

    categories = dict(ProductCategory.objects.values_list("name_en", "pk"))
    for row in profile["products"]:
        name_ko, name_en, description_ko, description_en, category, hs_code, nsn, trl = row[:8]
        platforms_ko, platforms_en, export_controlled, promising_item, specifications = row[8:]
        lookup = {"company": company, "name_ko": name_ko, "name_en": name_en}
        product = _upsert(
            Product,
            lookup,
            {
                "description_ko": description_ko,
                "description_en": description_en,
                "category_id": categories.get(category),
                "hs_code": hs_code,
                "nsn": nsn,
                "trl": trl,
                "platforms_ko": platforms_ko,
                "platforms_en": platforms_en,
                "export_controlled": export_controlled,
                "promising_item": promising_item,
            },
        )
        for order, (name, value, unit) in enumerate(specifications):
            _upsert(
                Specification,
                {"product": product, "name": name},
                {"value": value, "unit": unit, "order": order},
            )

    types = dict(CertificationType.objects.values_list("name_en", "pk"))
    for type_en, number, issuer, days in profile["certifications"]:
        if type_en in types:
            _upsert(
                Certification,
                {"company": company, "type_id": types[type_en]},
                {"number": number, "issuer": issuer, "expires_on": today + timedelta(days=days)},
            )
    for name, title, email, phone in profile["contacts"]:
        _upsert(Contact, {"company": company, "email": email}, {"name": name, "title": title, "phone": phone})
    for kind, programme_ko, programme_en, partner, year, value, currency, role_ko, role_en in profile[
        "track_records"
    ]:
        _upsert(
            TrackRecord,
            {"company": company, "kind": kind, "programme_ko": programme_ko, "programme_en": programme_en},
            {
                "partner": partner,
                "year": year,
                "value": Decimal(value),
                "currency": currency,
                "role_ko": role_ko,
                "role_en": role_en,
            },
        )


def _set_m2m(manager, queryset) -> None:
    # .set() compares with what is there and only adds or removes the difference.
    manager.set(list(queryset))
