"""Daily job: certificate expiry reminders and stale-profile flags."""

from django.core.management.base import BaseCommand

from companies import services


class Command(BaseCommand):
    help = (
        "Remind owners of certificates that expire within 60 days (once per expiry date) and flag profiles "
        "not updated for 12 months as needing an update (reminding their owners once). Run it daily."
    )

    def handle(self, *args, **options):
        certificates = services.send_certificate_reminders()
        stale = services.flag_stale_profiles()
        self.stdout.write(f"{certificates} certificate reminders sent, {stale} stale profiles flagged")
