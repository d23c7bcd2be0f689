"""Time every dashboard query against the configured database and print p50/p95 per query."""

from __future__ import annotations

import statistics
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts.choices import OrganizationKind, OrganizationStatus
from companies.models import Company, DefenceField
from dashboards import home, pages
from dashboards.forms import Filters


def _member_of(kind: str):
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            membership_record__organization__kind=kind,
            membership_record__organization__status=OrganizationStatus.APPROVED,
        )
        .order_by("pk")
        .first()
    )


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = (
        "Time each dashboard query (KDIA's dashboard as a KDIA member, DAPA's as a DAPA officer, the "
        "public statistics as a guest, and the KDIA and DAPA home-page work queues) over --repeat runs "
        "on the current database, and print the query count, p50 and p95 in milliseconds. It only "
        "reads. Load the data first, e.g. the search benchmark's 100,000 companies."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=21, help="Runs per query (default 21).")
        parser.add_argument("--year", type=int, help="Also time every query filtered by this year.")
        parser.add_argument("--field", help="Also time every query filtered by this defence field code.")

    def handle(self, *args, repeat, year, field, **options):
        if repeat < 1:
            raise CommandError("--repeat must be at least 1.")
        kdia = _member_of(OrganizationKind.KDIA)
        if kdia is None:
            raise CommandError("No member of an approved KDIA organisation: run load_demo first.")
        dapa = _member_of(OrganizationKind.DAPA) or kdia  # KDIA sees every obligation too
        chosen = DefenceField.objects.filter(code=field).first() if field else None
        if field and chosen is None:
            raise CommandError(f"No defence field with the code {field!r}.")
        variants = [("no filter", Filters())]
        if year or chosen:
            variants.append(("filtered", Filters(year=year, field=chosen)))
        self.stdout.write(f"{Company.objects.count():,} companies · {connection.vendor} · {repeat} runs each")
        header = f"{'page':<10} {'dataset':<30} {'filters':<10} {'queries':>7} {'p50 ms':>9} {'p95 ms':>9}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        with translation.override("en"):
            runs = (
                ("kdia", pages.kdia(), kdia),
                ("dapa", pages.dapa(), dapa),
                ("public", pages.public_page(), None),
            )
            for name, page, viewer in runs:
                viewer = viewer or AnonymousUser()
                for slug, query in page.datasets.items():
                    for label, filters in variants:
                        self._time(name, slug, label, repeat, lambda q=query, v=viewer, f=filters: q(v, f))
            self._time("home", "kdia-work-queue", "-", repeat, lambda: home.kdia_queue(kdia))
            self._time("home", "dapa-work-queue", "-", repeat, lambda: home.dapa_queue(dapa))

    def _time(self, page: str, name: str, label: str, repeat: int, run) -> None:
        with CaptureQueriesContext(connection) as captured:
            run()  # the first run also warms caches; it is not counted
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            run()
            samples.append((time.perf_counter() - start) * 1000)
        self.stdout.write(
            f"{page:<10} {name:<30} {label:<10} {len(captured):>7} "
            f"{statistics.median(samples):>9.1f} {percentile(samples, 0.95):>9.1f}"
        )
