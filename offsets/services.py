"""Offset workflow operations shared by pages, API and commands; each one atomic.

State changes lock the row they change and refuse to act on a state that changed since the
user loaded the page; notifications go out on commit, in each recipient's language.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.mail import send_localized
from offsets import engine
from offsets.choices import OPEN_CLAIM_STATUSES, ClaimStatus, ProgrammeState
from offsets.models import Claim, ClaimEvent, ClaimEvidence, ObligationItem, Programme, ProgrammeStateChange


class StaleState(Exception):
    """Someone else changed the record since the user loaded the page."""


class TransitionRefused(Exception):
    """The requested lifecycle move is not one step forward or back."""


def allowed_states(programme: Programme) -> list[str]:
    """One step forward, or one step back to correct a mistake (which needs a note)."""
    ordered = ProgrammeState.ordered()
    index = ordered.index(programme.state)
    return [ordered[i] for i in (index + 1, index - 1) if 0 <= i < len(ordered)]


def is_step_back(programme: Programme, to_state: str) -> bool:
    ordered = ProgrammeState.ordered()
    return to_state in ordered and ordered.index(to_state) < ordered.index(programme.state)


def record_creation(programme: Programme, by: User) -> None:
    ProgrammeStateChange.objects.create(programme=programme, to_state=programme.state, changed_by=by)
    programme.state_changed_at = timezone.now()
    programme.save(update_fields=["state_changed_at"])


def change_state(programme_id: int, *, to_state: str, seen_state: str, note: str, by: User) -> Programme:
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme_id)
        if programme.state != seen_state:
            raise StaleState(programme)
        if to_state not in allowed_states(programme):
            raise TransitionRefused(programme)
        ProgrammeStateChange.objects.create(
            programme=programme,
            from_state=programme.state,
            to_state=to_state,
            note=note.strip(),
            changed_by=by,
        )
        programme.state = to_state
        programme.state_changed_at = timezone.now()
        programme.save(update_fields=["state", "state_changed_at", "updated_at"])
    return programme


def save_item(item: ObligationItem) -> ObligationItem:
    """Fix the item's USD value at the rate usable on the MOA date, then save."""
    engine.fix_usd_value(item, item.agreement.moa_date)
    item.save()
    return item


def _contractor_members(organization) -> list[User]:
    return User.objects.members_of([organization])


def _dapa_officers() -> list[User]:
    return User.objects.staff_of("dapa")


def file_claim(claim: Claim, *, by: User, evidence=None, evidence_name: str = "") -> Claim:
    """A new claim (or a resubmission after a clarification request), with its evidence."""
    with transaction.atomic():
        resubmitted = claim.pk is not None
        if resubmitted:
            current = Claim.objects.select_for_update().get(pk=claim.pk)
            if current.status not in OPEN_CLAIM_STATUSES:
                raise StaleState(current)
        engine.fix_usd_value(claim, claim.performed_on)
        claim.status = ClaimStatus.SUBMITTED
        if not resubmitted:
            claim.submitted_by = by
        claim.save()
        if evidence is not None:
            record = ClaimEvidence(claim=claim, original_name=evidence_name or evidence.name, uploaded_by=by)
            record.file.save(evidence.name, evidence, save=False)
            record.save()
        ClaimEvent.objects.create(claim=claim, status=ClaimStatus.SUBMITTED, by=by)
        officers = _dapa_officers()
        transaction.on_commit(
            lambda: send_localized(
                "offsets/email/claim_submitted", officers, {"claim": claim, "resubmitted": resubmitted}
            )
        )
    return claim


def decide_claim(
    claim_id: int, *, decision: str, approved_usd, reason: str, seen_version: str, by: User
) -> Claim:
    """DAPA's decision. Approval credits approved value x the item's multiplier; decided claims
    are final. Refused when the claim changed since the officer opened it."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().select_related("item__agreement").get(pk=claim_id)
        if claim.updated_at.isoformat() != seen_version or claim.status not in OPEN_CLAIM_STATUSES:
            raise StaleState(claim)
        claim.status = decision
        claim.decision_reason = reason.strip()
        claim.decided_by = by
        claim.decided_at = timezone.now()
        if decision == ClaimStatus.APPROVED:
            claim.approved_usd = approved_usd
            claim.credited_usd = engine.credit_for_claim(claim).credited.amount
        claim.save()
        ClaimEvent.objects.create(claim=claim, status=decision, note=claim.decision_reason, by=by)
        members = _contractor_members(claim.item.agreement.contractor)
        transaction.on_commit(
            lambda: send_localized("offsets/email/claim_decided", members, {"claim": claim})
        )
    return claim


def today_in_seoul() -> date:
    return timezone.localdate()
