"""``manage.py import_companies FILE``: the directory import from a terminal."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, ngettext

from companies.import_rules import COMPANY_COLUMNS
from companies.importing import import_companies


class ProgressBar:
    """A text bar redrawn in place on a terminal; one line per 10% when output goes to a file or log."""

    WIDTH = 30

    def __init__(self, stream):
        self.stream = stream
        self.interactive = stream.isatty()
        self.last: int | None = None

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if self.interactive:
            if percent == self.last:
                return
            filled = self.WIDTH * percent // 100
            bar = "#" * filled + "." * (self.WIDTH - filled)
            self.stream.write(f"\r[{bar}] {percent:3d}%", style_func=str, ending="")
            self.stream.flush()
            self.last = percent
        else:
            # Logs should not fill with 100 lines, so only each tenth is written.
            tenth = percent // 10 * 10
            if self.last is not None and tenth <= self.last:
                return
            self.stream.write(f"{tenth}%", style_func=str)
            self.last = tenth

    def finish(self) -> None:
        """End the in-place line so what follows starts on a line of its own."""
        if self.interactive and self.last is not None:
            self.stream.write("", style_func=str)


class Command(BaseCommand):
    help = (
        "Import company profiles from a CSV (UTF-8, comma-separated) or XLSX file (first sheet). "
        "Columns, in any order, names case-insensitive: " + ", ".join(COMPANY_COLUMNS) + "; only brn is "
        "required. Lists (fields, capabilities, certifications, offset_fields) are separated by ';'. "
        "Companies are matched by business registration number and published; a column that is present "
        "replaces stored values (an empty cell clears one), an absent column leaves them alone. The whole "
        "file is checked first: if any row has an error nothing is written, every error is listed as "
        "'line N, column C: reason' and the command exits with status 1."
    )
    importer = staticmethod(import_companies)

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .csv or .xlsx file to import")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(gettext("file not found: %(path)s") % {"path": path})
        bar = ProgressBar(self.stderr)
        with path.open("rb") as file_obj:
            result = self.importer(file_obj, path.name, progress=bar)
        bar.finish()
        if result.errors:
            for error in result.errors:
                self.stderr.write(error)
            count = len(result.errors)
            raise CommandError(
                ngettext(
                    "nothing was imported: %(count)s error",
                    "nothing was imported: %(count)s errors",
                    count,
                )
                % {"count": count}
            )
        self.stdout.write(
            gettext("%(created)s created, %(updated)s updated, %(unchanged)s unchanged")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        )
