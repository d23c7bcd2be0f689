"""Directory export: the import format, round trips, formula neutralisation and downloads."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.utils import translation

from companies.exporting import (
    COMPANY_COLUMNS,
    PRODUCT_COLUMNS,
    company_rows,
    export_response,
    product_rows,
    to_csv,
    to_xlsx,
)
from companies.importing import import_companies, import_products
from companies.models import Capability, Company, Product
from core.identifiers import brn_check_digit


def brn(serial: int) -> str:
    """A fictional registration number: tax office 000 is never issued."""
    first_nine = f"000{serial:06d}"
    return first_nine + str(brn_check_digit(first_nine))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def directory(db):
    """Two imported companies with lists, and their products."""
    header = list(COMPANY_COLUMNS)
    rows = [
        [
            f"{brn(900600)[:3]}-{brn(900600)[3:5]}-{brn(900600)[5:]}",
            "가상정밀",
            "Fictional Precision",
            "정밀 부품을 만듭니다.\n두 번째 줄",
            'Makes "precise" parts, quickly',
            "mid",
            "경상남도",
            "naval; firepower",
            "Precision machining; 가상 신공정; Fictional hand polishing",
            "ISO 9001; AS9100",
            "3; 1; 7",
            "fictional.example",
            "1987",
            "250",
        ],
        [brn(900601), "", '=HYPERLINK("http://evil.example")', "", "", "", "", "", "", "", "", "", "", ""],
    ]
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([header, *rows])
    result = import_companies(io.BytesIO(buffer.getvalue().encode()), "c.csv")
    assert result.errors == []
    product_lines = [
        list(PRODUCT_COLUMNS),
        [
            brn(900600),
            "가상 기어박스",
            "Fictional Gearbox",
            "",
            "",
            "Mechanical components",
            "8411.91",
            "",
            "6",
        ],
        [brn(900600), "", "Fictional Lens", "", "", "fictional lens kits", "", "1005-01-234-5678", ""],
        [brn(900601), "+가상 센서", "", "", "", "", "", "", ""],
    ]
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(product_lines)
    result = import_products(io.BytesIO(buffer.getvalue().encode()), "p.csv")
    assert result.errors == []
    return Company.objects.filter(brn__in=[brn(900600), brn(900601)]).order_by("brn")


def test_columns_are_the_import_columns():
    assert list(COMPANY_COLUMNS) == [
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
    ]
    assert list(PRODUCT_COLUMNS) == [
        "company_brn",
        "name_ko",
        "name_en",
        "description_ko",
        "description_en",
        "category",
        "hs_code",
        "nsn",
        "trl",
    ]


def test_company_rows_use_codes_and_english_names(directory):
    first = company_rows(directory)[0]
    assert first == [
        brn(900600),
        "가상정밀",
        "Fictional Precision",
        "정밀 부품을 만듭니다.\n두 번째 줄",
        'Makes "precise" parts, quickly',
        "mid",
        "gyeongnam",
        "firepower; naval",
        "Fictional hand polishing; Precision machining; 가상 신공정",
        "AS9100; ISO 9001",
        "1; 3; 7",
        "https://fictional.example",
        "1987",
        "250",
    ]


def test_product_rows(directory):
    rows = product_rows(Product.objects.filter(company__in=directory).order_by("pk"))
    assert rows[0] == [
        brn(900600),
        "가상 기어박스",
        "Fictional Gearbox",
        "",
        "",
        "Mechanical components",
        "841191",
        "",
        "6",
    ]
    assert rows[1][5:8] == ["fictional lens kits", "", "1005012345678"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(directory, fmt):
    stamps = dict(Company.objects.values_list("pk", "updated_at"))
    product_stamps = dict(Product.objects.values_list("pk", "updated_at"))
    capabilities = Capability.objects.count()

    companies = export_response(COMPANY_COLUMNS, company_rows(directory), fmt, "companies").content
    result = import_companies(io.BytesIO(companies), f"companies.{fmt}")
    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 2, [])

    products = Product.objects.filter(company__in=directory)
    content = export_response(PRODUCT_COLUMNS, product_rows(products), fmt, "products").content
    result = import_products(io.BytesIO(content), f"products.{fmt}")
    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 3, [])

    assert dict(Company.objects.values_list("pk", "updated_at")) == stamps
    assert dict(Product.objects.values_list("pk", "updated_at")) == product_stamps
    assert Capability.objects.count() == capabilities


def test_csv_has_a_bom_and_neutralises_formulas():
    rows = [["=1+1", "+82", "-3", "@SUM(A1)", "\tx", "\rx", "safe", "a=b", "'=x", "'quoted"]]
    content = to_csv(["name", "b", "c", "d", "e", "f", "g", "h", "i", "j"], rows)
    assert content.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert parsed[1] == [
        "'=1+1",
        "'+82",
        "'-3",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "safe",
        "a=b",
        "''=x",
        "'quoted",
    ]


def test_xlsx_neutralises_formulas_and_styles_the_header():
    content = to_xlsx(["brn", "name"], [["0009006001", "=cmd|' /C calc'!A0"]], "회사: 목록/2025")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.title == "회사_ 목록_2025"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert sheet["A2"].value == "0009006001"  # text, so the leading zeros stay
    assert sheet["B2"].value == "'=cmd|' /C calc'!A0"
    assert sheet["B2"].data_type == "s"


def test_rows_hold_values_and_files_neutralise_them(directory):
    evil = directory.get(brn=brn(900601))
    row = company_rows(Company.objects.filter(pk=evil.pk))[0]
    assert row[2] == '=HYPERLINK("http://evil.example")'  # rows hold values; files neutralise them
    assert b"'=HYPERLINK" in to_csv(COMPANY_COLUMNS, [row])


def test_export_response_headers():
    response = export_response(["a"], [["1"]], "csv", "회사 목록 2025")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="2025.csv"; '
        "filename*=UTF-8''%ED%9A%8C%EC%82%AC%20%EB%AA%A9%EB%A1%9D%202025.csv"
    )
    response = export_response(["a"], [["1"]], "xlsx", "companies-2025")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="companies-2025.xlsx";')


def test_export_response_refuses_unknown_formats():
    with pytest.raises(ValueError, match="pdf"):
        export_response(["a"], [], "pdf", "x")
