"""Explained matching: each criterion's outcome and evidence, the score, the ranking and who is ranked."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation

from companies.choices import CompanyStatus
from companies.generator import generate_companies, save_companies
from companies.models import (
    Capability,
    Certification,
    CertificationType,
    Company,
    DefenceField,
    Product,
    TrackRecord,
)
from core.testing import fictional_brn
from matching import scoring
from matching.choices import RequirementStatus
from matching.models import Requirement
from matching.scoring import MET, NOT_MET, PARTLY, UNKNOWN, assess, rank
from search.indexing import rebuild
from search.service import forget_caches

GENERATED_SERIAL = 700_000  # clear of the demo, the benchmarks and core.testing


@pytest.fixture(autouse=True)
def english():
    """Labels and evidence are asserted in English unless a test switches to Korean."""
    with translation.override("en"):
        yield


def cert_type(name):
    return CertificationType.objects.get(name_en=name)


def capability(name):
    return Capability.objects.get(name_en=name)


def make_requirement(owner, *, days=90, required=(), preferred=(), capabilities=(), fields=(), **values):
    values.setdefault("status", RequirementStatus.PUBLISHED)
    requirement = Requirement.objects.create(
        owner=owner, deadline=timezone.localdate() + timedelta(days=days), **values
    )
    requirement.required_certifications.set([cert_type(name) for name in required])
    requirement.preferred_certifications.set([cert_type(name) for name in preferred])
    requirement.capabilities.set([capability(name) for name in capabilities])
    requirement.defence_fields.set([DefenceField.objects.get(code=code) for code in fields])
    return requirement


def make_company(name_en="", *, name_ko="", status=CompanyStatus.PUBLISHED, size="sme", **values):
    return Company.objects.create(
        brn=fictional_brn(), name_en=name_en, name_ko=name_ko, status=status, size_class=size, **values
    )


def reindex():
    rebuild("company")
    rebuild("product")
    forget_caches()


def by_key(match):
    return {criterion.key: criterion for criterion in match.criteria}


@pytest.fixture
def indexed(world):
    """The world's directory plus a Korean-only maker of landing-gear actuators, indexed."""
    return with_hanbit_indexed(world)


def with_hanbit_indexed(world):
    hanbit = make_company(
        name_ko="한빛유압",
        description_ko="항공기용 착륙장치 작동기와 유압 실린더를 생산합니다.",
        region="gyeongnam",
    )
    hanbit.fields.add(DefenceField.objects.get(code="aircraft_guided"))
    hanbit.capabilities.add(capability("Hydraulic components"))
    Product.objects.create(company=hanbit, name_ko="착륙장치 작동기", description_ko="유압식 착륙장치 작동기")
    reindex()
    world.hanbit = hanbit
    return world


def test_a_company_meeting_everything_scores_100_with_evidence(indexed):
    world = indexed
    requirement = make_requirement(
        world.orgs.foreign,
        title_en="sonar transducer",
        required=["AS9100"],
        capabilities=["Precision machining"],
        fields=["naval"],
        size_classes=["sme"],
    )
    match = assess(requirement, world.directory.published)
    criteria = by_key(match)
    assert {criterion.outcome for criterion in match.criteria} == {MET}
    assert match.score == 100
    assert match.met_count == len(match.criteria) == 5
    as9100 = criteria[f"required_certification:{cert_type('AS9100').pk}"]
    assert as9100.label == "Required certification: AS9100"
    assert as9100.evidence == ["AS9100 (AS-0001), no expiry date on record"]
    assert as9100.weight == scoring.WEIGHT_REQUIRED_CERTIFICATION
    assert "Product: Sonar transducer (matched 'sonar transducer')" in criteria["work_package"].evidence
    assert criteria["capabilities"].evidence == ["Capability: Precision machining"]
    assert criteria["defence_fields"].evidence == ["Defence field: Naval ships"]
    assert criteria["size_class"].evidence == ["Size class: SME"]


