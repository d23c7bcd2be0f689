"""``manage.py import_products FILE``: the product catalogue import from a terminal."""

from companies.import_rules import PRODUCT_COLUMNS
from companies.importing import import_products
from companies.management.commands import import_companies


class Command(import_companies.Command):
    help = (
        "Import products from a CSV (UTF-8, comma-separated) or XLSX file (first sheet). "
        "Columns, in any order, names case-insensitive: " + ", ".join(PRODUCT_COLUMNS) + "; only "
        "company_brn is required, and the company must already be in the directory. Products are matched "
        "by company and name (name_ko if given, else name_en). The whole file is checked first: if any "
        "row has an error nothing is written, every error is listed as 'line N, column C: reason' and the "
        "command exits with status 1."
    )
    importer = staticmethod(import_products)
