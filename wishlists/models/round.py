"""Wish-list rounds: KDIA opens a programme for Korean companies' proposals until a deadline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.choices import SizeClass
from core import bilingual


def is_wishlist_staff(user) -> bool:
    """KDIA runs rounds and reviews proposals."""
    return user.is_authenticated and (user.is_kdia or user.is_superuser)


def sees_all_proposals(user) -> bool:
    """KDIA and DAPA see every proposal; companies see their own."""
    return user.is_authenticated and (user.is_kdia or user.is_dapa or user.is_superuser)


def approved_korean_company(user):
    """The directory profile the user acts for, when they belong to an approved Korean company."""
    if not (user.is_authenticated and user.is_korean_company and user.organization.is_approved):
        return None
    return getattr(user.organization, "company", None)


class RoundQuerySet(models.QuerySet):
    def visible_to(self, user) -> RoundQuerySet:
        """KDIA, DAPA and approved Korean companies see rounds; contractors and guests do not."""
        if sees_all_proposals(user) or approved_korean_company(user) is not None:
            return self.all()
        return self.none()

    def open_at(self, moment=None) -> RoundQuerySet:
        return self.filter(deadline__gt=moment or timezone.now())


class Round(models.Model):
    """One call for wish-lists on a programme, open until ``deadline``."""

    programme = models.ForeignKey(
        "offsets.Programme",
        on_delete=models.PROTECT,
        related_name="wishlist_rounds",
        verbose_name=_("programme"),
    )
    deadline = models.DateTimeField(_("deadline"), help_text=_("Proposals are accepted until this moment."))
    notes_ko = models.TextField(_("notes (Korean)"), blank=True)
    notes_en = models.TextField(_("notes (English)"), blank=True)
    eligible_fields = models.ManyToManyField(
        "companies.DefenceField",
        verbose_name=_("eligible defence fields"),
        blank=True,
        help_text=_("Leave empty to invite companies of every field."),
    )
    # Size class codes (companies.SizeClass); empty invites every size.
    eligible_sizes = models.JSONField(_("eligible size classes"), default=list, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("wish-list round")
        verbose_name_plural = _("wish-list rounds")
        ordering = ["-deadline", "-pk"]

    def __str__(self) -> str:
        return f"{self.programme.dapa_reference} · {self.deadline:%Y-%m-%d}"

    @property
    def notes(self) -> str:
        return bilingual.pick(self, "notes")

    @property
    def is_open(self) -> bool:
        return timezone.now() < self.deadline

    def eligible_size_labels(self) -> list[str]:
        return [SizeClass(code).label for code in self.eligible_sizes if code in SizeClass.values]

    def eligible_companies(self, companies):
        """The companies (from ``companies``) whose profile matches the round's eligibility."""
        fields = list(self.eligible_fields.values_list("pk", flat=True))
        if fields:
            companies = companies.filter(fields__in=fields)
        if self.eligible_sizes:
            companies = companies.filter(size_class__in=self.eligible_sizes)
        return companies.distinct()

    def admits(self, company) -> bool:
        return self.eligible_companies(type(company).objects.filter(pk=company.pk)).exists()
