"""Fictional KIP requirements for the demo: published ones with expressions of interest in
several states, one waiting for KDIA and one draft."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.demo import demo_brn
from accounts.models import Organization, User
from companies.models import Capability, CertificationType, Company, DefenceField
from matching import services
from matching.choices import EoiStatus, RequirementStatus, Scope
from matching.models import ExpressionOfInterest, Requirement

# owner, title ko, title en, scope en, fields, capabilities, required certs, preferred certs, sizes, status
REQUIREMENTS = [
    (
        "Northwind Aerosystems",
        "무인기 엔진 터빈 블레이드 가공",
        "Turbine blade machining for the UAV engine",
        "Five-axis machining of nickel-alloy turbine blades, 300 sets a year, with heat treatment.",
        ["aircraft_guided"],
        ["Precision machining", "Heat treatment"],
        ["AS9100"],
        ["NADCAP"],
        ["sme", "mid"],
        RequirementStatus.PUBLISHED,
    ),
    (
        "Aldermoor Defence Ltd",
        "해상초계기 레이돔 복합재 제작",
        "Composite radomes for the patrol aircraft",
        "Radome shells in quartz/epoxy, 12 a year, with RF transmission testing.",
        ["aircraft_guided"],
        ["Composite manufacturing", "Test and evaluation"],
        ["ISO 9001"],
        ["AS9100"],
        [],
        RequirementStatus.PUBLISHED,
    ),
    (
        "Northwind Aerosystems",
        "착륙장치 작동기 정비",
        "Landing-gear actuator depot maintenance",
        "Overhaul of main landing-gear actuators for the fleet in Korea.",
        ["aircraft_guided"],
        ["Hydraulic components"],
        ["KDS defence quality management certification"],
        [],
        [],
        RequirementStatus.PENDING,
    ),
    (
        "Aldermoor Defence Ltd",
        "함정용 케이블 하네스",
        "Cable harnesses for the frigate sonar",
        "Harnesses to the contractor's drawings; MIL-spec crimping.",
        ["naval"],
        ["Cable harness assembly"],
        [],
        ["ISO 9001"],
        ["sme"],
        RequirementStatus.DRAFT,
    ),
]
# company serial, requirement index, scope, message, final status, reason
EOIS = [
    (
        10101,
        0,
        Scope.FULL,
        "터빈 블레이드 5축 가공과 열처리를 한 공장에서 합니다. 연 400세트 생산 능력이 있습니다.",
        EoiStatus.SHORTLISTED,
        "Strong blade references; please prepare a first-article plan.",
    ),
    (
        10303,
        1,
        Scope.FULL,
        "레이돔 복합재 성형과 RF 투과 시험 설비를 갖추고 있습니다.",
        EoiStatus.RECEIVED,
        "",
    ),
    (10202, 0, Scope.PARTIAL, "We can take the heat-treatment part of the scope.", EoiStatus.SUBMITTED, ""),
]


def _requirement(row, kdia) -> Requirement:
    owner, title_ko, title_en, scope, fields, capabilities, required, preferred, sizes, status = row
    contractor = Organization.objects.get(name_en=owner)
    requirement = Requirement.objects.create(
        owner=contractor,
        title_ko=title_ko,
        title_en=title_en,
        scope_en=scope,
        size_classes=sizes,
        deadline=timezone.localdate() + timedelta(days=45),
        status=RequirementStatus.DRAFT,
        created_by=User.objects.members_of([contractor])[0],
    )
    requirement.defence_fields.set(DefenceField.objects.filter(code__in=fields))
    requirement.capabilities.set(Capability.objects.filter(name_en__in=capabilities))
    requirement.required_certifications.set(CertificationType.objects.filter(name_en__in=required))
    requirement.preferred_certifications.set(CertificationType.objects.filter(name_en__in=preferred))
    if status in (RequirementStatus.PENDING, RequirementStatus.PUBLISHED):
        requirement = services.submit_requirement(requirement.pk, by=requirement.created_by)
    if status == RequirementStatus.PUBLISHED:
        requirement = services.moderate(requirement.pk, publish=True, note="", by=kdia)
    return requirement


def load() -> list[dict]:
    if Requirement.objects.exists():
        return []
    kdia = User.objects.staff_of("kdia")
    names = {row[0] for row in REQUIREMENTS}
    if not kdia or Organization.objects.filter(name_en__in=names).count() < len(names):
        return []
    with transaction.atomic():
        requirements = [_requirement(row, kdia[0]) for row in REQUIREMENTS]
        for serial, index, scope, message, status, reason in EOIS:
            company = Company.objects.filter(brn=demo_brn(serial), organization__isnull=False).first()
            if company is None:
                continue
            author = User.objects.members_of([company.organization])[0]
            eoi = ExpressionOfInterest(
                requirement=requirements[index], company=company, scope=scope, message_ko=message
            )
            services.save_eoi(eoi, products=list(company.products.all()[:2]), by=author)
            eoi = services.submit_eoi(eoi.pk, by=author)
            if status != EoiStatus.SUBMITTED:
                owner = User.objects.members_of([eoi.requirement.owner])[0]
                services.answer_eoi(
                    eoi.pk, status=status, reason=reason, seen_version=eoi.updated_at.isoformat(), by=owner
                )
    return []
