"""Row-by-row checks for directory imports: what each column accepts and why a cell is refused.

The validators only read the database; they turn every row into a plan that
``companies.importing`` writes once the whole file has passed. Every problem becomes
one line ``line N, column C: reason`` so a KDIA clerk can fix the spreadsheet in one go.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import translation
from django.utils.translation import gettext

from companies.choices import Region, SizeClass, region_from_text
from companies.models import (
    Capability,
    CertificationType,
    Company,
    DefenceField,
    OffsetField,
    Product,
    ProductCategory,
)
from core.identifiers import normalise_brn, normalise_hs_code, normalise_nsn
from core.validators import validate_brn, validate_hs_code, validate_nsn

COMPANY_COLUMNS = (
    "brn",
    "name_ko",
    "name_en",
    "description_ko",
    "description_en",
    "size_class",
    "region",
    "fields",
    "capabilities",
    "certifications",
    "offset_fields",
    "website",
    "founded",
    "employees",
)
PRODUCT_COLUMNS = (
    "company_brn",
    "name_ko",
    "name_en",
    "description_ko",
    "description_en",
    "category",
    "hs_code",
    "nsn",
    "trl",
)
LIST_SEPARATOR = ";"
NAME_MAX_LENGTH = 200  # Company.name_* and Product.name_*
TERM_MAX_LENGTH = 120  # BilingualNamed.name_*
WEBSITE_MAX_LENGTH = 200  # URLField's default
# Offset fields 6 and 7 may only be offered alongside one of the core fields 1-5.
CORE_OFFSET_FIELDS = {1, 2, 3, 4, 5}
validate_url = URLValidator(schemes=["http", "https"])
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def row_error(line: int, column: str, reason: str) -> str:
    """One user-facing error line: ``line N, column C: reason``."""
    return gettext("line %(line)s, column %(column)s: %(reason)s") % {
        "line": line,
        "column": column,
        "reason": reason,
    }


def check_header(header: list[str], allowed: tuple[str, ...], key: str) -> tuple[dict[str, str], list[str]]:
    """Map canonical column names to the header's spelling; refuse unknown, repeated or missing keys."""
    columns: dict[str, str] = {}
    errors = []
    for name in header:
        if not name:
            continue  # cells under an unnamed column are reported row by row, if they hold data
        canonical = name.strip().lower()
        if canonical not in allowed:
            reason = gettext("unknown column; the columns are: %(columns)s") % {"columns": ", ".join(allowed)}
            errors.append(row_error(1, name, reason))
        elif canonical in columns:
            errors.append(row_error(1, name, gettext("this column appears more than once")))
        else:
            columns[canonical] = name
    if key not in columns:
        errors.append(row_error(1, key, gettext("this column is required")))
    return columns, errors


def split_list(text: str) -> list[str]:
    """The non-empty items of a ';'-separated cell, trimmed, first spelling of each kept."""
    items, seen = [], set()
    for item in text.split(LIST_SEPARATOR):
        item = item.strip()
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            items.append(item)
    return items


def region_code(text: str) -> str | None:
    """A region code from a code, Korean name or English label (in any active language)."""
    code = region_from_text(text)
    if code is not None:
        return code
    # region_from_text knows codes and Korean names; English labels ("North Jeolla") are added here.
    return _english_region_labels().get(text.strip().casefold())


@functools.cache
def _english_region_labels() -> dict[str, str]:
    with translation.override("en"):
        return {str(label).casefold(): value for value, label in Region.choices}


def parse_whole_number(text: str) -> int | None:
    """An integer written with optional thousands separators; None when it is not one."""
    cleaned = text.replace(",", "").replace("_", "").strip()
    return int(cleaned) if re.fullmatch(r"\d+", cleaned) else None


class TermIndex:
    """A vocabulary (capabilities, certification types, categories) by case-insensitive name.

    Names the file uses that match no term are remembered and only created by ``create_missing``,
    which the importer calls inside its transaction, so a refused file adds no terms.
    """

    def __init__(self, model):
        self.model = model
        self.by_name: dict[str, object] = {}
        self.missing: dict[str, str] = {}
        terms = list(model.objects.order_by("pk"))
        # English names first: exports write them, so a re-import finds the same term.
        for attr in ("name_en", "name_ko"):
            for term in terms:
                name = getattr(term, attr).strip()
                if name:
                    self.by_name.setdefault(name.casefold(), term)

    def resolve(self, name: str) -> str:
        """The lookup key for ``name``; unknown names are queued for creation."""
        key = name.casefold()
        if key not in self.by_name:
            self.missing.setdefault(key, name)
        return key

    def create_missing(self) -> None:
        """Create the queued terms: Hangul names as Korean, anything else as English."""
        for key, name in self.missing.items():
            attr = "name_ko" if HANGUL.search(name) else "name_en"
            self.by_name[key] = self.model.objects.create(**{attr: name})
        self.missing = {}

    def pk(self, key: str) -> int:
        """The id of the term ``resolve`` gave ``key`` for (after ``create_missing``)."""
        return self.by_name[key].pk