def test_criteria_not_met_partly_and_unknown_say_why(indexed):
    world = indexed
    company = world.directory.published
    company.size_class = ""
    company.save()
    requirement = make_requirement(
        world.orgs.foreign,
        title_en="sonar transducer",
        required=["ISO 9001"],
        preferred=["AS9100"],
        capabilities=["Precision machining", "Welding"],
        fields=["firepower"],
        size_classes=["sme", "mid"],
        offset_experience=True,
    )
    match = assess(requirement, company)
    criteria = by_key(match)
    iso = criteria[f"required_certification:{cert_type('ISO 9001').pk}"]
    assert (iso.outcome, iso.evidence) == (NOT_MET, ["No ISO 9001 certificate on the profile"])
    preferred = criteria[f"preferred_certification:{cert_type('AS9100').pk}"]
    assert (preferred.outcome, preferred.weight) == (MET, scoring.WEIGHT_PREFERRED_CERTIFICATION)
    assert criteria["capabilities"].outcome == PARTLY
    assert criteria["capabilities"].evidence == [
        "Capability: Precision machining",
        "Not on the profile: Welding",
    ]
    assert criteria["defence_fields"].outcome == NOT_MET
    assert criteria["defence_fields"].evidence == ["Fields on the profile: Naval ships"]
    assert criteria["size_class"].outcome == UNKNOWN
    assert criteria["offset_experience"].outcome == UNKNOWN
    assert criteria["offset_experience"].evidence == ["The profile lists no past programmes"]
    assert {criterion.key for criterion in match.unknown} == {"size_class", "offset_experience"}
    # Earned: work package 25, half the capabilities 10, AS9100 preferred 5 of 20+25+20+10+10+10+5 = 100.
    assert match.score == 40

    TrackRecord.objects.create(company=company, kind="defence", programme_en="Coastal patrol boat sonar")
    offset = by_key(assess(requirement, company))["offset_experience"]
    assert offset.outcome == NOT_MET
    assert offset.evidence == ["No offset programme among the 1 past programmes on the profile"]
    TrackRecord.objects.create(company=company, kind="offset", programme_en="KF-X parts", year=2019)
    offset = by_key(assess(requirement, company))["offset_experience"]
    assert (offset.outcome, offset.evidence) == (MET, ["Past offset programme: KF-X parts 2019"])


def test_a_certificate_expiring_before_the_deadline_is_not_met(indexed):
    world = indexed
    company = world.directory.published
    requirement = make_requirement(world.orgs.foreign, days=200, required=["AS9100", "ISO 9001", "NADCAP"])
    today = timezone.localdate()
    Certification.objects.filter(company=company).update(expires_on=today + timedelta(days=300))
    Certification.objects.create(
        company=company, type=cert_type("ISO 9001"), expires_on=today + timedelta(days=30)
    )
    Certification.objects.create(
        company=company, type=cert_type("NADCAP"), expires_on=today - timedelta(days=3)
    )
    criteria = by_key(assess(requirement, company))
    as9100 = criteria[f"required_certification:{cert_type('AS9100').pk}"]
    assert as9100.outcome == MET
    assert as9100.evidence == [f"AS9100 (AS-0001) valid until {today + timedelta(days=300)}"]
    iso = criteria[f"required_certification:{cert_type('ISO 9001').pk}"]
    assert iso.outcome == NOT_MET
    assert iso.evidence == [
        f"ISO 9001 expires on {today + timedelta(days=30)}, before the deadline {requirement.deadline}"
    ]
    assert iso.details["state"] == "expiring"
    nadcap = criteria[f"required_certification:{cert_type('NADCAP').pk}"]
    assert nadcap.evidence == [f"NADCAP expired on {today - timedelta(days=3)}"]
    # A second, renewed certificate of the same type counts.
    Certification.objects.create(
        company=company, type=cert_type("ISO 9001"), expires_on=today + timedelta(days=900)
    )
    assert (
        by_key(assess(requirement, company))[f"required_certification:{cert_type('ISO 9001').pk}"].outcome
        == MET
    )


def test_english_work_package_finds_a_korean_only_product_through_the_glossary(indexed):
    world = indexed
    requirement = make_requirement(world.orgs.foreign, title_en="landing gear actuator")
    work = by_key(assess(requirement, world.hanbit))["work_package"]
    assert work.outcome == MET
    assert work.evidence[0].startswith("Product: 착륙장치 작동기 (matched 'landing gear actuator' \u2192 ")
    page = rank(requirement, viewer=world.users.foreign)
    assert page.matches[0].company == world.hanbit
    # Garam makes sonar transducers: not a landing gear maker.
    garam = by_key(assess(requirement, world.directory.published))["work_package"]
    assert garam.outcome == NOT_MET
    assert garam.evidence == ["No match for 'landing gear actuator' in the profile or its products"]


