"""Packages: KDIA compiles a round's accepted proposals and submits them to DAPA, frozen per revision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wishlists.choices import PackageStatus
from wishlists.models.round import is_wishlist_staff

SUBMITTED_STATUSES = (PackageStatus.SUBMITTED, PackageStatus.ACKNOWLEDGED)


class PackageQuerySet(models.QuerySet):
    def visible_to(self, user) -> PackageQuerySet:
        """KDIA sees every revision; DAPA the submitted ones; a programme's contractors the ones
        KDIA shared with them. Korean companies follow their own proposals instead."""
        if is_wishlist_staff(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        submitted = Q(status__in=SUBMITTED_STATUSES)
        if user.is_dapa:
            return self.filter(submitted)
        if user.is_foreign_contractor and user.organization.is_approved:
            return self.filter(
                submitted, shared_with_contractors=True, round__programme__contractors=user.organization
            ).distinct()
        return self.none()


class Package(models.Model):
    """One revision of a round's package. Submitted revisions are frozen: ``snapshot`` holds the
    proposals exactly as DAPA received them, and later changes go into a new revision."""

    round = models.ForeignKey("wishlists.Round", on_delete=models.PROTECT, related_name="packages")
    revision = models.PositiveSmallIntegerField(_("revision"))
    status = models.CharField(
        _("status"), max_length=14, choices=PackageStatus.choices, default=PackageStatus.DRAFT
    )
    proposals = models.ManyToManyField("wishlists.Proposal", related_name="packages", blank=True)
    snapshot = models.JSONField(_("proposals as submitted"), null=True, blank=True, editable=False)
    shared_with_contractors = models.BooleanField(
        _("shared with the programme's foreign contractors"), default=False
    )
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    compiled_at = models.DateTimeField(_("compiled"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledgement = models.TextField(_("DAPA's note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PackageQuerySet.as_manager()

    class Meta:
        verbose_name = _("wish-list package")
        verbose_name_plural = _("wish-list packages")
        ordering = ["round", "-revision"]
        constraints = [models.UniqueConstraint(fields=["round", "revision"], name="one_package_per_revision")]

    def __str__(self) -> str:
        return f"{self.round.programme.dapa_reference} · rev. {self.revision}"

    @property
    def is_frozen(self) -> bool:
        return self.status in SUBMITTED_STATUSES
