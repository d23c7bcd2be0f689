from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """KDIA's and DAPA's dashboards and the public statistics page: aggregates only, no models."""

    name = "dashboards"
    verbose_name = _("Dashboards")
