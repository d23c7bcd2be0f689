"""Bulk export of the public directory: every company and product a guest may see, streamed.

The rows are what ``/api/v1/companies`` and ``/api/v1/products`` return to a guest (no contacts),
whoever asks: an export is meant to be shared, so it never carries what only the caller may see.
CSV starts with a UTF-8 byte-order mark so that spreadsheet programs read Korean correctly.
"""

from __future__ import annotations

import csv
import io
import json

from django.contrib.auth.models import AnonymousUser
from django.http import StreamingHttpResponse
from ninja import Router

from audit.services import record_export
from companies.api import CERTS, _company_out, _product_out
from companies.filters import highest_trl
from companies.models import Company, Product
from core.spreadsheets import FORMULA_PREFIXES

router = Router(tags=["export"], auth=None)  # public data only, so guests may export it too

CHUNK_SIZE = 200
UTF8_BOM = "\ufeff"
COMPANY_COLUMNS = [
    "brn",
    "name_ko",
    "name_en",
    "size_class",
    "region",
    "fields",
    "capabilities",
    "offset_fields",
    "certifications",
    "founded",
    "employees",
    "website",
    "status",
    "last_verified_at",
    "updated_at",
    "product_count",
    "url",
]
PRODUCT_COLUMNS = [
    "id",
    "company_brn",
    "company_name_ko",
    "company_name_en",
    "name_ko",
    "name_en",
    "description_ko",
    "description_en",
    "category",
    "hs_code",
    "nsn",
    "trl",
    "platforms_ko",
    "platforms_en",
    "export_controlled",
    "promising_item",
    "specifications",
    "url",
]


def public_companies():
    queryset = highest_trl(Company.objects.visible_to(AnonymousUser())).order_by("pk")
    return queryset.prefetch_related("fields", "capabilities", "offset_fields", CERTS).iterator(
        chunk_size=CHUNK_SIZE
    )


def public_products():
    queryset = Product.objects.visible_to(AnonymousUser()).order_by("pk")
    return (
        queryset.select_related("company", "category")
        .prefetch_related("specifications")
        .iterator(chunk_size=CHUNK_SIZE)
    )


def company_rows():
    return (_company_out(company) for company in public_companies())


def product_rows():
    return (_product_out(product) for product in public_products())


def flat_cell(value) -> str:
    """One spreadsheet cell: lists joined with "; ", certificates and specifications as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        text = "; ".join(flat_item(item) for item in value)
    else:
        text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    # A leading =, +, - or @ would make a spreadsheet evaluate the cell as a formula.
    return "'" + text if text.startswith(FORMULA_PREFIXES) and not _is_number(text) else text


def flat_item(item) -> str:
    if isinstance(item, dict) and "value" in item:  # a specification
        return f"{item['name']}: {item['value']} {item.get('unit') or ''}".strip()
    if isinstance(item, dict):  # a certification
        return " ".join(str(item[key]) for key in ("name", "number") if item.get(key))
    return str(item)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_lines(rows, columns):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield UTF8_BOM
    writer.writerow(columns)
    for row in rows:
        writer.writerow([flat_cell(row[column]) for column in columns])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
    yield buffer.getvalue()


def jsonl_lines(rows):
    for row in rows:
        yield json.dumps(row, ensure_ascii=False, default=str) + "\n"


def streamed(lines, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse((line.encode() for line in lines), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.get("/export/companies.csv", summary="Every public company profile as CSV (UTF-8 with BOM)")
def export_companies_csv(request):
    record_export(request, "api_companies", fmt="csv")
    return streamed(csv_lines(company_rows(), COMPANY_COLUMNS), "text/csv; charset=utf-8", "companies.csv")


@router.get("/export/companies.jsonl", summary="Every public company profile as JSON Lines")
def export_companies_jsonl(request):
    record_export(request, "api_companies", fmt="jsonl")
    return streamed(jsonl_lines(company_rows()), "application/jsonl; charset=utf-8", "companies.jsonl")


@router.get("/export/products.csv", summary="Every public product as CSV (UTF-8 with BOM)")
def export_products_csv(request):
    record_export(request, "api_products", fmt="csv")
    return streamed(csv_lines(product_rows(), PRODUCT_COLUMNS), "text/csv; charset=utf-8", "products.csv")


@router.get("/export/products.jsonl", summary="Every public product as JSON Lines")
def export_products_jsonl(request):
    record_export(request, "api_products", fmt="jsonl")
    return streamed(jsonl_lines(product_rows()), "application/jsonl; charset=utf-8", "products.jsonl")
