from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Bilingual search: text analysis, glossary, index backends, embeddings, ranking."""

    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from search.indexing import forget_versions_after_request, remember_versions_in_request
        from search.structures import after_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="search-structures")
        request_started.connect(remember_versions_in_request, dispatch_uid="search-versions-start")
        request_finished.connect(forget_versions_after_request, dispatch_uid="search-versions-end")
