"""A directory import run from the upload page, with its progress and its outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    COMPANIES = "companies", _("Companies")
    PRODUCTS = "products", _("Products")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    FAILED = "failed", _("Refused: nothing was written")
    DONE = "done", _("Imported")


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> ImportJobQuerySet:
        """Imports are KDIA's work."""
        if user.is_authenticated and (user.is_kdia or user.is_superuser):
            return self.all()
        return self.none()


class ImportJob(models.Model):
    """One uploaded CSV/XLSX file: validated whole, then written in one transaction or not at all."""

    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    file = models.FileField(_("file"), upload_to="imports/")
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The last sign of life: set when the job is queued, when it starts and at each progress
    # report. A job whose process died stops beating; jobs.mark_interrupted_imports finds it.
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    # Failed because its process died, not because of the file: the page says so, in the reader's language.
    interrupted = models.BooleanField(_("interrupted"), default=False)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.FAILED, ImportStatus.DONE)
