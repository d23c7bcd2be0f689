"""Vocabulary for the fictional data generator (companies/generator.py). Plain data, no Django.

Every company, person, partner and road name here is invented. Real places (provinces, cities,
countries) and generic platform types (frigates, self-propelled howitzers) are used so the demo
reads like the real directory, but no real company or named weapon programme appears.
"""

# The tables below keep one row per line so they read (and diff) like tables; the formatter
# would explode each row into one value per line.
# fmt: off

# Products: Korean term, English term (plural, as it reads in "We manufacture ..."), defence
# field code, product category (English name in taxonomy_data.PRODUCT_CATEGORIES), capability
# (English name in taxonomy_data.CAPABILITIES), HS code (6 digits), NATO supply class (4 digits).
PRODUCT_TERMS = [
    ("터빈 블레이드", "turbine blades", "aircraft_guided", "Propulsion", "Precision machining", "841191", "2840"),
    ("엔진 케이싱", "engine casings", "aircraft_guided", "Propulsion", "Precision machining", "841191", "2840"),
    ("착륙장치 작동기", "landing gear actuators", "aircraft_guided", "Mechanical components", "Hydraulic components", "880730", "1620"),
    ("레이돔", "radomes", "aircraft_guided", "Structures", "Composite manufacturing", "880730", "1560"),
    ("적외선 탐색기", "infrared seekers", "aircraft_guided", "Optical equipment", "Optics manufacturing", "930690", "1430"),
    ("복합재 구조물", "composite structures", "aircraft_guided", "Structures", "Composite manufacturing", "880730", "1560"),
    ("날개 리브", "wing ribs", "aircraft_guided", "Structures", "Precision machining", "880730", "1560"),
    ("연료 펌프", "fuel pumps", "aircraft_guided", "Propulsion", "Precision machining", "841330", "2915"),
    ("조종면 작동기", "flight control actuators", "aircraft_guided", "Mechanical components", "Hydraulic components", "880730", "1650"),
    ("로켓 모터 케이스", "rocket motor cases", "aircraft_guided", "Propulsion", "Composite manufacturing", "930690", "1336"),
    ("유도탄 날개 구동장치", "missile fin actuators", "aircraft_guided", "Mechanical components", "Embedded systems", "930690", "1420"),
    ("조종석 디스플레이", "cockpit displays", "aircraft_guided", "Electronic components", "Embedded systems", "852859", "6610"),
    ("로터 허브", "rotor hubs", "aircraft_guided", "Mechanical components", "Precision machining", "880730", "1615"),
    ("항공기 배선 하네스", "aircraft wiring harnesses", "aircraft_guided", "Electronic components", "Cable harness assembly", "854430", "6150"),
    ("관성항법장치", "inertial navigation units", "aircraft_guided", "Electronic components", "Embedded systems", "901420", "6605"),
    ("비행 제어 컴퓨터", "flight control computers", "aircraft_guided", "Electronic components", "Embedded systems", "847150", "7025"),
    ("티타늄 단조품", "titanium forgings", "aircraft_guided", "Materials", "Forging", "810890", "1560"),
    ("무인기 기체", "UAV airframes", "aircraft_guided", "Structures", "Composite manufacturing", "880730", "1550"),
    ("표적 드론", "target drones", "aircraft_guided", "Structures", "System integration", "880621", "1550"),
    ("항공기 엔진 정비", "aircraft engine overhaul", "aircraft_guided", "Maintenance services", "Maintenance, repair and overhaul (MRO)", "841191", "2840"),
    ("궤도 링크", "track links", "mobility", "Mechanical components", "Forging", "871000", "2530"),
    ("현수장치", "suspension units", "mobility", "Mechanical components", "Hydraulic components", "871000", "2530"),
    ("변속기 기어", "transmission gears", "mobility", "Mechanical components", "Heat treatment", "848340", "3020"),
    ("유압 실린더", "hydraulic cylinders", "mobility", "Mechanical components", "Hydraulic components", "841221", "3040"),
    ("배터리 팩", "battery packs", "mobility", "Electronic components", "System integration", "850760", "6140"),
    ("로드휠", "road wheels", "mobility", "Mechanical components", "Casting", "871000", "2530"),
    ("냉각 모듈", "cooling modules", "mobility", "Propulsion", "Welding", "841950", "2930"),
    ("방탄 강판", "armour steel plates", "mobility", "Materials", "Heat treatment", "722540", "9515"),
    ("조향 장치", "steering gears", "mobility", "Mechanical components", "Precision machining", "870894", "2530"),
    ("디젤 엔진 부품", "diesel engine parts", "mobility", "Propulsion", "Casting", "840999", "2815"),
    ("차량 전원 분배기", "vehicle power distribution units", "mobility", "Electronic components", "Cable harness assembly", "853710", "6110"),
    ("파워팩 정비", "power pack overhaul", "mobility", "Maintenance services", "Maintenance, repair and overhaul (MRO)", "840890", "2815"),
    ("포신", "gun barrels", "firepower", "Mechanical components", "Forging", "930590", "1015"),
    ("조준경", "gun sights", "firepower", "Optical equipment", "Optics manufacturing", "901310", "1240"),
    ("포탑 구동장치", "turret drive units", "firepower", "Mechanical components", "System integration", "930590", "1025"),
    ("사격 통제 컴퓨터", "fire control computers", "firepower", "Electronic components", "Software development", "847150", "1220"),
    ("주퇴복좌기", "recoil mechanisms", "firepower", "Mechanical components", "Hydraulic components", "930590", "1025"),
    ("포구 제동기", "muzzle brakes", "firepower", "Mechanical components", "Precision machining", "930590", "1015"),
    ("열상 조준경", "thermal imaging sights", "firepower", "Optical equipment", "Optics manufacturing", "901310", "1240"),
    ("레이저 거리측정기", "laser rangefinders", "firepower", "Optical equipment", "Optics manufacturing", "901520", "1240"),
    ("탄피", "cartridge cases", "ammunition", "Mechanical components", "Sheet metal fabrication", "930690", "1305"),
    ("신관", "fuzes", "ammunition", "Electronic components", "Embedded systems", "930690", "1390"),
    ("추진제 장약", "propellant charges", "ammunition", "Materials", "Test and evaluation", "360100", "1376"),
    ("탄두 케이스", "warhead casings", "ammunition", "Mechanical components", "Forging", "930690", "1320"),
    ("탄약 상자", "ammunition boxes", "ammunition", "Structures", "Sheet metal fabrication", "732690", "8140"),
    ("뇌관", "primers", "ammunition", "Materials", "Test and evaluation", "360300", "1390"),
    ("소나 트랜스듀서", "sonar transducers", "naval", "Electronic components", "Test and evaluation", "901480", "5845"),
    ("함정용 프로펠러", "ship propellers", "naval", "Propulsion", "Casting", "848710", "2010"),
    ("추진 축계", "propulsion shafting", "naval", "Propulsion", "Precision machining", "848310", "2010"),
    ("잠수함 배터리", "submarine batteries", "naval", "Electronic components", "System integration", "850780", "6140"),
    ("조타기", "steering gear for ships", "naval", "Mechanical components", "Hydraulic components", "848180", "2040"),
    ("해수 펌프", "seawater pumps", "naval", "Mechanical components", "Casting", "841370", "4320"),
    ("수중 통신기", "underwater telephones", "naval", "Communications equipment", "RF and microwave design", "851762", "5845"),
    ("기관 제어 콘솔", "machinery control consoles", "naval", "Electronic components", "System integration", "853710", "6110"),
    ("함정 장비 창정비", "depot maintenance of naval equipment", "naval", "Maintenance services", "Maintenance, repair and overhaul (MRO)", "848790", "2090"),
    ("전술 통신 무전기", "tactical radios", "c4i_electronics", "Communications equipment", "RF and microwave design", "851762", "5820"),
    ("방열판", "heat sinks", "c4i_electronics", "Electronic components", "Precision machining", "761699", "5999"),
    ("위상 배열 안테나", "phased array antennas", "c4i_electronics", "Communications equipment", "RF and microwave design", "852910", "5985"),
    ("레이더 송수신 모듈", "radar transmit/receive modules", "c4i_electronics", "Electronic components", "RF and microwave design", "852990", "5840"),
    ("인쇄회로기판 조립품", "printed circuit board assemblies", "c4i_electronics", "Electronic components", "PCB assembly", "853400", "5998"),
    ("군용 커넥터", "military connectors", "c4i_electronics", "Electronic components", "Precision machining", "853690", "5935"),
    ("전원 공급기", "power supply units", "c4i_electronics", "Electronic components", "Embedded systems", "850440", "6130"),
    ("데이터링크 단말기", "data link terminals", "c4i_electronics", "Communications equipment", "Software development", "851762", "5895"),
    ("견고화 컴퓨터", "rugged computers", "c4i_electronics", "Electronic components", "Embedded systems", "847130", "7010"),
    ("전자전 재밍 장비", "electronic warfare jammers", "c4i_electronics", "Communications equipment", "RF and microwave design", "852691", "5865"),
    ("위성 통신 안테나", "satellite communication antennas", "c4i_electronics", "Communications equipment", "RF and microwave design", "852910", "5985"),
    ("케이블 하네스", "cable harnesses", "c4i_electronics", "Electronic components", "Cable harness assembly", "854430", "6150"),
    ("지휘통제 소프트웨어", "command and control software", "c4i_electronics", "Software", "Software development", "852349", "7030"),
    ("모의 훈련 소프트웨어", "training simulation software", "c4i_electronics", "Software", "Software development", "852349", "7030"),
    ("방독면 정화통", "gas mask filter canisters", "cbrn", "Materials", "Test and evaluation", "842139", "4240"),
    ("화학작용제 탐지기", "chemical agent detectors", "cbrn", "Test equipment", "Embedded systems", "902780", "6665"),
    ("제독 장비", "decontamination equipment", "cbrn", "Mechanical components", "Welding", "842430", "4230"),
    ("방호복 원단", "protective suit fabrics", "cbrn", "Materials", "Test and evaluation", "590390", "8415"),
    ("베어링", "bearings", "other", "Mechanical components", "Heat treatment", "848210", "3110"),
    ("정밀 스프링", "precision springs", "other", "Mechanical components", "Heat treatment", "732090", "5360"),
    ("알루미늄 주조품", "aluminium castings", "other", "Materials", "Casting", "761699", "9530"),
    ("방탄 세라믹", "ballistic ceramic tiles", "other", "Materials", "Test and evaluation", "690919", "8470"),
    ("시험 치구", "test fixtures", "other", "Test equipment", "Test and evaluation", "903180", "4920"),
    ("자동 시험 장비", "automatic test equipment", "other", "Test equipment", "Test and evaluation", "903180", "4935"),
    ("금속 적층 부품", "additively manufactured metal parts", "other", "Mechanical components", "Metal additive manufacturing", "848590", "3990"),
    ("방청 코팅", "anti-corrosion coatings", "other", "Materials", "Painting and coating", "320890", "8010"),
    ("야간 투시경", "night vision goggles", "other", "Optical equipment", "Optics manufacturing", "900510", "5855"),
    ("방탄 헬멧", "ballistic helmets", "other", "Materials", "Composite manufacturing", "650610", "8470"),
]

