from wishlists.models.package import Package
from wishlists.models.proposal import Proposal, ProposalAttachment, ProposalEvent
from wishlists.models.round import Round, approved_korean_company, is_wishlist_staff, sees_all_proposals

__all__ = [
    "Package",
    "Proposal",
    "ProposalAttachment",
    "ProposalEvent",
    "Round",
    "approved_korean_company",
    "is_wishlist_staff",
    "sees_all_proposals",
]
