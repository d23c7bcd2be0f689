from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Public pages, per-role home pages and the navigation."""

    name = "portal"
    verbose_name = _("Portal")