def test_text_criteria_are_unknown_without_any_text(indexed):
    world = indexed
    bare = make_company("Bare Profile Works")
    requirement = make_requirement(
        world.orgs.foreign, title_en="sonar transducer", quality_system_en="AS9100"
    )
    criteria = by_key(assess(requirement, bare))
    assert criteria["work_package"].outcome == UNKNOWN
    assert criteria["quality_system"].outcome == UNKNOWN
    assert criteria["work_package"].evidence == ["The profile has no description or products to compare"]


def test_the_company_meeting_more_criteria_ranks_first(indexed):
    world = indexed
    naval = DefenceField.objects.get(code="naval")
    machining = capability("Precision machining")
    strong = make_company("Strong Naval Works")
    strong.fields.add(naval)
    strong.capabilities.add(machining)
    Certification.objects.create(company=strong, type=cert_type("AS9100"))
    weak = make_company("Weak Naval Works")
    weak.fields.add(naval)
    requirement = make_requirement(
        world.orgs.foreign,
        title_en="sonar transducer",
        required=["AS9100"],
        capabilities=["Precision machining"],
        fields=["naval"],
        size_classes=["sme"],
    )
    page = rank(requirement, viewer=world.users.foreign)
    # Garam meets everything (with its product); Strong all but the work package; Weak the field and
    # size; Hanbit (an SME making landing gear) only the size. Of 20 + 25 + 20 + 10 + 10 points:
    assert [(match.company, match.score) for match in page.matches] == [
        (world.directory.published, 100),
        (strong, 71),
        (weak, 24),
        (world.hanbit, 12),
    ]
    assert page.count == 4
    assert page.matches[1].met_count == 4
    assert [criterion.key for criterion in page.matches[1].unknown] == ["work_package"]  # no text at all
    # The ranked score is the company's own assessment.
    for match in page.matches:
        assert assess(requirement, match.company).score == match.score
    second = rank(requirement, viewer=world.users.foreign, offset=1, limit=1)
    assert [match.company for match in second.matches] == [strong]


def test_ties_go_to_the_older_profile(indexed):
    world = indexed
    twins = [make_company(f"Twin Works {i}") for i in range(3)]
    requirement = make_requirement(world.orgs.foreign, size_classes=["sme"])
    page = rank(requirement, viewer=world.users.foreign, limit=50)
    ids = [match.company.pk for match in page.matches]
    assert ids == sorted(ids)
    assert {twin.pk for twin in twins} <= set(ids)


def test_draft_profiles_are_ranked_only_for_those_who_see_them(indexed):
    world = indexed
    draft = world.directory.draft
    assert draft.status == CompanyStatus.DRAFT
    draft.size_class = "sme"
    draft.save()
    draft.fields.add(DefenceField.objects.get(code="naval"))
    requirement = make_requirement(world.orgs.foreign, fields=["naval"], size_classes=["sme"])

    def ranked(viewer):
        return {match.company for match in rank(requirement, viewer=viewer, limit=100).matches}

    assert draft not in ranked(world.users.foreign)
    assert draft not in ranked(None)
    assert draft not in ranked(AnonymousUser())
    assert world.directory.published in ranked(world.users.foreign)
    assert draft in ranked(world.users.kdia)
    # The draft's own members see their profile ranked.
    assert draft in ranked(world.users.other_korean)


def test_korean_labels_and_evidence(indexed):
    world = indexed
    company = world.directory.published
    requirement = make_requirement(
        world.orgs.foreign,
        title_en="sonar transducer",
        required=["AS9100", "ISO 9001"],
        capabilities=["Precision machining"],
        size_classes=["mid"],
        offset_experience=True,
    )
    with translation.override("ko"):
        criteria = by_key(assess(requirement, company))
    as9100 = criteria[f"required_certification:{cert_type('AS9100').pk}"]
    assert as9100.label == "필수 인증: AS9100"
    assert as9100.evidence == ["AS9100 (AS-0001), 만료일 기록 없음"]
    iso = criteria[f"required_certification:{cert_type('ISO 9001').pk}"]
    assert iso.evidence == ["프로필에 ISO 9001 인증서가 없음"]
    assert criteria["capabilities"].evidence == ["보유 역량: 정밀 가공"]
    assert criteria["work_package"].label == "작업 패키지"
    assert "제품: 소나 트랜스듀서" in criteria["work_package"].evidence[0]
    assert criteria["size_class"].evidence == ["기업 규모: 중소기업, 요구: 중견기업"]
    assert criteria["offset_experience"].evidence == ["프로필에 과거 사업 실적이 없음"]


