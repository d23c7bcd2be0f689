from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The /api/v1 router that mounts each app's api.py."""

    name = "api"
    verbose_name = _("API")
