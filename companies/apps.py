from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    """Company profiles, products, taxonomies, shortlists, import and export."""

    name = "companies"
    verbose_name = _("Company directory")

    def ready(self) -> None:
        from companies import search, signals  # noqa: F401  (registers the index, connects the receivers)
