"""The search index and the glossary KDIA extends."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One indexed object (a company, a product): its text as index tokens and codes.

    The full-text structures live beside this table: an FTS5 table on SQLite, generated
    tsvector columns with GIN indexes on PostgreSQL (see migrations/0002).
    """

    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.PositiveBigIntegerField(_("object"))
    title = models.TextField(_("title tokens"), blank=True)
    body = models.TextField(_("body tokens"), blank=True)
    codes = models.TextField(_("codes"), blank=True)
    words = models.TextField(_("English words"), blank=True, help_text=_("For correcting typos in queries."))
    facets = models.TextField(
        _("facet values"),
        null=True,
        blank=True,
        help_text=_(
            "The object's facet values as space-separated name:value keys; empty when the kind has none."
        ),
    )
    updated_at = models.DateTimeField(_("indexed"), auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")]
        # The entries written since a time: how each process brings its spelling vocabulary and
        # embedding matrix up to date without reading the whole index (search.refresh).
        indexes = [models.Index(fields=["kind", "updated_at"], name="search_entry_written")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class SearchEmbedding(models.Model):
    """An indexed object's sentence embedding (512 half-precision floats), for semantic matches.

    Kept apart from the entries: the words of a rebuilt index are searchable before the slower
    embeddings are computed, and adding the embeddings then inserts rows instead of rewriting
    every entry (with its tsvectors on PostgreSQL).
    """

    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.PositiveBigIntegerField(_("object"))
    vector = models.BinaryField(_("vector"))

    class Meta:
        verbose_name = _("search embedding")
        verbose_name_plural = _("search embeddings")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_embedding_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class GlossaryEntry(models.Model):
    """A Korean term and its English equivalent, added by KDIA to the shipped glossary."""

    korean = models.CharField(_("Korean"), max_length=100)
    english = models.CharField(_("English"), max_length=100)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("glossary entry")
        verbose_name_plural = _("glossary entries")
        ordering = ["korean"]
        constraints = [models.UniqueConstraint(fields=["korean", "english"], name="glossary_entry_unique")]

    def __str__(self) -> str:
        return f"{self.korean} = {self.english}"
