from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Saved searches and their digests of new matches."""

    name = "alerts"
    verbose_name = _("Saved searches and alerts")
