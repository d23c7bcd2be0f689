"""Explained matching: how well a Korean company fits a KIP requirement, criterion by criterion.

Every criterion that the requirement states is judged for a company as *met*, *partly* met,
*not met* or *unknown* (the profile lacks the data to judge), with the evidence: which
certificate, which product, which past programme. The score is the share of the available
points a company earns, 0 to 100:

    score = round(100 x sum(weight x credit) / sum(weight))    over the criteria the requirement states

| criterion | weight | credit |
|---|---:|---|
| each required certification type | 20 | 1 when a certificate of that type is valid on the deadline (no expiry date counts as valid) |
| the work package (title, else scope) | 25 | 1 when >= 60 % of it is found in the profile or in one product, 0.5 from 20 % or when found by meaning only |
| capabilities | 20 | the share of the capabilities asked for that the profile lists |
| defence fields | 10 | 1 when the profile lists one of them |
| size class | 10 | 1 when the profile's size class is one of those accepted |
| quality system (text) | 10 | as the work package, over the company's texts and certificates |
| experience (text) | 10 | as the work package |
| earlier offset programme | 10 | 1 with a track record of kind "offset programme" |
| each preferred certification type | 5 | as a required one |

*Unknown* and *not met* both earn nothing: the score is what the profile shows. They differ in
the explanation and in what a company is told to do about it (``matching.gaps``). A certificate
counts when one of its type expires on or after the deadline (or has no expiry date); one that
expires earlier is *not met*, saying when.

Text criteria use the search service (Korean and English across languages, with the glossary),
the Korean and English texts of a criterion as one query (``matching.texts``). Each open
requirement's texts are searched in the background on publication and every ten minutes and the
results stored; a ranking reads a stored result up to 15 minutes old and searches only without one.
The share found is the search's score (rarity-weighted, names count more than other text),
capped by the plain share of the query's words matched. Only the search's first 1,000 companies
(and products) for a text are credited: a company outside them is *unknown* when the search
stopped at its limit, *not met* otherwise.

Ranking (``rank``) works out the same points in the database for the companies that can reach
the page, then builds the full evidence for the page's companies only; ties go to the lower
company id (the older profile). See ``_top`` for how few companies it has to score. ``count`` is
the number of visible companies that earn any point, counted up to ``COUNT_LIMIT``; the ranking
never goes past that many.
"""

from __future__ import annotations

import functools
import operator
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import reduce

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import BooleanField, IntegerField, Q, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import get_language, gettext

from companies.choices import SizeClass, TrackRecordKind
from companies.models import Certification, Company, DefenceField, Product, TrackRecord
from core import bilingual
from matching.models import Requirement
from matching.sql import ids_in, pk_in, sql_column, sql_table
from matching.texts import SCALE, SEARCH_LIMIT, TextResult, TextSpec, store, text_results


@functools.lru_cache(maxsize=1024)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)


def _(message: str) -> str:
    """``gettext`` for the active language, remembered: a page of matches asks for a few hundred."""
    return _translated(get_language(), message)


MET, PARTLY, NOT_MET, UNKNOWN = "met", "partly", "not_met", "unknown"
OUTCOMES = (MET, PARTLY, NOT_MET, UNKNOWN)

# Weights: points a criterion is worth when fully met (see the table in the module docstring).
WEIGHT_REQUIRED_CERTIFICATION = 20  # each required certification type
WEIGHT_PREFERRED_CERTIFICATION = 5  # each preferred certification type
WEIGHT_CAPABILITIES = 20  # shared equally by the capabilities asked for
WEIGHT_DEFENCE_FIELDS = 10
WEIGHT_SIZE_CLASS = 10
WEIGHT_WORK_PACKAGE = 25
WEIGHT_QUALITY_SYSTEM = 10
WEIGHT_EXPERIENCE = 10
WEIGHT_OFFSET_EXPERIENCE = 10

COUNT_LIMIT = 1000  # the ranking counts and lists at most this many companies
EVIDENCE_ITEMS = 3  # products or past programmes named per criterion

CERTIFICATION_KEY = "certification"
KEY_REQUIRED = "required_certification"
KEY_PREFERRED = "preferred_certification"
KEY_CAPABILITIES = "capabilities"
KEY_FIELDS = "defence_fields"
KEY_SIZE = "size_class"
KEY_WORK_PACKAGE = "work_package"
KEY_QUALITY = "quality_system"
KEY_EXPERIENCE = "experience"
KEY_OFFSET = "offset_experience"


# --- results --------------------------------------------------------------------------------


@dataclass
class Criterion:
    """One criterion judged for one company. ``label`` and ``evidence`` are in the active language.

    ``details`` carries what ``matching.gaps`` needs to give advice (the certification type and
    expiry, the capabilities missing, ...); it is not shown as such.
    """

    key: str
    label: str
    outcome: str
    weight: int
    evidence: list[str] = field(default_factory=list)
    credit: float = 0.0  # 0..1, the share of ``weight`` earned
    details: dict = field(default_factory=dict)

    @property
    def is_met(self) -> bool:
        return self.outcome == MET


