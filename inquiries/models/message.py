"""Messages of a thread and the files attached to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.attachments import AttachedFile

# Enforced by the forms and the service; the column itself is unbounded.
BODY_MAX_LENGTH = 10_000


class Message(models.Model):
    """One message: who wrote it, for which organisation, and when. Stored once, read by both sides."""

    thread = models.ForeignKey(
        "inquiries.Thread", on_delete=models.CASCADE, related_name="messages", verbose_name=_("thread")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    # Kept apart from the author's membership, which may change or end later.
    author_organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.thread_id}/{self.pk}"


def attachment_path(instance, filename) -> str:
    return f"inquiries/{instance.message.thread_id}/{filename}"


class MessageAttachment(AttachedFile):
    """A PDF or an image attached to a message, checked by content (``core.uploads.clean_document``)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)
