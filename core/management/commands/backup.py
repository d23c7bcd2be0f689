"""Write a backup archive of the database and the uploaded files (docs/operations.md)."""

from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.backup import BackupError, default_output, write_backup


class Command(BaseCommand):
    help = (
        "Write one backup archive (tar; gzip-compressed when the name ends in .tar.gz or .tgz) holding every "
        "table as engine-neutral JSON lines, every uploaded file a row refers to, and manifest.json with each "
        "member's size and SHA-256, the migrations and the row counts. Reads one consistent snapshot; "
        "progress goes to stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            help="Archive to write (default: koffset-backup-<UTC time>.tar.gz in the current directory).",
        )
        parser.add_argument("--quiet", action="store_true", help="Print nothing but errors (for cron).")

    def handle(self, *args, output=None, quiet=False, **options):
        path = Path(output) if output else default_output(datetime.now(UTC))
        try:
            manifest = write_backup(path, progress=self._progress if not quiet else lambda message: None)
        except BackupError as error:
            raise CommandError(str(error)) from None
        missing = manifest["files"]["missing"]
        if missing:  # even with --quiet: cron mails what a job writes to stderr
            self.stderr.write(
                ngettext(
                    "%(count)d referenced file was missing from storage and is not in the archive.",
                    "%(count)d referenced files were missing from storage and are not in the archive.",
                    len(missing),
                )
                % {"count": len(missing)}
            )
        if quiet:
            return
        rows = sum(table["count"] for table in manifest["models"])
        self.stdout.write(
            _(
                "Backup written to %(path)s: %(rows)d rows in %(tables)d tables, %(files)d files, %(size)d bytes."
            )
            % {
                "path": path,
                "rows": rows,
                "tables": len(manifest["models"]),
                "files": manifest["files"]["count"],
                "size": path.stat().st_size,
            }
        )

    def _progress(self, message: str) -> None:
        self.stderr.write(message)
        self.stderr.flush()
