"""Restore a backup archive written by ``manage.py backup`` (docs/operations.md)."""

import contextlib
import io
import sys
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.backup import BackupError
from core.restore import check_target, load, rows_held, verify


class Command(BaseCommand):
    help = (
        "Restore a backup archive: the database's contents are replaced by the archive's, in one transaction, "
        "and its files are written to storage. The whole archive is checked first (every member present, none "
        "added, sizes and SHA-256 as in the manifest, made at this code's migrations); anything wrong refuses "
        "the restore before anything is written. A database that already holds accounts or companies is "
        "replaced only with --yes (or when you confirm at a terminal)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive to restore.")
        parser.add_argument(
            "--yes",
            "--replace",
            action="store_true",
            dest="yes",
            help="Replace a database that already holds data without asking.",
        )
        parser.add_argument(
            "--check", action="store_true", help="Only check the archive against this code; write nothing."
        )
        parser.add_argument(
            "--reindex",
            action="store_true",
            help="Rebuild the whole search index afterwards (words and embeddings), e.g. after the analyser changed.",
        )
        parser.add_argument("--quiet", action="store_true", help="Print nothing but errors.")

    def handle(self, *args, path, yes=False, check=False, reindex=False, quiet=False, **options):
        progress = (lambda message: None) if quiet else self._progress
        archive = Path(path)
        try:
            manifest = verify(archive)
            progress(_("archive verified: %(count)d members") % {"count": len(manifest["members"])})
            if check:
                self._summary(
                    _(
                        "The archive is complete and intact: %(path)s, made %(created)s on %(vendor)s: %(rows)d rows, %(files)d files."
                    ),
                    archive,
                    manifest,
                    quiet,
                )
                return
            check_target(manifest)
            held = rows_held()
            if held and not yes and not self._confirmed(held):
                raise CommandError(
                    _(
                        "The database already holds data (%(rows)s); a restore replaces all of it. "
                        "Run again with --yes to confirm."
                    )
                    % {"rows": ", ".join(f"{label}: {count}" for label, count in held.items())}
                )
            load(archive, manifest, progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if reindex:
            # reindex draws its progress bar on sys.stderr itself.
            silenced = contextlib.redirect_stderr(io.StringIO()) if quiet else contextlib.nullcontext()
            with silenced:
                call_command("reindex", stdout=io.StringIO() if quiet else self.stdout)
        self._summary(
            _("Restored %(path)s, made %(created)s on %(vendor)s: %(rows)d rows, %(files)d files."),
            archive,
            manifest,
            quiet,
        )

    def _confirmed(self, held) -> bool:
        if not sys.stdin.isatty():
            return False
        answer = input(_("The database already holds data. Type 'yes' to replace all of it: "))
        return answer.strip().lower() == "yes"

    def _summary(self, message, archive, manifest, quiet) -> None:
        if quiet:
            return
        self.stdout.write(
            message
            % {
                "path": archive,
                "created": manifest.get("created_at", "?"),
                "vendor": manifest.get("database_vendor", "?"),
                "rows": sum(table["count"] for table in manifest["models"]),
                "files": manifest["files"]["count"] if isinstance(manifest.get("files"), dict) else 0,
            }
        )

    def _progress(self, message: str) -> None:
        self.stderr.write(message)
        self.stderr.flush()
