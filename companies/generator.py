"""A deterministic generator of fictional Korean defence-industry companies and their products.

The demo (companies/demo.py) saves a few hundred of them; the search benchmark generates
100,000 companies with ten products each. So the generating half is plain Python that never
touches the database (Django models are imported only inside ``save_companies``) and does only
cheap work per record. The same ``seed`` and ``today`` always give the same records.

About 45% of companies write only Korean, 15% only English and the rest both, because that is
what the search has to cope with: a query in one language must still find text in the other.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate, islice
from typing import NamedTuple

from companies import generator_terms as terms
from companies import generator_text as text
from companies.taxonomy_data import CAPABILITIES, CERTIFICATION_TYPES, PRODUCT_CATEGORIES
from core.identifiers import brn_check_digit

DEFAULT_SEED = 20261127
# accounts/demo.py uses serials 10101-10404 and core.testing counts up from 500.
FIRST_SERIAL = 100000
LANGUAGES = ("ko", "en", "both")
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


@dataclass(slots=True)
class ProductRecord:
    """One fictional product. ``term_ko``/``term_en`` name what it is in both languages, even
    when the text is written in one, so a benchmark knows which queries should find it."""

    name_ko: str
    name_en: str
    description_ko: str
    description_en: str
    category: str  # English name in taxonomy_data.PRODUCT_CATEGORIES
    hs_code: str
    nsn: str
    trl: int | None
    platforms_ko: str
    platforms_en: str
    export_controlled: bool
    promising_item: bool
    specifications: list[tuple[str, str, str]]  # (name, value, unit)
    language: str  # "ko", "en" or "both": which languages the text is written in
    term_ko: str
    term_en: str


@dataclass(slots=True)
class CompanyRecord:
    """One fictional company with everything that hangs off its profile."""

    brn: str
    name_ko: str
    name_en: str
    ceo_ko: str
    ceo_en: str
    founded: int
    employees: int
    size_class: str
    region: str
    address_ko: str
    address_en: str
    website: str
    description_ko: str
    description_en: str
    field_codes: list[str]
    capabilities: list[str]  # English names in taxonomy_data.CAPABILITIES
    certifications: list[CertificationRecord]
    offset_fields: list[int]
    offset_types: list[str]
    track_records: list[TrackRecordRecord]
    contacts: list[ContactRecord]
    language: str  # "ko", "en" or "both"
    products: list[ProductRecord] = field(default_factory=list)


def brn_for(serial: int) -> str:
    """A registration number under tax-office code 000 (never issued), with its check digit."""
    first_nine = f"000{serial:06d}"
    return first_nine + str(brn_check_digit(first_nine))


# --- lookup tables, built once at import ---------------------------------------------------


class _Term(NamedTuple):
    ko: str
    ko_tight: str  # without spaces: Korean writers often run compounds together
    en: str
    one: str  # singular, for "a ... that"
    title: str  # singular in title case, for product names
    field: str
    category: str
    capability: str
    hs6: str
    fsc: str


def _singular(english: str) -> str:
    if english in terms.SINGULAR_OVERRIDES:
        return terms.SINGULAR_OVERRIDES[english]
    if english.endswith("ies"):
        return english[:-3] + "y"
    if english.endswith(("ches", "shes", "sses", "xes")):
        return english[:-2]
    if english.endswith("s") and not english.endswith("ss"):
        return english[:-1]
    return english


def _title(phrase: str) -> str:
    small = {"of", "and", "for", "to"}
    words = phrase.split(" ")
    return " ".join(
        w if (i and w in small) or w[:1].isupper() else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


def _weighted(pairs) -> tuple[list, list[float]]:
    items, weights = zip(*pairs, strict=True)
    return list(items), list(accumulate(weights))


def _pick(rng: random.Random, table) -> object:
    items, cumulative = table
    return items[bisect(cumulative, rng.random() * cumulative[-1])]


_TERMS = [
    _Term(ko, ko.replace(" ", ""), en, _singular(en), _title(_singular(en)), fld, cat, cap, hs6, fsc)
    for ko, en, fld, cat, cap, hs6, fsc in terms.PRODUCT_TERMS
]
_TERMS_BY_FIELD: dict[str, list[_Term]] = {}
for _t in _TERMS:
    _TERMS_BY_FIELD.setdefault(_t.field, []).append(_t)
_PROCESSES_BY_CAPABILITY: dict[str, list[tuple[str, str]]] = {}
for _ko, _en, _cap in terms.PROCESS_TERMS:
    _PROCESSES_BY_CAPABILITY.setdefault(_cap, []).append((_ko, _en))
_CAPABILITY_KO = {en: ko for ko, en in CAPABILITIES}
_CAPABILITY_ORDER = {en: i for i, (_ko, en) in enumerate(CAPABILITIES)}
_CATEGORY_KO = {en: ko for ko, en in PRODUCT_CATEGORIES}
_CERTIFICATION_KO = {en: ko for ko, en in CERTIFICATION_TYPES}
_CERT_TABLE = _weighted((name, spec[0]) for name, spec in terms.CERTIFICATIONS.items())
_REGION_TABLE = _weighted((code, spec[0]) for code, spec in terms.REGIONS.items())
_REGION_CODES = list(terms.REGIONS)
# Where the directory's suppliers concentrate (aerospace and electronics lead).
_FIELD_TABLE = _weighted(
    [("aircraft_guided", 22), ("c4i_electronics", 22), ("mobility", 15), ("firepower", 12),
     ("naval", 12), ("ammunition", 7), ("cbrn", 3), ("other", 7)]
)  # fmt: skip
_TRL_TABLE = _weighted([(None, 12), (4, 3), (5, 5), (6, 12), (7, 20), (8, 25), (9, 23)])
_SIZE_TABLE = _weighted([("sme", 75), ("mid", 20), ("large", 5)])
_SIZE_KO = {"sme": "중소기업", "mid": "중견기업", "large": "대기업"}
_SIZE_EN = {"sme": "small", "mid": "mid-sized", "large": "large"}
# Every 16th company cycles through all 17 regions, so any 272 consecutive companies
# (and so the demo's 300) cover them all, however rare a region's weight.
_REGION_CYCLE = 16


# --- generation ------------------------------------------------------------------------------


def generate_companies(
    count: int,
    *,
    seed: int = DEFAULT_SEED,
    products_per_company: float = 7.0,
    today: date | None = None,
    first_serial: int = FIRST_SERIAL,
) -> Iterator[CompanyRecord]:
    """Yield ``count`` fictional companies, each with about ``products_per_company`` products.

    Registration numbers run from serial ``first_serial`` upwards, so a given count always
    gives the same numbers whatever the seed. Certificate expiries are spread around ``today``
    (default: the current date): some expired, some within 60 days, most later.
    """
    if first_serial + count > 1_000_000:
        raise ValueError("registration-number serials have six digits; lower count or first_serial")
    rng = random.Random(seed)
    today = today or date.today()
    used_names: set[str] = set()
    for index in range(count):
        yield _company(rng, index, first_serial + index, products_per_company, today, used_names)


def _company(rng, index, serial, per_company, today, used_names) -> CompanyRecord:
    draw = rng.random()
    language = "ko" if draw < 0.45 else "en" if draw < 0.60 else "both"
    name_ko, name_en, roman, suffix_en = _company_name(rng, used_names)
    if language == "ko" and rng.random() < 1 / 3:
        name_en = ""  # a third of Korean-only profiles (15% of all) have no English name
    if language == "en" and rng.random() < 1 / 3:
        name_ko = ""
    size = _pick(rng, _SIZE_TABLE)
    if size == "sme":
        employees = rng.randint(8, 49) if rng.random() < 0.65 else rng.randint(50, 299)
        founded = rng.randint(1978, today.year - 2)
    elif size == "mid":
        employees, founded = rng.randint(300, 999), rng.randint(1970, 2012)
    else:
        employees, founded = rng.randint(1000, 6000), rng.randint(1955, 1998)
    if index % _REGION_CYCLE == 0:
        region = _REGION_CODES[(index // _REGION_CYCLE) % len(_REGION_CODES)]
    else:
        region = _pick(rng, _REGION_TABLE)
    _weight, province_ko, province_en, area_code, districts = terms.REGIONS[region]
    district_ko, district_en, place_ko, place_en = rng.choice(districts)
    road_ko, road_en = rng.choice(terms.ROADS)
    number = rng.randint(3, 480)
    surname_ko, surname_en = rng.choice(terms.SURNAMES)
    given_ko, given_en = rng.choice(terms.GIVEN_NAMES)
    slug = f"{roman}-{suffix_en}".lower()
    ko_text, en_text = language != "en", language != "ko"

    fields = [_pick(rng, _FIELD_TABLE)]
    while rng.random() < 0.35 and len(fields) < 3:
        extra = _pick(rng, _FIELD_TABLE)
        if extra not in fields:
            fields.append(extra)
    products, used_terms = _products(rng, language, fields[0], per_company, _initials(roman, suffix_en))
    # dict.fromkeys, never a set: set order changes between runs and would break determinism.
    product_terms = list(dict.fromkeys(used_terms))
    while len(product_terms) < 2:
        product_terms.append(rng.choice(_TERMS_BY_FIELD[fields[0]]))
    capabilities = dict.fromkeys(t.capability for t in product_terms[:4])
    capabilities[rng.choice(CAPABILITIES)[1]] = None
    capabilities = sorted(capabilities, key=_CAPABILITY_ORDER.__getitem__)
    certifications = _certifications(rng, size, today)
    offset_fields, offset_types = _offset_offer(rng)

    context_terms = product_terms[:3]
    processes = [rng.choice(_PROCESSES_BY_CAPABILITY[c]) for c in capabilities[:2]]
    while len(processes) < 2 or processes[1] == processes[0]:
        processes[1:] = [rng.choice(terms.PROCESS_TERMS)[:2]]
    platform_ko, platform_en = rng.choice(terms.PLATFORMS[fields[0]])
    country_ko, country_en = rng.choice(terms.EXPORT_COUNTRIES)
    cert = next((c.type_en for c in certifications if c.expires_on is not None), "")
    kind = context_terms[0].category
    description_ko = description_en = ""
    if ko_text:
        display = name_ko or name_en
        words = [t.ko_tight if rng.random() < 0.2 else t.ko for t in context_terms]
        description_ko = text.company_ko(
            rng,
            {
                "name_eun": text.josa(display, "은"),
                "year": founded,
                "place": place_ko,
                "field": terms.FIELD_PHRASES[fields[0]][0],
                "kind": _CATEGORY_KO[kind],
                "kind_eul": text.josa(_CATEGORY_KO[kind], "을"),
                "size_ro": text.josa(_SIZE_KO[size], "으로"),
                "tlist": text.join_ko(words),
                "t1_eul": text.josa(words[0], "을"),
                "t1_wa": text.josa(words[0], "과"),
                "t2_eul": text.josa(words[1], "을"),
                "trest": text.join_ko(words[1:]),
                "platform": platform_ko,
                "p1": processes[0][0],
                "p1_wa": text.josa(processes[0][0], "과"),
                "p1_eul": text.josa(processes[0][0], "을"),
                "p2": processes[1][0],
                "cap": _CAPABILITY_KO[capabilities[0]],
                "cert": _CERTIFICATION_KO.get(cert, ""),
                "country": country_ko,
            },
        )
    if en_text:
        words = [t.en for t in context_terms]
        description_en = text.company_en(
            rng,
            {
                "name": name_en or f"{roman} {suffix_en}",
                "year": founded,
                "place": place_en,
                "field": terms.FIELD_PHRASES[fields[0]][1],
                "kind": kind.lower(),
                "size": _SIZE_EN[size],
                "tlist": text.join_en(words),
                "t1": words[0],
                "t2": words[1],
                "platform": platform_en,
                "p1": processes[0][1],
                "p2": processes[1][1],
                "cert": cert,
                "country": country_en,
            },
        )
    return CompanyRecord(
        brn=brn_for(serial),
        name_ko=name_ko,
        name_en=name_en,
        ceo_ko=surname_ko + given_ko if ko_text else "",
        ceo_en=f"{surname_en} {given_en}" if en_text else "",
        founded=founded,
        employees=employees,
        size_class=size,
        region=region,
        address_ko=f"{province_ko} {district_ko} {road_ko} {number}" if ko_text else "",
        address_en=f"{number}, {road_en}, {district_en}, {province_en}" if en_text else "",
        website=f"https://www.{slug}.invalid" if rng.random() < 0.8 else "",
        description_ko=description_ko,
        description_en=description_en,
        field_codes=fields,
        capabilities=capabilities,
        certifications=certifications,
        offset_fields=offset_fields,
        offset_types=offset_types,
        track_records=_track_records(rng, language, size, founded, product_terms, fields[0], today),
        contacts=_contacts(rng, language, slug, area_code),
        language=language,
        products=products,
    )


def _company_name(rng, used_names) -> tuple[str, str, str, str]:
    """Korean name, English name, romanised stem, English suffix; unique while names last."""
    for _attempt in range(6):
        root_ko, root_en = rng.choice(terms.NAME_ROOTS)
        mid_ko, mid_en = rng.choice(terms.NAME_MIDS)
        suffix_ko, suffix_en = rng.choice(terms.NAME_SUFFIXES)
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


def _initials(roman: str, suffix_en: str) -> str:
    return (roman[:1] + suffix_en[:1]).upper()


def _products(rng, company_language, field_code, per_company, initials) -> tuple[list, list[_Term]]:
    if per_company <= 0:
        return [], []
    count = max(1, int(per_company * (0.35 + 1.3 * rng.random()) + 0.5))
    own_field = _TERMS_BY_FIELD[field_code]
    used_ko: set[str] = set()
    used_en: set[str] = set()
    products, used_terms = [], []
    for _ in range(count):
        term = rng.choice(own_field) if rng.random() < 0.75 else rng.choice(_TERMS)
        used_terms.append(term)
        products.append(_product(rng, term, company_language, initials, used_ko, used_en))
    return products, used_terms


def _product_language(rng, company_language) -> str:
    draw = rng.random()
    if company_language == "ko":
        return "ko" if draw < 0.85 else "both"
    if company_language == "en":
        return "en" if draw < 0.85 else "both"
    return "both" if draw < 0.75 else "ko" if draw < 0.95 else "en"


def _product(rng, term: _Term, company_language, initials, used_ko, used_en) -> ProductRecord:
    language = _product_language(rng, company_language)
    qualifier_ko, qualifier_en = rng.choice(terms.PRODUCT_QUALIFIERS) if rng.random() < 0.35 else ("", "")
    model = f"{initials}-{rng.randrange(100, 990)}" if rng.random() < 0.55 else ""
    tight = rng.random() < 0.1
    while True:
        stem_ko = " ".join(filter(None, (model, qualifier_ko, term.ko_tight if tight else term.ko)))
        stem_en = " ".join(filter(None, (model, qualifier_en, term.title)))
        if stem_ko not in used_ko and stem_en not in used_en:
            break
        # A second product of the same kind gets its own model number, as catalogues do.
        model = f"{initials}-{rng.randrange(100, 9990)}{rng.choice('ABCDEFGHJK')}"
    used_ko.add(stem_ko)
    used_en.add(stem_en)
    ko_text, en_text = language != "en", language != "ko"
    name_ko = stem_ko if ko_text else ""
    # Korean-only products keep an English name half the time (model numbers travel well).
    name_en = stem_en if en_text or rng.random() < 0.5 else ""

    spec_rows = terms.SPECIFICATIONS[term.category]
    chosen = rng.sample(spec_rows, rng.randint(2, min(4, len(spec_rows))))
    values = [rng.choice(row[2]) for row in chosen]
    specifications = [
        (row[0] if language == "ko" else row[1], value, row[3])
        for row, value in zip(chosen, values, strict=True)
    ]
    platforms = rng.sample(
        terms.PLATFORMS[term.field], min(len(terms.PLATFORMS[term.field]), rng.choice((1, 1, 2)))
    )
    process_ko, process_en = rng.choice(_PROCESSES_BY_CAPABILITY[term.capability])
    spec_row, spec_value = chosen[0], values[0]
    description_ko = description_en = ""
    if ko_text:
        description_ko = text.product_ko(
            rng,
            {
                "term": term.ko_tight if rng.random() < 0.2 else term.ko,
                "platform": platforms[0][0],
                "process_eul": text.josa(process_ko, "을"),
                "spec": f"{spec_row[0]} {spec_value} {spec_row[3]}".rstrip(),
                "cap": _CAPABILITY_KO[term.capability],
            },
        )
    if en_text:
        description_en = text.product_en(
            rng,
            {
                "Term": term.one[:1].upper() + term.one[1:],
                "term": term.en,
                "term_one": term.one,
                "platform": platforms[0][1],
                "process": process_en,
                "spec": f"{spec_row[1]} {spec_value} {spec_row[3]}".rstrip(),
                "cap": term.capability,
            },
        )
    # HS codes are declared at 6, 8 or 10 digits depending on the national tariff line.
    draw = rng.random()
    if draw < 0.5:
        hs_code = term.hs6
    elif draw < 0.7:
        hs_code = term.hs6 + f"{rng.randrange(100):02d}"
    else:
        hs_code = term.hs6 + f"{rng.randrange(10000):04d}"
    nsn = term.fsc + f"{rng.randrange(10**9):09d}" if rng.random() < 0.35 else ""
    sensitive = term.field in ("aircraft_guided", "c4i_electronics", "firepower", "ammunition")
    return ProductRecord(
        name_ko=name_ko,
        name_en=name_en,
        description_ko=description_ko,
        description_en=description_en,
        category=term.category,
        hs_code=hs_code,
        nsn=nsn,
        trl=_pick(rng, _TRL_TABLE),
        platforms_ko=", ".join(p[0] for p in platforms) if ko_text else "",
        platforms_en=", ".join(p[1] for p in platforms) if en_text else "",
        export_controlled=rng.random() < (0.3 if sensitive else 0.08),
        promising_item=rng.random() < 0.07,
        specifications=specifications,
        language=language,
        term_ko=term.ko,
        term_en=term.en,
    )


def _certifications(rng, size, today) -> list[CertificationRecord]:
    wanted = {"sme": (0, 3), "mid": (1, 4), "large": (2, 5)}[size]
    types = dict.fromkeys(_pick(rng, _CERT_TABLE) for _ in range(rng.randint(*wanted)))
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
            draw = rng.random()
            if draw < 0.10:
                expires_on = today - timedelta(days=rng.randint(1, 500))
            elif draw < 0.22:
                expires_on = today + timedelta(days=rng.randint(0, 60))
            else:
                expires_on = today + timedelta(days=rng.randint(61, 1095))
        result.append(CertificationRecord(type_en, number, rng.choice(issuers), expires_on))
    return result


def _offset_offer(rng) -> tuple[list[int], list[str]]:
    """Offset fields and types; fields 6 and 7 only come on top of one of 1-5."""
    if rng.random() < 0.08:
        return [], []
    fields = sorted(rng.sample(range(1, 6), rng.choice((1, 1, 2, 2, 3))))
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
_KIND_TABLE = _weighted([("defence", 50), ("offset", 25), ("export", 25)])


def _track_records(rng, language, size, founded, product_terms, field_code, today) -> list[TrackRecordRecord]:
    first_year = max(founded + 1, today.year - 20)
    if first_year >= today.year:
        return []
    most = {"sme": 3, "mid": 4, "large": 6}[size]
    records = []
    for _ in range(rng.randint(0, most)):
        kind = _pick(rng, _KIND_TABLE)
        term = rng.choice(product_terms)
        platform_ko, platform_en = rng.choice(terms.PLATFORMS[field_code])
        role_ko, role_en = rng.choice(_ROLES[kind])
        if kind == "defence":
            prime_ko, prime_en = rng.choice(terms.DOMESTIC_PRIMES)
            partner = prime_en if language == "en" else prime_ko
            programme = (
                f"{platform_ko} {term.ko} 국산화 개발",
                f"{term.title} localisation for {platform_en}",
            )
            value, currency = Decimal(rng.randrange(5, 800) * 10_000_000), "KRW"
        elif kind == "offset":
            partner = rng.choice(terms.FOREIGN_PARTNERS)
            programme = (f"{partner} 절충교역 {term.ko} 공급", f"{partner} offset: supply of {term.en}")
            value, currency = Decimal(rng.randrange(5, 2000) * 10_000), rng.choice(("USD", "USD", "EUR"))
        else:
            partner = rng.choice(terms.FOREIGN_PARTNERS)
            country_ko, country_en = rng.choice(terms.EXPORT_COUNTRIES)
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


def _contacts(rng, language, slug, area_code) -> list[ContactRecord]:
    contacts = []
    titles = rng.sample(terms.CONTACT_TITLES, rng.choice((1, 1, 2, 2, 3)))
    for title_ko, title_en, mailbox in titles:
        surname_ko, surname_en = rng.choice(terms.SURNAMES)
        given_ko, given_en = rng.choice(terms.GIVEN_NAMES)
        korean = language == "ko" or (language == "both" and rng.random() < 0.5)
        local = mailbox if rng.random() < 0.5 else f"{given_en.replace('-', '')}.{surname_en}".lower()
        contacts.append(
            ContactRecord(
                name=surname_ko + given_ko if korean else f"{given_en} {surname_en}",
                title=title_ko if korean else title_en,
                email=f"{local}@{slug}.invalid",
                phone=f"+82-{area_code}-0000-{rng.randrange(10000):04d}",
            )
        )
    return contacts


# --- saving ------------------------------------------------------------------------------------


def save_companies(
    records: Iterable[CompanyRecord],
    *,
    status: str = "published",
    batch_size: int = 500,
    progress: Callable[[int, int | None], None] | None = None,
) -> tuple[int, int]:
    """Write ``records`` with bulk inserts, skipping registration numbers already present.

    Returns (companies created, products created). ``progress(done, total)`` is called after
    each batch; ``total`` is None when ``records`` has no length (a generator). Bulk inserts
    send no signals, so no history rows are written for generated data.
    """
    from companies.generator_save import save_batch, taxonomy_maps

    total = len(records) if hasattr(records, "__len__") else None
    maps = taxonomy_maps()
    iterator, done, created = iter(records), 0, [0, 0]
    seen: set[str] = set()
    while batch := list(islice(iterator, batch_size)):
        companies, products = save_batch(batch, maps, status, seen)
        created[0] += companies
        created[1] += products
        done += len(batch)
        if progress is not None:
            progress(done, total)
    return created[0], created[1]
