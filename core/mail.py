"""E-mail in each recipient's own language.

A message is two templates, ``<prefix>_subject.txt`` and ``<prefix>_message.txt``,
rendered once per recipient with that person's preferred language active, so a
Korean member and an English member of the same organisation each read their own.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

# Set while the demo data is loaded: its invented workflow history must not e-mail anyone.
_suppressed: ContextVar[bool] = ContextVar("mail_suppressed", default=False)


@contextmanager
def suppressed() -> Iterator[None]:
    """No e-mail is sent inside this block (in-app notifications are still recorded)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def send_localized(template_prefix: str, recipients: Iterable, context: dict | None = None) -> int:
    """Send to each user (anything with ``email`` and ``preferred_language``); returns the count sent."""
    if _suppressed.get():
        return 0
    sent = 0
    for recipient in recipients:
        if not recipient.email:
            continue
        language = getattr(recipient, "preferred_language", None) or settings.LANGUAGE_CODE
        with translation.override(language):
            full_context = {"recipient": recipient, "site_url": settings.SITE_URL, **(context or {})}
            subject = render_to_string(f"{template_prefix}_subject.txt", full_context, using="text")
            body = render_to_string(f"{template_prefix}_message.txt", full_context, using="text")
        sent += send_mail(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [recipient.email],
        )
    return sent
