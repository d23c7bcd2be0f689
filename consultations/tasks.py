"""Background work of the consultation desk (huey; inline in the demo and the tests)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from consultations import services


@db_periodic_task(crontab(minute="10"), retries=2, retry_delay=60)
def remind_overdue_consultations() -> int:
    """Hourly: remind assignees of cases waiting on KDIA past CONSULTATION_OVERDUE_DAYS (once per
    period) and close resolved cases whose reopening window has passed."""
    reminded = services.remind_overdue()
    services.close_expired()
    return reminded
