"""The first text of the information pages, FAQ and notice categories (from the K-OFFSET seed).

A data migration copies this into the database; KDIA edits it there afterwards. Figures that
the offset policy holds (threshold, ratios, multipliers, banking terms) are deliberately not
typed here: the rules page shows them from the policy version in force, and these texts link
to it, so an edited policy can never leave a page saying something else.
"""

CATEGORIES = [
    # code, Korean, English
    ("general", "일반", "General"),
    ("programmes", "사업 공고", "Programme announcements"),
    ("events", "행사·상담회", "Events and consultations"),
    ("policy", "제도·규정", "Policy and rules"),
    ("system", "시스템", "System"),
]

KDIA_CONTACT_EN = """**Korea Defense Industry Association (KDIA)**

- Address: 13F, SungWoo B/D Dohwa-dong, 49 Mapodaero, Mapo-gu, Seoul, Korea
- Tel: [+82-2-3270-6083~4](tel:+82232706083)
- Fax: +82-2-716-1132"""

KDIA_CONTACT_KO = """**한국방위산업진흥회 (KDIA)**

- 주소: 서울특별시 마포구 마포대로 49 (도화동) 성우빌딩 13층 (13F, SungWoo B/D Dohwa-dong, 49 Mapodaero, Mapo-gu, Seoul, Korea)
- 전화: [+82-2-3270-6083~4](tel:+82232706083)
- 팩스: +82-2-716-1132"""

