from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    """Message threads between foreign contractors and Korean companies."""

    name = "inquiries"
    verbose_name = _("Inquiries")
