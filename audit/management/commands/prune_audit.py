"""Apply the audit log's retention period: delete events older than N days."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Delete audit events older than --older-than-days N days (the log is otherwise kept "
        "indefinitely). Prints how many were deleted; --dry-run only counts them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than-days", type=int, required=True, metavar="N")
        parser.add_argument("--dry-run", action="store_true", help="Count the events, delete nothing.")

    def handle(self, *args, older_than_days: int, dry_run: bool, **options):
        if older_than_days < 1:
            raise CommandError("--older-than-days must be at least 1.")
        cutoff = timezone.now() - timedelta(days=older_than_days)
        if dry_run:
            count = AuditEvent.objects.filter(when__lt=cutoff).count()
            self.stdout.write(f"{count} audit events older than {older_than_days} days would be deleted.")
            return
        with transaction.atomic():
            count = AuditEvent.objects.prune_older_than(cutoff)
        self.stdout.write(f"Deleted {count} audit events older than {older_than_days} days.")
