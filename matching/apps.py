from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """KIP requirements, explained matching of Korean companies, and expressions of interest."""

    name = "matching"
    verbose_name = _("KIP requirements")