# English product-name forms where dropping the plural "s" would be wrong.
SINGULAR_OVERRIDES = {
    "aircraft engine overhaul": "aircraft engine overhaul",
    "power pack overhaul": "power pack overhaul",
    "propulsion shafting": "propulsion shafting",
    "steering gear for ships": "ship steering gear",
    "depot maintenance of naval equipment": "naval equipment depot maintenance",
    "command and control software": "command and control software",
    "training simulation software": "training simulation software",
    "decontamination equipment": "decontamination equipment",
    "automatic test equipment": "automatic test equipment",
    "additively manufactured metal parts": "additively manufactured metal part",
    "UAV airframes": "UAV airframe",
    "radar transmit/receive modules": "radar transmit/receive module",
    "fuzes": "fuze",
    "steering gears": "steering gear",
}

# Processes a company describes, by capability (English name in taxonomy_data.CAPABILITIES).
PROCESS_TERMS = [
    ("5축 머시닝센터 가공", "five-axis CNC machining", "Precision machining"),
    ("초정밀 선삭 가공", "ultra-precision turning", "Precision machining"),
    ("복합재 구조물 성형", "forming of composite structures", "Composite manufacturing"),
    ("오토클레이브 경화", "autoclave curing", "Composite manufacturing"),
    ("아노다이징 및 도금", "anodising and plating", "Surface treatment"),
    ("표면 실장 PCB 조립", "surface-mount PCB assembly", "PCB assembly"),
    ("임무 소프트웨어 개발", "mission software development", "Software development"),
    ("레이저 용접", "laser welding", "Welding"),
    ("알루미늄 합금 주조", "casting of aluminium alloys", "Casting"),
    ("티타늄 합금 단조", "forging of titanium alloys", "Forging"),
    ("진공 열처리", "vacuum heat treatment", "Heat treatment"),
    ("위장 도장", "camouflage painting", "Painting and coating"),
    ("케이블 하네스 제작", "cable harness assembly", "Cable harness assembly"),
    ("환경 시험 및 신뢰성 평가", "environmental and reliability testing", "Test and evaluation"),
    ("비파괴 검사", "non-destructive testing", "Test and evaluation"),
    ("체계 통합 시험", "system integration testing", "System integration"),
    ("구성품 창정비", "depot-level component overhaul", "Maintenance, repair and overhaul (MRO)"),
    ("광학 렌즈 연마", "optical lens polishing", "Optics manufacturing"),
    ("RF 회로 설계", "RF circuit design", "RF and microwave design"),
    ("유압 부품 조립 및 시험", "hydraulic component assembly and testing", "Hydraulic components"),
    ("금속 3D 프린팅", "metal 3D printing", "Metal additive manufacturing"),
    ("판금 절곡 가공", "sheet metal bending", "Sheet metal fabrication"),
    ("임베디드 펌웨어 개발", "embedded firmware development", "Embedded systems"),
]

