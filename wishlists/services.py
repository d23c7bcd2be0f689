"""Wish-list operations shared by pages, API and the demo; each one atomic, each one notified.

Every status change is kept as a ProposalEvent with who and when; the people concerned are told
in the app and by e-mail, in their own language (notifications.notify).
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.choices import AuditAction
from audit.services import record
from companies.models import Company
from core import bilingual
from notifications.services import notify
from wishlists.choices import (
    EDITABLE_STATUSES,
    REVIEWABLE_STATUSES,
    PackageStatus,
    ProposalStatus,
)
from wishlists.models import Package, Proposal, ProposalAttachment, ProposalEvent, Round


class StaleState(Exception):
    """The record changed since the user loaded the page."""


class RoundClosed(Exception):
    """The round's deadline has passed."""

    def __init__(self, round_):
        super().__init__(round_.deadline)
        self.round = round_


class NotEligible(Exception):
    """The company's profile does not match the round's eligibility."""


class NothingToPackage(Exception):
    """No accepted proposal to put in a package."""


def members_of(organizations) -> list[User]:
    return User.objects.members_of(organizations)


def kdia_staff() -> list[User]:
    return User.objects.staff_of("kdia")


def dapa_officers() -> list[User]:
    return User.objects.staff_of("dapa")


def open_round(round_: Round, *, eligible_fields, by) -> int:
    """Save a new round and tell the members of every eligible Korean company; returns how many."""
    with transaction.atomic():
        round_.opened_by = by
        round_.save()
        round_.eligible_fields.set(eligible_fields)
        companies = round_.eligible_companies(
            Company.objects.filter(organization__isnull=False, organization__status="approved")
        )
        people = members_of(companies.values("organization"))
        return notify(
            people,
            "wishlists/email/round_opened",
            {"round": round_},
            url=reverse("wishlists:round_detail", args=[round_.pk]),
        )


def _event(proposal: Proposal, by, comment: str = "") -> None:
    ProposalEvent.objects.create(
        proposal=proposal,
        status=proposal.status,
        reason_code=proposal.reason_code,
        comment=comment,
        by=by,
    )


def save_draft(proposal: Proposal, *, products, by) -> Proposal:
    """Create or update a draft (or a returned proposal being revised) before the deadline."""
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=proposal.round_id)
        if not round_.is_open:
            raise RoundClosed(round_)
        if proposal.pk is None:
            if not round_.admits(proposal.company):
                raise NotEligible(round_)
            proposal.created_by = by
            proposal.save()
            _event(proposal, by)
        else:
            current = Proposal.objects.select_for_update().get(pk=proposal.pk)
            if current.status not in EDITABLE_STATUSES:
                raise StaleState(current)
            proposal.save()
        proposal.products.set(products)
    return proposal


def add_attachment(proposal: Proposal, content, original_name: str, by) -> ProposalAttachment:
    record = ProposalAttachment(proposal=proposal, original_name=original_name[:200], uploaded_by=by)
    record.file.save(content.name, content, save=False)
    record.save()
    return record


def submit(proposal_id: int, *, by, now=None) -> Proposal:
    """Submit a draft or a revised proposal; refused after the deadline, naming it."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("round__programme").get(pk=proposal_id)
        if proposal.status not in EDITABLE_STATUSES:
            raise StaleState(proposal)
        if (now or timezone.now()) >= proposal.round.deadline:
            raise RoundClosed(proposal.round)
        proposal.status = ProposalStatus.SUBMITTED
        proposal.reason_code = ""
        proposal.submitted_at = timezone.now()
        proposal.save()
        _event(proposal, by)
        notify(
            kdia_staff(),
            "wishlists/email/proposal_submitted",
            {"proposal": proposal},
            url=reverse("wishlists:proposal_detail", args=[proposal.pk]),
        )
    return proposal


def _tell_company(proposal: Proposal) -> None:
    notify(
        members_of([proposal.company.organization_id]) if proposal.company.organization_id else [],
        "wishlists/email/proposal_reviewed",
        {"proposal": proposal},
        url=reverse("wishlists:proposal_detail", args=[proposal.pk]),
    )


def review(
    proposal_id: int, *, decision: str, reason_code: str, comment: str, seen_version: str, by
) -> Proposal:
    """KDIA's decision: accepted, returned for revision or rejected, with a reason the company sees."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("company").get(pk=proposal_id)
        if proposal.updated_at.isoformat() != seen_version or proposal.status not in REVIEWABLE_STATUSES:
            raise StaleState(proposal)
        proposal.status = decision
        proposal.reason_code = "" if decision == ProposalStatus.ACCEPTED else reason_code
        proposal.review_comment = comment.strip()
        proposal.save()
        _event(proposal, by, proposal.review_comment)
        record(
            AuditAction.PROPOSAL_REVIEWED, actor=by, target=proposal, decision=decision, reason=reason_code
        )
        _tell_company(proposal)
    return proposal


