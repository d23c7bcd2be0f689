"""Benchmark of the matching engine at scale, on the configured (scratch) database."""

from __future__ import annotations

import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.choices import OrganizationKind, OrganizationStatus
from accounts.models import Organization
from companies.generator import generate_companies, save_companies
from companies.management.commands.bench_search import FIRST_SERIAL
from companies.models import Capability, CertificationType, Company, DefenceField
from matching import services, texts
from matching.choices import RequirementStatus
from matching.models import Requirement, StoredTextResult
from matching.scoring import rank, text_searches
from search.indexing import rebuild_all
from search.service import forget_caches, forget_results, search_cached, warm_up

OWNER_NAME = "Bench Matching Contractor"  # owns the benchmark's requirements (kept, updated each run)

# Requirements of different shapes (taxonomy names as companies/taxonomy_data.py ships them).
SHAPES = {
    "full, English": {
        "title_en": "Sonar transducer housings",
        "required": ["AS9100"],
        "preferred": ["ISO 9001"],
        "capabilities": ["Precision machining"],
        "fields": ["naval"],
        "sizes": ["sme"],
        "quality_system_en": "AS9100 quality management with first article inspection",
        "experience_en": "supplying parts for naval ships",
        "offset_experience": True,
    },
    "Korean text, 3 capabilities": {
        "title_ko": "터빈 블레이드 정밀 가공",
        "required": ["AS9100", "NADCAP"],
        "capabilities": ["Precision machining", "Heat treatment", "Casting"],
        "fields": ["aircraft_guided"],
        "sizes": ["sme", "mid"],
        "offset_experience": True,
    },
    "short text, structural": {
        "title_en": "Cable harness assembly",
        "required": ["ISO 9001"],
        "capabilities": ["Cable harness assembly"],
        "fields": ["c4i_electronics"],
        "sizes": ["sme", "mid"],
    },
    "rare text, broad criteria": {
        "title_en": "Radome",
        "required": ["ISO 9001"],
        "sizes": ["sme"],
        "offset_experience": True,
    },
    "text nobody matches": {
        "title_en": "Quantum flux capacitor calibration",
        "required": ["KDS defence quality management certification"],
        "fields": ["firepower"],
        "sizes": ["large"],
    },
}


