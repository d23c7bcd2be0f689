"""Foreign contractors' named shortlists of companies, with notes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.models.company import Company


class ShortlistQuerySet(models.QuerySet):
    def visible_to(self, user) -> ShortlistQuerySet:
        """A shortlist is private to the foreign contractor that keeps it."""
        if not user.is_authenticated or not user.is_foreign_contractor:
            return self.none()
        return self.filter(organization=user.organization)

    def editable_by(self, user) -> ShortlistQuerySet:
        return self.visible_to(user)


class Shortlist(models.Model):
    """A named list of candidate companies a foreign contractor keeps."""

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="shortlists",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ShortlistQuerySet.as_manager()

    class Meta:
        verbose_name = _("shortlist")
        verbose_name_plural = _("shortlists")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="shortlist_name_unique")]

    def __str__(self) -> str:
        return self.name


class ShortlistEntry(models.Model):
    """A company on a shortlist, with the contractor's note."""

    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="entries")
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="+", verbose_name=_("company")
    )
    note = models.TextField(_("note"), blank=True)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("shortlist entry")
        verbose_name_plural = _("shortlist entries")
        ordering = ["added_at"]
        constraints = [
            models.UniqueConstraint(fields=["shortlist", "company"], name="shortlist_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.shortlist}: {self.company}"