@dataclass
class CompanyPlan:
    """What one valid company row will write; list attributes are None when the column is absent."""

    line: int
    brn: str
    values: dict = field(default_factory=dict)
    fields: list[str] | None = None
    capabilities: list[str] | None = None
    certifications: list[str] | None = None
    offset_fields: list[int] | None = None


@dataclass
class ProductPlan:
    """What one valid product row will write, and the existing product it updates (if any)."""

    line: int
    company_id: int
    product: Product | None
    values: dict = field(default_factory=dict)
    category: str | None = None
    has_category: bool = False


class RowValidator:
    """Shared plumbing: reading cells by canonical column name and collecting errors."""

    def __init__(self, columns: dict[str, str]):
        self.columns = columns
        self.errors: list[str] = []
        self._unnamed_reported: set[str] = set()

    def error(self, line: int, column: str, reason: str) -> None:
        self.errors.append(row_error(line, column, reason))

    def cell(self, row: dict, column: str) -> str | None:
        """The cell's text, or None when the file has no such column."""
        if column not in self.columns:
            return None
        return row.get(self.columns[column], "")

    def check_unnamed(self, line: int, row: dict) -> None:
        """Data under no header name is refused once per column, not on every row."""
        for key in row:
            if key.startswith("#") and key not in self._unnamed_reported:
                self._unnamed_reported.add(key)
                self.error(line, key, gettext("this cell has no column name in the header row"))

    def brn(self, line: int, text: str | None, column: str) -> str | None:
        """A valid registration number's digits, or None after reporting why not."""
        if not text:
            self.error(line, column, gettext("a business registration number is required"))
            return None
        try:
            validate_brn(text)
        except ValidationError as exc:
            self.error(line, column, str(exc.messages[0]))
            return None
        return normalise_brn(text)

    def name_pair(self, line: int, row: dict, values: dict) -> None:
        for column in ("name_ko", "name_en"):
            text = self.cell(row, column)
            if text is None:
                continue
            if len(text) > NAME_MAX_LENGTH:
                reason = gettext("at most %(count)s characters") % {"count": NAME_MAX_LENGTH}
                self.error(line, column, reason)
            values[column] = text

    def descriptions(self, row: dict, values: dict) -> None:
        for column in ("description_ko", "description_en"):
            text = self.cell(row, column)
            if text is not None:
                values[column] = text

    def terms(self, line: int, row: dict, column: str, index: TermIndex) -> list[str] | None:
        text = self.cell(row, column)
        if text is None:
            return None
        keys = []
        for name in split_list(text):
            if len(name) > TERM_MAX_LENGTH:
                reason = gettext("“%(name)s” is longer than %(count)s characters") % {
                    "name": name,
                    "count": TERM_MAX_LENGTH,
                }
                self.error(line, column, reason)
            else:
                keys.append(index.resolve(name))
        return keys


