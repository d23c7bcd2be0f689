from offsets.models.banking import AppendOnlyError, CreditAccount, LedgerEntry
from offsets.models.obligation import Agreement, Claim, ClaimEvent, ClaimEvidence, ObligationItem
from offsets.models.policy import DepreciationStep, ExchangeRate, MultiplierRule, PolicyVersion
from offsets.models.programme import (
    Programme,
    ProgrammeDocument,
    ProgrammeStateChange,
    is_programme_staff,
    sees_all_obligations,
)

__all__ = [
    "Agreement",
    "AppendOnlyError",
    "Claim",
    "ClaimEvent",
    "ClaimEvidence",
    "CreditAccount",
    "DepreciationStep",
    "ExchangeRate",
    "LedgerEntry",
    "MultiplierRule",
    "ObligationItem",
    "PolicyVersion",
    "Programme",
    "ProgrammeDocument",
    "ProgrammeStateChange",
    "is_programme_staff",
    "sees_all_obligations",
]