# Processes tied to one product (by its Korean term); used only for companies that make it.
SPECIALITY_PROCESSES = {
    "터빈 블레이드": ("터빈 블레이드 정밀 가공", "precision machining of turbine blades"),
    "레이돔": ("레이돔 복합재 성형", "composite moulding of radomes"),
    "포신": ("포신 강선 가공", "rifling of gun barrels"),
    "착륙장치 작동기": ("착륙장치 작동기 조립 및 시험", "assembly and testing of landing gear actuators"),
    "궤도 링크": ("궤도 링크 열간 단조", "hot forging of track links"),
    "소나 트랜스듀서": ("소나 트랜스듀서 압전 소자 가공", "piezoelectric element processing for sonar transducers"),
    "베어링": ("베어링 궤도륜 연삭", "grinding of bearing rings"),
    "방열판": ("방열판 정밀 가공", "precision machining of heat sinks"),
}

# How a defence field reads inside a sentence ("... 분야 전문 기업", "a ... supplier").
FIELD_PHRASES = {
    "firepower": ("화력", "firepower"),
    "ammunition": ("탄약", "ammunition"),
    "mobility": ("기동", "ground vehicle"),
    "aircraft_guided": ("항공·유도", "aerospace and guided weapons"),
    "naval": ("함정", "naval"),
    "c4i_electronics": ("통신전자", "defence electronics"),
    "cbrn": ("화생방", "CBRN protection"),
    "other": ("방산 부품", "defence components"),
}

