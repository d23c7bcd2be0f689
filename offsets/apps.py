from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffsetsConfig(AppConfig):
    """Policy versions and the rules engine, programmes, obligations, claims and banked credit."""

    name = "offsets"
    verbose_name = _("Offsets")
