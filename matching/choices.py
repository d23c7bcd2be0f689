"""Fixed vocabularies of KIP requirements and expressions of interest."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequirementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Waiting for KDIA")
    PUBLISHED = "published", _("Published")
    RETURNED = "returned", _("Returned by KDIA")
    CLOSED = "closed", _("Closed")


class ValueBand(models.TextChoices):
    """Expected value of the work package, in US dollars."""

    UNDER_1M = "under_1m", _("Under USD 1 million")
    FROM_1M = "1m_10m", _("USD 1-10 million")
    FROM_10M = "10m_50m", _("USD 10-50 million")
    OVER_50M = "over_50m", _("Over USD 50 million")


class Scope(models.TextChoices):
    FULL = "full", _("The full scope")
    PARTIAL = "partial", _("Part of the scope")


class EoiStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Sent, waiting for the contractor")
    RECEIVED = "received", _("Received")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    DECLINED = "declined", _("Declined")
    SELECTED = "selected", _("Selected as KIP")


# The statuses a contractor sets; each carries a reason the company sees.
CONTRACTOR_STATUSES = (EoiStatus.RECEIVED, EoiStatus.SHORTLISTED, EoiStatus.DECLINED, EoiStatus.SELECTED)
# The company may change its EOI only before sending it.
EDITABLE_EOI_STATUSES = (EoiStatus.DRAFT,)