# Generic platform types by field (no named programmes).
PLATFORMS = {
    "aircraft_guided": [
        ("전투기", "fighter aircraft"),
        ("고등훈련기", "advanced jet trainers"),
        ("기동헬기", "utility helicopters"),
        ("무인 정찰기", "reconnaissance UAVs"),
        ("지대공 유도무기", "surface-to-air missiles"),
        ("해상 초계기", "maritime patrol aircraft"),
    ],
    "mobility": [
        ("전차", "main battle tanks"),
        ("보병전투차량", "infantry fighting vehicles"),
        ("차륜형 장갑차", "wheeled armoured vehicles"),
        ("전술 차량", "tactical vehicles"),
    ],
    "firepower": [
        ("자주포", "self-propelled howitzers"),
        ("다연장 로켓", "multiple rocket launchers"),
        ("견인포", "towed howitzers"),
        ("대공포", "anti-aircraft guns"),
    ],
    "ammunition": [
        ("155mm 포탄", "155 mm artillery rounds"),
        ("소화기 탄약", "small-arms ammunition"),
        ("박격포탄", "mortar rounds"),
    ],
    "naval": [
        ("호위함", "frigates"),
        ("잠수함", "submarines"),
        ("고속정", "patrol boats"),
        ("상륙함", "amphibious ships"),
        ("구축함", "destroyers"),
    ],
    "c4i_electronics": [
        ("전술 통신망", "tactical communication networks"),
        ("군 위성통신 체계", "military satellite communication systems"),
        ("지휘통제 체계", "command and control systems"),
        ("레이더 체계", "radar systems"),
    ],
    "cbrn": [("화생방 정찰차", "CBRN reconnaissance vehicles"), ("개인 보호 장구", "individual protective equipment")],
    "other": [("지상 무기체계", "land systems"), ("함정", "naval ships"), ("항공기", "military aircraft")],
}

