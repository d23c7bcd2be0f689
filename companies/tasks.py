"""Background work of the directory: imports run on the task worker, and interrupted ones are found."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from companies import jobs


# Never retried by the queue: a retried half-run import would confuse whoever watches its page.
# The job records its failure instead, and KDIA runs it again.
@db_task(retries=0, name="companies.run_import")
def run_import(job_id: int, language: str | None = None) -> None:
    """Run an uploaded import on the task worker."""
    jobs.run_import_job(job_id, language=language)


@db_periodic_task(crontab(minute="*/5"), name="companies.mark_interrupted_imports")
def mark_interrupted_imports() -> int:
    """Every five minutes: mark failed the imports whose process died, so they can be run again."""
    return jobs.mark_interrupted_imports()
