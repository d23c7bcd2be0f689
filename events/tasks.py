"""Background work of events (huey; inline in the demo and the tests)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from events import services


@db_periodic_task(crontab(minute="*/15"), retries=2, retry_delay=60)
def expire_meeting_requests() -> int:
    """Every quarter hour: requests past their expiry expire; recipients of requests about to
    expire and participants with meetings the next day are reminded (each once)."""
    expired = services.expire_requests()
    services.remind_expiring()
    services.remind_meetings()
    return expired


@db_task(retries=3, retry_delay=60)
def announce_registration(event_id: int) -> int:
    """Tell eligible Korean companies that an event's registration has opened."""
    return services.announce_registration(event_id)