@dataclass
class Match:
    """A company's fit for a requirement: the score and the criteria that explain it."""

    company: Company
    score: int
    criteria: tuple[Criterion, ...]
    points: int = 0  # thousandths of a weight point, what the ranking orders by

    @property
    def met_count(self) -> int:
        return sum(1 for criterion in self.criteria if criterion.outcome == MET)

    def with_outcome(self, outcome: str) -> list[Criterion]:
        return [criterion for criterion in self.criteria if criterion.outcome == outcome]

    @property
    def met(self) -> list[Criterion]:
        return self.with_outcome(MET)

    @property
    def partly(self) -> list[Criterion]:
        return self.with_outcome(PARTLY)

    @property
    def not_met(self) -> list[Criterion]:
        return self.with_outcome(NOT_MET)

    @property
    def unknown(self) -> list[Criterion]:
        return self.with_outcome(UNKNOWN)

    @property
    def counts(self) -> dict[str, int]:
        return {outcome: len(self.with_outcome(outcome)) for outcome in OUTCOMES}


@dataclass
class RankedPage:
    """One page of the ranking, best first. ``count``: companies earning any point (at most COUNT_LIMIT)."""

    count: int
    matches: list[Match]
    offset: int = 0
    limit: int = 20

    @property
    def capped(self) -> bool:
        return self.count >= COUNT_LIMIT


# --- the plan: what a requirement asks, as checks -------------------------------------------


@dataclass(frozen=True)
class _Check:
    """A structural check scored in SQL: ``weight`` thousandths when the company passes it."""

    key: str
    weight: int
    kind: str  # certification | capability | fields | size | offset
    value: object = None

    def _related(self, deadline: date, alias: str = "x") -> tuple[str, str, list]:
        """The table holding what the check looks for, the condition on its row ``alias``, and
        the condition's parameters."""
        if self.kind == CERTIFICATION_KEY:
            condition = f"{alias}.type_id = %s AND ({alias}.expires_on IS NULL OR {alias}.expires_on >= %s)"
            return (
                sql_table(Certification),
                condition,
                [self.value, connection.ops.adapt_datefield_value(deadline)],
            )
        if self.kind == "capability":
            return sql_table(Company.capabilities.through), f"{alias}.capability_id = %s", [self.value]
        if self.kind == "fields":
            marks = ", ".join(["%s"] * len(self.value))
            return (
                sql_table(Company.fields.through),
                f"{alias}.defencefield_id IN ({marks})",
                list(self.value),
            )
        if self.kind == "offset":
            return sql_table(TrackRecord), f"{alias}.kind = %s", [TrackRecordKind.OFFSET.value]
        raise ValueError(self.kind)

    def sql(self, deadline: date, company: str | None = None) -> tuple[str, list]:
        """The check as an SQL condition on a company (a correlated EXISTS on ``company``, by
        default the company table's id; or a column test), with its parameters. Written out rather
        than built with the ORM: the ORM's compilation of a dozen EXISTS subqueries cost more than
        running them."""
        if self.kind == "size":
            marks = ", ".join(["%s"] * len(self.value))
            return f"{sql_column(Company, 'size_class')} IN ({marks})", list(self.value)
        table, condition, params = self._related(deadline, alias="y")
        company = company or sql_column(Company, "id")
        return f"EXISTS (SELECT 1 FROM {table} y WHERE y.company_id = {company} AND {condition})", params  # noqa: S608

    def condition(self, deadline: date) -> RawSQL:
        sql, params = self.sql(deadline)
        return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611 - model names and bound values

    def driver(self, deadline: date) -> RawSQL:
        """The check as ``id IN (the companies passing it)``: a set the database can start from,
        where a correlated EXISTS makes it visit every company."""
        if self.kind == "size":
            return self.condition(deadline)
        table, condition, params = self._related(deadline)
        sql = f"{sql_column(Company, 'id')} IN (SELECT x.company_id FROM {table} x WHERE {condition})"  # noqa: S608
        return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611


@dataclass
class _Plan:
    requirement: Requirement
    required: list
    preferred: list
    capabilities: list
    fields: list
    sizes: list[str]
    checks: list[_Check]
    texts: list[TextSpec]

    @property
    def deadline(self) -> date:
        return self.requirement.deadline

    @property
    def total(self) -> int:
        return sum(check.weight for check in self.checks) + sum(spec.weight * SCALE for spec in self.texts)

    @property
    def structural_total(self) -> int:
        return sum(check.weight for check in self.checks)

    @property
    def certification_type_ids(self) -> list[int]:
        return [kind.pk for kind in [*self.required, *self.preferred]]

    def capability_weight(self) -> int:
        return WEIGHT_CAPABILITIES * SCALE // len(self.capabilities) if self.capabilities else 0


def _text_query(*parts: str) -> str:
    """The texts of a criterion in both languages, as one search (each word optional there)."""
    return " ".join(dict.fromkeys(part.strip() for part in parts if part and part.strip()))


