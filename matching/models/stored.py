"""Search results of requirement texts, worked out in the background (see matching.texts)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredTextResult(models.Model):
    """What one text (a work package, a quality system, an experience) credits each company.

    Keyed by a digest of the text, so requirements with the same text share a result, and an
    edited text simply has none until it is stored again.
    """

    digest = models.CharField(_("digest"), max_length=64, unique=True)
    query = models.TextField(_("text"))
    products = models.BooleanField(_("products searched too"), default=False)
    payload = models.JSONField(_("result"))
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("stored text result")
        verbose_name_plural = _("stored text results")

    def __str__(self) -> str:
        return self.query[:60]
