"""Rebuild the search index."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from search.indexing import rebuild_all, registered_kinds
from search.service import forget_caches


class Command(BaseCommand):
    help = "Rebuild the search index from the database, for every indexed kind or the ones named, with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help="Kinds to rebuild (default: all, e.g. company product).")

    def handle(self, *args, kinds, **options):
        unknown = set(kinds) - set(registered_kinds())
        if unknown:
            raise CommandError(
                f"unknown kind(s): {', '.join(sorted(unknown))}; known: {', '.join(registered_kinds())}"
            )
        started = time.perf_counter()
        counts = rebuild_all(kinds or registered_kinds(), progress=self._progress())
        seconds = time.perf_counter() - started
        total = sum(counts.values())
        kinds_line = ", ".join(f"{kind} {count}" for kind, count in counts.items())
        self.stdout.write(
            f"\n{total} documents ({kinds_line}) in {seconds:.1f} s ({total / max(seconds, 1e-9):.0f}/s)"
        )
        forget_caches()

    def _progress(self):
        shown = []

        def show(kind, stage, done, total):
            if stage == "searchable":  # the words' bar is already full
                return
            if shown and shown[-1] != (kind, stage):
                sys.stderr.write("\n")
            shown.append((kind, stage))
            width = 30
            filled = width * done // max(total, 1)
            label = f"{kind} {stage}"
            line = f"\r{label:<20} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
            sys.stderr.write(line)
            sys.stderr.flush()

        return show