class CompanyValidator(RowValidator):
    """Checks company rows and plans their writes; load existing data once with ``prepare``."""

    def __init__(self, columns: dict[str, str]):
        super().__init__(columns)
        self.existing: dict[str, Company] = {}
        self.seen: dict[str, int] = {}
        self.field_ids = dict(DefenceField.objects.values_list("code", "pk"))
        self.offset_ids = dict(OffsetField.objects.values_list("number", "pk"))
        self.capabilities = TermIndex(Capability)
        self.certifications = TermIndex(CertificationType)
        self.this_year = date.today().year

    def prepare(self, rows: list[tuple[int, dict]]) -> None:
        """Fetch every company the file names, with its lists, in a few queries."""
        brns = {normalise_brn(self.cell(row, "brn") or "") for _, row in rows}
        brns.discard("")
        ordered = sorted(brns)
        for start in range(0, len(ordered), 500):  # stays under SQLite's variable limit
            chunk = ordered[start : start + 500]
            queryset = Company.objects.filter(brn__in=chunk).prefetch_related(
                "fields", "capabilities", "offset_fields", "certifications"
            )
            self.existing.update((company.brn, company) for company in queryset)

    def validate(self, line: int, row: dict) -> CompanyPlan | None:
        """The row's plan, or None when any of its cells was refused (errors are collected)."""
        before = len(self.errors)
        self.check_unnamed(line, row)
        brn = self.brn(line, self.cell(row, "brn"), "brn")
        if brn is not None:
            if brn in self.seen:
                reason = gettext("this business registration number is already on line %(line)s") % {
                    "line": self.seen[brn]
                }
                self.error(line, "brn", reason)
            else:
                self.seen[brn] = line
        plan = CompanyPlan(line=line, brn=brn or "")
        values = plan.values
        self.name_pair(line, row, values)
        existing = self.existing.get(brn or "")
        # An absent name column keeps the stored name, so the pair rule looks at the result.
        name_ko = values.get("name_ko", existing.name_ko if existing else "")
        name_en = values.get("name_en", existing.name_en if existing else "")
        if not name_ko and not name_en:
            self.error(line, "name_ko", gettext("give name_ko or name_en"))
        self.descriptions(row, values)
        self._scalars(line, row, values)
        plan.fields = self._fields(line, row)
        plan.capabilities = self.terms(line, row, "capabilities", self.capabilities)
        plan.certifications = self.terms(line, row, "certifications", self.certifications)
        plan.offset_fields = self._offset_fields(line, row)
        return plan if len(self.errors) == before else None

    def _scalars(self, line: int, row: dict, values: dict) -> None:
        text = self.cell(row, "size_class")
        if text is not None:
            code = text.lower()
            if text and code not in SizeClass.values:
                self.error(line, "size_class", gettext("size class must be sme, mid or large"))
            values["size_class"] = code
        text = self.cell(row, "region")
        if text is not None:
            code = region_code(text) if text else ""
            if code is None:
                self.error(line, "region", gettext("unknown region: %(value)s") % {"value": text})
            values["region"] = code or ""
        text = self.cell(row, "website")
        if text is not None:
            values["website"] = self._website(line, text)
        text = self.cell(row, "founded")
        if text is not None:
            year = parse_whole_number(text) if text else None
            if text and (year is None or not 1900 <= year <= self.this_year):
                reason = gettext("founded must be a year from 1900 to %(year)s") % {"year": self.this_year}
                self.error(line, "founded", reason)
            values["founded"] = year
        text = self.cell(row, "employees")
        if text is not None:
            count = parse_whole_number(text) if text else None
            if text and count is None:
                self.error(line, "employees", gettext("employees must be a whole number, 0 or more"))
            values["employees"] = count

    def _website(self, line: int, text: str) -> str:
        if not text:
            return ""
        # People paste bare domains; the profile links need a scheme, and https is the safe guess.
        url = text if re.match(r"^[a-z][a-z0-9+.\-]*://", text, re.IGNORECASE) else f"https://{text}"
        try:
            validate_url(url)
        except ValidationError:
            self.error(line, "website", gettext("not a valid web address: %(value)s") % {"value": text})
            return ""
        if len(url) > WEBSITE_MAX_LENGTH:
            reason = gettext("at most %(count)s characters") % {"count": WEBSITE_MAX_LENGTH}
            self.error(line, "website", reason)
        return url

    def _fields(self, line: int, row: dict) -> list[str] | None:
        text = self.cell(row, "fields")
        if text is None:
            return None
        codes = []
        for item in split_list(text):
            code = item.lower()
            if code in self.field_ids:
                codes.append(code)
            else:
                reason = gettext("unknown defence field code: %(code)s; the codes are: %(codes)s") % {
                    "code": item,
                    "codes": ", ".join(self.field_ids),
                }
                self.error(line, "fields", reason)
        return codes

    def _offset_fields(self, line: int, row: dict) -> list[int] | None:
        text = self.cell(row, "offset_fields")
        if text is None:
            return None
        numbers = []
        for item in split_list(text):
            number = parse_whole_number(item)
            if number is None or not 1 <= number <= 7:
                self.error(line, "offset_fields", gettext("offset field must be 1 to 7"))
                return []
            if number not in self.offset_ids:
                reason = gettext("offset field %(number)s is not set up; ask KDIA") % {"number": number}
                self.error(line, "offset_fields", reason)
                return []
            numbers.append(number)
        if numbers and not CORE_OFFSET_FIELDS.intersection(numbers):
            self.error(
                line,
                "offset_fields",
                gettext("offset fields 6 and 7 can only be offered together with one of fields 1 to 5"),
            )
        return numbers