# --- the ranking's shortcuts give the brute-force answer ---------------------------------------


@pytest.fixture
def generated(world):
    """Sixty generated companies (some drafts) with two products each, indexed."""
    save_companies(generate_companies(45, products_per_company=2, first_serial=GENERATED_SERIAL))
    save_companies(
        generate_companies(15, products_per_company=2, first_serial=GENERATED_SERIAL + 45, seed=7),
        status=CompanyStatus.DRAFT,
    )
    reindex()
    return world


def brute_force(requirement, viewer):
    """Every visible company assessed one by one, ordered as the ranking promises."""
    visible = Company.objects.visible_to(viewer or AnonymousUser())
    matches = [assess(requirement, company) for company in visible]
    matches = [match for match in matches if match.points > 0]
    return sorted(matches, key=lambda match: (-match.points, match.company.pk))


SHAPES = [
    {"title_en": "hydraulic actuator", "required": ["AS9100"], "capabilities": ["Precision machining"]},
    {
        "title_ko": "레이더 안테나",
        "required": ["ISO 9001", "AS9100"],
        "preferred": ["ISO 14001"],
        "capabilities": ["RF and microwave design", "Embedded systems", "Test and evaluation"],
        "fields": ["c4i_electronics", "aircraft_guided"],
        "size_classes": ["sme", "mid"],
        "offset_experience": True,
        "quality_system_en": "AS9100 quality management",
        "experience_en": "radar programmes",
    },
    {"required": ["NADCAP"], "size_classes": ["large"], "fields": ["cbrn"]},
    {"title_en": "quantum flux capacitor", "offset_experience": True, "size_classes": ["sme"]},
    {"capabilities": ["Casting", "Forging", "Heat treatment"]},
]


@pytest.mark.parametrize("shape", range(len(SHAPES)))
@pytest.mark.parametrize("candidates", [scoring.CANDIDATE_LIMIT, 3])
def test_ranking_equals_brute_force(generated, shape, candidates, monkeypatch):
    """With few candidates scored by id and with the database ordering larger sets itself."""
    monkeypatch.setattr(scoring, "CANDIDATE_LIMIT", candidates)
    world = generated
    requirement = make_requirement(world.orgs.foreign, **SHAPES[shape])
    for viewer in (world.users.foreign, world.users.kdia):
        expected = brute_force(requirement, viewer)
        for offset, limit in ((0, 5), (0, 20), (3, 4), (17, 6), (0, 200)):
            page = rank(requirement, viewer=viewer, offset=offset, limit=limit)
            wanted = expected[offset : offset + limit]
            assert [(m.company.pk, m.score) for m in page.matches] == [
                (m.company.pk, m.score) for m in wanted
            ]
            assert [m.criteria for m in page.matches] == [m.criteria for m in wanted]
        assert page.count == len(expected)


def test_empty_requirements_and_pages(indexed):
    world = indexed
    nothing = make_requirement(world.orgs.foreign)
    assert rank(nothing, viewer=world.users.foreign).matches == []
    assert assess(nothing, world.directory.published).score == 0
    requirement = make_requirement(world.orgs.foreign, fields=["naval"])
    assert rank(requirement, viewer=world.users.foreign, limit=0).matches == []
    assert rank(requirement, viewer=world.users.foreign, offset=50).matches == []
    assert rank(requirement, viewer=world.users.foreign, offset=scoring.COUNT_LIMIT).matches == []


def test_the_count_stops_at_its_limit(generated, monkeypatch):
    monkeypatch.setattr(scoring, "COUNT_LIMIT", 7)
    world = generated
    requirement = make_requirement(
        world.orgs.foreign, size_classes=["sme", "mid"], title_en="hydraulic actuator"
    )
    assert len(brute_force(requirement, world.users.foreign)) > 7
    page = rank(requirement, viewer=world.users.foreign, limit=5)
    assert (page.count, page.capped, len(page.matches)) == (7, True, 5)
    assert len(rank(requirement, viewer=world.users.foreign, offset=5, limit=5).matches) == 2
