"""Background work of saved searches, run by the task queue (huey; see TASK_QUEUE in settings).

The worker (``manage.py run_huey``) starts :func:`send_digests_task` every morning at 08:00 Korea
time. With TASK_QUEUE=immediate (the demo, the tests) no worker runs and there is no schedule:
calling the task runs it at once, and ``manage.py send_digests`` does the same job by hand or from
cron.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from alerts import services

# huey reads crontabs in UTC (its default, utc=True): 23:00 UTC is 08:00 in Asia/Seoul, which has
# no daylight-saving time.
DIGEST_SCHEDULE = crontab(hour="23", minute="0")


class DigestsFailed(Exception):
    """Some digests failed; the task is retried, and a retry sends only those still due."""


@db_periodic_task(DIGEST_SCHEDULE, retries=3, retry_delay=60, name="alerts.send_digests")
@lock_task("alerts-send-digests")
def send_digests_task():
    run = services.send_digests()
    if run.failed:
        raise DigestsFailed(f"saved searches {run.failed}: {run}")
    return str(run)