def _plan(requirement: Requirement) -> _Plan:
    def related(name):
        # Prefetched lists when the caller prefetched them (``requirements_for``), else a query.
        cache = getattr(requirement, "_prefetched_objects_cache", {})
        return list(cache[name]) if name in cache else list(getattr(requirement, name).all())

    required = sorted(related("required_certifications"), key=lambda kind: kind.pk)
    required_ids = {kind.pk for kind in required}
    preferred = sorted(
        (kind for kind in related("preferred_certifications") if kind.pk not in required_ids),
        key=lambda kind: kind.pk,
    )
    capabilities = sorted(related("capabilities"), key=lambda capability: capability.pk)
    fields_ = sorted(related("defence_fields"), key=lambda defence_field: defence_field.pk)
    sizes = [code for code in SizeClass.values if code in (requirement.size_classes or [])]
    checks = [
        _Check(f"{KEY_REQUIRED}:{kind.pk}", WEIGHT_REQUIRED_CERTIFICATION * SCALE, CERTIFICATION_KEY, kind.pk)
        for kind in required
    ]
    if capabilities:
        share = WEIGHT_CAPABILITIES * SCALE // len(capabilities)
        checks += [
            _Check(KEY_CAPABILITIES, share, "capability", capability.pk) for capability in capabilities
        ]
    if fields_:
        value = tuple(defence_field.pk for defence_field in fields_)
        checks.append(_Check(KEY_FIELDS, WEIGHT_DEFENCE_FIELDS * SCALE, "fields", value))
    # Every size accepted is no criterion at all.
    if sizes and len(sizes) < len(SizeClass.values):
        checks.append(_Check(KEY_SIZE, WEIGHT_SIZE_CLASS * SCALE, "size", tuple(sizes)))
    if requirement.offset_experience:
        checks.append(_Check(KEY_OFFSET, WEIGHT_OFFSET_EXPERIENCE * SCALE, "offset"))
    checks += [
        _Check(
            f"{KEY_PREFERRED}:{kind.pk}", WEIGHT_PREFERRED_CERTIFICATION * SCALE, CERTIFICATION_KEY, kind.pk
        )
        for kind in preferred
    ]
    texts = []
    work = _text_query(requirement.title_ko, requirement.title_en) or _text_query(
        requirement.scope_ko, requirement.scope_en
    )
    if work:
        texts.append(TextSpec(KEY_WORK_PACKAGE, WEIGHT_WORK_PACKAGE, work, products=True))
    quality = _text_query(requirement.quality_system_ko, requirement.quality_system_en)
    if quality:
        texts.append(TextSpec(KEY_QUALITY, WEIGHT_QUALITY_SYSTEM, quality))
    experience = _text_query(requirement.experience_ko, requirement.experience_en)
    if experience:
        texts.append(TextSpec(KEY_EXPERIENCE, WEIGHT_EXPERIENCE, experience))
    return _Plan(
        requirement=requirement,
        required=required,
        preferred=preferred,
        capabilities=capabilities,
        fields=fields_,
        sizes=sizes if any(check.key == KEY_SIZE for check in checks) else [],
        checks=checks,
        texts=texts,
    )


def store_text_results(requirements) -> set[str]:
    """Search the texts of these requirements now and store what they credit (``matching.texts``);
    returns the digests of the texts stored."""
    specs = {spec for requirement in requirements for spec in _plan(requirement).texts}
    return {store(spec).digest for spec in specs}


def text_searches(requirement: Requirement) -> list[tuple[str, str]]:
    """The searches (kind, text) that judging ``requirement`` makes."""
    searches = []
    for spec in _plan(requirement).texts:
        searches.append(("company", spec.query))
        if spec.products:
            searches.append(("product", spec.query))
    return searches


# --- facts about companies, loaded in bulk ----------------------------------------------------


@dataclass
class _Facts:
    certificates: dict[int, list[tuple[date | None, str]]] = field(
        default_factory=dict
    )  # type -> (expiry, number)
    capabilities: set[int] = field(default_factory=set)
    fields: set[int] = field(default_factory=set)
    track_records: list[tuple[str, str, str, int | None]] = field(default_factory=list)  # kind, ko, en, year
    has_products: bool = False


def _load_facts(ids: list[int], plan: _Plan | None = None) -> dict[int, _Facts]:
    """Everything the criteria of ``plan`` (of any plan, without one) need about these companies:
    a few queries for all of them."""
    facts = {pk: _Facts() for pk in ids}
    if plan is None or plan.certification_type_ids:
        # All types, filtered later: by type in SQL, SQLite would read every certificate of the type.
        rows = Certification.objects.filter(company_id__in=ids).values_list(
            "company_id", "type_id", "expires_on", "number"
        )
        for company_id, type_id, expires_on, number in rows.order_by():
            facts[company_id].certificates.setdefault(type_id, []).append((expires_on, number))
    if plan is None or plan.capabilities:
        rows = Company.capabilities.through.objects.filter(company_id__in=ids).values_list(
            "company_id", "capability_id"
        )
        for company_id, capability_id in rows.order_by():
            facts[company_id].capabilities.add(capability_id)
    if plan is None or plan.fields:
        rows = Company.fields.through.objects.filter(company_id__in=ids).values_list(
            "company_id", "defencefield_id"
        )
        for company_id, field_id in rows.order_by():
            facts[company_id].fields.add(field_id)
    if plan is None or plan.requirement.offset_experience:
        rows = (
            TrackRecord.objects.filter(company_id__in=ids)
            .order_by("company_id", "-year", "pk")
            .values_list("company_id", "kind", "programme_ko", "programme_en", "year")
        )
        for company_id, *record in rows:
            facts[company_id].track_records.append(tuple(record))
    if plan is None or plan.texts:
        with_products = (
            Product.objects.filter(company_id__in=ids).order_by().values_list("company_id", flat=True)
        )
        for company_id in set(with_products):
            facts[company_id].has_products = True
    return facts


