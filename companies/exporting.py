"""Exporting companies and products as CSV or XLSX in exactly the import format.

An exported file imports back as all 'unchanged', so KDIA can export, edit in Excel and
re-import. Cells a spreadsheet would run as a formula are neutralised with a leading
apostrophe, which the importer removes again.
"""

from __future__ import annotations

from companies.import_rules import COMPANY_COLUMNS, PRODUCT_COLUMNS
from core.identifiers import normalise_brn
from core.spreadsheets import export_response, neutralise, to_csv, to_xlsx

__all__ = [
    "COMPANY_COLUMNS",
    "PRODUCT_COLUMNS",
    "company_rows",
    "export_response",
    "neutralise",
    "product_rows",
    "to_csv",
    "to_xlsx",
]

LIST_JOINER = "; "


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
