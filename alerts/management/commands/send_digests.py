"""Send the saved-search digests that are due, in this process (the task queue does it daily)."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from alerts import services


def moment(value: str) -> datetime:
    """An ISO 8601 date-time; without an offset it is read as Korea time (settings.TIME_ZONE)."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--now: not an ISO 8601 date-time: {value!r}") from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


class Command(BaseCommand):
    help = (
        "Send the digests of saved searches that are due (daily ones a day after the last, weekly ones a "
        "week after): what the task queue's worker does every morning, run now without a worker. Safe to "
        "run again; only searches still due are sent. Exits with an error when a digest failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            type=str,
            help="Act as at this moment (ISO 8601, e.g. 2026-03-02T08:00; without an offset, Korea time). "
            "Not later than the present.",
        )

    def handle(self, *args, **options):
        now = moment(options["now"]) if options["now"] else timezone.now()
        if now > timezone.now():
            raise CommandError("--now cannot be in the future: digests would skip what appears until then.")
        run = services.send_digests(now=now)
        self.stdout.write(str(run))
        if run.failed:
            raise CommandError(
                f"digests of saved searches {run.failed} failed; see the log. Run again to retry."
            )
