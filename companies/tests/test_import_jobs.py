"""Imports on the task worker, and jobs whose process died: found, marked failed, run again."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from huey.contrib import djhuey
from huey.contrib.djhuey import HUEY
from huey.storage import MemoryStorage

from companies import jobs, tasks
from companies.models import Company, ImportJob, ImportKind, ImportStatus
from conftest import client_for
from core import tasks as core_tasks
from core.testing import fictional_brn

INTERRUPTED = "The import was interrupted before it finished; nothing of it was saved. Run it again."
WORKER_MISSING = "the task worker is not running"


@pytest.fixture
def task_queue(monkeypatch):
    """A huey that queues instead of running inline (as with TASK_QUEUE=sqlite), kept in memory."""
    monkeypatch.setattr(HUEY, "_immediate", False)
    monkeypatch.setattr(HUEY, "storage", MemoryStorage("koffset-test-imports"))
    # The worker closes its connections around a task; here that would end the test's transaction.
    monkeypatch.setattr(djhuey, "close_old_connections", lambda: None)
    return HUEY


@pytest.fixture
def no_threads(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the import must not run in the web process")

    monkeypatch.setattr(jobs.threading, "Thread", refuse)


def company_csv(*brns: str) -> bytes:
    lines = ["brn,name_en,region"] + [f"{brn},Fictional Gear {n},busan" for n, brn in enumerate(brns)]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


@pytest.fixture
def make_job(world):
    """``make_job(content, **fields)``: a job KDIA uploaded; its file is removed after the test."""
    made = []

    def make(content: bytes, **fields) -> ImportJob:
        job = ImportJob.objects.create(
            kind=ImportKind.COMPANIES,
            file=SimpleUploadedFile("companies.csv", content),
            original_name="companies.csv",
            created_by=world.users.kdia,
            **fields,
        )
        made.append(job)
        return job

    yield make
    for job in made:
        job.file.delete(save=False)


def minutes_ago(minutes: float):
    return timezone.now() - timedelta(minutes=minutes)


def status_page(world, job) -> str:
    response = client_for(world, "kdia").get(reverse("staff_companies:import_status", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- the task worker runs imports ----------------------------------------------------------------


def test_with_a_task_queue_the_upload_is_queued_and_the_worker_imports_it(
    world, task_queue, no_threads, django_capture_on_commit_callbacks
):
    brn = fictional_brn()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world, "kdia", HTTP_ACCEPT_LANGUAGE="ko").post(
            reverse("staff_companies:import_upload"),
            {"kind": "companies", "file": SimpleUploadedFile("c.csv", company_csv(brn), "text/csv")},
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert job.status == ImportStatus.PENDING and job.heartbeat_at is not None
    assert not Company.objects.filter(brn=brn).exists()

    assert task_queue.pending_count() == 1
    task = task_queue.dequeue()
    assert task.name == "companies.run_import"
    assert task.args == (job.pk, "ko")  # messages in the uploader's language
    assert task.retries == 0  # a failed import is run again by KDIA, not by the queue

    task_queue.execute(task)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.created_count == 1
    assert Company.objects.filter(brn=brn).exists()


def test_a_queued_job_waits_for_its_transaction(make_job, world, task_queue, no_threads):
    job = make_job(company_csv(fictional_brn()))
    jobs.start_import_job(job)  # the test's transaction never commits
    assert task_queue.pending_count() == 0


def test_without_a_task_queue_the_sync_setting_still_runs_inline(make_job, world, settings, no_threads):
    settings.KOFFSET_IMPORTS_SYNC = True
    started = timezone.now()
    job = make_job(company_csv(fictional_brn()))
    jobs.start_import_job(job)
    assert job.status == ImportStatus.DONE
    assert job.heartbeat_at >= started  # each progress report is a heartbeat


# --- interrupted jobs ------------------------------------------------------------------------------


def test_a_running_job_without_a_heartbeat_is_marked_interrupted(make_job, world):
    dead = make_job(b"", status=ImportStatus.RUNNING, heartbeat_at=minutes_ago(11))
    alive = make_job(b"", status=ImportStatus.RUNNING, heartbeat_at=minutes_ago(2))
    done = make_job(b"", status=ImportStatus.DONE, heartbeat_at=minutes_ago(60))

    assert tasks.mark_interrupted_imports.call_local() == 1

    dead.refresh_from_db()
    assert (dead.status, dead.interrupted, dead.errors) == (ImportStatus.FAILED, True, [])
    assert dead.finished_at is not None
    assert ImportJob.objects.get(pk=alive.pk).status == ImportStatus.RUNNING
    assert ImportJob.objects.get(pk=done.pk).status == ImportStatus.DONE


def test_the_staleness_window_is_a_setting(make_job, world, settings):
    settings.IMPORT_STALE_MINUTES = 30
    job = make_job(b"", status=ImportStatus.RUNNING, heartbeat_at=minutes_ago(11))
    assert jobs.mark_interrupted_imports() == 0
    settings.IMPORT_STALE_MINUTES = 10
    assert jobs.mark_interrupted_imports() == 1
    assert ImportJob.objects.get(pk=job.pk).interrupted


def test_a_job_from_before_heartbeats_is_judged_by_its_upload_time(make_job, world):
    job = make_job(b"", status=ImportStatus.RUNNING)
    assert jobs.mark_interrupted_imports() == 0
    ImportJob.objects.filter(pk=job.pk).update(created_at=minutes_ago(20))
    assert jobs.mark_interrupted_imports() == 1


def test_the_status_page_finds_an_interrupted_job_and_offers_to_run_it_again(make_job, world):
    job = make_job(b"", status=ImportStatus.RUNNING, heartbeat_at=minutes_ago(15))
    page = status_page(world, job)
    assert INTERRUPTED in page
    assert reverse("staff_companies:import_run_again", args=[job.pk]) in page
    assert "hx-trigger" not in page  # finished: the page stops polling
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.FAILED


def test_running_again_imports_the_same_file(make_job, world, settings):
    settings.KOFFSET_IMPORTS_SYNC = True
    brn = fictional_brn()
    job = make_job(
        company_csv(brn),
        status=ImportStatus.FAILED,
        interrupted=True,
        processed_rows=1,
        total_rows=1,
    )
    response = client_for(world, "kdia").post(reverse("staff_companies:import_run_again", args=[job.pk]))
    assert response["Location"] == reverse("staff_companies:import_status", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.interrupted, job.created_count) == (ImportStatus.DONE, False, 1)
    assert Company.objects.filter(brn=brn).exists()


def test_running_again_on_the_task_worker_queues_the_job(
    make_job, world, task_queue, django_capture_on_commit_callbacks
):
    job = make_job(company_csv(fictional_brn()), status=ImportStatus.FAILED, errors=["x"])
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world, "kdia").post(reverse("staff_companies:import_run_again", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.errors) == (ImportStatus.PENDING, [])
    assert task_queue.pending_count() == 1


def test_only_a_failed_job_runs_again(make_job, world, settings):
    settings.KOFFSET_IMPORTS_SYNC = True
    job = make_job(company_csv(fictional_brn()), status=ImportStatus.DONE, created_count=4)
    client = client_for(world, "kdia")
    response = client.post(reverse("staff_companies:import_run_again", args=[job.pk]), follow=True)
    assert "Only an import that failed can be run again." in response.content.decode()
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportStatus.DONE, 4)
    assert client.get(reverse("staff_companies:import_run_again", args=[job.pk])).status_code == 405


def test_a_done_job_offers_no_run_again(make_job, world):
    job = make_job(b"", status=ImportStatus.DONE)
    assert reverse("staff_companies:import_run_again", args=[job.pk]) not in status_page(world, job)


# --- waiting jobs ------------------------------------------------------------------------------------


def test_a_waiting_job_without_a_worker_says_so(make_job, world, task_queue):
    job = make_job(b"", heartbeat_at=minutes_ago(11))
    page = status_page(world, job)
    assert WORKER_MISSING in page
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.PENDING  # the worker may yet come

    # A worker that beats, but only long ago, is as good as none.
    core_tasks.cache.set(core_tasks.HEARTBEAT_KEY, time.time() - 3600)
    assert WORKER_MISSING in status_page(world, job)


def test_a_recently_queued_job_does_not_complain(make_job, world, task_queue):
    job = make_job(b"", heartbeat_at=minutes_ago(1))
    assert WORKER_MISSING not in status_page(world, job)


def test_a_waiting_job_the_running_worker_has_passed_is_interrupted(make_job, world, task_queue):
    job = make_job(b"", heartbeat_at=minutes_ago(11))
    core_tasks.beat()  # queued long after the job and run: the job's task was lost
    page = status_page(world, job)
    assert WORKER_MISSING not in page and INTERRUPTED in page
    assert ImportJob.objects.get(pk=job.pk).interrupted


def test_without_a_queue_a_long_waiting_job_is_interrupted(make_job, world):
    # TASK_QUEUE=immediate: the thread that would have run it went with its app server.
    job = make_job(b"", heartbeat_at=minutes_ago(11))
    assert WORKER_MISSING not in status_page(world, job)
    assert ImportJob.objects.get(pk=job.pk).interrupted


def test_the_upload_page_lists_interrupted_jobs_as_failed(make_job, world):
    job = make_job(b"", status=ImportStatus.RUNNING, heartbeat_at=minutes_ago(30))
    response = client_for(world, "kdia").get(reverse("staff_companies:import_upload"))
    assert response.status_code == 200
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.FAILED