class Command(BaseCommand):
    help = (
        "Time the first page of matching.scoring.rank for a few requirements of different shapes over a "
        "synthetic directory (the search benchmark's generator), and print p50/p95/p99: with the texts' "
        "search results stored (as the background task keeps them) and cold (every text searched). "
        "Run it on a scratch database, e.g. DATABASE_URL=sqlite:///var/bench_matching.sqlite3 after migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--companies", type=int, default=100_000, help="Companies to generate (default 100000)."
        )
        parser.add_argument("--products", type=float, default=10.0, help="Products per company (default 10).")
        parser.add_argument(
            "--repeat", type=int, default=20, help="Timed runs per shape and mode (default 20)."
        )
        parser.add_argument(
            "--reuse", action="store_true", help="Use the directory (and index) in the database."
        )
        parser.add_argument(
            "--index", action="store_true", help="With --reuse: rebuild the search index first."
        )
        parser.add_argument(
            "--offset", type=int, default=0, help="First position of the page timed (default 0)."
        )

    def handle(self, *args, companies, products, repeat, reuse, index, offset, **options):
        if not reuse:
            if Company.objects.exists():
                raise CommandError(
                    "The database already holds companies: use an empty scratch database (or --reuse)."
                )
            self._build(companies, products)
        if not reuse or index:
            self._index()
        requirements = self._requirements()
        # As a maintained database is (the search benchmark does the same): PostgreSQL's autovacuum
        # gathers planner statistics; SQLite has them only after ANALYZE, and without them it
        # reads a set of companies by scanning every published one through the status index.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        total = Company.objects.count()
        self.stdout.write(f"{connection.vendor}: {total} companies; timing rank(offset={offset}, limit=20)")
        # As a served process is: models, glossary, spelling vocabulary and embeddings loaded.
        warm_up()
        for kind in ("company", "product"):
            search_cached("warm up", kind=kind)
        self.stdout.write(
            "| requirement | count | queries | searches ms | rank, texts stored: p50 / p95 / p99 ms "
            "| rank cold: p50 / p95 / p99 ms |"
        )
        self.stdout.write("|---|---:|---:|---:|---|---|")
        stored_all, cold_all = [], []
        for name, requirement in requirements.items():
            StoredTextResult.objects.all().delete()
            cold = self._timed(requirement, offset, max(3, repeat // 4))
            searches = self._search_time(requirement)
            services.store_text_results([requirement.pk])
            with CaptureQueriesContext(connection) as queries:
                page = rank(requirement, offset=offset)
            stored = self._timed(requirement, offset, repeat)
            stored_all += stored
            cold_all += cold
            self.stdout.write(
                f"| {name} | {page.count} | {len(queries)} | {searches:.0f} | {_triple(stored)} | {_triple(cold)} |"
            )
        self.stdout.write(f"| all shapes | | | | {_triple(stored_all)} | {_triple(cold_all)} |")

    def _build(self, companies, products):
        started = time.perf_counter()
        records = generate_companies(companies, products_per_company=products, first_serial=FIRST_SERIAL)
        made = save_companies(records, batch_size=2000)
        self.stdout.write(
            f"{connection.vendor}: generated and saved {made[0]} companies, {made[1]} products "
            f"in {time.perf_counter() - started:.0f} s"
        )

    def _index(self):
        started = time.perf_counter()
        for kind, count in rebuild_all(["company", "product"]).items():
            self.stdout.write(f"index {kind}: {count} documents")
        self.stdout.write(f"index built in {time.perf_counter() - started:.0f} s")
        forget_caches()

    def _requirements(self) -> dict[str, Requirement]:
        owner, _created = Organization.objects.get_or_create(
            name_en=OWNER_NAME,
            defaults={"kind": OrganizationKind.FOREIGN_CONTRACTOR, "status": OrganizationStatus.APPROVED},
        )
        types = {kind.name_en: kind for kind in CertificationType.objects.all()}
        capabilities = {capability.name_en: capability for capability in Capability.objects.all()}
        fields = {defence_field.code: defence_field for defence_field in DefenceField.objects.all()}
        deadline = timezone.localdate() + timedelta(days=120)
        made = {}
        for name, shape in SHAPES.items():
            # Kept between runs (updated in place): deleting would reach every app's relations.
            requirement = Requirement.objects.filter(
                owner=owner, moderation_note=name
            ).first() or Requirement(owner=owner, moderation_note=name)
            requirement.__dict__.update(
                title_ko=shape.get("title_ko", ""),
                title_en=shape.get("title_en", ""),
                quality_system_en=shape.get("quality_system_en", ""),
                experience_en=shape.get("experience_en", ""),
                offset_experience=shape.get("offset_experience", False),
                size_classes=shape.get("sizes", []),
                deadline=deadline,
                status=RequirementStatus.PUBLISHED,
            )
            requirement.save()
            requirement.required_certifications.set([types[n] for n in shape.get("required", [])])
            requirement.preferred_certifications.set([types[n] for n in shape.get("preferred", [])])
            requirement.capabilities.set([capabilities[n] for n in shape.get("capabilities", [])])
            requirement.defence_fields.set([fields[code] for code in shape.get("fields", [])])
            made[name] = requirement
        return made

    def _search_time(self, requirement) -> float:
        """The searches the ranking makes, uncached (the search service's share of a cold ranking)."""
        forget_results()
        started = time.perf_counter()
        for kind, text in text_searches(requirement):
            search_cached(text, kind=kind)
        return (time.perf_counter() - started) * 1000

    def _timed(self, requirement, offset, repeat) -> list[float]:
        """Each run as a web process meets the requirement for the first time: no search result and
        no stored text result already in its memory (stored ones are read from the database)."""
        times = []
        for _ in range(repeat):
            forget_results()
            texts.forget_read()
            started = time.perf_counter()
            rank(requirement, offset=offset)
            times.append((time.perf_counter() - started) * 1000)
        return times


def _pct(values, percent):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def _triple(values) -> str:
    if not values:
        return "-"
    return f"{_pct(values, 50):.0f} / {_pct(values, 95):.0f} / {_pct(values, 99):.0f}"
