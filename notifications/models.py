"""What the site tells a person: one row per recipient, worded in both languages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import bilingual
from notifications.validators import validate_local_path

TITLE_MAX_LENGTH = 255
BODY_MAX_LENGTH = 500


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user) -> NotificationQuerySet:
        """A person's own notifications; nobody, not even KDIA, reads anyone else's."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one user, shown in the app in the reader's current language (the same
    subject is e-mailed in their preferred language), linking to a page on this site."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    title_ko = models.CharField(_("title (Korean)"), max_length=TITLE_MAX_LENGTH)
    title_en = models.CharField(_("title (English)"), max_length=TITLE_MAX_LENGTH)
    body_ko = models.CharField(_("text (Korean)"), max_length=BODY_MAX_LENGTH, blank=True)
    body_en = models.CharField(_("text (English)"), max_length=BODY_MAX_LENGTH, blank=True)
    url = models.CharField(_("link"), max_length=500, validators=[validate_local_path])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_read")]
        constraints = [
            # The service validates first; this keeps any other writer from storing an off-site link.
            models.CheckConstraint(
                condition=Q(url__startswith="/") & ~Q(url__startswith="//"),
                name="notification_url_is_local",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return bilingual.pick(self, "title")

    @property
    def body(self) -> str:
        return bilingual.pick(self, "body")

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