def merge(proposal_id: int, *, into: Proposal, comment: str, seen_version: str, by) -> Proposal:
    """Close a duplicate by merging it into another proposal of the same round."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("company").get(pk=proposal_id)
        if proposal.updated_at.isoformat() != seen_version or proposal.status not in REVIEWABLE_STATUSES:
            raise StaleState(proposal)
        if (
            into.pk == proposal.pk
            or into.round_id != proposal.round_id
            or into.status == ProposalStatus.MERGED
        ):
            raise StaleState(into)
        proposal.status = ProposalStatus.MERGED
        proposal.merged_into = into
        proposal.reason_code = "duplicate"
        proposal.review_comment = comment.strip()
        proposal.save()
        _event(proposal, by, proposal.review_comment)
        _tell_company(proposal)
    return proposal


def compile_package(round_id: int, *, by) -> Package:
    """Put the round's accepted proposals into the draft revision (a new one after a submission)."""
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_id)
        accepted = list(round_.proposals.filter(status=ProposalStatus.ACCEPTED))
        if not accepted:
            raise NothingToPackage(round_)
        latest = round_.packages.order_by("-revision").first()
        if latest is None or latest.is_frozen:
            latest = Package.objects.create(
                round=round_, revision=(latest.revision + 1) if latest else 1, compiled_by=by
            )
        else:
            latest.compiled_by = by
            latest.save()
        latest.proposals.set(accepted)
    return latest


def snapshot_row(proposal: Proposal) -> dict:
    """A proposal as DAPA receives it: plain values in both languages, frozen with the package."""
    company = proposal.company
    return {
        "number": proposal.number,
        "company_ko": company.name_ko,
        "company_en": company.name_en,
        "brn": company.brn_display,
        "size_class": company.size_class,
        "offset_field": proposal.offset_field.number,
        "offset_type": proposal.offset_type,
        "contractor": str(proposal.contractor or ""),
        "title_ko": proposal.title_ko,
        "title_en": proposal.title_en,
        "description_ko": proposal.description_ko,
        "description_en": proposal.description_en,
        "benefit_ko": proposal.benefit_ko,
        "benefit_en": proposal.benefit_en,
        "products": [
            bilingual.pick(p, "name", "en") or bilingual.pick(p, "name", "ko")
            for p in proposal.products.all()
        ],
        "estimated_value": str(proposal.estimated_value),
        "currency": proposal.currency,
    }


def submit_package(package_id: int, *, seen_version: str, by) -> Package:
    with transaction.atomic():
        package = Package.objects.select_for_update().select_related("round__programme").get(pk=package_id)
        if package.is_frozen or package.updated_at.isoformat() != seen_version:
            raise StaleState(package)
        proposals = package.proposals.select_related(
            "company", "offset_field", "contractor"
        ).prefetch_related("products")
        package.snapshot = [snapshot_row(p) for p in proposals.order_by("offset_field__number", "pk")]
        package.status = PackageStatus.SUBMITTED
        package.submitted_by = by
        package.submitted_at = timezone.now()
        package.save()
        record(AuditAction.PACKAGE_SUBMITTED, actor=by, target=package, proposals=len(package.snapshot))
        notify(
            dapa_officers(),
            "wishlists/email/package_submitted",
            {"package": package},
            url=reverse("wishlists:package_detail", args=[package.pk]),
        )
    return package


def acknowledge(package_id: int, *, note: str, by) -> Package:
    """DAPA confirms receipt; KDIA and every company with a proposal in the package are told."""
    with transaction.atomic():
        package = Package.objects.select_for_update().select_related("round__programme").get(pk=package_id)
        if package.status != PackageStatus.SUBMITTED:
            raise StaleState(package)
        package.status = PackageStatus.ACKNOWLEDGED
        package.acknowledged_by = by
        package.acknowledged_at = timezone.now()
        package.acknowledgement = note.strip()
        package.save()
        organizations = package.proposals.exclude(company__organization=None).values("company__organization")
        url = reverse("wishlists:round_detail", args=[package.round_id])
        notify(
            kdia_staff() + members_of(organizations),
            "wishlists/email/package_acknowledged",
            {"package": package},
            url=url,
        )
    return package


def share(package_id: int, *, shared: bool) -> Package:
    with transaction.atomic():
        package = Package.objects.select_for_update().get(pk=package_id)
        package.shared_with_contractors = shared
        package.save(update_fields=["shared_with_contractors", "updated_at"])
    return package
