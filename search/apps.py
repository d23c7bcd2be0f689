from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Bilingual search: text analysis, glossary, index backends, embeddings, ranking."""

    name = "search"
    verbose_name = _("Search")
