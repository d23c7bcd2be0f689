"""Profile parts for the fictional data generator: names, certificates, offsets, track record,
contacts. Plain Python, no Django; see companies/generator.py for the whole picture."""

from __future__ import annotations

import random
from bisect import bisect
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import NamedTuple

from companies import generator_terms as terms
from companies.generator_text import choose

OFFSET_TYPES = ("direct_defence", "direct_commercial", "indirect_defence", "indirect_commercial")


class CertificationRecord(NamedTuple):
    type_en: str  # English name in taxonomy_data.CERTIFICATION_TYPES
    number: str
    issuer: str
    expires_on: date | None  # None: a designation that does not expire


class TrackRecordRecord(NamedTuple):
    kind: str  # offset, export or defence
    programme_ko: str
    programme_en: str
    partner: str
    year: int
    value: Decimal
    currency: str
    role_ko: str
    role_en: str


class ContactRecord(NamedTuple):
    name: str
    title: str
    email: str
    phone: str


def weighted(pairs) -> tuple[list, list[float]]:
    """A table for ``pick``: the items and their cumulative weights."""
    items, weights = zip(*pairs, strict=True)
    return list(items), list(accumulate(weights))


def pick(rng: random.Random, table):
    """One item of a ``weighted`` table, drawn with a single ``rng.random()``."""
    items, cumulative = table
    return items[bisect(cumulative, rng.random() * cumulative[-1])]


_CERT_TABLE = weighted((name, spec[0]) for name, spec in terms.CERTIFICATIONS.items())


def company_name(rng, used_names) -> tuple[str, str, str, str]:
    """Korean name, English name, romanised stem, English suffix; unique while names last."""
    for _attempt in range(6):
        root_ko, root_en = choose(rng, terms.NAME_ROOTS)
        mid_ko, mid_en = choose(rng, terms.NAME_MIDS)
        suffix_ko, suffix_en = choose(rng, terms.NAME_SUFFIXES)
        if mid_ko and root_ko.endswith(mid_ko):  # no stutter such as '온결결'
            mid_ko, mid_en = "", ""
        base_ko = root_ko + mid_ko + suffix_ko
        if base_ko not in used_names:
            break
    used_names.add(base_ko)
    roman = root_en + mid_en
    name_ko, name_en = base_ko, f"{roman} {suffix_en}"
    # Directories list the same firm as '(주)한결정밀' or 'Hangyeol Precision Co., Ltd.'.
    draw = rng.random()
    if draw < 0.10:
        name_ko = "(주)" + base_ko
    elif draw < 0.15:
        name_ko = "주식회사 " + base_ko
    if rng.random() < 0.15:
        name_en += " Co., Ltd."
    return name_ko, name_en, roman, suffix_en


def certifications(rng, size, today) -> list[CertificationRecord]:
    """Distinct certificates, more for bigger companies, with expiries spread around ``today``."""
    wanted = {"sme": (0, 3), "mid": (1, 4), "large": (2, 5)}[size]
    types = dict.fromkeys(pick(rng, _CERT_TABLE) for _ in range(rng.randint(*wanted)))
    result = []
    for type_en in types:
        _weight, issuers, pattern, expires = terms.CERTIFICATIONS[type_en]
        number = pattern.format(
            y=rng.randint(2015, today.year),
            n3=f"{rng.randrange(1000):03d}",
            n4=f"{rng.randrange(10**4):04d}",
            n5=f"{rng.randrange(10**5):05d}",
            n6=f"{rng.randrange(10**6):06d}",
        )
        expires_on = None
        if expires:
            # About 10% expired, 12% due within 60 days (the reminder window), the rest later.
            draw = rng.random()
            if draw < 0.10:
                expires_on = today - timedelta(days=rng.randint(1, 500))
            elif draw < 0.22:
                expires_on = today + timedelta(days=rng.randint(0, 60))
            else:
                expires_on = today + timedelta(days=rng.randint(61, 1095))
        result.append(CertificationRecord(type_en, number, choose(rng, issuers), expires_on))
    return result


