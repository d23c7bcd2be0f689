"""Fixed vocabularies of saved searches."""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Frequency(models.TextChoices):
    """How often the owner hears about new matches (in the app and by e-mail)."""

    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    OFF = "off", pgettext_lazy("digest frequency", "Off (no digest)")


# How long after the last digest the next one is due, per frequency.
PERIODS = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}
