"""Sentences for the fictional data generator: templates, Korean particles, list joining.

Plain Python (no Django) and cheap per call, because the search benchmark renders a million
product descriptions with it. Templates are filled with ``str.format`` from a context the
generator builds once per company or product.
"""

from __future__ import annotations

import random

# Korean particles change with the last syllable: 은/는, 을/를, 과/와, 이/가, and 으로/로,
# where a final ㄹ takes 로. Index: 0 no final consonant, 1 a final consonant, 2 a final ㄹ.
_PARTICLES = {
    "은": ("는", "은", "은"),
    "을": ("를", "을", "을"),
    "과": ("와", "과", "과"),
    "이": ("가", "이", "이"),
    "으로": ("로", "으로", "로"),
}
_HANGUL_FIRST, _HANGUL_LAST = ord("가"), ord("힣")
# How digits and Latin letters are read aloud decides their particle (일 ends in ㄹ, 삼 in ㅁ).
_DIGIT_FINAL = {"0": 1, "1": 2, "2": 0, "3": 1, "4": 0, "5": 0, "6": 1, "7": 2, "8": 2, "9": 0}
_LATIN_FINAL = {"l": 2, "m": 1, "n": 1, "r": 2}


def choose(rng: random.Random, items):
    """``rng.choice`` at a fraction of its cost (one ``random()`` call); the generator's hot path."""
    return items[int(rng.random() * len(items))]


def final_sound(word: str) -> int:
    """0 when ``word`` ends in a vowel, 1 on a final consonant, 2 on a final ㄹ."""
    char = word.rstrip(" )")[-1:]
    if not char:
        return 0
    code = ord(char)
    if _HANGUL_FIRST <= code <= _HANGUL_LAST:
        final = (code - _HANGUL_FIRST) % 28
        return 0 if final == 0 else 2 if final == 8 else 1
    if char.isdigit():
        return _DIGIT_FINAL[char]
    return _LATIN_FINAL.get(char.lower(), 0)


def josa(word: str, particle: str) -> str:
    """``word`` followed by the right form of ``particle`` (given as 은, 을, 과, 이 or 으로)."""
    return word + _PARTICLES[particle][final_sound(word)]


def join_ko(items) -> str:
    """Korean lists are joined with commas only: '레이돔, 베어링, 포신'."""
    return ", ".join(items)


def join_en(items) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def singular(english: str, overrides: dict[str, str]) -> str:
    """'turbine blades' -> 'turbine blade', 'batteries' -> 'battery'; ``overrides`` first."""
    if english in overrides:
        return overrides[english]
    if english.endswith("ies"):
        return english[:-3] + "y"
    if english.endswith(("ches", "shes", "sses", "xes")):
        return english[:-2]
    if english.endswith("s") and not english.endswith("ss"):
        return english[:-1]
    return english


def title_case(phrase: str) -> str:
    """'radar transmit/receive module' -> 'Radar Transmit/Receive Module'; acronyms stay."""
    small = {"of", "and", "for", "to"}
    return " ".join(
        word if i and word in small else "/".join(part[:1].upper() + part[1:] for part in word.split("/"))
        for i, word in enumerate(phrase.split(" "))
    )


# --- company descriptions -----------------------------------------------------------------

KO_OPENERS = (
    "{name_eun} {year}년 {place}에서 설립된 {field} 분야 {kind} 전문 기업입니다.",
    "{name_eun} {field} 분야의 {kind} 전문 {size_ro} {year}년에 설립되었습니다.",
    "{year}년 설립 이래 {name_eun} {field} 분야 {kind}의 국산화에 힘써 왔습니다.",
    "{place}에 본사와 공장을 둔 {name_eun} {field} 분야 {kind_eul} 개발하고 생산합니다.",
)
KO_PRODUCTS = (
    "주요 제품으로 {tlist} 등을 생산합니다.",
    "{t1_eul} 비롯하여 {trest}의 설계 및 제작을 수행합니다.",
    "{t1_wa} {t2_eul} 주력으로 생산하고 있습니다.",
    "{platform}에 적용되는 {t1_eul} 양산하여 납품하고 있습니다.",
    "{tlist}의 설계 및 제작이 주력 사업입니다.",
)
KO_PROCESSES = (
    "{p1_wa} {p2} 역량을 보유하고 있습니다.",
    "{p1_eul} 전문으로 하며 {cap} 설비를 갖추고 있습니다.",
    "자체 공장에서 {p1}부터 {p2}까지 일괄 수행합니다.",
)
KO_CLOSERS = (
    "해외 체계업체의 정비용 부품 공급과 공동 개발에 관심이 있습니다.",
    "엄격한 품질 관리로 납기와 품질을 보증합니다.",
    "{country} 등 해외 수출 경험을 바탕으로 글로벌 공급망 진입을 추진하고 있습니다.",
)
KO_CERT_CLOSER = "{cert_eul} 보유하고 있으며, 해외 방산업체와의 절충교역 협력을 희망합니다."