# Company names are invented compounds: root (+ optional second element) + business suffix.
NAME_ROOTS = [
    ("한결", "Hangyeol"), ("누리", "Nuri"), ("다온", "Daon"), ("솔빛", "Solbit"), ("라온", "Raon"),
    ("미르", "Mir"), ("하람", "Haram"), ("여울", "Yeoul"), ("벼리", "Byeori"), ("아라", "Ara"),
    ("해솔", "Haesol"), ("온누리", "Onnuri"), ("새봄", "Saebom"), ("가온", "Gaon"), ("초롱", "Chorong"),
    ("물결", "Mulgyeol"), ("은솔", "Eunsol"), ("다솜", "Dasom"), ("한울", "Hanul"), ("별하", "Byeolha"),
    ("늘봄", "Neulbom"), ("도담", "Dodam"), ("마루", "Maru"), ("빛누리", "Bitnuri"), ("슬기", "Seulgi"),
    ("어진", "Eojin"), ("예담", "Yedam"), ("윤슬", "Yunseul"), ("자람", "Jaram"), ("지음", "Jieum"),
    ("푸름", "Pureum"), ("하늬", "Hanui"), ("한빛솔", "Hanbitsol"), ("해온", "Haeon"), ("청람", "Cheongram"),
    ("백운", "Baegun"), ("금빛", "Geumbit"), ("동녘", "Dongnyeok"), ("서라", "Seora"), ("우람", "Uram"),
    ("단비", "Danbi"), ("산들", "Sandeul"), ("새결", "Saegyeol"), ("온결", "Ongyeol"), ("보람", "Boram"),
    ("나래", "Narae"), ("시온", "Sion"), ("태솔", "Taesol"), ("휘온", "Hwion"), ("진솔", "Jinsol"),
]
# The second element is often empty so two-syllable names stay common.
NAME_MIDS = [
    ("", ""), ("", ""), ("", ""), ("", ""), ("빛", "bit"), ("솔", "sol"), ("온", "on"), ("별", "byeol"),
    ("결", "gyeol"), ("뫼", "moe"), ("들", "deul"), ("샘", "saem"), ("길", "gil"), ("담", "dam"),
]
NAME_SUFFIXES = [
    ("정밀", "Precision"), ("테크", "Tech"), ("산업", "Industries"), ("전자", "Electronics"),
    ("에어로", "Aero"), ("에어로텍", "Aerotech"), ("시스템", "Systems"), ("소재", "Materials"),
    ("기계", "Machinery"), ("광학", "Optics"), ("엔지니어링", "Engineering"), ("메탈", "Metal"),
    ("방산", "Defence"), ("하이텍", "Hitech"), ("마린", "Marine"), ("솔루션", "Solutions"),
    ("복합소재", "Composites"), ("유압", "Hydraulics"),
]

SURNAMES = [
    ("김", "Kim"), ("이", "Lee"), ("박", "Park"), ("최", "Choi"), ("정", "Jung"), ("강", "Kang"),
    ("조", "Cho"), ("윤", "Yoon"), ("장", "Jang"), ("임", "Lim"), ("한", "Han"), ("오", "Oh"),
    ("서", "Seo"), ("신", "Shin"), ("권", "Kwon"), ("황", "Hwang"), ("안", "Ahn"), ("송", "Song"),
    ("류", "Ryu"), ("홍", "Hong"),
]
GIVEN_NAMES = [
    ("민준", "Min-jun"), ("서연", "Seo-yeon"), ("도윤", "Do-yun"), ("지우", "Ji-woo"), ("하준", "Ha-jun"),
    ("수아", "Su-a"), ("예준", "Ye-jun"), ("지호", "Ji-ho"), ("서윤", "Seo-yun"), ("현우", "Hyun-woo"),
    ("은서", "Eun-seo"), ("준서", "Jun-seo"), ("다은", "Da-eun"), ("성민", "Sung-min"), ("영호", "Young-ho"),
    ("정훈", "Jung-hoon"), ("미경", "Mi-kyung"), ("상철", "Sang-cheol"), ("경수", "Kyung-soo"), ("혜진", "Hye-jin"),
    ("재원", "Jae-won"), ("동현", "Dong-hyun"), ("승우", "Seung-woo"), ("유진", "Yu-jin"), ("태호", "Tae-ho"),
]

CONTACT_TITLES = [
    ("대표이사", "CEO", "ceo"),
    ("해외사업팀장", "Head of International Business", "intl"),
    ("영업부장", "Sales Manager", "sales"),
    ("기술연구소장", "Head of R&D", "rnd"),
    ("품질보증팀 과장", "Quality Assurance Manager", "qa"),
    ("절충교역 담당", "Offset Coordinator", "offset"),
]

