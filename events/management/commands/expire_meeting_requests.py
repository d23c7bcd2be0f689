"""Quarter-hourly job (also a queued periodic task): expire meeting requests and send reminders."""

from django.core.management.base import BaseCommand

from events import services


class Command(BaseCommand):
    help = (
        "Expire meeting requests left unanswered past their expiry (their senders are told), remind "
        "recipients of requests that expire within EVENT_REMIND_BEFORE_EXPIRY_HOURS, and remind "
        "participants of meetings within EVENT_REMIND_BEFORE_MEETING_HOURS. The task queue runs it "
        "every 15 minutes; this runs it now."
    )

    def handle(self, *args, **options):
        expired = services.expire_requests()
        expiring = services.remind_expiring()
        meetings = services.remind_meetings()
        self.stdout.write(
            f"{expired} requests expired, {expiring} expiry reminders, {meetings} meeting reminders sent"
        )
