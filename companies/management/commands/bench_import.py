"""Benchmark: import a generated company file, then import it again (nothing changes), and roll back."""

import io
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from companies.generator import generate_companies
from companies.generator_save import as_import_csv
from companies.importing import import_companies

# Serials far from the demo's and the tests', so the generated numbers never clash.
BENCH_FIRST_SERIAL = 700000


class Rollback(Exception):
    """Raised to undo the benchmark's writes."""


class Command(BaseCommand):
    help = (
        "Time the company import on the configured database: a generated CSV of --rows companies is imported, "
        "then imported again (every row unchanged). Everything is rolled back at the end."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=5000, help="Companies in the file (default 5000).")

    def handle(self, *args, rows, **options):
        records = list(generate_companies(rows, products_per_company=0, first_serial=BENCH_FIRST_SERIAL))
        data = as_import_csv(records)
        timings = {}
        try:
            with transaction.atomic():
                for label in ("first import", "same file again"):
                    started = time.perf_counter()
                    result = import_companies(io.BytesIO(data), "bench.csv")
                    timings[label] = (time.perf_counter() - started, result)
                raise Rollback
        except Rollback:
            pass
        self.stdout.write(f"{connection.vendor}, {rows} companies, {len(data) / 1e6:.1f} MB CSV")
        for label, (seconds, result) in timings.items():
            self.stdout.write(
                f"  {label}: {seconds:.1f} s ({rows / seconds:.0f} rows/s) - {result.created} created, "
                f"{result.updated} updated, {result.unchanged} unchanged, {len(result.errors)} errors"
            )