PAGES = [
    # slug, order, title_ko, title_en, body_ko, body_en
    (
        "what-is-offset",
        1,
        "절충교역이란?",
        "What is offset?",
        """절충교역(Offset)은 방위사업청(DAPA)이 해외 업체로부터 무기나 장비를 구매할 때, 그 대가로 무기체계 부품의 제작·수출, 기술 이전 등을 요구할 수 있는 조건부 교역입니다.

절충교역 사업은 원칙적으로 단위 획득사업의 주계약 금액이 일정 금액 이상일 때 추진되며, 절충교역 비율은 경쟁 업체가 있는 사업과 없는 사업으로 나누어 주계약 추정 금액에 대한 최소 비율이 정해져 있습니다. 현재 적용되는 기준 금액과 비율은 [현행 절충교역 규정](/about/rules/) 페이지에서 확인하십시오. 이 페이지의 수치는 계산기와 같은 정책 자료에서 만들어집니다.

## 한국방위산업진흥회(KDIA)의 역할

KDIA는 절충교역을 통해 국내 방위산업의 경쟁력을 높이고 발전시키기 위해 다음 사업을 하고 있습니다.

1. 방위사업청이 추진하는 모든 절충교역 사업에서 해외 업체와 협력하기를 원하는 국내 방산업체의 희망 목록(제안서)을 모아 방위사업청에 제출합니다.
2. 국내 업체와 해외 업체 간의 상담회와 네트워킹 행사를 꾸준히 열고, 해외 업체 및 관계 기관과 절충교역 현안을 협의하며 국내에서 절충교역 의무를 이행할 때의 어려움을 듣습니다.
3. 해외 업체가 KIP(Korean Industrial Participant, 국내 참여업체)를 선정할 때 요구하는 자격과 조건을 국내 방산업체에 알립니다.

## K-OFFSET이란?

절충교역 가치 사전축적(Banking) 제도, 산업협력 쿼터제 등 개정된 절충교역 정책이 시행됨에 따라, KDIA는 국내 방산업체의 상세 정보를 담은 웹 데이터베이스 K-OFFSET을 구축했습니다. 해외 업체는 K-OFFSET에서 국내 업체 정보를 검색하고 KIP를 선정할 수 있으며, 국내 업체는 해외 업체와 협력하는 데 필요한 요구 사항을 확인할 수 있습니다.""",
        """Offset is a conditional trade: when DAPA (the Defense Acquisition Program Administration) purchases weapons or equipment from foreign contractors, it can request trade-offs such as the manufacture and export of weapon system parts and the transfer of technologies.

An offset programme is launched, in principle, when the main contract amount of a unit acquisition programme reaches a threshold, and the offset ratio is a minimum share of the estimated main contract amount that differs between programmes with and without competing sources. The threshold and ratios applied today are on the page [Offset rules in force](/about/rules/); its figures come from the same policy data as the calculator.

## What KDIA does

The Korea Defense Industry Association (KDIA) works to improve the competitiveness of the Korean defence industry through offset:

1. In every offset programme DAPA launches, KDIA collects the wish-lists (proposals) of Korean defence companies that want to cooperate with foreign companies and submits them to DAPA.
2. KDIA runs consultation meetings and networking events between Korean and foreign companies, discusses offset issues with foreign companies and related organisations, and hears about the difficulties of fulfilling offset obligations in Korea.
3. KDIA tells Korean defence companies which qualifications and requirements foreign companies look for when they select KIPs (Korean Industrial Participants).

## What is K-OFFSET?

As revised offset policies such as banking and the industrial cooperation quota have been or will be implemented, KDIA established K-OFFSET, a web database with detailed information on Korean defence companies. Foreign companies search it for Korean companies and select KIPs through it; Korean companies use it to learn what they need to become a foreign company's partner.""",
    ),
    (
        "rules",
        2,
        "현행 절충교역 규정",
        "Offset rules in force",
        """아래의 기준 금액, 비율, 가중치, 사전축적(Banking) 조건과 미이행 시 조치는 오늘 시행 중인 절충교역 정책 버전에서 바로 만들어집니다. [절충교역 계산기](/offsets/calculator/)도 같은 정책 버전을 사용하므로 두 곳의 수치는 항상 일치합니다.

방위사업청은 사업별로 더 높은 절충교역 비율을 정할 수 있으며, 사업 공고와 제안요청서(RFP)의 조건이 우선합니다.""",
        """The threshold, ratios, multipliers, banking terms and shortfall penalties below are generated from the offset policy version in force today. The [offset calculator](/offsets/calculator/) uses the same policy version, so the two always agree.

DAPA may set a higher offset ratio for a programme; the terms of the programme's announcement and request for proposals (RFP) come first.""",
    ),
    (
        "fields-and-types",
        3,
        "절충교역 분야와 유형",
        "Offset fields and types",
        """절충교역은 아래 일곱 개 분야에서 받을 수 있습니다. 6번과 7번 분야는 같은 절충교역에서 1번~5번 분야 중 하나의 조건이 충족되는 경우로 한정됩니다. 7번 분야(절충교역 외국인투자)는 외국인투자 촉진법 제2조제1항제4호에 따른 외국인투자 중 해외 업체가 단독으로 또는 국내 기업(외국인투자기업 제외)과 공동으로 새 법인을 설립하여 국내 방위산업의 경쟁력을 높이는 투자를 말합니다.

각 절충교역 항목은 **직접/간접** 중 하나와 **방산/상업** 중 하나의 유형을 가집니다.""",
        """Offsets may be taken in the seven fields below. Fields 6 and 7 are limited to cases where a condition of one of fields 1 to 5 is met in the same offset. Field 7, Offset Foreign Investment, is foreign investment under subparagraph 4 of Article 2(1) of the Foreign Investment Promotion Act that establishes a new corporation, by the foreign contractor alone or jointly with a domestic company (not a foreign-capital invested company), to improve the competitiveness of the Korean defence industry.

Every offset item has one type of each pair: **direct or indirect**, and **defence or commercial**.""",
    ),
    (
        "become-a-kip",
        4,
        "KIP(국내 참여업체)가 되려면",
        "Becoming a KIP",
        """KIP(Korean Industrial Participant)는 해외 업체가 절충교역 의무를 이행하기 위해 선정한 국내 협력 업체입니다. K-OFFSET에서 KIP가 되는 과정은 다음과 같습니다.

1. **기관 등록**: 회사 이름과 사업자등록번호로 회원 가입을 신청합니다. KDIA가 확인하고 승인하면 회사 구성원을 초대할 수 있습니다.
2. **회사·제품 정보 작성**: 국문과 영문으로 회사 소개, 방산 분야, 보유 역량, 인증(유효기간 포함), 수행 실적, 제품과 기술을 입력합니다. 해외 업체는 영문 정보를 주로 봅니다.
3. **검증 요청**: 작성을 마치면 KDIA에 검증을 요청합니다. 검증을 마친 정보는 디렉터리에 공개되어 해외 업체가 검색할 수 있습니다. 정보를 최신으로 유지하십시오. 오래된 정보와 만료된 인증은 검색에서 불리합니다.
4. **요구 사항 확인과 관심 표명**: 해외 업체가 올린 KIP 요구 사항을 확인하고, 회사에 맞는 요구 사항에 관심 표명(EOI)을 보냅니다. 부족한 자격이 있으면 화면에 표시됩니다.
5. **희망 목록 제출**: 방위사업청 절충교역 사업마다 KDIA가 희망 목록(제안서)을 받습니다. 마감 전에 제출하면 KDIA가 검토하여 방위사업청에 제출합니다.
6. **상담회 참가**: KDIA가 여는 상담회와 네트워킹 행사에 참가 신청을 하고 해외 업체와 1:1 미팅을 합니다.

공지사항 게시판과 알림을 구독하면 새 사업 공고와 행사를 놓치지 않을 수 있습니다.""",
        """A KIP (Korean Industrial Participant) is a Korean company a foreign contractor selects to fulfil its offset obligation. On K-OFFSET the way there is:

1. **Register your organisation** with its name and business registration number. Once KDIA has checked and approved it, you can invite your colleagues.
2. **Describe your company and products** in Korean and English: profile, defence fields, capabilities, certifications (with expiry dates), track record, products and technologies. Foreign contractors mostly read the English text.
3. **Ask for verification**: when the profile is complete, submit it to KDIA. Verified profiles are published in the directory, where foreign contractors search. Keep it current: stale profiles and expired certificates rank lower.
4. **Read requirements and express interest**: foreign contractors post the KIP requirements they need filled. Send an expression of interest (EOI) for those that fit; the page tells you which qualifications you still lack.
5. **Submit wish-lists**: for each DAPA offset programme KDIA collects wish-lists (proposals). Submit yours before the deadline; KDIA reviews them and submits the package to DAPA.
6. **Meet contractors**: register for KDIA's consultation meetings and networking events and hold 1:1 meetings with foreign contractors.

Follow the notices board and saved-search alerts so you do not miss new programmes and events.""",
    ),
    (
        "for-contractors",
        5,
        "해외 업체 이용 안내",
        "For foreign contractors",
        """K-OFFSET은 해외 업체가 절충교역 의무를 이행할 국내 협력 업체를 찾고 관리하도록 돕습니다.

1. **기관 등록**: 회사 정보로 회원 가입을 신청하면 KDIA가 확인 후 승인합니다.
2. **국내 업체와 제품 검색**: 국문·영문으로 방산 분야, 역량, 지역, 기업 규모, 인증, 절충교역 분야, 기술성숙도(TRL)로 검색하고 비교합니다. 관심 업체는 후보 목록(Shortlist)에 저장하고 내보낼 수 있습니다.
3. **연락**: 메시지 기능으로 국내 업체에 연락합니다. 양측의 개인 이메일 주소는 공개되지 않습니다.
4. **KIP 요구 사항 게시**: 필요한 역량과 자격을 요구 사항으로 올리면 KDIA가 확인 후 공개합니다. K-OFFSET이 맞는 업체를 추천하고, 국내 업체의 관심 표명(EOI)에 상태와 사유를 답할 수 있습니다.
5. **상담회**: KDIA가 여는 상담회에서 국내 업체와 1:1 미팅을 요청하고 일정을 받습니다.
6. **의무와 실적 관리**: 합의각서(MOA)의 의무, 이행 실적 신청, 사전축적(Banking) 가치를 확인합니다. [절충교역 계산기](/offsets/calculator/)와 [현행 규정](/about/rules/)에서 의무 규모를 가늠할 수 있습니다.""",
        """K-OFFSET helps foreign contractors find and work with the Korean companies that will fulfil their offset obligations.

1. **Register your organisation**; KDIA checks and approves it.
2. **Search Korean companies and products** in English or Korean by defence field, capability, region, company size, certification, offset field and technology readiness (TRL). Compare them, keep shortlists and export them.
3. **Get in touch** through K-OFFSET's messages: neither side's personal e-mail address is shown.
4. **Post KIP requirements**: describe the capabilities and qualifications you need; KDIA checks and publishes them. K-OFFSET suggests matching companies, and you answer each expression of interest (EOI) with a status and a reason.
5. **Meet companies** at KDIA's consultation meetings: request 1:1 meetings and receive your agenda.
6. **Track obligations and credit**: your MOA obligations, fulfilment claims and banked credit. The [offset calculator](/offsets/calculator/) and the [rules in force](/about/rules/) show what a programme owes.""",
    ),
    (
        "faq",
        6,
        "자주 묻는 질문",
        "Frequently asked questions",
        "K-OFFSET과 절충교역에 대해 자주 받는 질문입니다. 찾는 답이 없으면 [KDIA에 문의](/about/contact/)하십시오.",
        "Questions KDIA is often asked about K-OFFSET and offsets. If your answer is not here, [contact KDIA](/about/contact/).",
    ),
    (
        "contact",
        7,
        "KDIA 연락처",
        "Contact KDIA",
        "K-OFFSET과 절충교역 업무에 대한 문의는 한국방위산업진흥회로 연락하십시오.\n\n" + KDIA_CONTACT_KO,
        "For questions about K-OFFSET and offset matters, contact the Korea Defense Industry Association.\n\n"
        + KDIA_CONTACT_EN,
    ),
]

