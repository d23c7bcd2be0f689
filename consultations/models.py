"""Consultation cases raised with KDIA, their thread of entries, attachments and KDIA's themes."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import OrganizationKind
from consultations.choices import (
    ACTIVE,
    INTERNAL_KINDS,
    WAITING_ON_KDIA,
    Confidentiality,
    EntryKind,
    Priority,
    Status,
    Topic,
)
from core import bilingual
from core.attachments import AttachedFile

# Enforced by the forms, the API and the service; the columns themselves are unbounded.
TEXT_MAX_LENGTH = 10_000


def is_desk_staff(user) -> bool:
    """KDIA runs the desk: it reads every case, triages, answers and resolves."""
    return bool(getattr(user, "is_authenticated", False) and (user.is_kdia or user.is_superuser))


def requester_organization(user):
    """The approved foreign contractor or Korean company a user raises cases for, else None."""
    if getattr(user, "is_authenticated", False) and (user.is_foreign_contractor or user.is_korean_company):
        return user.organization
    return None


def reopen_days() -> int:
    return settings.CONSULTATION_REOPEN_DAYS


def overdue_days() -> int:
    return settings.CONSULTATION_OVERDUE_DAYS


class Theme(models.Model):
    """A recurring difficulty KDIA tags cases with, to bring it to DAPA (a taxonomy KDIA edits)."""

    name_ko = models.CharField(_("name (Korean)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    active = models.BooleanField(_("offered for new tags"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("consultation theme")
        verbose_name_plural = _("consultation themes")
        ordering = ["order", "name_en", "name_ko"]
        constraints = [
            models.CheckConstraint(condition=~Q(name_ko="") | ~Q(name_en=""), name="theme_has_a_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual.pick(self, "name")


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> CaseQuerySet:
        """KDIA sees every case; DAPA the cases shared with it; a requester its organisation's."""
        if is_desk_staff(user):
            return self.all()
        if getattr(user, "is_authenticated", False) and user.is_dapa:
            return self.filter(confidentiality=Confidentiality.KDIA_DAPA)
        organization = requester_organization(user)
        if organization is None:
            return self.none()
        return self.filter(organization=organization)

    def workable_by(self, user) -> CaseQuerySet:
        """Cases ``user`` may triage, answer and resolve: KDIA's, all of them."""
        return self.all() if is_desk_staff(user) else self.none()

    def of_requester(self, user) -> CaseQuerySet:
        """Cases ``user`` may write in, reopen or withdraw: their own organisation's."""
        organization = requester_organization(user)
        return self.filter(organization=organization) if organization is not None else self.none()

    def active(self) -> CaseQuerySet:
        return self.filter(status__in=ACTIVE)

    def waiting_on_kdia(self) -> CaseQuerySet:
        return self.filter(status__in=WAITING_ON_KDIA)

    def overdue(self, now=None) -> CaseQuerySet:
        """Waiting on KDIA for longer than CONSULTATION_OVERDUE_DAYS."""
        limit = (now or timezone.now()) - timedelta(days=overdue_days())
        return self.waiting_on_kdia().filter(waiting_since__lt=limit)


class Case(models.Model):
    """A difficulty a foreign contractor or Korean company raises with KDIA, followed to resolution.

    Every member of the requesting organisation sees it; KDIA works it; DAPA reads it only when the
    requester shares it with DAPA. ``waiting_since`` is when the ball last passed to KDIA (empty
    while the requester has it), which drives the queue's overdue flag and the reminders.
    """

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="consultation_cases",
        verbose_name=_("requesting organisation"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    programme = models.ForeignKey(
        "offsets.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_cases",
        verbose_name=_("programme"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body_ko = models.TextField(_("description (Korean)"), blank=True)
    body_en = models.TextField(_("description (English)"), blank=True)
    confidentiality = models.CharField(
        _("who may read it"),
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.KDIA,
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_consultations",
        limit_choices_to={"membership_record__organization__kind": OrganizationKind.KDIA},
        verbose_name=_("assignee"),
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="cases", verbose_name=_("themes"))
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_cases",
        verbose_name=_("raised at event"),
    )
    resolution = models.TextField(_("resolution"), blank=True)
    created_at = models.DateTimeField(_("opened"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    waiting_since = models.DateTimeField(_("waiting on KDIA since"), null=True, blank=True)
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "reminded_at"])

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation case")
        verbose_name_plural = _("consultation cases")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(body_ko="") | ~Q(body_en=""), name="consultation_has_a_description"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "-created_at"], name="consultation_org_recent"),
            models.Index(fields=["status", "waiting_since"], name="consultation_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def reference(self) -> str:
        return f"C-{self.pk:05d}" if self.pk else "C-new"

    @property
    def body(self) -> str:
        return bilingual.pick(self, "body")

    @property
    def is_waiting_on_kdia(self) -> bool:
        return self.status in WAITING_ON_KDIA

    def is_overdue(self, now=None) -> bool:
        if not self.is_waiting_on_kdia or self.waiting_since is None:
            return False
        return self.waiting_since < (now or timezone.now()) - timedelta(days=overdue_days())

    @property
    def reopen_until(self):
        """The last moment the requester may reopen a resolved case (None when not resolved)."""
        if self.status != Status.RESOLVED or self.resolved_at is None:
            return None
        return self.resolved_at + timedelta(days=reopen_days())

    def can_reopen(self, now=None) -> bool:
        until = self.reopen_until
        return until is not None and (now or timezone.now()) <= until


class EntryQuerySet(models.QuerySet):
    def visible_to(self, user) -> EntryQuerySet:
        """Entries of the cases ``user`` sees; internal notes only for KDIA."""
        entries = self.filter(case__in=Case.objects.visible_to(user))
        return entries if is_desk_staff(user) else entries.exclude(kind__in=INTERNAL_KINDS)


class Entry(models.Model):
    """One step of a case's thread: a message, KDIA's answer, an internal note, a status change or
    the minutes of a meeting. Stored once; the requester reads all but internal notes."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="entries", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    # Kept apart from the author's membership, which may change or end later.
    author_organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    body = models.TextField(_("text"), blank=True)
    from_status = models.CharField(_("from status"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=12, choices=Status.choices, blank=True)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meeting"),
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now, db_index=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("case entry")
        verbose_name_plural = _("case entries")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.pk} {self.kind}"

    @property
    def is_internal(self) -> bool:
        return self.kind in INTERNAL_KINDS


def attachment_path(instance, filename) -> str:
    return f"consultations/{instance.entry.case_id}/{filename}"


class Attachment(AttachedFile):
    """A PDF or an image attached to an entry, checked by content (``core.uploads.clean_document``)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)
