"""Telling people something: one notification in the app and one e-mail per recipient.

Every workflow (organisations, wish-lists, requirements, events, …) calls :func:`notify`
inside the transaction of the action it reports, so that a rolled-back action tells nobody:

    with transaction.atomic():
        ...  # the action
        notify(members, "wishlists/email/published", {"wishlist": wishlist}, url=wishlist_path)

The wording is the pair of templates :func:`core.mail.send_localized` already uses:

- ``<prefix>_subject.txt``: the e-mail's subject and the notification's title, rendered once in
  Korean and once in English (whitespace collapsed), so the list follows the reader's current
  language while the e-mail goes out in their preferred one;
- ``<prefix>_message.txt``: the e-mail's body;
- ``<prefix>_body.txt`` (optional): a short text shown under the title in the app, in both
  languages; without it the notification has a title only.

The templates receive the caller's context plus ``recipient`` (the user), ``site_url`` and
``url`` (the notification's link, a path: write ``{{ site_url }}{{ url }}`` in the e-mail).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.text import Truncator

from core.mail import send_localized
from notifications.models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Notification
from notifications.validators import validate_local_path

LANGUAGES = ("ko", "en")


def notify(users: Iterable, template_prefix: str, context: dict | None = None, *, url: str) -> int:
    """Notify each active user with an e-mail address once; returns how many were notified.

    The rows are written now, in the caller's transaction; the e-mails go out when it commits.
    ``url`` must be a path on this site ("/…", not "//…"), else ``ValidationError`` and nobody
    is notified.
    """
    validate_local_path(url)
    recipients = _recipients(users)
    if not recipients:
        return 0
    context = {"url": url, **(context or {})}
    subject = get_template(f"{template_prefix}_subject.txt").template
    body = _optional_template(f"{template_prefix}_body.txt")
    rows = []
    for user in recipients:
        texts = {}
        full_context = {"recipient": user, "site_url": settings.SITE_URL, **context}
        for language in LANGUAGES:
            with translation.override(language):
                texts[f"title_{language}"] = _render(subject, full_context, TITLE_MAX_LENGTH)
                if body is not None:
                    texts[f"body_{language}"] = _render(body, full_context, BODY_MAX_LENGTH)
        rows.append(Notification(user=user, url=url, **texts))
    Notification.objects.bulk_create(rows)
    # An e-mail server that fails must not undo (or 500) an action that has already committed;
    # the notification in the app is there either way.
    transaction.on_commit(lambda: send_localized(template_prefix, recipients, context), robust=True)
    return len(rows)


def mark_read(user, pk: int) -> Notification:
    """Mark one of ``user``'s notifications read (once: the first time stays); another's is DoesNotExist."""
    notification = Notification.objects.visible_to(user).get(pk=pk)
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def mark_all_read(user) -> int:
    """Mark all of ``user``'s unread notifications read; returns how many were unread."""
    return Notification.objects.visible_to(user).unread().update(read_at=timezone.now())


def unread_count(user) -> int:
    return Notification.objects.visible_to(user).unread().count()


def _recipients(users: Iterable) -> list:
    seen, recipients = set(), []
    for user in users:
        if user is None or user.pk is None or user.pk in seen:
            continue
        if not user.is_active or not user.email:
            continue
        seen.add(user.pk)
        recipients.append(user)
    return recipients


def _optional_template(name: str):
    try:
        return get_template(name).template
    except TemplateDoesNotExist:
        return None


def _render(template, context: dict, max_length: int) -> str:
    # Plain text, not HTML: "R&D" stays "R&D" in the row, and the page escapes it once.
    text = " ".join(template.render(Context(context, autoescape=False)).split())
    return Truncator(text).chars(max_length)
