"""Fixed vocabularies of the wish-list workflow."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged into another proposal")


# The company may change a proposal only in these states (and only before the deadline).
EDITABLE_STATUSES = (ProposalStatus.DRAFT, ProposalStatus.RETURNED)
# KDIA decides on submitted proposals; an accepted one may still be returned or rejected until packaged.
REVIEWABLE_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.ACCEPTED)


class ReviewDecision(models.TextChoices):
    ACCEPT = "accepted", _("Accept")
    RETURN = "returned", _("Return for revision")
    REJECT = "rejected", _("Reject")


class ReasonCode(models.TextChoices):
    """Why KDIA returned or rejected a proposal: the company sees the code's label and the comment."""

    INCOMPLETE = "incomplete", _("Information missing or unclear")
    OUT_OF_SCOPE = "out_of_scope", _("Outside the programme's scope")
    NOT_ELIGIBLE = "not_eligible", _("Company not eligible for this round")
    CAPABILITY = "capability", _("Capability not shown")
    VALUE = "value", _("Value or currency to be checked")
    DUPLICATE = "duplicate", _("Duplicate of another proposal")
    OTHER = "other", _("Other (see comment)")


class PackageStatus(models.TextChoices):
    DRAFT = "draft", _("Being compiled")
    SUBMITTED = "submitted", _("Submitted to DAPA")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged by DAPA")
