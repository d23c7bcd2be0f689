"""Fictional notices for the demo in both languages, across the categories: one pinned, one with a
small PDF attachment generated in code, one scheduled for next week."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.uploads import clean_pdf
from notices import services
from notices.choices import NoticeStatus
from notices.models import Notice, NoticeCategory
from notices.testing import pdf_upload

# category, days ago (negative: scheduled), pinned, title_ko, title_en, body_ko, body_en
NOTICES = [
    (
        "system",
        2,
        True,
        "K-OFFSET 새 버전 오픈 및 회원 정보 확인 요청",
        "The new K-OFFSET is open: please check your company profile",
        "새 K-OFFSET이 문을 열었습니다. 기존 회원사는 로그인한 뒤 **회사 정보와 인증 유효기간**을 확인해 주십시오.\n\n"
        "- 영문 회사 소개를 꼭 작성해 주십시오.\n- 만료된 인증은 검색 결과에서 불리합니다.\n\n"
        "문의: [KDIA 연락처](/about/contact/)",
        "The new K-OFFSET is open. Member companies, please sign in and check **your profile and the expiry "
        "dates of your certifications**.\n\n- Please write an English company description.\n"
        "- Expired certifications rank lower in search results.\n\nQuestions: [contact KDIA](/about/contact/)",
    ),
    (
        "programmes",
        5,
        False,
        "가상 해상초계기 2차 사업 희망 목록 접수 안내",
        "Wish-lists invited for the fictional Maritime Patrol Aircraft phase 2 programme",
        "가상 해상초계기 2차 사업의 절충교역 희망 목록(제안서)을 접수합니다. 참여를 원하는 국내 업체는 마감 전에 "
        "K-OFFSET에서 제안서를 제출해 주십시오. 작성 요령은 첨부 파일을 참고하십시오.",
        "KDIA invites offset wish-lists (proposals) for the fictional Maritime Patrol Aircraft phase 2 programme. "
        "Korean companies that wish to take part, please submit your proposal on K-OFFSET before the deadline. "
        "The attached guide explains what to include.",
    ),
    (
        "events",
        9,
        False,
        "2026 항공·유도 분야 절충교역 상담회 참가 신청",
        "Registration open: 2026 aerospace offset consultation day",
        "해외 업체와 국내 방산 중소기업 간 1:1 상담회를 엽니다. [행사 페이지](/events/)에서 참가 신청을 해 주십시오.\n\n"
        "1. 참가 신청\n2. KDIA 확인\n3. 미팅 요청과 일정 확정",
        "KDIA holds one-to-one consultations between foreign contractors and Korean defence SMEs. Register on the "
        "[events page](/events/).\n\n1. Register\n2. KDIA validates\n3. Meeting requests and your agenda",
    ),
    (
        "policy",
        20,
        False,
        "사전축적(Banking) 대상 기업 확대 안내",
        "Banking now open to cooperation with mid-sized companies",
        "사전축적 가치 적립 대상이 중견기업과의 협력까지 확대되었습니다. 자세한 조건은 [현행 절충교역 규정](/about/rules/)을 "
        "참고하십시오.",
        "Cooperation with mid-sized companies can now be banked as well as cooperation with SMEs. See "
        "[Offset rules in force](/about/rules/) for the terms.",
    ),
    (
        "general",
        35,
        False,
        "설 연휴 기간 KDIA 업무 안내",
        "KDIA office hours over the Lunar New Year holiday",
        "설 연휴 기간에는 전화 상담을 하지 않습니다. K-OFFSET 메시지로 남겨 주시면 연휴 뒤에 답변드리겠습니다.",
        "There is no telephone service over the Lunar New Year holiday. Leave a message on K-OFFSET and we will "
        "answer after the holiday.",
    ),
    (
        "programmes",
        48,
        False,
        "가상 전술통신체계 사업 KIP 요구 사항 게시",
        "KIP requirements posted for the fictional tactical communications programme",
        "가상의 해외 업체 Northwind Aerosystems가 RF 부품 가공과 케이블 하네스 제작 분야의 KIP 요구 사항을 게시했습니다.",
        "The fictional contractor Northwind Aerosystems has posted KIP requirements for RF component machining "
        "and cable harness assembly.",
    ),
    (
        "events",
        -7,
        False,
        "2026 함정 분야 네트워킹 행사 예고",
        "Coming soon: 2026 naval networking event",
        "함정 분야 네트워킹 행사 일정을 곧 안내합니다.",
        "Dates for the naval networking event will be announced soon.",
    ),
]


def load() -> list[dict]:
    if Notice.objects.exists():
        return []
    staff = User.objects.staff_of("kdia")
    author = staff[0] if staff else None
    categories = {category.code: category for category in NoticeCategory.objects.all()}
    now = timezone.now()
    with transaction.atomic():
        for code, days_ago, pinned, title_ko, title_en, body_ko, body_en in NOTICES:
            notice = Notice.objects.create(
                category=categories[code],
                title_ko=title_ko,
                title_en=title_en,
                body_ko=body_ko,
                body_en=body_en,
                pinned=pinned,
                status=NoticeStatus.PUBLISHED,
                published_at=now - timedelta(days=days_ago),
                author=author,
            )
            if code == "programmes" and days_ago == 5:
                guide = clean_pdf(pdf_upload(text="Wish-list guide (fictional demo)"))
                services.add_attachment(notice, guide, "wish-list-guide.pdf", author)
        Notice.objects.create(
            category=categories["general"],
            title_ko="초안: 하반기 교육 일정",
            title_en="Draft: second-half training dates",
            body_en="Not published yet.",
            author=author,
        )
    return []
