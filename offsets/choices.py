"""Fixed vocabularies of the offset workflow."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeState(models.TextChoices):
    """DAPA's lifecycle of an offset programme (domain.md), in order."""

    PLANNED = "planned", _("Planned")
    RFP = "rfp", _("RFP released")
    PROPOSALS = "proposals", _("Proposals received")
    VALUATION = "valuation", _("Valuation")
    NEGOTIATION = "negotiation", _("Negotiation")
    MOU = "mou", _("MOU signed")
    MOA = "moa", _("MOA signed")
    IMPLEMENTATION = "implementation", _("Implementation")
    COMPLETED = "completed", _("Completed")

    @classmethod
    def ordered(cls) -> list[str]:
        return [state.value for state in cls]


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    CLARIFICATION = "clarification", _("Clarification requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


# A claim may be changed by its contractor only while DAPA has not decided it.
OPEN_CLAIM_STATUSES = (ClaimStatus.SUBMITTED, ClaimStatus.CLARIFICATION)


class LedgerKind(models.TextChoices):
    DEPOSIT = "deposit", _("Deposit")
    WITHDRAWAL = "withdrawal", _("Withdrawal")
    EXPIRY = "expiry", _("Expiry")
    DEPRECIATION = "depreciation", _("Depreciation")
    CORRECTION = "correction", _("Correction")
