"""Products in the catalogue, with their specifications and photos."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from companies.models.company import Company
from companies.models.taxonomy import ProductCategory
from core import bilingual
from core.identifiers import format_hs_code, format_nsn, normalise_hs_code, normalise_nsn
from core.validators import validate_hs_code, validate_nsn


class ProductQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProductQuerySet:
        """A product is visible wherever its company is."""
        return self.filter(company__in=Company.objects.visible_to(user))

    def editable_by(self, user) -> ProductQuerySet:
        return self.filter(company__in=Company.objects.editable_by(user))


class Product(models.Model):
    """Something a Korean company makes or supplies, described in both languages."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="products"
    )
    name_ko = models.CharField(_("name (Korean)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    category = models.ForeignKey(
        ProductCategory, verbose_name=_("category"), on_delete=models.PROTECT, null=True, blank=True
    )
    hs_code = models.CharField(
        _("HS code"), max_length=10, blank=True, validators=[validate_hs_code], help_text=_("6 to 10 digits.")
    )
    nsn = models.CharField(
        _("NSN"),
        max_length=13,
        blank=True,
        validators=[validate_nsn],
        help_text=_("NATO Stock Number, NNNN-NN-NNN-NNNN."),
    )
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("1 (basic principles) to 9 (proven in operation)."),
    )
    platforms_ko = models.CharField(_("platforms (Korean)"), max_length=300, blank=True)
    platforms_en = models.CharField(
        _("platforms (English)"),
        max_length=300,
        blank=True,
        help_text=_("Weapon systems or platforms it fits."),
    )
    export_controlled = models.BooleanField(_("export-controlled"), default=False)
    promising_item = models.BooleanField(_("on DAPA's offset promising-item list"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    history = HistoricalRecords()

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name_en", "name_ko"]
        constraints = [
            models.CheckConstraint(condition=~Q(name_ko="") | ~Q(name_en=""), name="product_has_a_name"),
            models.UniqueConstraint(
                fields=["company", "name_ko"],
                condition=~Q(name_ko=""),
                name="product_name_ko_unique_per_company",
            ),
            models.UniqueConstraint(
                fields=["company", "name_en"],
                condition=~Q(name_en=""),
                name="product_name_en_unique_per_company",
            ),
        ]
        indexes = [models.Index(fields=["trl"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.nsn = normalise_nsn(self.nsn)
        self.hs_code = normalise_hs_code(self.hs_code)
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return bilingual.pick(self, "name")

    @property
    def nsn_display(self) -> str:
        return format_nsn(self.nsn)

    @property
    def hs_code_display(self) -> str:
        return format_hs_code(self.hs_code)


class Specification(models.Model):
    """One row of a product's specification sheet: name, value, unit."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="specifications")
    name = models.CharField(_("name"), max_length=120)
    value = models.CharField(_("value"), max_length=120)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("specification")
        verbose_name_plural = _("specifications")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.value} {self.unit}".strip()


class ProductPhoto(models.Model):
    """A product photo, re-encoded on upload, with a thumbnail for lists."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="products/photos/")
    thumbnail = models.ImageField(_("thumbnail"), upload_to="products/thumbnails/", blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name
