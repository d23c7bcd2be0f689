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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import NamedTuple

from companies import generator_parts as parts
from companies import generator_terms as terms
from companies import generator_text as text
from companies.generator_parts import (  # re-exported: the records a CompanyRecord holds
    OFFSET_TYPES,
    CertificationRecord,
    ContactRecord,
    TrackRecordRecord,
    pick,
    weighted,
)
from companies.generator_text import choose
from companies.taxonomy_data import CAPABILITIES, CERTIFICATION_TYPES, PRODUCT_CATEGORIES
from core.identifiers import brn_check_digit

DEFAULT_SEED = 20261127
# accounts/demo.py uses serials 10101-10404 and core.testing counts up from 500.
FIRST_SERIAL = 100000
LANGUAGES = ("ko", "en", "both")
__all__ = [
    "OFFSET_TYPES",
    "CertificationRecord",
    "CompanyRecord",
    "ContactRecord",
    "ProductRecord",
    "TrackRecordRecord",
    "brn_for",
    "generate_companies",
    "save_companies",
]


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
    """A product term with everything the hot path needs precomputed."""

    ko: str
    ko_tight: str  # without spaces: Korean writers often run compounds together
    en: str  # plural, as in "We manufacture turbine blades"
    one: str  # singular, as in "this turbine blade"
    title: str  # singular in title case, for product names
    field: str
    category: str
    capability: str
    hs6: str
    fsc: str
    processes: tuple  # (ko, en) processes a description may say it is made with
    speciality: tuple | None  # a process only makers of this product mention
    qualifiers: tuple
    specifications: tuple
    platforms: tuple


_PROCESSES_BY_CAPABILITY: dict[str, list[tuple[str, str]]] = {}
for _ko, _en, _capability in terms.PROCESS_TERMS:
    _PROCESSES_BY_CAPABILITY.setdefault(_capability, []).append((_ko, _en))


def _qualifiers(category: str) -> tuple:
    group = terms.QUALIFIER_GROUPS[category]
    if group is None:
        return ()
    extra = terms.PRODUCT_QUALIFIERS[group] if group != "general" else []
    return tuple(terms.PRODUCT_QUALIFIERS["general"] + extra)


def _make_term(ko, en, field_code, category, capability, hs6, fsc) -> _Term:
    one = text.singular(en, terms.SINGULAR_OVERRIDES)
    return _Term(
        ko=ko,
        ko_tight=ko.replace(" ", ""),
        en=en,
        one=one,
        title=text.title_case(one),
        field=field_code,
        category=category,
        capability=capability,
        hs6=hs6,
        fsc=fsc,
        processes=tuple(_PROCESSES_BY_CAPABILITY[capability]),
        speciality=terms.SPECIALITY_PROCESSES.get(ko),
        qualifiers=_qualifiers(category),
        specifications=tuple(terms.SPECIFICATIONS[category]),
        platforms=tuple(terms.PLATFORMS[field_code]),
    )


_TERMS = [_make_term(*row) for row in terms.PRODUCT_TERMS]
_TERMS_BY_FIELD: dict[str, list[_Term]] = {}
for _term in _TERMS:
    _TERMS_BY_FIELD.setdefault(_term.field, []).append(_term)
_SERVICE = "Maintenance services"
_GOODS_BY_FIELD = {
    code: [t for t in group if t.category != _SERVICE] for code, group in _TERMS_BY_FIELD.items()
}
_CAPABILITY_KO = {en: ko for ko, en in CAPABILITIES}
_CAPABILITY_ORDER = {en: i for i, (_ko, en) in enumerate(CAPABILITIES)}
_CATEGORY_KO = {en: ko for ko, en in PRODUCT_CATEGORIES}
_CERTIFICATION_KO = {en: ko for ko, en in CERTIFICATION_TYPES}
_REGION_TABLE = weighted((code, spec[0]) for code, spec in terms.REGIONS.items())
_REGION_CODES = list(terms.REGIONS)
# Where the directory's suppliers concentrate (aerospace and electronics lead).
_FIELD_TABLE = weighted(
    [("aircraft_guided", 22), ("c4i_electronics", 22), ("mobility", 15), ("firepower", 12),
     ("naval", 12), ("ammunition", 7), ("cbrn", 3), ("other", 7)]
)  # fmt: skip
_TRL_TABLE = weighted([(None, 12), (4, 3), (5, 5), (6, 12), (7, 20), (8, 25), (9, 23)])
_SIZE_TABLE = weighted([("sme", 75), ("mid", 20), ("large", 5)])
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
    rng = random.Random(seed)  # noqa: S311 (fictional data, reproducible by design; not security)
    today = today or date.today()
    used_names: set[str] = set()
    for index in range(count):
        yield _company(rng, index, first_serial + index, products_per_company, today, used_names)