# --- judging one company ----------------------------------------------------------------------


def _certification(plan: _Plan, kind, facts: _Facts, *, required: bool) -> tuple[Criterion, int]:
    weight = WEIGHT_REQUIRED_CERTIFICATION if required else WEIGHT_PREFERRED_CERTIFICATION
    key = f"{KEY_REQUIRED if required else KEY_PREFERRED}:{kind.pk}"
    kind_name = kind.name
    label = (
        _("Required certification: %(name)s") if required else _("Preferred certification: %(name)s")
    ) % {"name": kind_name}
    held = facts.certificates.get(kind.pk, [])
    details = {"type": kind, "deadline": plan.deadline, "required": required}
    # The certificate that lasts longest counts; one without an expiry date lasts.
    best = max(held, key=lambda row: (row[0] is None, row[0] or date.min, row[1]), default=None)
    if best is None:
        evidence = [_("No %(name)s certificate on the profile") % {"name": kind_name}]
        criterion = Criterion(key, label, NOT_MET, weight, evidence, 0.0, {**details, "state": "missing"})
        return criterion, 0
    expires_on, number = best
    name = f"{kind_name} ({number})" if number else kind_name
    if expires_on is None:
        evidence = [_("%(certificate)s, no expiry date on record") % {"certificate": name}]
        return Criterion(
            key, label, MET, weight, evidence, 1.0, {**details, "state": "valid"}
        ), weight * SCALE
    if expires_on >= plan.deadline:
        evidence = [
            _("%(certificate)s valid until %(date)s") % {"certificate": name, "date": expires_on.isoformat()}
        ]
        criterion = Criterion(
            key, label, MET, weight, evidence, 1.0, {**details, "state": "valid", "expires_on": expires_on}
        )
        return criterion, weight * SCALE
    values = {"certificate": name, "date": expires_on.isoformat(), "deadline": plan.deadline.isoformat()}
    if expires_on < timezone.localdate():
        evidence = [_("%(certificate)s expired on %(date)s") % values]
        state = "expired"
    else:
        evidence = [_("%(certificate)s expires on %(date)s, before the deadline %(deadline)s") % values]
        state = "expiring"
    criterion = Criterion(
        key, label, NOT_MET, weight, evidence, 0.0, {**details, "state": state, "expires_on": expires_on}
    )
    return criterion, 0


def _capabilities(plan: _Plan, facts: _Facts) -> tuple[Criterion, int]:
    held = [capability for capability in plan.capabilities if capability.pk in facts.capabilities]
    missing = [capability for capability in plan.capabilities if capability.pk not in facts.capabilities]
    evidence = [_("Capability: %(name)s") % {"name": capability.name} for capability in held]
    evidence += [_("Not on the profile: %(name)s") % {"name": capability.name} for capability in missing]
    if not missing:
        outcome = MET
    elif held:
        outcome = PARTLY
    elif not facts.capabilities:
        outcome = UNKNOWN
        evidence = [_("The profile lists no capabilities")]
    else:
        outcome = NOT_MET
    points = plan.capability_weight() * len(held)
    credit = len(held) / len(plan.capabilities)
    details = {"missing": missing, "held": held}
    return Criterion(
        KEY_CAPABILITIES, _("Capabilities"), outcome, WEIGHT_CAPABILITIES, evidence, credit, details
    ), points


def _fields(plan: _Plan, facts: _Facts, names: dict[int, str]) -> tuple[Criterion, int]:
    wanted = [defence_field for defence_field in plan.fields if defence_field.pk in facts.fields]
    label = _("Defence field")
    details = {"wanted": plan.fields}
    if wanted:
        evidence = [_("Defence field: %(name)s") % {"name": defence_field.name} for defence_field in wanted]
        return Criterion(
            KEY_FIELDS, label, MET, WEIGHT_DEFENCE_FIELDS, evidence, 1.0, details
        ), WEIGHT_DEFENCE_FIELDS * SCALE
    if not facts.fields:
        evidence = [_("The profile lists no defence fields")]
        return Criterion(KEY_FIELDS, label, UNKNOWN, WEIGHT_DEFENCE_FIELDS, evidence, 0.0, details), 0
    listed = ", ".join(sorted(names.get(pk, "") for pk in facts.fields))
    evidence = [_("Fields on the profile: %(names)s") % {"names": listed}]
    return Criterion(KEY_FIELDS, label, NOT_MET, WEIGHT_DEFENCE_FIELDS, evidence, 0.0, details), 0