# region code -> (weight, province (ko, en), telephone area code, [(district ko, en, place ko, en)]).
# Weights follow where Korean defence suppliers cluster; every region keeps a small share.
REGIONS = {
    "gyeonggi": (22, "경기도", "Gyeonggi-do", "31", [
        ("성남시 분당구", "Bundang-gu, Seongnam-si", "성남", "Seongnam"),
        ("안산시 단원구", "Danwon-gu, Ansan-si", "안산", "Ansan"),
        ("시흥시", "Siheung-si", "시흥", "Siheung"),
        ("화성시", "Hwaseong-si", "화성", "Hwaseong"),
        ("평택시", "Pyeongtaek-si", "평택", "Pyeongtaek"),
        ("용인시 기흥구", "Giheung-gu, Yongin-si", "용인", "Yongin"),
    ]),
    "gyeongnam": (17, "경상남도", "Gyeongsangnam-do", "55", [
        ("창원시 성산구", "Seongsan-gu, Changwon-si", "창원", "Changwon"),
        ("창원시 의창구", "Uichang-gu, Changwon-si", "창원", "Changwon"),
        ("사천시", "Sacheon-si", "사천", "Sacheon"),
        ("김해시", "Gimhae-si", "김해", "Gimhae"),
        ("진주시", "Jinju-si", "진주", "Jinju"),
        ("거제시", "Geoje-si", "거제", "Geoje"),
    ]),
    "daejeon": (11, "대전광역시", "Daejeon", "42", [
        ("유성구", "Yuseong-gu", "대전", "Daejeon"),
        ("대덕구", "Daedeok-gu", "대전", "Daejeon"),
    ]),
    "busan": (9, "부산광역시", "Busan", "51", [
        ("강서구", "Gangseo-gu", "부산", "Busan"),
        ("사상구", "Sasang-gu", "부산", "Busan"),
        ("영도구", "Yeongdo-gu", "부산", "Busan"),
    ]),
    "seoul": (8, "서울특별시", "Seoul", "2", [
        ("금천구", "Geumcheon-gu", "서울", "Seoul"),
        ("구로구", "Guro-gu", "서울", "Seoul"),
        ("성동구", "Seongdong-gu", "서울", "Seoul"),
    ]),
    "incheon": (7, "인천광역시", "Incheon", "32", [
        ("남동구", "Namdong-gu", "인천", "Incheon"),
        ("서구", "Seo-gu", "인천", "Incheon"),
        ("연수구", "Yeonsu-gu", "인천", "Incheon"),
    ]),
    "chungnam": (6, "충청남도", "Chungcheongnam-do", "41", [
        ("천안시 서북구", "Seobuk-gu, Cheonan-si", "천안", "Cheonan"),
        ("아산시", "Asan-si", "아산", "Asan"),
        ("논산시", "Nonsan-si", "논산", "Nonsan"),
    ]),
    "gyeongbuk": (6, "경상북도", "Gyeongsangbuk-do", "54", [
        ("구미시", "Gumi-si", "구미", "Gumi"),
        ("포항시 남구", "Nam-gu, Pohang-si", "포항", "Pohang"),
        ("영천시", "Yeongcheon-si", "영천", "Yeongcheon"),
    ]),
    "daegu": (3, "대구광역시", "Daegu", "53", [
        ("달서구", "Dalseo-gu", "대구", "Daegu"),
        ("달성군", "Dalseong-gun", "대구", "Daegu"),
    ]),
    "ulsan": (2.5, "울산광역시", "Ulsan", "52", [("울주군", "Ulju-gun", "울산", "Ulsan"), ("북구", "Buk-gu", "울산", "Ulsan")]),
    "chungbuk": (2.5, "충청북도", "Chungcheongbuk-do", "43", [
        ("청주시 흥덕구", "Heungdeok-gu, Cheongju-si", "청주", "Cheongju"),
        ("음성군", "Eumseong-gun", "음성", "Eumseong"),
    ]),
    "gwangju": (2, "광주광역시", "Gwangju", "62", [("광산구", "Gwangsan-gu", "광주", "Gwangju")]),
    "jeonbuk": (1.5, "전북특별자치도", "Jeonbuk", "63", [
        ("전주시 덕진구", "Deokjin-gu, Jeonju-si", "전주", "Jeonju"),
        ("군산시", "Gunsan-si", "군산", "Gunsan"),
    ]),
    "gangwon": (1.2, "강원특별자치도", "Gangwon", "33", [("원주시", "Wonju-si", "원주", "Wonju")]),
    "jeonnam": (1.2, "전라남도", "Jeollanam-do", "61", [
        ("여수시", "Yeosu-si", "여수", "Yeosu"),
        ("영암군", "Yeongam-gun", "영암", "Yeongam"),
    ]),
    "sejong": (1, "세종특별자치시", "Sejong", "44", [("부강면", "Bugang-myeon", "세종", "Sejong")]),
    "jeju": (0.5, "제주특별자치도", "Jeju", "64", [("제주시", "Jeju-si", "제주", "Jeju")]),
}

