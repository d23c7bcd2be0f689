"""Wish-list API: rounds and proposals (``api_proposals``) and packages (``api_packages``), through
the same permission path as the pages."""

from ninja import Router

from wishlists.api_packages import router as packages_router
from wishlists.api_proposals import router as proposals_router

router = Router(tags=["wish-lists"])
router.add_router("", proposals_router)
router.add_router("", packages_router)
