"""The audit log: who did what, when, from where, to which record."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.choices import AuditAction


class AppendOnlyError(Exception):
    """Audit events are never edited or deleted one by one; only ``prune_audit`` removes old rows."""


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user) -> AuditEventQuerySet:
        """KDIA staff (and operators) read the whole log; nobody else reads any of it."""
        if user.is_authenticated and (user.is_superuser or user.is_kdia):
            return self
        return self.none()

    def editable_by(self, user) -> AuditEventQuerySet:
        return self.none()  # append-only, for everyone

    def update(self, **kwargs):
        raise AppendOnlyError("audit events cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit events are removed only by prune_older_than()")

    def prune_older_than(self, cutoff) -> int:
        """Delete the events before ``cutoff`` (the retention command); returns how many."""
        return models.QuerySet.delete(self.filter(when__lt=cutoff))[0]


class AuditEvent(models.Model):
    """One thing that happened: a sign-in, a permission or membership change, a decision, an export.

    Rows are append-only: the application never edits or deletes one (the admin is read-only, there
    are no edit views, the QuerySet refuses update/delete, and on SQLite and PostgreSQL a trigger
    refuses any UPDATE except Django nulling a reference to a deleted user, organisation or type).
    The actor's e-mail and the target's text are snapshots, so the row still reads right after
    the user or the record is gone.

    Retention: rows are kept indefinitely unless an operator runs
    ``manage.py prune_audit --older-than-days N``, which deletes the events older than N days.
    """

    when = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_email = models.CharField(_("actor's e-mail"), max_length=254, blank=True, db_index=True)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=40, choices=AuditAction.choices, db_index=True)
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("target type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=255, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-when", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.when:%Y-%m-%d %H:%M} {self.action} {self.actor_email or '-'}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events are removed only by prune_older_than()")