def _size(plan: _Plan, company: Company) -> tuple[Criterion, int]:
    label = _("Company size")
    wanted = ", ".join(str(SizeClass(code).label) for code in plan.sizes)
    details = {"wanted": plan.sizes, "size_class": company.size_class}
    if not company.size_class:
        evidence = [_("The profile does not state a size class; wanted: %(wanted)s") % {"wanted": wanted}]
        return Criterion(KEY_SIZE, label, UNKNOWN, WEIGHT_SIZE_CLASS, evidence, 0.0, details), 0
    values = {"size": company.get_size_class_display(), "wanted": wanted}
    if company.size_class in plan.sizes:
        evidence = [_("Size class: %(size)s") % values]
        return Criterion(
            KEY_SIZE, label, MET, WEIGHT_SIZE_CLASS, evidence, 1.0, details
        ), WEIGHT_SIZE_CLASS * SCALE
    evidence = [_("Size class: %(size)s; wanted: %(wanted)s") % values]
    return Criterion(KEY_SIZE, label, NOT_MET, WEIGHT_SIZE_CLASS, evidence, 0.0, details), 0


def _offset(facts: _Facts) -> tuple[Criterion, int]:
    label = _("Earlier offset programme")
    offsets = [record for record in facts.track_records if record[0] == TrackRecordKind.OFFSET]
    if offsets:
        evidence = []
        for _kind, programme_ko, programme_en, year in offsets[:EVIDENCE_ITEMS]:
            programme = bilingual.pick(_Pair(programme_ko, programme_en), "name") or "-"
            if year:
                evidence.append(
                    _("Past offset programme: %(programme)s %(year)s")
                    % {"programme": programme, "year": year}
                )
            else:
                evidence.append(_("Past offset programme: %(programme)s") % {"programme": programme})
        weight = WEIGHT_OFFSET_EXPERIENCE
        return Criterion(KEY_OFFSET, label, MET, weight, evidence, 1.0), weight * SCALE
    if facts.track_records:
        evidence = [
            _("No offset programme among the %(count)s past programmes on the profile")
            % {"count": len(facts.track_records)}
        ]
        return Criterion(KEY_OFFSET, label, NOT_MET, WEIGHT_OFFSET_EXPERIENCE, evidence), 0
    evidence = [_("The profile lists no past programmes")]
    return Criterion(KEY_OFFSET, label, UNKNOWN, WEIGHT_OFFSET_EXPERIENCE, evidence), 0


@dataclass
class _Pair:
    name_ko: str
    name_en: str


def _words(matched: dict[str, str]) -> str:
    """What matched, as 'turbine blade' or 'turbine blade' -> 터빈 블레이드 across languages."""
    parts = []
    for word, label in matched.items():
        parts.append(f"'{word}'" if word.casefold() == label.casefold() else f"'{word}' \u2192 {label}")
    return ", ".join(parts)


def _text(result: TextResult, company: Company, facts: _Facts) -> tuple[Criterion, int]:
    spec, pk = result.spec, company.pk
    label = {
        KEY_WORK_PACKAGE: _("Work package"),
        KEY_QUALITY: _("Quality system"),
        KEY_EXPERIENCE: _("Experience"),
    }[spec.key]
    credit = result.credit(pk)
    details = {"query": spec.query, "matched": result.matched.get(pk, {})}
    evidence = []
    for product in result.products.get(pk, [])[:EVIDENCE_ITEMS]:
        evidence.append(
            _("Product: %(name)s (matched %(words)s)")
            % {"name": product.name, "words": _words(product.matched)}
        )
    if result.matched.get(pk):
        evidence.append(_("Profile text matched %(words)s") % {"words": _words(result.matched[pk])})
    if credit >= 1.0:
        outcome = MET
    elif credit > 0:
        outcome = PARTLY
        if pk in result.semantic and not evidence:
            evidence.append(_("Described in similar terms, without the same words"))
    else:
        has_text = bool(
            company.description_ko.strip() or company.description_en.strip() or facts.has_products
        )
        if not has_text:
            outcome = UNKNOWN
            evidence = [_("The profile has no description or products to compare")]
        elif not result.complete and pk not in result.share:
            outcome = UNKNOWN
            evidence = [
                _(
                    "Many companies match '%(text)s'; this one is not among the first %(limit)s the search returned"
                )
                % {"text": spec.query, "limit": SEARCH_LIMIT}
            ]
        else:
            outcome = NOT_MET
            if not evidence:
                evidence = [
                    _("No match for '%(text)s' in the profile or its products") % {"text": spec.query}
                ]
    return Criterion(spec.key, label, outcome, spec.weight, evidence, credit, details), result.points(pk)


