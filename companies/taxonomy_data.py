"""Default vocabularies (domain.md); KDIA edits them in the admin afterwards."""

DEFENCE_FIELDS = [
    # code, Korean, English
    ("firepower", "화력", "Firepower"),
    ("ammunition", "탄약", "Ammunition"),
    ("mobility", "기동", "Mobility (ground vehicles)"),
    ("aircraft_guided", "항공·유도", "Aircraft & guided weapons"),
    ("naval", "함정", "Naval ships"),
    ("c4i_electronics", "통신전자", "Communications & electronics"),
    ("cbrn", "화생방", "CBRN"),
    ("other", "기타", "Other"),
]

OFFSET_FIELDS = [
    (1, "국방력 개선에 필요한 기술 확보", "Technology needed to improve defence capability"),
    (2, "구매 무기체계의 군수지원 능력 확보", "Logistic support capability for purchased weapon systems"),
    (
        3,
        "계약상대국 무기체계의 개발·제조 참여",
        "Participation in development and manufacture of the contractor's weapon systems",
    ),
    (4, "군수품 등의 수출", "Export of munitions (defence materials)"),
    (
        5,
        "계약상대국 무기체계의 정비용 자재 확보",
        "Maintenance materials for the contractor's weapon systems",
    ),
    (
        6,
        "대통령령으로 정하는 사항 (비군수품 수출 연계 등)",
        "Matters set by Presidential Decree (e.g. export linkage of non-munitions)",
    ),
    (7, "절충교역 외국인투자", "Offset Foreign Investment"),
]

CERTIFICATION_TYPES = [
    ("ISO 9001", "ISO 9001"),
    ("AS9100", "AS9100"),
    ("NADCAP", "NADCAP"),
    ("AQAP 2110", "AQAP 2110"),
    ("ISO 14001", "ISO 14001"),
    ("KDS 국방품질경영체제 인증", "KDS defence quality management certification"),
    ("방산업체 지정", "Designated defence company"),
    ("ISO 45001", "ISO 45001"),
    ("IATF 16949", "IATF 16949"),
]

CAPABILITIES = [
    ("정밀 가공", "Precision machining"),
    ("복합재 성형", "Composite manufacturing"),
    ("표면 처리", "Surface treatment"),
    ("PCB 조립", "PCB assembly"),
    ("소프트웨어 개발", "Software development"),
    ("용접", "Welding"),
    ("주조", "Casting"),
    ("단조", "Forging"),
    ("열처리", "Heat treatment"),
    ("도장", "Painting and coating"),
    ("케이블 하네스 제작", "Cable harness assembly"),
    ("시험 및 평가", "Test and evaluation"),
    ("시스템 통합", "System integration"),
    ("정비·수리·분해조립", "Maintenance, repair and overhaul (MRO)"),
    ("광학 부품 제작", "Optics manufacturing"),
    ("RF·마이크로파 설계", "RF and microwave design"),
    ("유압 부품 제작", "Hydraulic components"),
    ("금속 적층 제조", "Metal additive manufacturing"),
    ("판금 가공", "Sheet metal fabrication"),
    ("임베디드 시스템", "Embedded systems"),
]

PRODUCT_CATEGORIES = [
    ("기계 부품", "Mechanical components"),
    ("전자 부품", "Electronic components"),
    ("소재", "Materials"),
    ("광학 장비", "Optical equipment"),
    ("통신 장비", "Communications equipment"),
    ("소프트웨어", "Software"),
    ("시험 장비", "Test equipment"),
    ("정비 서비스", "Maintenance services"),
    ("추진 장치", "Propulsion"),
    ("구조물", "Structures"),
]