# Invented road names (Korean, romanised) for addresses.
ROADS = [
    ("첨단산업로", "Cheomdansaneop-ro"), ("테크노로", "Techno-ro"), ("산단로", "Sandan-ro"),
    ("정밀로", "Jeongmil-ro"), ("미래기술로", "Miraegisul-ro"), ("혁신산업로", "Hyeoksinsaneop-ro"),
    ("부품소재길", "Bupumsojae-gil"), ("항공산업로", "Hanggongsaneop-ro"), ("공단북로", "Gongdanbuk-ro"),
    ("벤처밸리로", "Benchaebaelli-ro"),
]

# Fictional foreign prime contractors (two match the demo accounts) and Korean system integrators.
FOREIGN_PARTNERS = [
    "Northwind Aerosystems", "Aldermoor Defence Ltd", "Westmark Dynamics", "Kestrelmoor Aerospace",
    "Halvard Naval Systems", "Orsolo Avionica", "Tessaline Defence", "Merrow Aerostructures",
    "Ravensholt Engineering", "Sableford Dynamics", "Lindqvist Marinteknik", "Brightwater Avionics",
]
DOMESTIC_PRIMES = [
    ("청운체계", "Cheongun Systems"), ("가람방산시스템", "Garam Defence Systems"),
    ("새나래항공", "Saenarae Aviation"), ("해담조선", "Haedam Shipbuilding"),
    ("비슬기동", "Biseul Mobility"), ("한별유도", "Hanbyeol Guidance"),
]
EXPORT_COUNTRIES = [
    ("폴란드", "Poland"), ("호주", "Australia"), ("노르웨이", "Norway"), ("인도", "India"),
    ("필리핀", "the Philippines"), ("인도네시아", "Indonesia"), ("캐나다", "Canada"),
    ("루마니아", "Romania"), ("에스토니아", "Estonia"), ("이집트", "Egypt"),
]

# Certification type (English name) -> (weight, issuers, number pattern, has an expiry).
CERTIFICATIONS = {
    "ISO 9001": (30, ("Meridian Assurance Registrar", "Bluefield Certification"), "QMS-{y}-{n5}", True),
    "AS9100": (14, ("Asterion Aerospace Registrar", "Meridian Assurance Registrar"), "AS-{y}-{n5}", True),
    "NADCAP": (5, ("Performance Review Institute",), "NC{n6}", True),
    "AQAP 2110": (5, ("국방기술품질원",), "AQAP-{y}-{n4}", True),
    "ISO 14001": (10, ("Bluefield Certification", "Greenmark Registrar"), "EMS-{y}-{n5}", True),
    "KDS defence quality management certification": (12, ("국방기술품질원",), "KDS-{y}-{n4}", True),
    "Designated defence company": (6, ("산업통상자원부",), "제{y}-{n3}호", False),
    "ISO 45001": (6, ("Bluefield Certification",), "OHS-{y}-{n5}", True),
    "IATF 16949": (3, ("Asterion Aerospace Registrar",), "IATF-{n6}", True),
}

# Qualifiers in product names. Each category takes the "general" ones plus its group's;
# a group of "general" adds none, and None (services) takes no qualifier at all.
PRODUCT_QUALIFIERS = {
    "general": [("경량", "Lightweight"), ("고정밀", "High-precision"), ("소형", "Compact"), ("모듈형", "Modular"), ("차세대", "Next-generation")],
    "electronic": [("디지털", "Digital"), ("저전력", "Low-power"), ("고출력", "High-power")],
    "mechanical": [("내열", "Heat-resistant"), ("내충격", "Shock-resistant"), ("고강도", "High-strength"), ("저소음", "Low-noise")],
}
QUALIFIER_GROUPS = {
    "Electronic components": "electronic", "Communications equipment": "electronic", "Optical equipment": "electronic",
    "Software": "general", "Test equipment": "electronic", "Mechanical components": "mechanical",
    "Materials": "mechanical", "Propulsion": "mechanical", "Structures": "mechanical", "Maintenance services": None,
}

