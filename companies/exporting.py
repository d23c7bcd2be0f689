"""Exporting companies and products as CSV or XLSX in exactly the import format.

An exported file imports back as all 'unchanged', so KDIA can export, edit in Excel and
re-import. Cells a spreadsheet would run as a formula are neutralised with a leading
apostrophe, which the importer removes again.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import HttpResponse

from companies.import_rules import COMPANY_COLUMNS, PRODUCT_COLUMNS
from companies.importing import FORMULA_PREFIXES
from core.identifiers import normalise_brn

__all__ = [
    "COMPANY_COLUMNS",
    "PRODUCT_COLUMNS",
    "company_rows",
    "export_response",
    "product_rows",
    "to_csv",
    "to_xlsx",
]

LIST_JOINER = "; "
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Characters Excel refuses in a sheet title.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _term_name(term) -> str:
    """English name, else Korean: the spelling the importer matches first."""
    return term.name_en.strip() or term.name_ko.strip()


def _number(value) -> str:
    return "" if value is None else str(value)


def company_rows(queryset) -> list[list[str]]:
    """One row of cell strings per company, in ``COMPANY_COLUMNS`` order (lists ';'-joined)."""
    rows = []
    queryset = queryset.prefetch_related("fields", "capabilities", "offset_fields", "certifications__type")
    for company in queryset:
        fields = sorted(company.fields.all(), key=lambda term: (term.order, term.code))
        offsets = sorted(term.number for term in company.offset_fields.all())
        capabilities = sorted({_term_name(term) for term in company.capabilities.all()}, key=str.casefold)
        certifications = sorted(
            {_term_name(certification.type) for certification in company.certifications.all()},
            key=str.casefold,
        )
        rows.append(
            [
                normalise_brn(company.brn),
                company.name_ko,
                company.name_en,
                company.description_ko,
                company.description_en,
                company.size_class,
                company.region,
                LIST_JOINER.join(term.code for term in fields),
                LIST_JOINER.join(capabilities),
                LIST_JOINER.join(certifications),
                LIST_JOINER.join(str(number) for number in offsets),
                company.website,
                _number(company.founded),
                _number(company.employees),
            ]
        )
    return rows


def product_rows(queryset) -> list[list[str]]:
    """One row of cell strings per product, in ``PRODUCT_COLUMNS`` order."""
    rows = []
    for product in queryset.select_related("company", "category"):
        rows.append(
            [
                normalise_brn(product.company.brn),
                product.name_ko,
                product.name_en,
                product.description_ko,
                product.description_en,
                _term_name(product.category) if product.category else "",
                product.hs_code,
                product.nsn,
                _number(product.trl),
            ]
        )
    return rows


def neutralise(value) -> str:
    """A cell as text that no spreadsheet will run as a formula (CSV/formula injection)."""
    text = "" if value is None else str(value)
    # A value that already looks neutralised gets a second apostrophe, since import removes one.
    if text.startswith(FORMULA_PREFIXES) or (text[:1] == "'" and text[1:2].startswith(FORMULA_PREFIXES)):
        return "'" + text
    return text


def to_csv(columns: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """CSV bytes in UTF-8 with a BOM, which Excel needs to show Korean correctly."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(name) for name in columns])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(columns: Sequence[str], rows: Iterable[Sequence], sheet_title: str) -> bytes:
    """An XLSX workbook with one sheet: bold, frozen header row; every cell stored as text."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    def text(value) -> str:
        # openpyxl refuses control characters; a stray one must not break the whole export.
        return ILLEGAL_CHARACTERS_RE.sub("", neutralise(value))

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (SHEET_TITLE_FORBIDDEN.sub("_", sheet_title) or "Sheet1")[:31]
    sheet.append([text(name) for name in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(name) for name in columns]
    for row in rows:
        cells = [text(value) for value in row]
        sheet.append(cells)
        widths = [max(width, min(len(cell), 50)) for width, cell in zip(widths, cells, strict=False)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width + 2
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _ascii_filename(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name).strip("._")
    return ascii_name or "export"


def export_response(columns: Sequence[str], rows: Iterable[Sequence], fmt: str, filename_stem: str):
    """A download of the rows as ``fmt`` ('csv' or 'xlsx'; anything else raises ValueError).

    Content-Disposition carries an ASCII-safe ``filename`` and the exact UTF-8 name in
    ``filename*`` (RFC 5987), so Korean file names survive in browsers that understand it.
    """
    if fmt == "csv":
        content = to_csv(columns, rows)
    elif fmt == "xlsx":
        content = to_xlsx(columns, rows, filename_stem)
    else:
        raise ValueError(f"unknown export format: {fmt!r}")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    fallback = f"{_ascii_filename(filename_stem)}.{fmt}"
    exact = quote(f"{filename_stem}.{fmt}", safe="")
    response["Content-Disposition"] = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{exact}"
    return response
