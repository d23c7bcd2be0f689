"""Load the fictional demo dataset: every app's ``demo.py`` contributes its part."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from core import mail


class Command(BaseCommand):
    help = (
        "Load the fictional K-OFFSET demo data (organisations, users of every role and whatever each app adds). "
        "Safe to run again: existing demo records are kept or refreshed, never duplicated. "
        "Prints the demo accounts and their passwords."
    )

    def handle(self, *args, **options):
        accounts = []
        with mail.suppressed(), transaction.atomic():
            # Apps load in INSTALLED_APPS order, so each can rely on the ones before it.
            for config in apps.get_app_configs():
                if not module_has_submodule(config.module, "demo"):
                    continue
                module = import_module(f"{config.name}.demo")
                accounts.extend(module.load() or [])
                self.stdout.write(f"  loaded demo data: {config.label}")
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS("Demo accounts (fictional people; e-mail goes to this console):")
        )
        width = max((len(row["email"]) for row in accounts), default=0)
        for row in accounts:
            self.stdout.write(f"  {row['email']:<{width}}  {row['password']}  {row['description']}")
        self.stdout.write("")
        self.stdout.write(
            "Staff pages ask KDIA and DAPA accounts for a one-time code; for demo accounts with a preset "
            "authenticator, print the current code with: .venv/bin/python manage.py demo_totp_code EMAIL"
        )
