"""Daily job: post the expiry and depreciation of banked credit that has fallen due."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from offsets import credits, services


class Command(BaseCommand):
    help = (
        "Post every expiry and depreciation entry due on the banked-credit accounts (as of today in Seoul, "
        "or --as-of YYYY-MM-DD). Safe to run repeatedly: an entry already posted is never posted again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="Post what is due by this date (default: today, Asia/Seoul).")

    def handle(self, *args, as_of=None, **options):
        try:
            day = date.fromisoformat(as_of) if as_of else services.today_in_seoul()
        except ValueError as error:
            raise CommandError(f"--as-of: {as_of!r} is not a date (YYYY-MM-DD)") from error
        posted = credits.post_due_entries(day)
        self.stdout.write(f"{posted} entries posted as of {day.isoformat()}")