def _judge(plan: _Plan, company: Company, facts: _Facts, texts: list[TextResult], field_names) -> Match:
    """All the criteria for one company, in the order a reader weighs them, and the score."""
    judged: list[tuple[Criterion, int]] = [
        _certification(plan, kind, facts, required=True) for kind in plan.required
    ]
    by_key = {result.spec.key: result for result in texts}
    if KEY_WORK_PACKAGE in by_key:
        judged.append(_text(by_key[KEY_WORK_PACKAGE], company, facts))
    if plan.capabilities:
        judged.append(_capabilities(plan, facts))
    if plan.fields:
        judged.append(_fields(plan, facts, field_names))
    if plan.sizes:
        judged.append(_size(plan, company))
    for key in (KEY_QUALITY, KEY_EXPERIENCE):
        if key in by_key:
            judged.append(_text(by_key[key], company, facts))
    if plan.requirement.offset_experience:
        judged.append(_offset(facts))
    judged += [_certification(plan, kind, facts, required=False) for kind in plan.preferred]
    points = sum(earned for _criterion, earned in judged)
    return Match(
        company, _score(points, plan.total), tuple(criterion for criterion, _earned in judged), points
    )


def _score(points: int, total: int) -> int:
    """0..100, rounded half up."""
    return (200 * points + total) // (2 * total) if total else 0


def _field_names(facts: dict[int, _Facts]) -> dict[int, str]:
    """Names of the defence fields these companies list (for 'fields on the profile')."""
    listed = {pk for company_facts in facts.values() for pk in company_facts.fields}
    if not listed:
        return {}
    return {
        defence_field.pk: defence_field.name for defence_field in DefenceField.objects.filter(pk__in=listed)
    }


def _matches(plan: _Plan, companies: list[Company], texts: list[TextResult]) -> list[Match]:
    facts = _load_facts([company.pk for company in companies], plan)
    names = _field_names(facts) if plan.fields else {}
    return [_judge(plan, company, facts[company.pk], texts, names) for company in companies]


def assess(requirement: Requirement, company: Company) -> Match:
    """How ``company`` fits ``requirement``, criterion by criterion (the company's own page)."""
    plan = _plan(requirement)
    return _matches(plan, [company], text_results(plan.texts))[0]


# --- ranking ----------------------------------------------------------------------------------


def _visible(viewer):
    return Company.objects.visible_to(viewer if viewer is not None else AnonymousUser())


def _structural_points(plan: _Plan, passed=()) -> RawSQL:
    """The structural points of the company row, as one SQL expression (``passed``: checks the
    query's filter already guarantees, counted without looking again)."""
    parts, params, known = [], [], 0
    for check in plan.checks:
        if check in passed:
            known += check.weight
            continue
        sql, values = check.sql(plan.deadline)
        parts.append(f"CASE WHEN {sql} THEN {int(check.weight)} ELSE 0 END")
        params += values
    parts.append(str(int(known)))
    return RawSQL(" + ".join(parts), params, output_field=IntegerField())  # noqa: S611


SET_SIZE_SECONDS = 600  # how long the number of companies passing a check is remembered


def _set_size(check: _Check, deadline: date) -> int:
    """Roughly how many companies pass a check (the rows it matches: a statistic, cached)."""
    value = "-".join(map(str, check.value)) if isinstance(check.value, tuple) else check.value
    key = f"matching:set-size:{check.kind}:{value}:{deadline.isoformat()}"
    size = cache.get(key)
    if size is None:
        if check.kind == "size":
            condition, params = check.sql(deadline)
            sql = f"SELECT COUNT(*) FROM {sql_table(Company)} WHERE {condition}"  # noqa: S608
        else:
            table, condition, params = check._related(deadline)
            sql = f"SELECT COUNT(*) FROM {table} x WHERE {condition}"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            size = cursor.fetchone()[0]
        cache.set(key, size, SET_SIZE_SECONDS)
    return size


def _driving_order(checks: list[_Check], deadline: date) -> list[_Check]:
    """The checks, the one likely to pass the fewest companies first: the query starts from it."""
    if len(checks) < 2:
        return checks
    return sorted(checks, key=lambda check: _set_size(check, deadline))


def _kth(points: dict[int, int], k: int) -> int | None:
    if len(points) < k:
        return None
    return sorted(points.values(), reverse=True)[k - 1]


