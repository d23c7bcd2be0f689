"""Importing companies and products from CSV or XLSX: validate the whole file, then write it all or nothing.

``import_companies`` and ``import_products`` are called by the upload page's background job
(``companies.jobs``) and by the ``import_companies`` / ``import_products`` commands. What each
column accepts is in ``companies.import_rules``.

A column that is present is the truth for the rows it covers (an empty cell clears the value,
an empty list empties it); a column that is absent leaves stored values alone.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history

from companies import import_rules as rules
from companies.choices import CompanyStatus
from companies.models import Certification, Company, Product
from core.spreadsheets import FORMULA_PREFIXES  # what export neutralises; undone on import

Progress = Callable[[int, int], None]

ZIP_MAGIC = b"PK\x03\x04"
OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0"
# Rows per bulk query: well under SQLite's limit on query variables.
BATCH_SIZE = 500
# A zip bomb (a few MB that inflate to gigabytes, or thousands of members) is refused before
# openpyxl reads it. Python's zipfile never inflates a member past its declared size, so the
# declared sizes bound what openpyxl can be made to read. A 5,000-company workbook inflates to
# about 10 MB and holds a dozen members.
MAX_XLSX_INFLATED_BYTES = 100 * 1024 * 1024
MAX_XLSX_MEMBERS = 500
LIST_FIELDS = ("fields", "capabilities", "offset_fields")


class TableError(Exception):
    """The file cannot be read as a table at all (wrong type, encoding, empty)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ImportResult:
    """How many rows were created, updated or left unchanged, or why nothing was written."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _cell_text(value) -> str:
    """An XLSX cell as the text a CSV would hold: ints without '.0', dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _clean(text: str) -> str:
    text = text.strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        return text[1:]
    return text


