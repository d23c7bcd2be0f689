"""Print the current one-time code of a demo account's preset authenticator."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_TOTP_SECRET, DOMAIN, current_totp_code


class Command(BaseCommand):
    help = (
        "Print the current TOTP code for a demo staff account (e-mail ending in @"
        + DOMAIN
        + ") whose authenticator the demo preset. Refuses any other account."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="A demo account, e.g. kdia.officer@" + DOMAIN)

    def handle(self, *args, email, **options):
        if not email.lower().endswith("@" + DOMAIN):
            raise CommandError("Only demo accounts (@" + DOMAIN + ") have a preset authenticator.")
        authenticator = Authenticator.objects.filter(
            user__email__iexact=email, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(f"{email} has no authenticator; it sets one up at its first staff page.")
        secret = decrypt(authenticator.data["secret"])
        if secret != DEMO_TOTP_SECRET:
            raise CommandError(f"{email} has set up its own authenticator; use that app.")
        self.stdout.write(current_totp_code(secret))
