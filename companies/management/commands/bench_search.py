"""Benchmark of directory search at scale, on the configured (scratch) database."""

from __future__ import annotations

import resource
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings

from companies.generator import generate_companies, save_companies
from companies.models import Company
from companies.search import RELEVANCE_PATH
from search.evaluation import load_judgements
from search.indexing import rebuild_all
from search.service import forget_caches, forget_results, search, warm_up

FIRST_SERIAL = 300_000  # serials 300000-399999: clear of the demo, the import benchmark and the tests
FACETS = {"region": "gyeongnam", "size": "sme"}


class Command(BaseCommand):
    help = (
        "Build a synthetic directory of N companies with their products from the demo generator, index it, "
        "run the judged queries (each category, with and without facets) as first pages of 20 with facet counts, "
        "and print index build speed, p50/p95/p99 per query class, the raw index time and peak memory. "
        "Run it on an empty scratch database, e.g. DATABASE_URL=sqlite:///var/bench.sqlite3 after migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--companies", type=int, default=100_000, help="Companies to generate (default 100000)."
        )
        parser.add_argument("--products", type=float, default=10.0, help="Products per company (default 10).")
        parser.add_argument("--repeat", type=int, default=3, help="Runs of each query (default 3).")
        parser.add_argument("--reuse", action="store_true", help="Use the directory already in the database.")
        parser.add_argument("--no-index", action="store_true", help="With --reuse: keep the index as it is.")
        parser.add_argument(
            "--add",
            action="store_true",
            help="Add the generated directory to the companies already there (the demo scaled up for a load test).",
        )

    def handle(self, *args, companies, products, repeat, reuse, no_index, add, **options):
        if not reuse:
            if Company.objects.exists() and not add:
                raise CommandError(
                    "The database already holds companies: use an empty scratch database (or --reuse, or --add)."
                )
            self._build(companies, products)
        if not no_index:
            self._index()
        # As a maintained database is: PostgreSQL's autovacuum vacuums (counts then skip heap pages
        # known to be visible) and gathers planner statistics; SQLite has statistics only after
        # ANALYZE, and without them it read a search's 1,000 companies by scanning every
        # published one through the status index.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        # The pages are requested in-process; production host and HTTPS settings would refuse them.
        with override_settings(
            ALLOWED_HOSTS=["testserver"],
            SECURE_SSL_REDIRECT=False,
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ):
            self._queries(repeat)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"peak memory: {peak:.0f} MB")

    def _build(self, companies, products):
        started = time.perf_counter()
        records = generate_companies(companies, products_per_company=products, first_serial=FIRST_SERIAL)
        batch, made = [], (0, 0)
        for record in records:
            batch.append(record)
            if len(batch) == 2000:
                made = tuple(a + b for a, b in zip(made, save_companies(batch), strict=True))
                batch = []
        if batch:
            made = tuple(a + b for a, b in zip(made, save_companies(batch), strict=True))
        self.stdout.write(
            f"{connection.vendor}: generated and saved {made[0]} companies, {made[1]} products "
            f"in {time.perf_counter() - started:.0f} s"
        )

    def _index(self):
        """Rebuild both kinds together (a company's products are analysed once, for both), timing
        the words (searchable from then on) apart from the embeddings."""
        searchable: dict[str, float] = {}

        def note(kind, stage, done, total):
            if stage == "searchable":
                searchable[kind] = time.perf_counter()

        started = time.perf_counter()
        counts = rebuild_all(["company", "product"], progress=note)
        ended = time.perf_counter()
        documents = sum(counts.values())
        words = (max(searchable.values()) if searchable else ended) - started
        self.stdout.write(
            f"index, both kinds: {documents} documents ({counts['company']} companies, {counts['product']} products); "
            f"searchable (words) after {words:.1f} s = {documents / words:.0f} docs/s; "
            f"company embeddings {ended - started - words:.1f} s; "
            f"whole {ended - started:.1f} s = {documents / (ended - started):.0f} docs/s"
        )
        forget_caches()

    def _queries(self, repeat):
        judgements = load_judgements(RELEVANCE_PATH)
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        classes: dict[str, list[float]] = {}
        raw: dict[str, list[float]] = {}
        # As a served process starts: models, glossary, spelling vocabulary and embeddings loaded.
        warm_up()
        client.get("/companies/", {"q": "warm up"})
        for judgement in judgements:
            for label, extra in (("", {}), (" +facets", FACETS)):
                name = judgement.category + label
                for _ in range(repeat):
                    # Every page is timed as the first of its query: no search result is reused.
                    forget_results()
                    started = time.perf_counter()
                    response = client.get("/companies/", {"q": judgement.query, **extra})
                    classes.setdefault(name, []).append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200:
                        raise CommandError(f"{judgement.query!r} answered {response.status_code}")
                # The floor: the index look-ups and counts the same search makes, nothing else.
                raw.setdefault(name, []).append(search(judgement.query).index_ms)
        self.stdout.write(
            "| class | queries | p50 ms | p95 ms | p99 ms | raw index p50 ms | raw index p95 ms |"
        )
        self.stdout.write("|---|---:|---:|---:|---:|---:|---:|")
        everything, floor = [], []
        for name, times in classes.items():
            everything += times
            floor += raw[name]
            self.stdout.write(
                f"| {name} | {len(times) // repeat} | {_pct(times, 50):.0f} | {_pct(times, 95):.0f} | "
                f"{_pct(times, 99):.0f} | {statistics.median(raw[name]):.1f} | {_pct(raw[name], 95):.1f} |"
            )
        self.stdout.write(
            f"| all | {len(everything) // repeat} | {_pct(everything, 50):.0f} | {_pct(everything, 95):.0f} | "
            f"{_pct(everything, 99):.0f} | {_pct(floor, 50):.1f} | {_pct(floor, 95):.1f} |"
        )
        services = [search(judgement.query).took_ms for judgement in judgements]
        self.stdout.write(
            f"(the search service alone, all queries: p50 {_pct(services, 50):.0f} ms, "
            f"p95 {_pct(services, 95):.0f} ms)"
        )


def _pct(values, percent):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]