def _top(plan: _Plan, visible, texts: list[TextResult], k: int) -> dict[int, int]:
    """The points of a set of companies that surely holds the best ``k`` (ties included).

    Text-credited companies are scored exactly first. Any other company earns only structural
    points, at most ``structural_total``; one that misses a check of weight w has at most
    ``structural_total - w``. So the others are fetched level by level: first those passing every
    check, then those missing only the lightest checks, and so on (each level: the companies
    passing its mandatory checks, the smallest of their sets driving the query). It stops as soon
    as the k-th best found so far beats anything a lower level could hold.
    """
    text_points: dict[int, int] = defaultdict(int)
    for result in texts:
        for pk, points in result.credited().items():
            text_points[pk] += points
    found: dict[int, int] = {}
    if text_points:
        scored = _scored(plan, visible.filter(pk_in(Company, text_points)), passed=[], limit=None)
        found = {pk: points + text_points[pk] for pk, points in scored.items()}
    kth = _kth(found, k)
    if not plan.checks or (kth is not None and kth > plan.structural_total):
        return found
    for mandatory, ceiling in _levels(plan, kth):
        # Companies found already are skipped here, not in SQL: PostgreSQL tests "id <> ALL(ids)"
        # against every id for every row.
        candidates = _passing(plan, mandatory, CANDIDATE_LIMIT + len(found))
        if candidates is not None and len(candidates) <= CANDIDATE_LIMIT + len(found):
            # Few enough: scored by id (the company rows read by primary key).
            queryset = visible.filter(pk_in(Company, candidates), *_filters(_sizes(mandatory), plan.deadline))
        else:
            queryset = visible.filter(*_filters(mandatory, plan.deadline))
        scored = _scored(plan, queryset, mandatory, k, skip=found.keys())
        found.update((pk, points) for pk, points in scored.items() if points > 0 and pk not in found)
        kth = _kth(found, k)
        # A company failing a check of this level has at most ``ceiling`` points.
        if ceiling is None or (kth is not None and kth > ceiling):
            break
    return found


CANDIDATE_LIMIT = 5000  # companies scored by id; beyond, the database orders them and keeps the best


def _scored(plan: _Plan, queryset, passed, limit: int | None, skip=frozenset()) -> dict[int, int]:
    """Structural points of the companies in ``queryset`` (which all pass the ``passed`` checks),
    leaving out those in ``skip``.

    Up to CANDIDATE_LIMIT companies are fetched and scored with one more query, their related rows
    looked up by company id. A larger set (only when ``limit`` is given) is ordered by the database
    itself, which returns its best ``limit`` (and as many more as ``skip`` might take away).
    """
    size = next((check for check in plan.checks if check.kind == "size" and check not in passed), None)
    if size is not None:
        sql, params = size.sql(plan.deadline)
        case = f"CASE WHEN {sql} THEN {int(size.weight)} ELSE 0 END"
        size_points = RawSQL(case, params, output_field=IntegerField())  # noqa: S611
    else:
        size_points = Value(0, output_field=IntegerField())
    rows = queryset.annotate(size_points=size_points).order_by().values_list("pk", "size_points")
    if limit is not None:
        rows = rows[: CANDIDATE_LIMIT + len(skip) + 1]
    rows = [(pk, size_points) for pk, size_points in rows if pk not in skip]
    if limit is not None and len(rows) > CANDIDATE_LIMIT:
        points = _structural_points(plan, passed=passed)
        ordered = queryset.annotate(points=points).order_by("-points", "pk").values_list("pk", "points")
        return {pk: points for pk, points in ordered[: limit + len(skip)] if pk not in skip}
    known = sum(check.weight for check in passed)
    scores = {pk: known + size_points for pk, size_points in rows}
    _add_related_points(plan, scores, skip=[*passed, size] if size else passed)
    return scores


def _add_related_points(plan: _Plan, scores: dict[int, int], skip) -> None:
    """Add the points of the certificate, capability, field and offset checks (but ``skip``) to
    ``scores``. One query reads these companies' rows of each table once, through its company-id
    index, each row saying which check it passes (a row passes one at most: one certificate type,
    one capability)."""
    checks = [check for check in plan.checks if check not in skip and check.kind != "size"]
    if not scores or not checks:
        return
    by_table: dict[str, list[tuple[int, str, list]]] = defaultdict(list)
    for number, check in enumerate(checks):
        table, condition, values = check._related(plan.deadline)
        by_table[table].append((number, condition, values))
    parts, params = [], []
    member, ids = ids_in("x.company_id", scores)
    for table, numbered in by_table.items():
        cases = " ".join(f"WHEN {condition} THEN {number}" for number, condition, _values in numbered)
        passes = " OR ".join(f"({condition})" for _number, condition, _values in numbered)
        parts.append(
            f"SELECT x.company_id, CASE {cases} END FROM {table} x WHERE {member} AND ({passes})"  # noqa: S608
        )
        params += [value for _number, _condition, values in numbered for value in values]
        params += ids
        params += [value for _number, _condition, values in numbered for value in values]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        passed = set(cursor.fetchall())
    for pk, number in passed:
        scores[pk] += checks[number].weight


def _levels(plan: _Plan, kth: int | None):
    """(mandatory checks, the most points a company failing one of them can have) per level,
    strictest first, ending with the level that surely completes the ranking: the one where a
    company at the k-th best points so far (``kth``) may miss checks, or the level without any
    mandatory check. A level driven by the same set as the next is skipped: it would cost as much."""
    best = plan.structural_total
    weights = sorted({check.weight for check in plan.checks})
    levels = []
    for index in range(len(weights) + 1):
        floor = weights[index - 1] if index else 0  # checks heavier than this are mandatory
        mandatory = _driving_order([check for check in plan.checks if check.weight > floor], plan.deadline)
        ceiling = best - weights[index] if index < len(weights) else None
        levels.append((mandatory, ceiling))
        if kth is not None and ceiling is not None and kth > ceiling:
            break  # the k-th best so far already beats whatever fails a check of this level
    chosen = []
    for index, (mandatory, ceiling) in enumerate(levels):
        following = levels[index + 1][0] if index + 1 < len(levels) else None
        if following and mandatory[0] == following[0]:
            continue
        chosen.append((mandatory, ceiling))
    return chosen


