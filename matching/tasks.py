"""Background work of the requirements workflow (huey; inline in the demo and the tests)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from matching import services


@db_task(retries=3, retry_delay=60)
def notify_fitting_companies(requirement_id: int) -> int:
    """Tell the members of every company whose profile fits a newly published requirement."""
    return services.tell_fitting_companies(requirement_id)


@db_periodic_task(crontab(hour="0", minute="30"), retries=3, retry_delay=300)
def remind_unanswered_eois() -> int:
    """Daily (09:30 in Seoul): remind contractors of expressions of interest still without a status."""
    return services.remind_unanswered()


@db_task(retries=3, retry_delay=60)
def store_requirement_texts(requirement_id: int) -> int:
    """Search a newly published requirement's texts, so its ranking need not."""
    return services.store_text_results([requirement_id])


@db_periodic_task(crontab(minute="*/10"), retries=1, retry_delay=60)
def store_open_requirement_texts() -> int:
    """Every ten minutes: search the texts of every open requirement again (profiles change)."""
    return services.store_text_results()
