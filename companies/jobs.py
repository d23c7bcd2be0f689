"""Running an uploaded import (an ``ImportJob``) in the background, with progress the page can poll.

With a task queue (TASK_QUEUE sqlite or redis://) the task worker runs imports, so an app server
restart cannot cut one short. With TASK_QUEUE=immediate (the demo, the tests) there is no worker:
a thread of the app server runs it. Either way the job records its own outcome, and a job whose
process died is found by its missing heartbeat and marked failed, so KDIA can run it again.
"""

from __future__ import annotations

import logging
import threading
from contextlib import nullcontext
from datetime import datetime, timedelta

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from huey.contrib.djhuey import HUEY

from companies.importing import import_companies, import_products
from companies.models import ImportJob, ImportKind, ImportStatus
from core.tasks import heartbeat_age, worker_beat

logger = logging.getLogger(__name__)

IMPORTERS = {ImportKind.COMPANIES: import_companies, ImportKind.PRODUCTS: import_products}
# A periodic task is queued at the start of its minute and may run a little later.
QUEUE_SLACK = timedelta(minutes=1)
# A job about to run (again): no progress, no outcome yet.
NOT_STARTED = {"processed_rows": 0, "total_rows": 0, "errors": [], "finished_at": None, "interrupted": False}


def _execute(job_id: int) -> None:
    job = ImportJob.objects.get(pk=job_id)
    jobs = ImportJob.objects.filter(pk=job_id)
    jobs.update(status=ImportStatus.RUNNING, heartbeat_at=timezone.now(), **NOT_STARTED)

    def progress(done: int, total: int) -> None:
        # One UPDATE, no model save: called about a hundred times per phase.
        jobs.update(processed_rows=done, total_rows=total, heartbeat_at=timezone.now())

    importer = IMPORTERS[job.kind]
    with job.file.open("rb") as file_obj:
        result = importer(file_obj, job.original_name or job.file.name, progress=progress)
    # The outcome is recorded even over a sweep that took this job for dead: it is what happened.
    if result.errors:
        jobs.update(
            status=ImportStatus.FAILED, errors=result.errors, interrupted=False, finished_at=timezone.now()
        )
    else:
        jobs.update(
            status=ImportStatus.DONE,
            created_count=result.created,
            updated_count=result.updated,
            unchanged_count=result.unchanged,
            errors=[],
            interrupted=False,
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
    """Start ``job``: inline when settings.KOFFSET_IMPORTS_SYNC is true; else, once the transaction
    that created the job commits (so the runner sees the job and its file), on the task worker,
    or in a daemon thread when tasks run inline (TASK_QUEUE=immediate).
    """
    language = translation.get_language()
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())  # queued: the clock starts
    if getattr(settings, "KOFFSET_IMPORTS_SYNC", False):
        run_import_job(job.pk, language=language)
        job.refresh_from_db()
        return
    if not HUEY.immediate:
        from companies.tasks import run_import  # the task module imports this one

        transaction.on_commit(lambda: run_import(job.pk, language))
        return

    def start() -> None:
        threading.Thread(
            target=_run_in_thread, args=(job.pk, language), name=f"import-job-{job.pk}", daemon=True
        ).start()

    transaction.on_commit(start)


def run_again(job: ImportJob) -> bool:
    """Queue a failed job again, over the same uploaded file; False when it has not failed.

    The import is all-or-nothing, so a failed job wrote nothing and can simply start over.
    """
    reset = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.FAILED).update(
        status=ImportStatus.PENDING, **NOT_STARTED
    )
    if not reset:  # not failed, or another click reset it first
        return False
    start_import_job(job)
    job.refresh_from_db()
    return True


def _stale(since: datetime) -> Q:
    """Jobs whose last sign of life is older than ``since`` (jobs from before heartbeats: their upload)."""
    return Q(heartbeat_at__lt=since) | Q(heartbeat_at__isnull=True, created_at__lt=since)


def _lost_pending_since(cutoff: datetime) -> datetime | None:
    """Waiting jobs queued before the returned time will never start; None when they still may.

    Without a queue a waiting job belongs to a thread of the app server, gone after ``cutoff``.
    With one, a worker beat queued after the job shows that the queue has moved past it: had a
    worker taken it, the job would be running.
    """
    if HUEY.immediate:
        return cutoff
    try:
        age = heartbeat_age()
    except Exception:  # the cache is down: /healthz reports it; assume nothing
        return None
    if age is None:
        return None
    beat_queued = timezone.now() - timedelta(seconds=age) - QUEUE_SLACK
    return min(cutoff, beat_queued)


def mark_interrupted_imports(jobs=None) -> int:
    """Mark failed, as interrupted, the jobs (default: all) whose process has died; returns how many.

    A running job is taken for dead after settings.IMPORT_STALE_MINUTES without a heartbeat.
    """
    now = timezone.now()
    cutoff = now - timedelta(minutes=settings.IMPORT_STALE_MINUTES)
    lost = Q(status=ImportStatus.RUNNING) & _stale(cutoff)
    pending_since = _lost_pending_since(cutoff)
    if pending_since is not None:
        lost |= Q(status=ImportStatus.PENDING) & _stale(pending_since)
    candidates = (ImportJob.objects.all() if jobs is None else jobs).filter(lost)
    try:
        with transaction.atomic():
            # A live import keeps its job's row locked while it writes (its progress UPDATEs are
            # inside its transaction, so their heartbeats are not visible yet): skip such rows,
            # do not wait for them. SQLite ignores this; there the writer's lock raises below.
            ids = list(candidates.select_for_update(skip_locked=True).values_list("pk", flat=True))
            if not ids:
                return 0
            return (
                ImportJob.objects.filter(pk__in=ids)
                .filter(lost)
                .update(status=ImportStatus.FAILED, interrupted=True, errors=[], finished_at=now)
            )
    except OperationalError:
        # SQLite's database is locked: an import is writing, so it is alive. Look again next time.
        logger.info("import sweep skipped: the database is busy")
        return 0


def waits_for_a_missing_worker(job: ImportJob) -> bool:
    """True when ``job`` has waited over settings.IMPORT_STALE_MINUTES and the task worker shows no
    recent heartbeat (the same test as /healthz): the page then says that the worker is not running.
    """
    if job.status != ImportStatus.PENDING or HUEY.immediate:
        return False
    queued = job.heartbeat_at or job.created_at
    if queued > timezone.now() - timedelta(minutes=settings.IMPORT_STALE_MINUTES):
        return False
    return not worker_beat()[0]
