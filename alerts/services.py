"""Saving searches and sending their digests: the one place views, the task queue and the
``send_digests`` command do this work.

A digest run looks at every saved search that is due (see ``SavedSearchQuerySet.due``), finds
the objects that became new since the search's last run and match it *as its owner sees them
now*, and tells the owner about them (one notification and e-mail per search, at most
:data:`DIGEST_ITEMS` objects named). Each search is handled in its own transaction, with its row
locked, so a failure in one undoes only that one and two runs at once never send one twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts import kinds
from alerts.choices import Frequency
from alerts.models import SavedSearch
from notifications.services import notify

logger = logging.getLogger(__name__)

DIGEST_TEMPLATE = "alerts/email/digest"
DIGEST_ITEMS = 10  # objects named in one digest; the link shows the rest
MAX_SAVED_SEARCHES = 50  # per person


class SaveError(Exception):
    """The search cannot be saved; the message says why, in the active language."""


def save_search(
    user, kind_code: str, querystring: str, *, name: str = "", frequency: str = Frequency.WEEKLY
) -> tuple[SavedSearch, bool]:
    """Save ``user``'s search of list ``kind_code`` (or update the same search saved before).

    Returns (the saved search, whether it is new). The querystring is stored in canonical form, so
    the same filters in another order are the same search. ``KeyError`` for an unknown kind,
    ``querystrings.QuerystringError`` for an unusable querystring, :class:`SaveError` beyond the limit.
    """
    kind = kinds.get(kind_code)
    normalised = kind.normalise(querystring)
    mine = SavedSearch.objects.visible_to(user)
    with transaction.atomic():
        existing = mine.select_for_update().filter(kind=kind.code, querystring=normalised).first()
        if existing is not None:
            name = name or existing.name
            if (existing.frequency, existing.name) != (frequency, name):
                existing.frequency, existing.name = frequency, name
                # updated_at listed so the version moves (update_fields leaves auto_now out).
                existing.save(update_fields=["frequency", "name", "updated_at"])
            return existing, False
        if mine.count() >= MAX_SAVED_SEARCHES:
            raise SaveError(
                _("You can keep at most %(count)s saved searches. Delete one to save another.")
                % {"count": MAX_SAVED_SEARCHES}
            )
        try:
            with transaction.atomic():
                search = SavedSearch.objects.create(
                    user=user,
                    kind=kind.code,
                    querystring=normalised,
                    name=name or kind.default_name(normalised),
                    frequency=frequency,
                )
        except IntegrityError:  # the same search, saved at the same moment in another tab
            return mine.get(kind=kind.code, querystring=normalised), False
    return search, True


def unsubscribe(search: SavedSearch) -> bool:
    """Turn the search's digest off; returns whether it was on. The search itself stays."""
    now = timezone.now()
    # The digest is a field the owner edits, so turning it off is a new version: an edit form
    # opened before the click must not turn it back on.
    changed = (
        SavedSearch.objects.filter(pk=search.pk)
        .exclude(frequency=Frequency.OFF)
        .update(frequency=Frequency.OFF, updated_at=now)
    )
    search.frequency = Frequency.OFF
    if changed:
        search.updated_at = now
    return bool(changed)


@dataclass(frozen=True)
class DigestItem:
    """One object in a digest. Its title is read when a template uses it, so each language
    (the notification is worded in both, the e-mail in the reader's) gets its own."""

    kind: kinds.Kind
    obj: Any

    @property
    def title(self) -> str:
        return self.kind.describe(self.obj)[0]

    @property
    def path(self) -> str:
        return self.kind.describe(self.obj)[1]


SENT, EMPTY, SKIPPED, GONE = "sent", "empty", "skipped", "gone"


@dataclass
class DigestRun:
    """What one run did: digests sent, searches with nothing new, searches skipped (their owner
    cannot use the site, or their list is no longer registered) and the ids that failed."""

    sent: int = 0
    empty: int = 0
    skipped: int = 0
    failed: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.sent} digests sent, {self.empty} searches without new matches, "
            f"{self.skipped} skipped, {len(self.failed)} failed"
        )


def send_digests(now: datetime | None = None) -> DigestRun:
    """Send every digest due at ``now`` (default: this moment). One search failing is logged and
    counted in ``failed``; the others are still sent. Running it again sends only what is still due."""
    now = now or timezone.now()
    run = DigestRun()
    due = list(SavedSearch.objects.due(now).order_by("pk").values_list("pk", flat=True))
    for pk in due:
        try:
            outcome = send_digest(pk, now)
        except Exception:
            logger.exception("alerts: the digest of saved search %s failed", pk)
            run.failed.append(pk)
            continue
        if outcome == SENT:
            run.sent += 1
        elif outcome == EMPTY:
            run.empty += 1
        elif outcome == SKIPPED:
            run.skipped += 1
    logger.info("alerts: %s", run)
    return run


def send_digest(pk: int, now: datetime) -> str:
    """The digest of one saved search, if it is (still) due at ``now``; returns what happened."""
    with transaction.atomic():
        search = (
            SavedSearch.objects.due(now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(pk=pk)
            .first()
        )
        if search is None:  # sent by another run meanwhile, turned off or deleted
            return GONE
        kind = search.kind_entry
        if kind is None or not may_use_site(search.user):
            return SKIPPED
        since = search.last_sent_at or search.created_at
        matches = kind.new_matches(search.user, search.querystring, since, now)
        found = list(matches[:DIGEST_ITEMS])
        if found:
            total = matches.count() if len(found) == DIGEST_ITEMS else len(found)
            notify(
                [search.user],
                DIGEST_TEMPLATE,
                {
                    "search": search,
                    "kind_label": kind.label,
                    "items": [DigestItem(kind, obj) for obj in found],
                    "total": total,
                    "more": total - len(found),
                },
                url=search.result_path,
            )
        # QuerySet.update() skips auto_now: a digest run is not an edit, so it must not make the
        # owner's open edit form (or API ETag) stale.
        SavedSearch.objects.filter(pk=search.pk).update(last_sent_at=now)
    return SENT if found else EMPTY


def may_use_site(user) -> bool:
    """Whether the owner can open what a digest links to (the organisation gate lets them in)."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    organization = user.organization
    return organization is not None and organization.is_approved