EN_OPENERS = (
    "Founded in {year} in {place}, {name} specialises in {kind} for the {field} sector.",
    "{name} is a {size} {field} supplier based in {place}, founded in {year}.",
    "Since {year}, {name} has supplied {kind} to Korea's {field} industry.",
)
EN_PRODUCTS = (
    "Our main products are {tlist}.",
    "We design and manufacture {t1} and {t2}.",
    "The company produces {tlist} for {platform}.",
    "Its range covers {tlist}.",
)
EN_PROCESSES = (
    "In-house capabilities include {p1} and {p2}.",
    "We specialise in {p1}.",
    "The plant handles everything from {p1} to {p2}.",
)
EN_CLOSERS = (
    "We are keen to supply maintenance parts to foreign contractors under offset agreements.",
    "Strict quality control keeps our deliveries on time.",
    "With exports to {country}, we are ready to join global supply chains.",
)
EN_CERT_CLOSER = "Holding {cert}, we welcome offset cooperation with foreign prime contractors."


def company_ko(rng: random.Random, context: dict) -> str:
    """Two to four Korean sentences about a company."""
    parts = [choose(rng, KO_OPENERS), choose(rng, KO_PRODUCTS)]
    if rng.random() < 0.6:
        parts.append(choose(rng, KO_PROCESSES))
    if context.get("cert") and rng.random() < 0.5:
        parts.append(KO_CERT_CLOSER)
    elif rng.random() < 0.6:
        parts.append(choose(rng, KO_CLOSERS))
    return " ".join(parts).format(**context)


def company_en(rng: random.Random, context: dict) -> str:
    """Two to four English sentences about a company."""
    parts = [choose(rng, EN_OPENERS), choose(rng, EN_PRODUCTS)]
    if rng.random() < 0.6:
        parts.append(choose(rng, EN_PROCESSES))
    if context.get("cert") and rng.random() < 0.5:
        parts.append(EN_CERT_CLOSER)
    elif rng.random() < 0.6:
        parts.append(choose(rng, EN_CLOSERS))
    return " ".join(parts).format(**context)


# --- product descriptions -----------------------------------------------------------------

KO_PRODUCT_FIRST = (
    "{platform}에 적용되는 {term}입니다.",
    "{term}의 설계 및 제작을 일괄 수행하며, {process_eul} 적용합니다.",
    "{platform}에 납품 실적이 있는 국산화 {term}입니다.",
    "본 제품은 {platform}용으로 개발된 {term}입니다.",
)
KO_PRODUCT_MORE = (
    "주요 사양은 {spec}입니다.",
    "수입품을 대체하는 국산화 품목으로, 군 규격에 따른 시험을 마쳤습니다.",
    "{cap} 공정을 자체 보유하여 납기 대응이 빠릅니다.",
    "환경 시험과 신뢰성 시험을 거쳐 양산 중입니다.",
)
EN_PRODUCT_FIRST = (
    "{Term} for {platform}.",
    "{Term} designed and made in-house using {process}.",
    "A locally made {term_one} that replaces imported {term}.",
    "Developed for {platform}, this {term_one} is in series production.",
)
EN_PRODUCT_MORE = (
    "Key specification: {spec}.",
    "Qualified to military environmental standards.",
    "In-house {process} keeps lead times short.",
    "Delivered with full traceability and test reports.",
)


# Services (overhaul, depot maintenance) are described as work done, not as things made.
KO_SERVICE_FIRST = (
    "{platform}의 {term} 서비스를 제공합니다.",
    "{platform} 운용 부대를 위한 {term_eul} 수행합니다.",
)
KO_SERVICE_MORE = (
    "주요 사양은 {spec}입니다.",
    "군 정비 인가를 받은 시설에서 수행합니다.",
    "원제작사의 기술 자료에 따라 정비합니다.",
)
EN_SERVICE_FIRST = (
    "{Term} for {platform}.",
    "We provide {term} for operators of {platform}.",
)
EN_SERVICE_MORE = (
    "Key specification: {spec}.",
    "Work is done in an approved military maintenance facility.",
    "Overhaul follows the original manufacturer's technical data.",
)


def _sentences(rng: random.Random, first: tuple, more: tuple, context: dict) -> str:
    parts = [choose(rng, first), choose(rng, more)]
    if rng.random() < 0.3:
        extra = choose(rng, more)
        if extra != parts[1]:
            parts.append(extra)
    return " ".join(parts).format(**context)


def product_ko(rng: random.Random, context: dict, *, service: bool = False) -> str:
    """Two or three Korean sentences about a product or service."""
    if service:
        return _sentences(rng, KO_SERVICE_FIRST, KO_SERVICE_MORE, context)
    return _sentences(rng, KO_PRODUCT_FIRST, KO_PRODUCT_MORE, context)


def product_en(rng: random.Random, context: dict, *, service: bool = False) -> str:
    """Two or three English sentences about a product or service."""
    if service:
        return _sentences(rng, EN_SERVICE_FIRST, EN_SERVICE_MORE, context)
    return _sentences(rng, EN_PRODUCT_FIRST, EN_PRODUCT_MORE, context)