def _company(rng, index, serial, per_company, today, used_names) -> CompanyRecord:
    draw = rng.random()
    language = "ko" if draw < 0.45 else "en" if draw < 0.60 else "both"
    ko_text, en_text = language != "en", language != "ko"
    name_ko, name_en, roman, suffix_en = parts.company_name(rng, used_names)
    if language == "ko" and rng.random() < 1 / 3:
        name_en = ""  # a third of Korean-only profiles (15% of all) have no English name
    if language == "en" and rng.random() < 1 / 3:
        name_ko = ""
    size = pick(rng, _SIZE_TABLE)
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
        region = pick(rng, _REGION_TABLE)
    _weight, province_ko, province_en, area_code, districts = terms.REGIONS[region]
    district_ko, district_en, place_ko, place_en = choose(rng, districts)
    road_ko, road_en = choose(rng, terms.ROADS)
    number = rng.randint(3, 480)
    surname_ko, surname_en = choose(rng, terms.SURNAMES)
    given_ko, given_en = choose(rng, terms.GIVEN_NAMES)
    slug = f"{roman}-{suffix_en}".lower()

    fields = [pick(rng, _FIELD_TABLE)]
    while rng.random() < 0.35 and len(fields) < 3:
        extra = pick(rng, _FIELD_TABLE)
        if extra not in fields:
            fields.append(extra)
    products, used_terms = _products(
        rng, language, fields[0], per_company, (roman[:1] + suffix_en[:1]).upper()
    )
    # dict.fromkeys, never a set: set order changes between runs and would break determinism.
    product_terms = list(dict.fromkeys(used_terms))
    while len(product_terms) < 2:
        product_terms.append(choose(rng, _TERMS_BY_FIELD[fields[0]]))
    capabilities = dict.fromkeys(t.capability for t in product_terms[:4])
    capabilities[choose(rng, CAPABILITIES)[1]] = None
    capabilities = sorted(capabilities, key=_CAPABILITY_ORDER.__getitem__)
    certifications = parts.certifications(rng, size, today)
    offset_fields, offset_types = parts.offset_offer(rng)

    # Services read badly in "we manufacture ...", so the text names things the company makes.
    words = [t for t in product_terms if t.category != _SERVICE][:3]
    while len(words) < 2:
        words.append(choose(rng, _GOODS_BY_FIELD[fields[0]]))
    processes = [choose(rng, _PROCESSES_BY_CAPABILITY[c]) for c in capabilities[:2]]
    speciality = next((t.speciality for t in words if t.speciality), None)
    if speciality and rng.random() < 0.6:
        processes[0] = speciality
    while len(processes) < 2 or processes[1] == processes[0]:
        processes[1:] = [choose(rng, terms.PROCESS_TERMS)[:2]]
    platform_ko, platform_en = choose(rng, terms.PLATFORMS[fields[0]])
    country_ko, country_en = choose(rng, terms.EXPORT_COUNTRIES)
    cert = next((c.type_en for c in certifications if c.expires_on is not None), "")
    kind = words[0].category
    description_ko = description_en = ""
    if ko_text:
        tlist = [t.ko_tight if rng.random() < 0.2 else t.ko for t in words]
        cert_ko = _CERTIFICATION_KO.get(cert, "")
        if cert_ko and not cert_ko.endswith("인증"):
            cert_ko += " 인증"
        description_ko = text.company_ko(
            rng,
            {
                "name_eun": text.josa(name_ko, "은"),
                "year": founded,
                "place": place_ko,
                "field": terms.FIELD_PHRASES[fields[0]][0],
                "kind": _CATEGORY_KO[kind],
                "kind_eul": text.josa(_CATEGORY_KO[kind], "을"),
                "size_ro": text.josa(_SIZE_KO[size], "으로"),
                "tlist": text.join_ko(tlist),
                "t1_eul": text.josa(tlist[0], "을"),
                "t1_wa": text.josa(tlist[0], "과"),
                "t2_eul": text.josa(tlist[1], "을"),
                "trest": text.join_ko(tlist[1:]),
                "platform": platform_ko,
                "p1": processes[0][0],
                "p1_wa": text.josa(processes[0][0], "과"),
                "p1_eul": text.josa(processes[0][0], "을"),
                "p2": processes[1][0],
                "cap": _CAPABILITY_KO[capabilities[0]],
                "cert": cert_ko,
                "cert_eul": text.josa(cert_ko, "을") if cert_ko else "",
                "country": country_ko,
            },
        )
    if en_text:
        tlist = [t.en for t in words]
        description_en = text.company_en(
            rng,
            {
                "name": name_en or f"{roman} {suffix_en}",
                "year": founded,
                "place": place_en,
                "field": terms.FIELD_PHRASES[fields[0]][1],
                "kind": kind.lower(),
                "size": _SIZE_EN[size],
                "tlist": text.join_en(tlist),
                "t1": tlist[0],
                "t2": tlist[1],
                "platform": platform_en,
                "p1": processes[0][1],
                "p2": processes[1][1],
                "cert": cert if not cert or "certification" in cert else f"{cert} certification",
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
        track_records=parts.track_records(rng, language, size, founded, product_terms, fields[0], today),
        contacts=parts.contacts(rng, language, slug, area_code),
        language=language,
        products=products,
    )


def _products(rng, company_language, field_code, per_company, initials) -> tuple[list, list[_Term]]:
    if per_company <= 0:
        return [], []
    count = max(1, int(per_company * (0.35 + 1.3 * rng.random()) + 0.5))
    own_field = _TERMS_BY_FIELD[field_code]
    used_ko: set[str] = set()
    used_en: set[str] = set()
    products, used_terms = [], []
    for _ in range(count):
        term = choose(rng, own_field) if rng.random() < 0.75 else choose(rng, _TERMS)
        used_terms.append(term)
        products.append(_product(rng, term, company_language, initials, used_ko, used_en))
    return products, used_terms


def _product(rng, term: _Term, company_language, initials, used_ko, used_en) -> ProductRecord:
    # The hot path (a million calls for the benchmark): one rng.random() per decision, no sample().
    rand = rng.random
    draw = rand()
    if company_language == "both":
        language = "both" if draw < 0.75 else "ko" if draw < 0.95 else "en"
    else:  # mostly the company's language, sometimes both
        language = company_language if draw < 0.85 else "both"
    ko_text, en_text = language != "en", language != "ko"
    qualifiers = term.qualifiers
    qualifier_ko, qualifier_en = choose(rng, qualifiers) if qualifiers and rand() < 0.35 else ("", "")
    model = f"{initials}-{100 + int(rand() * 890)}" if rand() < 0.55 else ""
    korean_term = term.ko_tight if rand() < 0.1 else term.ko
    while True:
        stem_ko = " ".join(filter(None, (model, qualifier_ko, korean_term)))
        stem_en = " ".join(filter(None, (model, qualifier_en, term.title)))
        if stem_ko not in used_ko and stem_en not in used_en:
            break
        # A second product of the same kind gets its own model number, as catalogues do.
        model = f"{initials}-{100 + int(rand() * 9890)}{choose(rng, 'ABCDEFGHJK')}"
    used_ko.add(stem_ko)
    used_en.add(stem_en)

    rows = term.specifications
    start, count = int(rand() * len(rows)), 2 + int(rand() * (min(4, len(rows)) - 1))
    chosen = [rows[(start + i) % len(rows)] for i in range(count)]
    values = [choose(rng, row[2]) for row in chosen]
    name_index = 0 if language == "ko" else 1
    specifications = [(row[name_index], value, row[3]) for row, value in zip(chosen, values, strict=True)]
    platforms = term.platforms
    first = int(rand() * len(platforms))
    platforms = [platforms[first]] if rand() < 0.65 else [platforms[first], platforms[first - 1]]
    process_ko, process_en = term.speciality or choose(rng, term.processes)
    service = term.category == _SERVICE
    description_ko = description_en = ""
    if ko_text:
        word = term.ko_tight if rand() < 0.2 else term.ko
        description_ko = text.product_ko(
            rng,
            {
                "term": word,
                "term_eul": text.josa(word, "을"),
                "platform": platforms[0][0],
                "process_eul": text.josa(process_ko, "을"),
                "spec": f"{chosen[0][0]} {values[0]} {chosen[0][3]}".rstrip(),
                "cap": _CAPABILITY_KO[term.capability],
            },
            service=service,
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
                "spec": f"{chosen[0][1]} {values[0]} {chosen[0][3]}".rstrip(),
            },
            service=service,
        )
    # HS codes are declared at 6, 8 or 10 digits depending on the national tariff line.
    draw = rand()
    hs_code = term.hs6 if draw < 0.5 else f"{term.hs6}{int(rand() * 100):02d}" if draw < 0.7 else (
        f"{term.hs6}{int(rand() * 10_000):04d}"
    )  # fmt: skip
    sensitive = term.field in ("aircraft_guided", "c4i_electronics", "firepower", "ammunition")
    return ProductRecord(
        # Korean-only products keep an English name half the time (model numbers travel well).
        name_ko=stem_ko if ko_text else "",
        name_en=stem_en if en_text or rand() < 0.5 else "",
        description_ko=description_ko,
        description_en=description_en,
        category=term.category,
        hs_code=hs_code,
        nsn=f"{term.fsc}{int(rand() * 1e9):09d}" if rand() < 0.35 else "",
        trl=pick(rng, _TRL_TABLE),
        platforms_ko=", ".join(p[0] for p in platforms) if ko_text else "",
        platforms_en=", ".join(p[1] for p in platforms) if en_text else "",
        export_controlled=rand() < (0.3 if sensitive else 0.08),
        promising_item=rand() < 0.07,
        specifications=specifications,
        language=language,
        term_ko=term.ko,
        term_en=term.en,
    )


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
