"""Test factories for wish-list rounds, proposals and packages (fictional content)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from companies.models import OffsetField
from offsets.testing import PDF_BYTES
from wishlists import services
from wishlists.choices import ProposalStatus
from wishlists.models import Proposal, Round


def make_round(programme, *, days=14, by=None, **fields) -> Round:
    round_ = Round(programme=programme, deadline=timezone.now() + timedelta(days=days), **fields)
    services.open_round(round_, eligible_fields=[], by=by)
    return round_


def make_proposal(
    round_, company, *, by=None, status=ProposalStatus.DRAFT, title="Rotor hub forging", **fields
):
    proposal = Proposal(
        round=round_,
        company=company,
        offset_field=OffsetField.objects.get(number=fields.pop("number", 3)),
        offset_type=fields.pop("offset_type", "direct_defence"),
        title_en=title,
        estimated_value=Decimal(fields.pop("value", "2500000")),
        currency=fields.pop("currency", "USD"),
        **fields,
    )
    services.save_draft(proposal, products=[], by=by)
    if status != ProposalStatus.DRAFT:
        proposal = services.submit(proposal.pk, by=by)
    if status not in (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED):
        reviewer = User.objects.filter(membership_record__organization__kind="kdia").first()
        proposal = services.review(
            proposal.pk,
            decision=status,
            reason_code="" if status == ProposalStatus.ACCEPTED else "other",
            comment="",
            seen_version=proposal.updated_at.isoformat(),
            by=reviewer,
        )
    return proposal


def make_wishlist_world(programme, korean_company, other_company, users) -> SimpleNamespace:
    """An open round on the programme: the Korean company's draft (with an attachment) and an
    accepted proposal in a submitted package; the other company's submitted proposal."""
    round_ = make_round(programme, by=users.kdia)
    draft = make_proposal(round_, korean_company, by=users.korean_admin)
    attachment = services.add_attachment(
        draft, ContentFile(PDF_BYTES, name="brochure.pdf"), "brochure.pdf", users.korean_admin
    )
    accepted = make_proposal(
        round_,
        korean_company,
        by=users.korean_admin,
        status=ProposalStatus.ACCEPTED,
        title="Sonar dome repair",
    )
    others = make_proposal(round_, other_company, by=users.other_korean, status=ProposalStatus.SUBMITTED)
    package = services.compile_package(round_.pk, by=users.kdia)
    package = services.submit_package(package.pk, seen_version=package.updated_at.isoformat(), by=users.kdia)
    return SimpleNamespace(
        round=round_, draft=draft, attachment=attachment, accepted=accepted, others=others, package=package
    )


def draft_revision(world):
    """A draft revision (2) of the world's round, compiled on first use and kept on ``world.wishlists``
    so the matrix's headers, path and body see the same one (the submitted revision 1 stays)."""
    if getattr(world.wishlists, "draft_package", None) is None:
        world.wishlists.draft_package = services.compile_package(
            world.wishlists.round.pk, by=world.users.kdia
        )
    return world.wishlists.draft_package
