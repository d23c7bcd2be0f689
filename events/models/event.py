"""Events, their slot grid and tables, the contractors taking part and Korean companies' registrations."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import OrganizationKind
from core import bilingual
from events.choices import (
    ACTIVE_REGISTRATION_STATUSES,
    AGENDA_STATUSES,
    EventKind,
    EventStatus,
    RegistrationStatus,
)


def is_event_staff(user) -> bool:
    """KDIA runs events: it edits them, validates registrations and makes the schedule."""
    return bool(user.is_authenticated and (user.is_kdia or user.is_superuser))


def sees_all_events(user) -> bool:
    """KDIA and DAPA see every event, registration, request and meeting (read-only for DAPA)."""
    return bool(user.is_authenticated and (user.is_kdia or user.is_dapa or user.is_superuser))


def participant_organization(user):
    """The approved Korean company or foreign contractor a user acts for, else None."""
    if user.is_authenticated and (user.is_korean_company or user.is_foreign_contractor):
        return user.organization
    return None


class EventQuerySet(models.QuerySet):
    def visible_to(self, user) -> EventQuerySet:
        """Every event but drafts is public; drafts only for KDIA and DAPA."""
        if sees_all_events(user):
            return self.all()
        return self.exclude(status=EventStatus.DRAFT)

    def editable_by(self, user) -> EventQuerySet:
        return self.all() if is_event_staff(user) else self.none()

    def with_participant(self, organization) -> EventQuerySet:
        """Events the organisation takes part in: as a contractor, or with a validated registration."""
        return self.filter(
            Q(contractors__organization=organization)
            | Q(
                registrations__company__organization=organization,
                registrations__status=RegistrationStatus.VALIDATED,
            )
        ).distinct()


class Event(models.Model):
    """A consultation meeting, networking event or briefing KDIA runs, with 1:1 meetings between
    foreign contractors and the Korean companies it validates."""

    title_ko = models.CharField(_("title (Korean)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=EventKind.choices, default=EventKind.CONSULTATION
    )
    venue_ko = models.CharField(_("venue (Korean)"), max_length=300, blank=True)
    venue_en = models.CharField(_("venue (English)"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    defence_fields = models.ManyToManyField(
        "companies.DefenceField", verbose_name=_("defence fields"), blank=True, related_name="+"
    )
    # Size class codes (companies.SizeClass); empty admits every size.
    size_classes = models.JSONField(_("size classes"), default=list, blank=True)
    manual_check = models.BooleanField(
        _("KDIA checks each registration"),
        default=True,
        help_text=_("Otherwise eligible companies are validated at once while places remain."),
    )
    capacity = models.PositiveIntegerField(
        _("places for Korean companies"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit; further registrations go on the waiting list."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    request_expiry_hours = models.PositiveIntegerField(
        _("meeting requests expire after (hours)"),
        default=72,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
    )
    self_booking = models.BooleanField(
        _("participants may book free slots themselves"),
        default=False,
        help_text=_("For accepted requests the scheduler did not place."),
    )
    programme = models.ForeignKey(
        "offsets.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("programme"),
    )
    agendas_published_at = models.DateTimeField(_("agendas published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(title_ko="") | ~Q(title_en=""), name="event_has_a_title"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return bilingual.pick(self, "title")

    @property
    def description(self) -> str:
        return bilingual.pick(self, "description")

    @property
    def venue(self) -> str:
        return bilingual.pick(self, "venue")

    @property
    def registration_is_open(self) -> bool:
        now = timezone.now()
        return (
            self.status == EventStatus.REGISTRATION_OPEN
            and (self.registration_opens_at is None or self.registration_opens_at <= now)
            and (self.registration_closes_at is None or now < self.registration_closes_at)
        )

    @property
    def agendas_are_published(self) -> bool:
        return self.status in AGENDA_STATUSES

    def places_taken(self) -> int:
        return self.registrations.filter(status=RegistrationStatus.VALIDATED).count()


class TimeSlot(models.Model):
    """One period of the event's meeting grid; every table holds at most one meeting in it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots", verbose_name=_("event"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "starts_at"], name="one_slot_per_start"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at)
        return f"{start:%Y-%m-%d %H:%M}\N{EN DASH}{timezone.localtime(self.ends_at):%H:%M}"


class Table(models.Model):
    """A table or room where 1:1 meetings take place."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tables", verbose_name=_("event"))
    name = models.CharField(_("name"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="one_table_name_per_event")]

    def __str__(self) -> str:
        return self.name


class EventContractor(models.Model):
    """A foreign contractor KDIA invited; it may keep one table for all its meetings."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="contractors", verbose_name=_("event")
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="event_participations",
        limit_choices_to={"kind": OrganizationKind.FOREIGN_CONTRACTOR},
        verbose_name=_("foreign contractor"),
    )
    table = models.ForeignKey(
        Table,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("own table"),
        help_text=_("The scheduler places all of this contractor's meetings at this table."),
    )
    note_ko = models.CharField(_("what it looks for (Korean)"), max_length=300, blank=True)
    note_en = models.CharField(_("what it looks for (English)"), max_length=300, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participating contractor")
        verbose_name_plural = _("participating contractors")
        ordering = ["organization__name_en", "organization__name_ko"]
        constraints = [
            models.UniqueConstraint(fields=["event", "organization"], name="one_entry_per_contractor")
        ]

    def __str__(self) -> str:
        return str(self.organization)

    @property
    def note(self) -> str:
        return bilingual.pick(self, "note")


class RegistrationQuerySet(models.QuerySet):
    def visible_to(self, user) -> RegistrationQuerySet:
        """Your own company's registrations; KDIA and DAPA see all."""
        if sees_all_events(user):
            return self.all()
        if user.is_authenticated and user.is_korean_company:
            return self.filter(company__organization=user.organization)
        return self.none()

    def active(self) -> RegistrationQuerySet:
        return self.filter(status__in=ACTIVE_REGISTRATION_STATUSES)


class Registration(models.Model):
    """A Korean company's registration for an event, with what it brings from its directory profile."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.PROTECT,
        related_name="event_registrations",
        verbose_name=_("company"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING
    )
    status_reason = models.TextField(_("KDIA's reason"), blank=True)
    products = models.ManyToManyField(
        "companies.Product", verbose_name=_("products it brings"), blank=True, related_name="+"
    )
    capabilities = models.ManyToManyField(
        "companies.Capability", verbose_name=_("capabilities it brings"), blank=True, related_name="+"
    )
    note_ko = models.TextField(_("what it wants to discuss (Korean)"), blank=True)
    note_en = models.TextField(_("what it wants to discuss (English)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "company"], name="one_registration_per_company")
        ]

    def __str__(self) -> str:
        return f"{self.company} @ {self.event}"

    @property
    def note(self) -> str:
        return bilingual.pick(self, "note")


class Availability(models.Model):
    """The slots in which a participant can meet; without a record it can meet in every slot."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="availabilities", verbose_name=_("event")
    )
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("participant")
    )
    slots = models.ManyToManyField(TimeSlot, verbose_name=_("available slots"), blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availabilities")
        constraints = [
            models.UniqueConstraint(fields=["event", "organization"], name="one_availability_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.organization} @ {self.event}"