def offset_offer(rng) -> tuple[list[int], list[str]]:
    """Offset fields and types; fields 6 and 7 only come on top of one of 1-5."""
    if rng.random() < 0.08:
        return [], []
    fields = sorted(rng.sample(range(1, 6), choose(rng, (1, 1, 2, 2, 3))))
    if rng.random() < 0.15:
        fields.append(6)
    if rng.random() < 0.10:
        fields.append(7)
    types = [t for t, p in zip(OFFSET_TYPES, (0.8, 0.3, 0.5, 0.25), strict=True) if rng.random() < p]
    return fields, types or ["direct_defence"]


_ROLES = {
    "defence": (("협력업체 부품 공급", "subcontracted component supply"), ("개발 및 양산 참여", "development and production"), ("시제 제작", "prototype manufacture")),
    "offset": (("절충교역 부품 공급", "offset component supply"), ("기술 이전 수혜", "technology transfer recipient"), ("공동 개발", "co-development")),
    "export": (("수출 공급", "exporter"), ("현지 정비 지원", "in-country maintenance support")),
}  # fmt: skip
_KIND_TABLE = weighted([("defence", 50), ("offset", 25), ("export", 25)])


def track_records(rng, language, size, founded, product_terms, field_code, today) -> list[TrackRecordRecord]:
    """Up to a few past programmes since founding (20 years at most), in the profile's languages."""
    first_year = max(founded + 1, today.year - 20)
    if first_year >= today.year:
        return []
    records = []
    for _ in range(rng.randint(0, {"sme": 3, "mid": 4, "large": 6}[size])):
        kind = pick(rng, _KIND_TABLE)
        term = choose(rng, product_terms)
        platform_ko, platform_en = choose(rng, terms.PLATFORMS[field_code])
        role_ko, role_en = choose(rng, _ROLES[kind])
        if kind == "defence":
            prime_ko, prime_en = choose(rng, terms.DOMESTIC_PRIMES)
            partner = prime_en if language == "en" else prime_ko
            programme = (
                f"{platform_ko} {term.ko} 국산화 개발",
                f"Localisation of {term.en} for {platform_en}",
            )
            value, currency = Decimal(rng.randrange(5, 800) * 10_000_000), "KRW"
        elif kind == "offset":
            partner = choose(rng, terms.FOREIGN_PARTNERS)
            programme = (f"{partner} 절충교역 {term.ko} 공급", f"{partner} offset: supply of {term.en}")
            value, currency = Decimal(rng.randrange(5, 2000) * 10_000), choose(rng, ("USD", "USD", "EUR"))
        else:
            partner = choose(rng, terms.FOREIGN_PARTNERS)
            country_ko, country_en = choose(rng, terms.EXPORT_COUNTRIES)
            programme = (f"{country_ko} {platform_ko} {term.ko} 수출", f"Export of {term.en} to {country_en}")
            value, currency = Decimal(rng.randrange(2, 1500) * 10_000), "USD"
        records.append(
            TrackRecordRecord(
                kind=kind,
                programme_ko=programme[0] if language != "en" else "",
                programme_en=programme[1] if language != "ko" else "",
                partner=partner,
                year=rng.randint(first_year, today.year - 1),
                value=value,
                currency=currency,
                role_ko=role_ko if language != "en" else "",
                role_en=role_en if language != "ko" else "",
            )
        )
    return records


def contacts(rng, language, slug, area_code) -> list[ContactRecord]:
    """One to three fictional people at the company's '.invalid' mail domain."""
    contacts = []
    for title_ko, title_en, mailbox in rng.sample(terms.CONTACT_TITLES, choose(rng, (1, 1, 2, 2, 3))):
        surname_ko, surname_en = choose(rng, terms.SURNAMES)
        given_ko, given_en = choose(rng, terms.GIVEN_NAMES)
        korean = language == "ko" or (language == "both" and rng.random() < 0.5)
        local = mailbox if rng.random() < 0.5 else f"{given_en.replace('-', '')}.{surname_en}".lower()
        contacts.append(
            ContactRecord(
                name=surname_ko + given_ko if korean else f"{given_en} {surname_en}",
                title=title_ko if korean else title_en,
                email=f"{local}@{slug}.invalid",
                # The 0000 exchange is never assigned, so the numbers reach nobody.
                phone=f"+82-{area_code}-0000-{rng.randrange(10000):04d}",
            )
        )
    return contacts