def _check_zip(data: bytes) -> None:
    """Refuse a workbook whose zip would inflate beyond the limits (TableError)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise TableError(gettext("This is not a readable Excel (.xlsx) file.")) from exc
    if len(members) > MAX_XLSX_MEMBERS:
        raise TableError(
            gettext("The Excel file has too many parts (%(count)s; at most %(limit)s); nothing was imported.")
            % {"count": len(members), "limit": MAX_XLSX_MEMBERS}
        )
    if sum(member.file_size for member in members) > MAX_XLSX_INFLATED_BYTES:
        raise TableError(
            gettext(
                "The Excel file would unpack to more than %(limit)s MB; nothing was imported. "
                "Save it again, or split it into smaller files."
            )
            % {"limit": MAX_XLSX_INFLATED_BYTES // (1024 * 1024)}
        )


def _xlsx_rows(data: bytes) -> list[list[str]]:
    import openpyxl  # only XLSX files need it

    _check_zip(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (BadZipFile, KeyError, ...) for damaged files
        raise TableError(gettext("This is not a readable Excel (.xlsx) file.")) from exc
    try:
        if not workbook.worksheets:
            raise TableError(gettext("The workbook has no worksheet."))
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in values] for values in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _csv_rows(data: bytes | str) -> list[list[str]]:
    if isinstance(data, bytes):
        if b"\x00" in data:  # UTF-16 ("Unicode text") or a binary file
            raise TableError(
                gettext("This is not a UTF-8 CSV file. In Excel, save it as “CSV UTF-8 (comma delimited)”.")
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            # Korean Excel saves plain "CSV" in CP949, the most common cause.
            raise TableError(
                gettext(
                    "The file is not UTF-8 text (perhaps CP949/EUC-KR). "
                    "In Excel, save it as “CSV UTF-8 (comma delimited)”."
                )
            ) from exc
    else:
        text = data.removeprefix("\ufeff")
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=","))
    except csv.Error as exc:
        raise TableError(gettext("The CSV file is malformed: %(error)s") % {"error": exc}) from exc


def read_table(file_obj, filename: str) -> tuple[list[str], list[tuple[int, dict]]]:
    """Read a CSV (UTF-8, BOM optional, comma-separated) or XLSX file (its first sheet).

    Returns the header (trimmed names) and the data rows as ``(line, {header name: text})``.
    The header is line 1; fully empty rows are skipped but keep their line numbers. Cells are
    trimmed and a leading apostrophe that export added before '=', '+', '-', '@' is removed.
    Non-empty cells under an unnamed column or beyond the header come back under ``'#N'``
    (N = column position) so callers can refuse them. Raises ``TableError`` when the file is
    empty, not UTF-8, or neither CSV nor XLSX.
    """
    data = file_obj.read()
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".xls" or (isinstance(data, bytes) and data.startswith(OLD_EXCEL_MAGIC)):
        raise TableError(
            gettext("Old Excel (.xls) files cannot be read; save the file as .xlsx or CSV UTF-8.")
        )
    if suffix not in (".csv", ".xlsx"):
        raise TableError(gettext("Only CSV (.csv) and Excel (.xlsx) files can be imported."))
    if not data:
        raise TableError(gettext("The file is empty."))
    if isinstance(data, bytes) and data.startswith(ZIP_MAGIC):
        raw_rows = _xlsx_rows(data)  # a workbook, whatever its name says
    elif suffix == ".xlsx":
        raise TableError(gettext("This is not a readable Excel (.xlsx) file."))
    else:
        raw_rows = _csv_rows(data)
    if not any(any(str(cell).strip() for cell in row) for row in raw_rows):
        raise TableError(gettext("The file is empty."))
    header = [_clean(cell) for cell in raw_rows[0]]
    if not any(header):
        raise TableError(gettext("The first row must hold the column names."))
    rows = []
    for line, raw in enumerate(raw_rows[1:], start=2):
        cells = [_clean(cell) for cell in raw]
        if not any(cells):
            continue
        row: dict[str, str] = {}
        for position, text in enumerate(cells):
            name = header[position] if position < len(header) else ""
            if name:
                row.setdefault(name, text)
            elif text:
                row[f"#{position + 1}"] = text
        rows.append((line, row))
    return header, rows


class _Progress:
    """Reports ``done`` of ``total`` rows about every 1%: validation is the first half, writing the second."""

    def __init__(self, callback: Progress | None, rows: int):
        self.callback = callback
        self.total = rows
        self.steps = 2 * rows
        self.done = 0
        self.every = max(1, self.steps // 100)
        self._report()

    def _report(self) -> None:
        if self.callback is not None:
            self.callback(self.done * self.total // self.steps if self.steps else 0, self.total)

    def step(self) -> None:
        self.done += 1
        if self.done % self.every == 0 or self.done == self.steps:
            self._report()

    def finish(self) -> None:
        if self.done < self.steps:
            self.done = self.steps
            self._report()


def _run(file_obj, filename, progress, key, allowed, validator_class, writer) -> ImportResult:
    try:
        header, rows = read_table(file_obj, filename)
    except TableError as exc:
        return ImportResult(errors=[exc.message])
    columns, errors = rules.check_header(header, allowed, key)
    if errors:
        return ImportResult(errors=errors)
    tracker = _Progress(progress, len(rows))
    validator = validator_class(columns)
    validator.prepare(rows)
    plans = []
    for line, row in rows:
        plan = validator.validate(line, row)
        if plan is not None:
            plans.append(plan)
        tracker.step()
    if validator.errors:
        return ImportResult(errors=validator.errors)
    result = ImportResult()
    try:
        with transaction.atomic():
            writer(validator, plans, result, tracker)
    except IntegrityError:
        # Someone else wrote the same registration number or product name since validation.
        return ImportResult(
            errors=[gettext("The directory changed while importing; nothing was written. Please try again.")]
        )
    tracker.finish()
    return result


def import_companies(file_obj, filename: str, *, progress: Progress | None = None) -> ImportResult:
    """Import company profiles from a CSV/XLSX file, matched by registration number.

    Every row is checked first; if any cell is refused nothing is written (not even new
    capability or certification names) and the result lists every error. Otherwise all
    rows are written in one transaction: imported profiles are published and marked verified
    now; a row whose values already match is counted unchanged and not saved.
    ``progress(done, total)`` is called about every 1% of the rows.
    """
    return _run(
        file_obj, filename, progress, "brn", rules.COMPANY_COLUMNS, rules.CompanyValidator, _write_companies
    )


def import_products(file_obj, filename: str, *, progress: Progress | None = None) -> ImportResult:
    """Import products from a CSV/XLSX file, matched by company registration number and name.

    The name that matches is name_ko when the row gives one, else name_en. Like
    ``import_companies``: all rows are checked first, then written in one transaction or not at all.
    """
    return _run(
        file_obj,
        filename,
        progress,
        "company_brn",
        rules.PRODUCT_COLUMNS,
        rules.ProductValidator,
        _write_products,
    )


def _differs(instance, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _record_history(model, created: list, updated: list, when) -> None:
    """History for rows saved without it, in bulk: one record each, with its lists as they now stand.

    Row-by-row history costs a dozen queries per company (a record per list change, each
    copying every list); in bulk, a 5,000-row file writes its history in seconds.
    """
    history_model = model.history.model
    records = []
    for objs, update in ((created, False), (updated, True)):
        if objs:
            records += model.history.bulk_history_create(
                objs, update=update, default_date=when, batch_size=BATCH_SIZE
            )
    by_owner = {record.id: record.pk for record in records}
    # simple_history keeps the list fields it snapshots here (Company: fields, capabilities, offset_fields).
    for m2m_field in getattr(history_model, "_history_m2m_fields", ()):
        through = m2m_field.remote_field.through
        snapshot_model = getattr(history_model, m2m_field.name).model
        owner = m2m_field.m2m_field_name() + "_id"
        names = [column.attname for column in through._meta.fields]
        snapshots = []
        owners = sorted(by_owner)
        for start in range(0, len(owners), BATCH_SIZE):
            chunk = owners[start : start + BATCH_SIZE]
            for row in through.objects.filter(**{f"{owner}__in": chunk}).values(*names):
                snapshots.append(snapshot_model(history_id=by_owner[row[owner]], **row))
        snapshot_model.objects.bulk_create(snapshots, batch_size=BATCH_SIZE)


def _replace_lists(changes: dict[str, dict[int, set[int]]]) -> None:
    """Set each company's list to the wanted terms: delete its link rows, insert the new ones, in bulk."""
    for name, wanted in changes.items():
        if not wanted:
            continue
        m2m_field = Company._meta.get_field(name)
        through = m2m_field.remote_field.through
        owner, target = m2m_field.m2m_field_name() + "_id", m2m_field.m2m_reverse_field_name() + "_id"
        owners = sorted(wanted)
        for start in range(0, len(owners), BATCH_SIZE):
            through.objects.filter(**{f"{owner}__in": owners[start : start + BATCH_SIZE]}).delete()
        links = [
            through(**{owner: company_id, target: term_id})
            for company_id, term_ids in wanted.items()
            for term_id in sorted(term_ids)
        ]
        through.objects.bulk_create(links, batch_size=BATCH_SIZE)