class ProductValidator(RowValidator):
    """Checks product rows against the companies and products already in the directory."""

    def __init__(self, columns: dict[str, str]):
        super().__init__(columns)
        self.company_ids: dict[str, int] = {}
        self.by_name: dict[tuple[int, str, str], Product] = {}
        self.seen: dict[tuple[int, str, str], int] = {}
        self.categories = TermIndex(ProductCategory)

    def prepare(self, rows: list[tuple[int, dict]]) -> None:
        """Fetch the named companies and all their products in a few queries."""
        brns = sorted({normalise_brn(self.cell(row, "company_brn") or "") for _, row in rows} - {""})
        for start in range(0, len(brns), 500):  # stays under SQLite's variable limit
            chunk = brns[start : start + 500]
            self.company_ids.update(Company.objects.filter(brn__in=chunk).values_list("brn", "pk"))
        ids = sorted(self.company_ids.values())
        for start in range(0, len(ids), 500):
            for product in Product.objects.filter(company_id__in=ids[start : start + 500]):
                for attr in ("name_ko", "name_en"):
                    name = getattr(product, attr)
                    if name:
                        self.by_name[(product.company_id, attr, name)] = product

    def validate(self, line: int, row: dict) -> ProductPlan | None:
        """The row's plan, or None when any of its cells was refused (errors are collected)."""
        before = len(self.errors)
        self.check_unnamed(line, row)
        brn = self.brn(line, self.cell(row, "company_brn"), "company_brn")
        company_id = self.company_ids.get(brn) if brn else None
        if brn and company_id is None:
            self.error(line, "company_brn", gettext("no company with this business registration number"))
        plan = ProductPlan(line=line, company_id=company_id or 0, product=None)
        values = plan.values
        self.name_pair(line, row, values)
        name_ko, name_en = values.get("name_ko", ""), values.get("name_en", "")
        if not name_ko and not name_en:
            self.error(line, "name_ko", gettext("give name_ko or name_en"))
        elif company_id is not None:
            self._match(line, plan, name_ko, name_en)
        self.descriptions(row, values)
        self._codes(line, row, values)
        text = self.cell(row, "category")
        if text is not None:
            plan.has_category = True
            if len(text) > TERM_MAX_LENGTH:
                reason = gettext("at most %(count)s characters") % {"count": TERM_MAX_LENGTH}
                self.error(line, "category", reason)
            elif text:
                plan.category = self.categories.resolve(text)
        return plan if len(self.errors) == before else None

    def _match(self, line: int, plan: ProductPlan, name_ko: str, name_en: str) -> None:
        """Find the product this row updates (by Korean name, else English) and refuse name clashes."""
        key_attr, key_name = ("name_ko", name_ko) if name_ko else ("name_en", name_en)
        key = (plan.company_id, key_attr, key_name)
        if key in self.seen:
            reason = gettext("this product is already on line %(line)s") % {"line": self.seen[key]}
            self.error(line, key_attr, reason)
            return
        self.seen[key] = line
        plan.product = self.by_name.get(key)
        if key_attr == "name_ko" and name_en:
            # Each English name is unique within a company too (a database constraint).
            other_key = (plan.company_id, "name_en", name_en)
            if other_key in self.seen:
                reason = gettext("this English name is already used on line %(line)s") % {
                    "line": self.seen[other_key]
                }
                self.error(line, "name_en", reason)
            self.seen.setdefault(other_key, line)
            other = self.by_name.get(other_key)
            if other is not None and other is not plan.product:
                reason = gettext("another product of this company already has this English name")
                self.error(line, "name_en", reason)

    def _codes(self, line: int, row: dict, values: dict) -> None:
        for column, validator, normalise in (
            ("hs_code", validate_hs_code, normalise_hs_code),
            ("nsn", validate_nsn, normalise_nsn),
        ):
            text = self.cell(row, column)
            if text is None:
                continue
            if text:
                try:
                    validator(text)
                except ValidationError as exc:
                    self.error(line, column, str(exc.messages[0]))
            values[column] = normalise(text)
        text = self.cell(row, "trl")
        if text is not None:
            trl = parse_whole_number(text) if text else None
            if text and (trl is None or not 1 <= trl <= 9):
                self.error(line, "trl", gettext("TRL must be a whole number from 1 to 9"))
            values["trl"] = trl