# Specification rows by product category: (Korean name, English name, values, unit).
SPECIFICATIONS = {
    "Mechanical components": [
        ("재질", "Material", ("Inconel 718", "Ti-6Al-4V", "SUS 304", "AL 7075-T6", "SCM440", "17-4PH"), ""),
        ("치수 공차", "Dimensional tolerance", ("±0.005", "±0.01", "±0.02", "±0.05"), "mm"),
        ("중량", "Weight", ("0.8", "2.4", "5.6", "12.5", "38", "120"), "kg"),
        ("표면 거칠기", "Surface roughness", ("0.4", "0.8", "1.6", "3.2"), "µm Ra"),
        ("사용 압력", "Operating pressure", ("21", "35", "207", "350"), "bar"),
    ],
    "Electronic components": [
        ("동작 전압", "Operating voltage", ("5", "12", "28", "270"), "VDC"),
        ("소비 전력", "Power consumption", ("3.5", "15", "45", "120"), "W"),
        ("동작 온도", "Operating temperature", ("-40 ~ +71", "-54 ~ +85", "-32 ~ +55"), "°C"),
        ("환경 규격", "Environmental standard", ("MIL-STD-810H", "MIL-STD-461G", "DO-160G"), ""),
        ("평균 고장 간격", "MTBF", ("5,000", "10,000", "25,000"), "h"),
    ],
    "Materials": [
        ("밀도", "Density", ("1.55", "1.6", "2.7", "4.43", "7.85"), "g/cm³"),
        ("인장 강도", "Tensile strength", ("450", "570", "900", "1,100", "1,400"), "MPa"),
        ("사용 온도", "Service temperature", ("120", "180", "350", "650"), "°C"),
        ("두께", "Thickness", ("0.2", "1.0", "3.0", "12"), "mm"),
    ],
    "Optical equipment": [
        ("시야각", "Field of view", ("2.5 x 1.9", "6 x 4.5", "12 x 9", "30 x 22.5"), "°"),
        ("배율", "Magnification", ("x4", "x8", "x10"), ""),
        ("파장 대역", "Spectral band", ("3-5", "8-12", "0.4-0.9"), "µm"),
        ("탐지 거리", "Detection range", ("2", "5", "8", "12"), "km"),
    ],
    "Communications equipment": [
        ("주파수 대역", "Frequency band", ("VHF 30-88 MHz", "UHF 225-400 MHz", "X band 8-12 GHz", "Ku band"), ""),
        ("출력", "Output power", ("5", "20", "50", "100"), "W"),
        ("통신 거리", "Range", ("10", "35", "80", "150"), "km"),
        ("암호화", "Encryption", ("AES-256", "Type-approved module"), ""),
    ],
    "Software": [
        ("인터페이스", "Interface", ("MIL-STD-1553B", "ARINC 429", "Ethernet", "CAN bus"), ""),
        ("개발 표준", "Development standard", ("DO-178C", "IEC 61508", "MIL-STD-498"), ""),
        ("운영 체제", "Operating system", ("Real-time Linux", "VxWorks", "Bare metal"), ""),
    ],
    "Test equipment": [
        ("측정 채널", "Measurement channels", ("16", "32", "64", "128"), "ch"),
        ("측정 정확도", "Accuracy", ("±0.05", "±0.1", "±0.5"), "%"),
        ("전원", "Power", ("220 VAC", "115 VAC 400 Hz", "28 VDC"), ""),
    ],
    "Maintenance services": [
        ("정비 주기", "Overhaul interval", ("1,000", "2,500", "4,000"), "h"),
        ("처리 기간", "Turnaround time", ("30", "45", "60", "90"), "days"),
        ("연간 처리 능력", "Annual capacity", ("20", "50", "120"), "units"),
    ],
    "Propulsion": [
        ("재질", "Material", ("Inconel 718", "Ti-6Al-4V", "NAB (nickel aluminium bronze)", "SCM440"), ""),
        ("출력", "Power output", ("750", "1,100", "1,500"), "hp"),
        ("회전수", "Speed", ("3,000", "12,000", "45,000"), "rpm"),
        ("중량", "Weight", ("1.2", "8.5", "46", "380"), "kg"),
    ],
    "Structures": [
        ("재질", "Material", ("CFRP", "GFRP", "AL 2024-T3", "Ti-6Al-4V", "Aramid/epoxy"), ""),
        ("크기", "Size", ("600 x 400", "1,200 x 800", "2,400 x 1,200"), "mm"),
        ("중량", "Weight", ("3.2", "14", "65"), "kg"),
        ("전파 투과율", "RF transmission", ("≥ 85", "≥ 90", "≥ 92"), "%"),
    ],
}
# fmt: on
