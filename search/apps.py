from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Bilingual search: text analysis, glossary, index backends, embeddings, ranking."""

    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from search.structures import after_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="search-structures")