FAQ = [
    # question_ko, question_en, answer_ko, answer_en
    (
        "K-OFFSET은 누가 운영하나요?",
        "Who runs K-OFFSET?",
        "한국방위산업진흥회(KDIA)가 운영합니다. KDIA는 회원 기관을 승인하고, 회사 정보를 검증하며, 희망 목록을 모아 방위사업청에 제출하고, 상담회를 엽니다.",
        "The Korea Defense Industry Association (KDIA). KDIA approves member organisations, verifies company profiles, collects wish-lists for DAPA and runs the consultation meetings.",
    ),
    (
        "절충교역 사업은 언제 추진되나요?",
        "When is an offset programme launched?",
        "원칙적으로 단위 획득사업의 주계약 금액이 기준 금액 이상일 때 추진됩니다. 현재 기준 금액과 최소 비율은 [현행 절충교역 규정](/about/rules/)에 있으며, [계산기](/offsets/calculator/)로 특정 금액을 확인할 수 있습니다.",
        "In principle when the main contract of a unit acquisition programme reaches the threshold. The current threshold and minimum ratios are on [Offset rules in force](/about/rules/); the [calculator](/offsets/calculator/) checks a given amount.",
    ),
    (
        "KIP는 무엇인가요?",
        "What is a KIP?",
        "Korean Industrial Participant의 약자로, 해외 업체가 절충교역 의무 이행을 위해 선정한 국내 참여업체입니다. [KIP가 되려면](/about/become-a-kip/)을 참고하십시오.",
        "A Korean Industrial Participant: a Korean company a foreign contractor selects to fulfil its offset obligation. See [Becoming a KIP](/about/become-a-kip/).",
    ),
    (
        "6번, 7번 분야만으로 절충교역을 할 수 있나요?",
        "Can an offset consist of fields 6 and 7 alone?",
        "아닙니다. 6번(대통령령으로 정하는 사항)과 7번(절충교역 외국인투자) 분야는 같은 절충교역에서 1번~5번 분야 중 하나의 조건이 충족되는 경우에만 인정됩니다. [분야와 유형](/about/fields-and-types/)을 참고하십시오.",
        "No. Fields 6 (matters set by Presidential Decree) and 7 (Offset Foreign Investment) count only where a condition of one of fields 1 to 5 is met in the same offset. See [Offset fields and types](/about/fields-and-types/).",
    ),
    (
        "사전축적(Banking)이란 무엇인가요?",
        "What is banking?",
        "해외 업체가 주계약과 관계없이 국내 업체와 협력한 가치를 미리 적립해 두었다가, 이후 절충교역 의무에 사용하는 제도입니다. 적립 가능한 기업 규모, 유효기간과 가치 감소 기준은 [현행 절충교역 규정](/about/rules/)에 있습니다.",
        "Cooperation a foreign contractor does with Korean companies outside any main contract is deposited as credit and withdrawn later against a future obligation. Which company sizes qualify, how long credit stays valid and how it loses value are on [Offset rules in force](/about/rules/).",
    ),
    (
        "회사 정보는 어떻게 공개되나요?",
        "How does my company's profile become public?",
        "회사 정보를 작성한 뒤 검증을 요청하면 KDIA가 확인하여 디렉터리에 공개합니다. 공개된 뒤에도 내용을 고치면 다시 확인을 받을 수 있으며, KDIA가 정보 갱신을 요청할 수도 있습니다.",
        "Complete your profile and submit it for verification; KDIA checks it and publishes it in the directory. KDIA may ask you to update it later, and changes are checked again.",
    ),
    (
        "영어로만 또는 한국어로만 작성해도 되나요?",
        "Can we write in only one language?",
        "가능합니다. 한 언어로만 작성된 내용은 다른 언어 사용자에게 원문 그대로 표시됩니다. 해외 업체가 읽을 수 있도록 영문 작성을 권장합니다.",
        "Yes. Text written in one language only is shown as it is to readers of the other. Writing in English as well is recommended so that foreign contractors can read it.",
    ),
    (
        "새 공지와 행사 소식은 어떻게 받을 수 있나요?",
        "How do I hear about new notices and events?",
        "[공지사항](/notices/) 게시판을 확인하거나 RSS/Atom 피드(/notices/feed/rss/, /notices/feed/atom/)를 구독하십시오. 로그인한 회원은 저장한 검색 조건에 맞는 알림도 받을 수 있습니다.",
        "Read the [notices](/notices/) board or subscribe to its RSS or Atom feed (/notices/feed/rss/, /notices/feed/atom/). Signed-in members can also receive alerts for their saved searches.",
    ),
]
