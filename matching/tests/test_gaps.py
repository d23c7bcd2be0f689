"""A company's gap list for a requirement, and the requirements it matches."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from companies.models import Certification, DefenceField, TrackRecord
from matching.choices import RequirementStatus
from matching.gaps import Gap, gap_list, gaps_for, requirements_for
from matching.models import Requirement
from matching.scoring import NOT_MET, assess
from matching.tests.test_scoring import cert_type, make_company, make_requirement, reindex


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def company(world):
    reindex()
    return world.directory.published


def gaps_by_key(gaps):
    return {gap.key: gap for gap in gaps}


def test_an_expiring_certificate_is_a_gap_with_what_to_do(world, company):
    today = timezone.localdate()
    requirement = make_requirement(world.orgs.foreign, days=120, required=["ISO 9001"])
    expiry = today + timedelta(days=40)
    Certification.objects.create(company=company, type=cert_type("ISO 9001"), expires_on=expiry)
    criterion = assess(requirement, company).criteria[0]
    assert criterion.outcome == NOT_MET
    [gap] = gap_list(requirement, company)
    assert gap == Gap(
        key=f"required_certification:{cert_type('ISO 9001').pk}",
        label="Required certification: ISO 9001",
        problem=f"Your ISO 9001 certificate expires on {expiry}, before the deadline {requirement.deadline}.",
        advice="Renew it and update the expiry date on your profile.",
        url=reverse("companies:company_section", args=[company.brn, "certifications"]),
    )


def test_missing_qualifications_each_get_advice_and_a_link(world, company):
    company.size_class = ""
    company.save()
    requirement = make_requirement(
        world.orgs.foreign,
        title_en="landing gear actuator",
        required=["AS9100", "NADCAP"],
        preferred=["ISO 14001"],
        capabilities=["Precision machining", "Welding", "Heat treatment"],
        fields=["aircraft_guided"],
        size_classes=["sme"],
        quality_system_en="NADCAP special process control",
        offset_experience=True,
    )
    gaps = gap_list(requirement, company)
    by_key = gaps_by_key(gaps)
    edit = reverse("companies:company_edit", args=[company.brn])
    certifications = reverse("companies:company_section", args=[company.brn, "certifications"])
    nadcap = by_key[f"required_certification:{cert_type('NADCAP').pk}"]
    assert nadcap.problem == "This requirement asks for NADCAP; your profile shows no NADCAP certificate."
    assert nadcap.advice.startswith("Add your NADCAP certificate to your profile with its expiry date")
    assert nadcap.url == certifications
    assert f"required_certification:{cert_type('AS9100').pk}" not in by_key  # held, without expiry
    preferred = by_key[f"preferred_certification:{cert_type('ISO 14001').pk}"]
    assert preferred.problem == "ISO 14001 is preferred; your profile shows no ISO 14001 certificate."
    welding = [gap for gap in gaps if gap.label == "Capabilities"]
    assert [gap.advice for gap in welding] == [
        "Add the capability 'Welding' if you have it.",
        "Add the capability 'Heat treatment' if you have it.",
    ]
    assert {gap.url for gap in welding} == {edit}
    assert by_key["defence_fields"].problem == (
        "This requirement is for Aircraft & guided weapons; your profile lists other defence fields."
    )
    assert by_key["size_class"].advice == "Add your size class (SME, mid-sized or large) to your profile."
    work = by_key["work_package"]
    assert work.problem == "Your profile does not mention 'landing gear actuator'."
    assert work.url == reverse("companies:product_create", args=[company.brn])
    assert by_key["quality_system"].advice.startswith("Describe your quality system")
    offset = by_key["offset_experience"]
    assert (
        offset.problem
        == "Your profile lists no past programmes; this requirement asks for offset experience."
    )
    assert offset.url == reverse("companies:company_section", args=[company.brn, "track-record"])
    # The gaps worth most points first: the work package (25), then the required certificate (20).
    assert gaps[:2] == [work, nadcap]
    assert [gap.key for gap in gaps_for(assess(requirement, company))] == [gap.key for gap in gaps]


def test_no_gaps_when_everything_is_met(world, company):
    requirement = make_requirement(
        world.orgs.foreign, title_en="sonar transducer", required=["AS9100"], fields=["naval"]
    )
    assert gap_list(requirement, company) == []


def test_offset_gap_when_past_programmes_are_other_kinds(world, company):
    TrackRecord.objects.create(company=company, kind="export", programme_en="Export of heat sinks")
    requirement = make_requirement(world.orgs.foreign, offset_experience=True)
    [gap] = gap_list(requirement, company)
    assert gap.problem == "None of the past programmes on your profile is an offset programme."


def test_requirements_for_lists_open_published_matches_best_first(world, company):
    owner = world.orgs.foreign
    Requirement.objects.filter(pk=world.matching.published.pk).update(status=RequirementStatus.CLOSED)
    best = make_requirement(owner, title_en="sonar transducer", fields=["naval"], required=["AS9100"])
    partial = make_requirement(owner, fields=["naval"], required=["NADCAP"], days=30)
    make_requirement(owner, fields=["naval"], status=RequirementStatus.DRAFT)
    make_requirement(owner, fields=["naval"], status=RequirementStatus.CLOSED)
    make_requirement(owner, fields=["naval"], days=-1)  # deadline passed
    make_requirement(owner, fields=["firepower"], required=["NADCAP"])  # nothing in common
    today = make_requirement(owner, fields=["naval"], days=0)  # the deadline is today: still open
    listed = requirements_for(company)
    # Equal scores: the nearer deadline first.
    assert [requirement for requirement, _match in listed] == [today, best, partial]
    assert [match.score for _requirement, match in listed] == [100, 100, 33]
    gaps = gaps_for(listed[2][1])
    assert [gap.key for gap in gaps] == [f"required_certification:{cert_type('NADCAP').pk}"]
    assert requirements_for(company, limit=1) == listed[:1]


def test_a_company_with_nothing_in_common_matches_nothing(world):
    Requirement.objects.update(status=RequirementStatus.CLOSED)
    other = make_company("Unrelated Works", size="large")
    other.fields.add(DefenceField.objects.get(code="cbrn"))
    make_requirement(world.orgs.foreign, fields=["naval"], size_classes=["sme"])
    assert requirements_for(other) == []


def test_gaps_in_korean(world, company):
    today = timezone.localdate()
    expiry = today + timedelta(days=10)
    Certification.objects.create(company=company, type=cert_type("ISO 9001"), expires_on=expiry)
    requirement = make_requirement(
        world.orgs.foreign, days=60, required=["ISO 9001"], capabilities=["Precision machining", "Welding"]
    )
    with translation.override("ko"):
        gaps = gaps_by_key(gap_list(requirement, company))
    iso = gaps[f"required_certification:{cert_type('ISO 9001').pk}"]
    assert iso.label == "필수 인증: ISO 9001"
    assert iso.problem == f"ISO 9001 인증서가 마감일 {requirement.deadline} 이전인 {expiry}에 만료됩니다."
    assert iso.advice == "인증을 갱신하고 프로필의 만료일을 수정하세요."
    welding = next(gap for key, gap in gaps.items() if key.startswith("capabilities:"))
    assert welding.advice == "'용접' 역량을 보유하고 있다면 프로필에 추가하세요."
