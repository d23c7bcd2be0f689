"""What every attached file keeps: the stored file and the name it was uploaded under."""

from pathlib import PurePosixPath

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.files import INLINE_CONTENT_TYPES

IMAGE_SUFFIXES = frozenset(
    suffix for suffix, kind in INLINE_CONTENT_TYPES.items() if kind.startswith("image/")
)


class AttachedFile(models.Model):
    """A PDF or an image attached to something, checked by content (``core.uploads.clean_document``)
    and served only through a view that checks who may see it. Subclasses declare ``file`` with
    their own ``upload_to``, and the relation to what the file is attached to."""

    file = models.FileField(_("file"))
    original_name = models.CharField(_("file name"), max_length=200)

    class Meta:
        abstract = True
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return PurePosixPath(self.file.name or "").suffix.lower() in IMAGE_SUFFIXES
