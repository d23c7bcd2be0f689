"""Spreadsheet downloads every app shares: CSV and XLSX, safe to open in Excel.

Cells a spreadsheet would run as a formula are neutralised with a leading apostrophe (CSV and
formula injection); Korean text survives (UTF-8 with a BOM for CSV, text cells for XLSX).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import HttpResponse

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Characters Excel refuses in a sheet title.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


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
    return workbook_bytes([(sheet_title, columns, rows)])


def workbook_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """An XLSX workbook with one sheet per (title, header, rows): bold, frozen header row;
    every cell stored as text."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    def text(value) -> str:
        # openpyxl refuses control characters; a stray one must not break the whole export.
        return ILLEGAL_CHARACTERS_RE.sub("", neutralise(value))

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet((SHEET_TITLE_FORBIDDEN.sub("_", title) or "Sheet")[:31])
        sheet.append([text(name) for name in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(str(name)) for name in columns]
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
    return download(content, fmt, filename_stem)


def download(content: bytes, fmt: str, filename_stem: str) -> HttpResponse:
    """A file download with an ASCII fallback name and the exact UTF-8 name (RFC 5987)."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    fallback = f"{_ascii_filename(filename_stem)}.{fmt}"
    exact = quote(f"{filename_stem}.{fmt}", safe="")
    response["Content-Disposition"] = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{exact}"
    return response
