from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared helpers with no models: settings helpers, validators, checks, base templates."""

    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from core import checks, lookups  # noqa: F401  (register the system checks and look-ups)

        # post_migrate is sent once per app with models, and core has none: listen for one that
        # every installation has.
        post_migrate.connect(
            create_cache_table, sender=apps.get_app_config("contenttypes"), dispatch_uid="koffset_cache_table"
        )


def create_cache_table(using, verbosity=0, **kwargs) -> None:
    """After `migrate`, the table of the database cache (when the settings use one; a no-op for
    Redis or an existing table), so that wherever migrate runs, the shared cache works."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))
