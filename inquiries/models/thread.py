"""Threads: one conversation between one foreign contractor and one Korean company, and who read it."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind

# "Never read": earlier than any message.
NEVER = datetime(2000, 1, 1, tzinfo=UTC)


def participant_organization(user):
    """The approved contractor or Korean company the user acts for in conversations, else None.

    KDIA and DAPA are no party to these commercial conversations and see none of them.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_foreign_contractor or user.is_korean_company:
        return user.organization
    return None


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user) -> ThreadQuerySet:
        """The members of the two organisations in the thread, while approved; nobody else.

        Threads are private commercial conversations: KDIA, DAPA and operators do not see them
        (they are not in the admin either).
        """
        organization = participant_organization(user)
        if organization is None:
            return self.none()
        if organization.kind == OrganizationKind.FOREIGN_CONTRACTOR:
            return self.filter(contractor=organization)
        return self.filter(company__organization=organization)

    def with_unread(self, user) -> ThreadQuerySet:
        """Annotate ``unread_count``: messages from the other side ``user`` has not seen yet."""
        from inquiries.models.message import Message

        organization = participant_organization(user)
        if organization is None:
            return self.annotate(unread_count=Value(0, output_field=IntegerField()))
        last_read = ThreadRead.objects.filter(thread=OuterRef("thread_id"), user=user).values("last_read_at")[
            :1
        ]
        unread = (
            Message.objects.filter(
                thread=OuterRef("pk"),
                created_at__gt=Coalesce(Subquery(last_read), Value(NEVER)),
            )
            .exclude(author_organization=organization)
            .order_by()
            .values("thread")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(unread_count=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)))

    def unread_by(self, user) -> ThreadQuerySet:
        return self.with_unread(user).filter(unread_count__gt=0)


class Thread(models.Model):
    """A conversation between one foreign contractor and one Korean company, optionally about a
    KIP requirement. Nobody's e-mail address is part of it: members read and answer on the site."""

    contractor = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="inquiry_threads",
        limit_choices_to={"kind": OrganizationKind.FOREIGN_CONTRACTOR},
        verbose_name=_("foreign contractor"),
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.PROTECT,
        related_name="inquiry_threads",
        verbose_name=_("Korean company"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    requirement = models.ForeignKey(
        "matching.Requirement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiry_threads",
        verbose_name=_("requirement"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("message thread")
        verbose_name_plural = _("message threads")
        ordering = ["-last_message_at", "-pk"]
        indexes = [
            models.Index(fields=["contractor", "-last_message_at"], name="thread_contractor_recent"),
            models.Index(fields=["company", "-last_message_at"], name="thread_company_recent"),
        ]

    def __str__(self) -> str:
        return self.subject

    def organizations(self) -> list:
        """The two organisations taking part (the company's, when the profile is claimed)."""
        return [org for org in (self.contractor, self.company.organization) if org is not None]

    def other_side(self, organization):
        """The organisation facing ``organization`` in this thread (None if the profile is unclaimed)."""
        if organization is not None and organization.pk == self.contractor_id:
            return self.company.organization
        return self.contractor


class ThreadRead(models.Model):
    """How far one person has read one thread: messages after ``last_read_at`` are new to them."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="one_read_mark_per_thread_user")
        ]

    def __str__(self) -> str:
        return f"{self.thread_id}/{self.user_id}: {self.last_read_at:%Y-%m-%d %H:%M}"
