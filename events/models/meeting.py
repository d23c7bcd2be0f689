"""1:1 meeting requests, the meetings placed in the grid, scheduler runs and private calendar feeds."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import OrganizationKind
from events.choices import (
    AGENDA_STATUSES,
    OPEN_REQUEST_STATUSES,
    Absent,
    Attendance,
    Initiator,
    Outcome,
    PlacedBy,
    Priority,
    RequestStatus,
)
from events.models.event import Event, Table, TimeSlot, participant_organization, sees_all_events


def _own(organization) -> Q:
    return Q(contractor=organization) | Q(company__organization=organization)


class MeetingRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> MeetingRequestQuerySet:
        """The two participants' requests; KDIA and DAPA see all."""
        if sees_all_events(user):
            return self.all()
        organization = participant_organization(user)
        return self.filter(_own(organization)) if organization else self.none()

    def answerable_by(self, user) -> MeetingRequestQuerySet:
        """Requests waiting for the user's organisation to accept or decline."""
        organization = participant_organization(user)
        if organization is None:
            return self.none()
        to_contractor = Q(initiator=Initiator.COMPANY, contractor=organization)
        to_company = Q(initiator=Initiator.CONTRACTOR, company__organization=organization)
        return self.filter(to_contractor | to_company, status=RequestStatus.REQUESTED)

    def cancellable_by(self, user) -> MeetingRequestQuerySet:
        """Either participant may cancel a request that is still open."""
        organization = participant_organization(user)
        if organization is None:
            return self.none()
        return self.filter(_own(organization), status__in=OPEN_REQUEST_STATUSES)


class MeetingRequest(models.Model):
    """A request for a 1:1 meeting between a foreign contractor and a Korean company, sent by either."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="requests", verbose_name=_("event")
    )
    contractor = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrganizationKind.FOREIGN_CONTRACTOR},
        verbose_name=_("foreign contractor"),
    )
    company = models.ForeignKey(
        "companies.Company", on_delete=models.PROTECT, related_name="+", verbose_name=_("Korean company")
    )
    initiator = models.CharField(_("sent by"), max_length=12, choices=Initiator.choices)
    reason = models.TextField(_("reason for the meeting"))
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.LOW)
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.REQUESTED
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    expires_at = models.DateTimeField(_("expires"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # When the recipient was reminded that the request is about to expire.
    reminded_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "contractor", "company"],
                condition=Q(status__in=["requested", "accepted"]),
                name="one_open_request_per_pair",
            )
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.contractor} ↔ {self.company}"

    @property
    def sender(self):
        return self.contractor if self.initiator == Initiator.CONTRACTOR else self.company.organization

    @property
    def recipient(self):
        return self.company.organization if self.initiator == Initiator.CONTRACTOR else self.contractor

    @property
    def parties(self) -> tuple[int, int]:
        return (self.contractor_id, self.company.organization_id)


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> MeetingQuerySet:
        """KDIA and DAPA see every meeting; a participant its own once agendas are published,
        and those it booked itself."""
        if sees_all_events(user):
            return self.all()
        organization = participant_organization(user)
        if organization is None:
            return self.none()
        return self.filter(_own(organization)).filter(
            Q(event__status__in=AGENDA_STATUSES) | Q(placed_by=PlacedBy.SELF)
        )


class Meeting(models.Model):
    """An accepted request placed in a slot at a table. The constraints make a double booking
    impossible at the database level: one meeting per table per slot, per participant per slot."""

    request = models.OneToOneField(
        MeetingRequest, on_delete=models.CASCADE, related_name="meeting", verbose_name=_("request")
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("event")
    )
    # Copies of the request's parties, so that the database can refuse a participant in two places.
    contractor = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    company = models.ForeignKey("companies.Company", on_delete=models.PROTECT, related_name="+")
    slot = models.ForeignKey(
        TimeSlot, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("slot")
    )
    table = models.ForeignKey(
        Table, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("table")
    )
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("The scheduler keeps a pinned meeting where it is.")
    )
    placed_by = models.CharField(_("placed by"), max_length=12, choices=PlacedBy.choices)
    attendance = models.CharField(
        _("attendance"), max_length=12, choices=Attendance.choices, default=Attendance.EXPECTED
    )
    absent = models.CharField(_("who did not come"), max_length=12, choices=Absent.choices, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot__starts_at", "table__order", "table__name"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "table"], name="one_meeting_per_table_and_slot"),
            models.UniqueConstraint(fields=["slot", "contractor"], name="contractor_in_one_place_per_slot"),
            models.UniqueConstraint(fields=["slot", "company"], name="company_in_one_place_per_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.slot} · {self.table} · {self.request}"

    @property
    def is_fixed(self) -> bool:
        """Kept by the scheduler: pinned, or already held (checked in, no-show, outcome)."""
        return self.pinned or self.attendance != Attendance.EXPECTED or bool(self.outcome)


class ScheduleRun(models.Model):
    """One run of the scheduler: how many meetings it placed against the upper bound, and who ran it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="runs", verbose_name=_("event"))
    requests = models.PositiveIntegerField(_("accepted requests"))
    placed = models.PositiveIntegerField(_("meetings placed"))
    bound = models.PositiveIntegerField(_("upper bound"))
    optimal = models.BooleanField(_("proven optimal"))
    seconds = models.FloatField(_("seconds"))
    kept = models.PositiveIntegerField(_("pinned or held meetings kept"), default=0)
    unplaced = models.JSONField(_("requests not placed, with the reason"), default=dict, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("scheduler run")
        verbose_name_plural = _("scheduler runs")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event}: {self.placed}/{self.bound}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private calendar feed URL: whoever has the token reads the agenda of the
    person's organisation. Regenerating replaces the token; revoking deletes the row."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
