"""Saved searches: a person's directory search or requirement filter, with a digest of new matches."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from alerts.choices import PERIODS, Frequency
from alerts.querystrings import MAX_LENGTH as QUERYSTRING_MAX_LENGTH

NAME_MAX_LENGTH = 120
# A run that started a little late yesterday (or took a while) must not push today's digest to
# tomorrow: a search is due this much before a full period has passed.
DUE_TOLERANCE = timedelta(hours=1)


def new_unsubscribe_token() -> str:
    """32 random bytes, URL-safe (43 characters): the only key the unsubscribe link needs."""
    return secrets.token_urlsafe(32)


class SavedSearchQuerySet(models.QuerySet):
    def visible_to(self, user) -> SavedSearchQuerySet:
        """A person's own saved searches; nobody, not even KDIA, sees anyone else's."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def editable_by(self, user) -> SavedSearchQuerySet:
        return self.visible_to(user)

    def due(self, now: datetime) -> SavedSearchQuerySet:
        """Searches whose digest is due at ``now``: daily ones last sent (or saved) a day ago or
        more, weekly ones a week ago or more, each less :data:`DUE_TOLERANCE`; active owners only."""
        reference = Coalesce("last_sent_at", "created_at")
        condition = Q()
        for frequency, period in PERIODS.items():
            condition |= Q(frequency=frequency, due_reference__lte=now - period + DUE_TOLERANCE)
        return self.alias(due_reference=reference).filter(condition, user__is_active=True)


class SavedSearch(models.Model):
    """A search one person keeps: which list (``kind``), its filters (``querystring``, in canonical
    form) and how often they hear about objects that newly match it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("list"), max_length=32)
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    querystring = models.CharField(_("filters"), max_length=QUERYSTRING_MAX_LENGTH, blank=True)
    frequency = models.CharField(
        _("digest"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    # The end of the window the last digest run covered (whether or not it found anything new).
    last_sent_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    # The version the edit form and the API's ETag carry: a change the owner sees (name, digest)
    # moves it. Digest runs write last_sent_at with QuerySet.update(), which skips auto_now, so a
    # run never makes an open edit form stale.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    unsubscribe_token = models.CharField(
        _("unsubscribe key"), max_length=64, unique=True, default=new_unsubscribe_token, editable=False
    )

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "querystring"], name="saved_search_unique_per_user"
            ),
        ]
        indexes = [models.Index(fields=["frequency", "last_sent_at"], name="saved_search_due")]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_entry(self):
        """The registry's entry for this search's list, or None when no app registers it any more."""
        from alerts import kinds

        return kinds.get(self.kind, None)

    @property
    def kind_label(self) -> str:
        entry = self.kind_entry
        return entry.label if entry else self.kind

    @property
    def result_path(self) -> str:
        """The list page showing this search's full result (a path on this site)."""
        from alerts import kinds

        entry = self.kind_entry
        return entry.list_path(self.querystring) if entry else kinds.fallback_path()

    @property
    def is_subscribed(self) -> bool:
        return self.frequency != Frequency.OFF
