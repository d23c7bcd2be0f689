"""Conversations between foreign contractors and Korean companies; each step atomic, each message notified.

A thread joins exactly one contractor organisation and one Korean company (through the
organisation that claimed its profile). Every message notifies the members of the *other*
organisation, in the app and by e-mail in their own language; the e-mail names the sender's
organisation, the subject and the link, never anyone's e-mail address, so the two sides talk
through K-OFFSET without learning each other's personal addresses.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind
from accounts.models import User
from companies.models import Company
from inquiries.models import Message, MessageAttachment, Thread, ThreadRead, participant_organization
from inquiries.models.message import BODY_MAX_LENGTH
from notifications.services import notify

NEW_MESSAGE_TEMPLATE = "inquiries/email/new_message"


class NotAParty(Exception):
    """The user does not act for either organisation of the thread (or the pair is not allowed)."""


def members_of(organization) -> list[User]:
    if organization is None or not organization.is_approved:
        return []
    return list(User.objects.filter(membership_record__organization=organization, is_active=True))


def company_can_receive(company: Company) -> bool:
    """A profile receives messages once an approved Korean company has claimed it."""
    organization = company.organization
    return bool(
        organization is not None
        and organization.is_approved
        and organization.kind == OrganizationKind.KOREAN_COMPANY
    )


@dataclass(frozen=True)
class StartState:
    """What a company's page offers the visitor: a link to start a thread, or why not."""

    possible: bool
    url: str = ""
    reason: str = ""
    threads: int = 0


def start_state(user, company: Company) -> StartState | None:
    """None when the visitor is not a foreign contractor (nothing is shown to them)."""
    if not (getattr(user, "is_authenticated", False) and user.is_foreign_contractor):
        return None
    if not Company.objects.visible_to(user).filter(pk=company.pk).exists():
        return None
    if not company_can_receive(company):
        return StartState(
            possible=False,
            reason=_("Messages are not possible yet: this company has not claimed its profile on K-OFFSET."),
        )
    threads = Thread.objects.visible_to(user).filter(company=company).count()
    return StartState(
        possible=True, url=f"{reverse('inquiries:thread_start')}?company={company.brn}", threads=threads
    )


def _check_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message."), code="required")
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationError(
            _("A message may have at most %(limit)s characters."),
            code="max_length",
            params={"limit": BODY_MAX_LENGTH},
        )
    return body


def thread_path(thread: Thread) -> str:
    return reverse("inquiries:thread", args=[thread.pk])


def start_thread(
    *,
    contractor,
    company: Company,
    subject: str,
    body: str,
    by,
    requirement=None,
    attachments=(),
) -> Thread:
    """Open a thread with its first message; the other side is notified when it commits.

    ``by`` must act for ``contractor`` or for the company's organisation; a requirement, when
    given, must belong to the contractor. ``attachments`` are (checked content, original name)
    pairs.
    """
    if contractor.kind != OrganizationKind.FOREIGN_CONTRACTOR or not contractor.is_approved:
        raise NotAParty(contractor)
    if not company_can_receive(company):
        raise NotAParty(company)
    if participant_organization(by) not in (contractor, company.organization):
        raise NotAParty(by)
    if requirement is not None and requirement.owner_id != contractor.pk:
        raise NotAParty(requirement)
    subject = " ".join((subject or "").split())[:200]
    if not subject:
        raise ValidationError(_("Give the conversation a subject."), code="required")
    body = _check_body(body)
    with transaction.atomic():
        thread = Thread.objects.create(
            contractor=contractor, company=company, subject=subject, requirement=requirement, created_by=by
        )
        _add_message(thread, body=body, by=by, attachments=attachments)
    return thread


def post_message(thread: Thread, *, body: str, by, attachments=()) -> Message:
    """Add a message to a thread ``by`` takes part in; the other side is notified when it commits."""
    body = _check_body(body)
    with transaction.atomic():
        # The row lock keeps last_message_at and the message order consistent under concurrent replies.
        locked = (
            Thread.objects.select_for_update(of=("self",))
            .select_related("contractor", "company__organization")
            .get(pk=thread.pk)
        )
        if participant_organization(by) not in locked.organizations():
            raise NotAParty(by)
        message = _add_message(locked, body=body, by=by, attachments=attachments)
    thread.last_message_at = locked.last_message_at
    return message


def _add_message(thread: Thread, *, body: str, by, attachments) -> Message:
    organization = participant_organization(by)
    now = timezone.now()
    message = Message.objects.create(
        thread=thread, author=by, author_organization=organization, body=body, created_at=now
    )
    for content, original_name in attachments:
        record = MessageAttachment(message=message, original_name=(original_name or content.name)[:200])
        record.file.save(content.name, content, save=False)
        record.save()
    Thread.objects.filter(pk=thread.pk).update(last_message_at=now)
    thread.last_message_at = now
    mark_read(thread, by, up_to=now)
    notify(
        members_of(thread.other_side(organization)),
        NEW_MESSAGE_TEMPLATE,
        {"thread": thread, "sender_organization": organization},
        url=thread_path(thread),
    )
    return message


def mark_read(thread: Thread, user, *, up_to=None) -> None:
    """Record that ``user`` has read ``thread`` up to ``up_to`` (default: now); never moves back."""
    up_to = up_to or timezone.now()
    updated = ThreadRead.objects.filter(thread=thread, user=user, last_read_at__lt=up_to).update(
        last_read_at=up_to
    )
    if not updated:
        ThreadRead.objects.get_or_create(thread=thread, user=user, defaults={"last_read_at": up_to})


def unread_thread_count(user) -> int:
    """How many of the user's threads hold messages from the other side they have not read (for a badge)."""
    return Thread.objects.visible_to(user).unread_by(user).count()
