"""Daily job (also a queued periodic task): remind contractors of EOIs left without a status."""

from django.core.management.base import BaseCommand

from matching import services


class Command(BaseCommand):
    help = (
        "Remind foreign contractors of expressions of interest waiting for a status for more than "
        "EOI_ANSWER_DAYS days (again after as many days). The task queue runs it daily; this runs it now."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{services.remind_unanswered()} reminders sent")
