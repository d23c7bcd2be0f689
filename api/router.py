"""The /api/v1 entry point: one NinjaAPI that each app's ``api.py`` router is added to.

Every operation, public or not, passes the same platform: an API key (if one is sent) becomes
``request.user``, the caller is rate-limited, and every error has the shape of ``api.errors``.
"""

from ninja import NinjaAPI

from accounts.api import router as accounts_router
from alerts.api import router as alerts_router
from api.auth import DEFAULT_AUTH, key_resolver
from api.errors import install_error_handlers
from api.export import router as export_router
from api.throttling import ApiRateThrottle
from companies.api import router as companies_router
from consultations.api import router as consultations_router
from events.api import router as events_router
from inquiries.api import router as inquiries_router
from matching.api import router as matching_router
from notices.api import router as notices_router
from notifications.api import router as notifications_router
from offsets.api import router as offsets_router
from wishlists.api import router as wishlists_router

DESCRIPTION = """\
The K-OFFSET directory, offset programmes and workflows for programs.

* **Authentication**: a signed-in session (send the `X-CSRFToken` header on writes) or an
  organisation's API key as `Authorization: Bearer <key>` (or `X-API-Key: <key>`). Keys are
  created by an organisation's administrators under *Organisation → API keys*.
* **Errors** are JSON `{"code", "message", "field"}`, the message in the language of
  `Accept-Language`.
* **Lists** take `limit` and `offset` and return `count`.
* **Updates** need the resource's `ETag` in `If-Match` (428 without it, 412 when stale).
* **Rate limits** answer 429 with `Retry-After`.
* **Bulk export** of the public directory: `/api/v1/export/companies.csv` and friends.

The integration guide (docs/api.md) walks through each topic with curl examples.
"""

# Errors the platform itself may give on any operation, in the shape of ``api.errors.ErrorOut``:
# declared on every operation so that clients (and the schema fuzzing) can rely on them.
PLATFORM_ERRORS = {
    400: "The request body is not JSON.",
    401: "No valid session or API key (public operations answer this only to a key that is not valid).",
    422: "A parameter or the body does not validate; `field` names it.",
    429: "Too many requests; `Retry-After` says when to try again.",
}


class KoffsetApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for methods in schema["paths"].values():
            for operation in methods.values():
                for status, description in PLATFORM_ERRORS.items():
                    operation["responses"].setdefault(status, {"description": description, "content": error})
        return schema


api = KoffsetApi(
    title="K-OFFSET API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-1",
    auth=DEFAULT_AUTH,
    throttle=[ApiRateThrottle()],
    docs_url="/docs",
)
install_error_handlers(api)
api.add_decorator(key_resolver(api), mode="view")
api.add_router("/", accounts_router)
api.add_router("/", companies_router)
api.add_router("/", offsets_router)
api.add_router("/", wishlists_router)
api.add_router("/", matching_router)
api.add_router("/", inquiries_router)
api.add_router("/", events_router)
api.add_router("/", notices_router)
api.add_router("/", consultations_router)
api.add_router("/", notifications_router)
api.add_router("/", alerts_router)
api.add_router("/", export_router)
api.add_router("/", "audit.api.router")
