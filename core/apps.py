from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared helpers with no models: settings helpers, validators, checks, base templates."""

    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from core import checks, lookups  # noqa: F401  (register the system checks and look-ups)