def _write_companies(validator: rules.CompanyValidator, plans, result: ImportResult, tracker) -> None:
    validator.capabilities.create_missing()
    validator.certifications.create_missing()
    now = timezone.now()
    created, updated, certificates = [], [], []
    list_changes: dict[str, dict[int, set[int]]] = {name: {} for name in LIST_FIELDS}
    for plan in plans:
        company = validator.existing.get(plan.brn)
        is_new = company is None
        if is_new:
            company = Company(brn=plan.brn)
            current = {name: set() for name in LIST_FIELDS}
            held = set()
        else:
            # Prefetched by the validator, so these cost no queries.
            current = {name: {term.pk for term in getattr(company, name).all()} for name in LIST_FIELDS}
            held = {certification.type_id for certification in company.certifications.all()}
        wanted = {}
        if plan.fields is not None:
            wanted["fields"] = {validator.field_ids[code] for code in plan.fields}
        if plan.capabilities is not None:
            wanted["capabilities"] = {validator.capabilities.pk(key) for key in plan.capabilities}
        if plan.offset_fields is not None:
            wanted["offset_fields"] = {validator.offset_ids[number] for number in plan.offset_fields}
        missing_certificates = {validator.certifications.pk(key) for key in plan.certifications or ()} - held
        lists_changed = [name for name, ids in wanted.items() if ids != current[name]]
        scalars_changed = _differs(company, {**plan.values, "status": CompanyStatus.PUBLISHED})
        if is_new or scalars_changed or lists_changed or missing_certificates:
            company.last_verified_at = now
            # History is written in bulk afterwards, once the lists are in place.
            company.save_without_historical_record()
            (created if is_new else updated).append(company)
            for name in lists_changed:
                list_changes[name][company.pk] = wanted[name]
            certificates += [
                Certification(company=company, type_id=type_id) for type_id in sorted(missing_certificates)
            ]
        else:
            result.unchanged += 1
        tracker.step()
    _replace_lists(list_changes)
    bulk_create_with_history(certificates, Certification, batch_size=BATCH_SIZE, default_date=now)
    _record_history(Company, created, updated, now)
    result.created, result.updated = len(created), len(updated)


def _write_products(validator: rules.ProductValidator, plans, result: ImportResult, tracker) -> None:
    validator.categories.create_missing()
    now = timezone.now()
    created, updated = [], []
    for plan in plans:
        product = plan.product
        is_new = product is None
        if is_new:
            product = Product(company_id=plan.company_id)
        values = dict(plan.values)
        if plan.has_category:
            values["category_id"] = validator.categories.pk(plan.category) if plan.category else None
        if _differs(product, values) or is_new:
            product.save_without_historical_record()
            (created if is_new else updated).append(product)
        else:
            result.unchanged += 1
        tracker.step()
    _record_history(Product, created, updated, now)
    result.created, result.updated = len(created), len(updated)
