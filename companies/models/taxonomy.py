"""Vocabularies KDIA edits in the admin: defence fields, capabilities, certifications, categories."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core import bilingual


class BilingualNamed(models.Model):
    """A term with a Korean and an English name, shown in the reader's language."""

    name_ko = models.CharField(_("name (Korean)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual.pick(self, "name")


class TermQuerySet(models.QuerySet):
    def matching_name(self, text: str):
        """Terms whose Korean or English name equals ``text``, ignoring case."""
        text = (text or "").strip()
        return self.filter(models.Q(name_ko__iexact=text) | models.Q(name_en__iexact=text))


class DefenceField(BilingualNamed):
    """A defence industry field used in Korean industry statistics (firepower, naval, ...)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("defence field")
        verbose_name_plural = _("defence fields")
        ordering = ["order", "code"]


class Capability(BilingualNamed):
    """A capability or process a company offers (precision machining, PCB assembly, ...)."""

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")
        ordering = ["name_en", "name_ko"]


class CertificationType(BilingualNamed):
    """A kind of certificate (ISO 9001, AS9100, NADCAP, KDS defence quality, ...)."""

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification type")
        verbose_name_plural = _("certification types")
        ordering = ["name_en", "name_ko"]


class ProductCategory(BilingualNamed):
    """A product category in the catalogue."""

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")
        ordering = ["name_en", "name_ko"]


class OffsetField(BilingualNamed):
    """One of the seven fields in which offsets may be taken (seed; numbered 1-7)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)

    class Meta:
        verbose_name = _("offset field")
        verbose_name_plural = _("offset fields")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"
