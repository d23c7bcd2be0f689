"""Hourly job (also a queued periodic task): overdue reminders and closing expired resolutions."""

from django.core.management.base import BaseCommand

from consultations import services


class Command(BaseCommand):
    help = (
        "Remind the assignee (or every KDIA staff member when nobody is assigned) of each consultation "
        "case waiting on KDIA for more than CONSULTATION_OVERDUE_DAYS, at most once per such period, and "
        "close resolved cases whose CONSULTATION_REOPEN_DAYS have passed. The task queue runs it every "
        "hour; this runs it now."
    )

    def handle(self, *args, **options):
        reminded = services.remind_overdue()
        closed = services.close_expired()
        self.stdout.write(f"{reminded} overdue cases reminded, {closed} resolved cases closed")
