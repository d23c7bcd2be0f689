"""Fixed vocabularies of consultation cases and their entries."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    FINDING_KIPS = "finding_kips", _("Finding Korean industrial participants")
    RULES = "rules", _("Offset rules and valuation")
    OBLIGATION = "obligation", _("A programme's obligation")
    BANKING = "banking", _("Banking (prior value accumulation)")
    EVENTS = "events", _("Events and consultation meetings")
    WEBSITE = "website", _("The K-OFFSET website")
    OTHER = "other", _("Other")


class Confidentiality(models.TextChoices):
    KDIA = "kdia", _("KDIA only")
    KDIA_DAPA = "kdia_dapa", _("KDIA and DAPA")


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    TRIAGED = "triaged", _("Triaged")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_REQUESTER = "waiting", _("Waiting for the requester")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


# The next move is KDIA's: these count for the work queue and the overdue reminders.
WAITING_ON_KDIA = (Status.OPEN, Status.TRIAGED, Status.IN_PROGRESS, Status.REOPENED)
# Not finished: shown as open cases on home pages.
ACTIVE = (*WAITING_ON_KDIA, Status.WAITING_REQUESTER)
FINISHED = (Status.RESOLVED, Status.CLOSED)
# What KDIA may set by triage or with an answer (resolving has its own step).
KDIA_SETTABLE = (Status.TRIAGED, Status.IN_PROGRESS, Status.WAITING_REQUESTER)


class EntryKind(models.TextChoices):
    MESSAGE = "message", _("Message")
    ANSWER = "answer", _("KDIA answer")
    NOTE = "note", _("Internal note")
    STATUS = "status", _("Status change")
    MINUTES = "minutes", _("Meeting minutes")


# Entries only KDIA reads.
INTERNAL_KINDS = (EntryKind.NOTE,)