def _sizes(checks: list[_Check]) -> list[_Check]:
    return [check for check in checks if check.kind == "size"]


def _passing(plan: _Plan, mandatory: list[_Check], limit: int) -> list[int] | None:
    """Ids of the companies passing every mandatory certificate, capability, field and offset
    check (at most ``limit`` + 1), found in those tables alone: the smallest set read through its
    index, the others tested by company id. None when no such check is mandatory."""
    related = [check for check in mandatory if check.kind != "size"]
    if not related or mandatory[0].kind == "size":
        return None  # a size class is the smaller set: the company table's index drives the query
    table, condition, params = related[0]._related(plan.deadline)
    tests = [check.sql(plan.deadline, company="x.company_id") for check in related[1:]]
    where = " AND ".join([condition, *(sql for sql, _params in tests)])
    params = params + [value for _sql, values in tests for value in values]
    sql = f"SELECT DISTINCT x.company_id FROM {table} x WHERE {where} LIMIT %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit + 1])
        return [row[0] for row in cursor.fetchall()]


def _filters(mandatory: list[_Check], deadline: date) -> list:
    """The mandatory checks as filters: the one likely to pass fewest companies as the set the
    query starts from, the others as EXISTS tests on its companies."""
    if not mandatory:
        return []
    return [mandatory[0].driver(deadline), *(check.condition(deadline) for check in mandatory[1:])]


def _count(plan: _Plan, visible, text_ids: set[int], found: dict[int, int]) -> int:
    """Visible companies earning any point, up to COUNT_LIMIT.

    Usually one cheap query settles it: the visible text-credited companies are known already, and
    the check passed by most companies often reaches the limit alone (the query stops there).
    """
    if len(text_ids & found.keys()) >= COUNT_LIMIT:
        return COUNT_LIMIT
    if plan.checks:
        largest = max(plan.checks, key=lambda check: _set_size(check, plan.deadline))
        if visible.filter(largest.driver(plan.deadline)).order_by()[:COUNT_LIMIT].count() >= COUNT_LIMIT:
            return COUNT_LIMIT
    conditions = [Q(check.condition(plan.deadline)) for check in plan.checks]
    if text_ids:
        conditions.append(Q(pk_in(Company, text_ids)))
    if not conditions:
        return 0
    return visible.filter(reduce(operator.or_, conditions)).order_by()[:COUNT_LIMIT].count()


def rank(requirement: Requirement, *, viewer=None, offset: int = 0, limit: int = 20) -> RankedPage:
    """Korean companies visible to ``viewer`` (None: the public) that fit ``requirement``, best first.

    Ties go to the lower company id (the older profile). The page's companies carry their full
    explanation; the order is by the same points, worked out in the database.
    """
    offset = max(0, offset)
    limit = max(0, min(limit, COUNT_LIMIT - offset))
    plan = _plan(requirement)
    if limit == 0 or plan.total == 0:
        return RankedPage(0, [], offset, limit)
    texts = text_results(plan.texts)
    visible = _visible(viewer)
    with _serial_queries():
        found = _top(plan, visible, texts, offset + limit)
        all_text_ids = {pk for result in texts for pk in result.credited()}
        count = _count(plan, visible, all_text_ids, found)
    ordered = sorted(found.items(), key=lambda item: (-item[1], item[0]))
    page_ids = [pk for pk, points in ordered[offset : offset + limit] if points > 0]
    companies = Company.objects.in_bulk(page_ids)
    matches = _matches(plan, [companies[pk] for pk in page_ids], texts)
    return RankedPage(max(count, offset + len(matches)), matches, offset, limit)


@contextmanager
def _serial_queries():
    """On PostgreSQL, no parallel workers for the ranking's queries (in their own transaction).

    They read a few thousand rows through indexes; starting workers cost more than it saved
    (70 -> 28 ms per query on the 2-core reference machine)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield


def open_requirements():
    """Published requirements whose deadline has not passed, with what scoring reads prefetched."""
    return (
        Requirement.objects.published()
        .filter(deadline__gte=timezone.localdate())
        .select_related("owner")  # lists of matches name the contractor
        .prefetch_related(
            "required_certifications", "preferred_certifications", "capabilities", "defence_fields"
        )
    )


def assess_all(requirements, company: Company) -> list[tuple[Requirement, Match]]:
    """``assess`` for many requirements and one company, whose profile is read once."""
    facts = _load_facts([company.pk])
    names = _field_names(facts)
    result = []
    for requirement in requirements:
        plan = _plan(requirement)
        if plan.total:
            match = _judge(plan, company, facts[company.pk], text_results(plan.texts), names)
            result.append((requirement, match))
    return result
