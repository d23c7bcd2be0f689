"""Running an uploaded import (an ``ImportJob``) in the background, with progress the page can poll.

A thread is enough here: imports are rare, KDIA-only and take seconds. The job records
its own outcome, so the upload page only reads the ImportJob row.
"""

from __future__ import annotations

import logging
import threading
from contextlib import nullcontext

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from companies.importing import import_companies, import_products
from companies.models import ImportJob, ImportKind, ImportStatus

logger = logging.getLogger(__name__)

IMPORTERS = {ImportKind.COMPANIES: import_companies, ImportKind.PRODUCTS: import_products}


def _execute(job_id: int) -> None:
    job = ImportJob.objects.get(pk=job_id)
    jobs = ImportJob.objects.filter(pk=job_id)
    jobs.update(status=ImportStatus.RUNNING, processed_rows=0, total_rows=0, errors=[], finished_at=None)

    def progress(done: int, total: int) -> None:
        # One UPDATE, no model save: called about a hundred times per phase.
        jobs.update(processed_rows=done, total_rows=total)

    importer = IMPORTERS[job.kind]
    with job.file.open("rb") as file_obj:
        result = importer(file_obj, job.original_name or job.file.name, progress=progress)
    if result.errors:
        jobs.update(status=ImportStatus.FAILED, errors=result.errors, finished_at=timezone.now())
    else:
        jobs.update(
            status=ImportStatus.DONE,
            created_count=result.created,
            updated_count=result.updated,
            unchanged_count=result.unchanged,
            errors=[],
            finished_at=timezone.now(),
        )


def run_import_job(job_id: int, *, language: str | None = None) -> None:
    """Run the import an ImportJob describes and record its outcome on the job; never raises.

    ``language`` is the uploader's, so error messages are stored in the language they read.
    Unexpected failures are logged and recorded as 'internal error: ...' with status failed.
    """
    with translation.override(language) if language else nullcontext():
        try:
            _execute(job_id)
        except Exception as exc:
            logger.exception("import job %s failed unexpectedly", job_id)
            try:
                ImportJob.objects.filter(pk=job_id).update(
                    status=ImportStatus.FAILED,
                    errors=[gettext("internal error: %(error)s") % {"error": exc}],
                    finished_at=timezone.now(),
                )
            except Exception:
                logger.exception("could not record the failure of import job %s", job_id)


def _run_in_thread(job_id: int, language: str | None) -> None:
    try:
        run_import_job(job_id, language=language)
    finally:
        # A thread's connection is its own; left open it would linger until the server restarts.
        connection.close()


def start_import_job(job: ImportJob) -> None:
    """Start ``job``: inline when settings.KOFFSET_IMPORTS_SYNC is true, else in a daemon thread.

    The thread starts only once the transaction that created the job commits, so it can see
    the job and its file.
    """
    language = translation.get_language()
    if getattr(settings, "KOFFSET_IMPORTS_SYNC", False):
        run_import_job(job.pk, language=language)
        job.refresh_from_db()
        return

    def start() -> None:
        threading.Thread(
            target=_run_in_thread, args=(job.pk, language), name=f"import-job-{job.pk}", daemon=True
        ).start()

    transaction.on_commit(start)
