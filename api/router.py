"""The /api/v1 entry point: one NinjaAPI that each app's ``api.py`` router is added to."""

from ninja import NinjaAPI
from ninja.security import django_auth

from accounts.api import router as accounts_router
from companies.api import router as companies_router
from consultations.api import router as consultations_router
from events.api import router as events_router
from inquiries.api import router as inquiries_router
from matching.api import router as matching_router
from notices.api import router as notices_router
from offsets.api import router as offsets_router
from wishlists.api import router as wishlists_router

api = NinjaAPI(
    title="K-OFFSET API",
    version="1",
    urls_namespace="api-1",
    auth=django_auth,
    docs_url="/docs",
)
api.add_router("/", accounts_router)
api.add_router("/", companies_router)
api.add_router("/", offsets_router)
api.add_router("/", wishlists_router)
api.add_router("/", matching_router)
api.add_router("/", inquiries_router)
api.add_router("/", events_router)
api.add_router("/", notices_router)
api.add_router("/", consultations_router)
