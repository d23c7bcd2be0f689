"""Fictional wish-list rounds for the demo: one open round with proposals in every state, and a
closed round whose package was submitted to DAPA, acknowledged and shared with the contractor."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.demo import demo_brn
from accounts.models import User
from companies.models import Company, DefenceField, OffsetField
from offsets.models import Programme
from wishlists import services
from wishlists.choices import ProposalStatus
from wishlists.models import Proposal, Round

OPEN_PROGRAMME = "DAPA-DEMO-24-11"
CLOSED_PROGRAMME = "DAPA-DEMO-22-03"

# company serial, offset field, type, title ko, title en, value, currency, the state to leave it in
OPEN_PROPOSALS = [
    (
        10101,
        3,
        "direct_defence",
        "무인기 엔진 터빈 블레이드 공동생산",
        "",
        "4200000",
        "USD",
        ProposalStatus.DRAFT,
    ),
    (
        10101,
        1,
        "direct_defence",
        "비행제어 소프트웨어 검증 기술 이전",
        "",
        "2800000",
        "USD",
        ProposalStatus.SUBMITTED,
    ),
    (
        10202,
        3,
        "direct_defence",
        "",
        "Landing-gear actuator for the UAV",
        "3100000",
        "EUR",
        ProposalStatus.RETURNED,
    ),
    (
        10202,
        5,
        "direct_defence",
        "",
        "Depot repair of datalink modules",
        "1500000",
        "USD",
        ProposalStatus.ACCEPTED,
    ),
    (
        10303,
        6,
        "indirect_commercial",
        "복합소재 레이돔 민수 수출 연계",
        "",
        "900000",
        "USD",
        ProposalStatus.REJECTED,
    ),
]
CLOSED_PROPOSALS = [
    (10303, 3, "direct_defence", "해상초계기 레이돔 국산화", "", "2600000", "USD", ProposalStatus.ACCEPTED),
    (
        10101,
        5,
        "direct_defence",
        "엔진 정비 부품 공급",
        "Engine maintenance parts",
        "1900000",
        "GBP",
        ProposalStatus.ACCEPTED,
    ),
    (10101, 5, "direct_defence", "엔진 정비 부품 공급(중복)", "", "1900000", "GBP", ProposalStatus.MERGED),
]
REASONS = {
    ProposalStatus.RETURNED: ("value", "Please give the value in USD and the expected annual quantity."),
    ProposalStatus.REJECTED: (
        "out_of_scope",
        "Field 6 items need an item in fields 1-5 from the same company.",
    ),
}


def _company(serial: int) -> Company | None:
    return Company.objects.filter(brn=demo_brn(serial), organization__isnull=False).first()


def _member(company: Company) -> User | None:
    return User.objects.filter(membership_record__organization=company.organization).order_by("pk").first()


def _proposals(round_, rows, kdia) -> list[Proposal]:
    made = []
    for serial, field, offset_type, title_ko, title_en, value, currency, state in rows:
        company = _company(serial)
        if company is None:
            continue
        author = _member(company)
        proposal = Proposal(
            round=round_,
            company=company,
            offset_field=OffsetField.objects.get(number=field),
            offset_type=offset_type,
            contractor=round_.programme.contractors.first(),
            title_ko=title_ko,
            title_en=title_en,
            description_ko="데모용 가상 제안입니다." if title_ko else "",
            description_en="" if title_ko else "A fictional demo proposal.",
            estimated_value=Decimal(value),
            currency=currency,
        )
        services.save_draft(proposal, products=list(company.products.all()[:1]), by=author)
        made.append(proposal)
        if state == ProposalStatus.DRAFT:
            continue
        services.submit(proposal.pk, by=author)
        if state == ProposalStatus.SUBMITTED:
            continue
        proposal.refresh_from_db()
        if state == ProposalStatus.MERGED:
            services.merge(
                proposal.pk,
                into=made[-2],
                comment="Same work package as the proposal before it.",
                seen_version=proposal.updated_at.isoformat(),
                by=kdia,
            )
            continue
        reason, comment = REASONS.get(state, ("", ""))
        services.review(
            proposal.pk,
            decision=state,
            reason_code=reason,
            comment=comment,
            seen_version=proposal.updated_at.isoformat(),
            by=kdia,
        )
    return made


def load() -> list[dict]:
    if Round.objects.filter(programme__dapa_reference__in=[OPEN_PROGRAMME, CLOSED_PROGRAMME]).exists():
        return []
    kdia = User.objects.filter(membership_record__organization__kind="kdia").order_by("pk").first()
    dapa = User.objects.filter(membership_record__organization__kind="dapa").order_by("pk").first()
    programmes = {
        p.dapa_reference: p
        for p in Programme.objects.filter(dapa_reference__in=[OPEN_PROGRAMME, CLOSED_PROGRAMME])
    }
    if len(programmes) < 2 or kdia is None or dapa is None:
        return []
    now = timezone.now()
    with transaction.atomic():
        open_round = Round(
            programme=programmes[OPEN_PROGRAMME],
            deadline=now + timedelta(days=30),
            notes_ko="무인기 사업의 국내 협력 희망 목록을 받습니다.",
            notes_en="Wish-lists for the UAV programme's Korean cooperation.",
        )
        services.open_round(
            open_round, eligible_fields=DefenceField.objects.filter(code="aircraft_guided"), by=kdia
        )
        _proposals(open_round, OPEN_PROPOSALS, kdia)

        closed_round = Round(programme=programmes[CLOSED_PROGRAMME], deadline=now + timedelta(days=1))
        services.open_round(closed_round, eligible_fields=[], by=kdia)
        _proposals(closed_round, CLOSED_PROPOSALS, kdia)
        package = services.compile_package(closed_round.pk, by=kdia)
        package = services.submit_package(package.pk, seen_version=package.updated_at.isoformat(), by=kdia)
        services.acknowledge(package.pk, note="Received for the MOA negotiation.", by=dapa)
        services.share(package.pk, shared=True)
        # The round closed before today: its proposals were all made while it was open.
        Round.objects.filter(pk=closed_round.pk).update(deadline=now - timedelta(days=20))
    return []
