"""Optimistic concurrency over the API: an ETag per record and If-Match on every update.

The ETag is the quoted SHA-1 of the record's version (``core.forms.version_of``, its
``updated_at``), the same version the pages' forms carry, so a page save and an API update
refuse each other's stale writes.

In a single-resource GET, take ``response: HttpResponse`` as a parameter and call
``set_etag(response, record)``. In every PUT/PATCH/DELETE handler, load the record through its
``editable_by``/``visible_to`` path and call ``require_if_match(request, record)`` *before*
changing anything::

    @router.patch("/things/{pk}", response={200: ThingOut, 404: ErrorOut, 412: ErrorOut, 428: ErrorOut})
    def update_thing(request, pk: int, payload: ThingIn, response: HttpResponse):
        thing = get_object_or_404(Thing.objects.editable_by(request.user), pk=pk)
        require_if_match(request, thing)      # 428 without If-Match, 412 when stale
        ...save...
        set_etag(response, thing)             # the new version, for the client's next write
        return thing

Under concurrent writers, lock the row (``select_for_update()``) inside the transaction before
checking, so two requests holding the same ETag cannot both pass.
"""

from __future__ import annotations

import hashlib

from django.utils.translation import gettext

from api.errors import ApiError
from core.forms import version_of


def etag_of(record) -> str:
    """A strong ETag for the record's current version, quoted as HTTP wants it."""
    return '"' + hashlib.sha1(version_of(record).encode(), usedforsecurity=False).hexdigest() + '"'


def set_etag(response, record) -> None:
    response["ETag"] = etag_of(record)


def require_if_match(request, record) -> None:
    """428 (code "precondition_required") without If-Match; 412 (code "stale") when it names
    another version than the record's. ``*`` matches any version (RFC 9110)."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise ApiError(
            428,
            "precondition_required",
            gettext("Send the record's ETag in an If-Match header: GET the record first and copy its ETag."),
        )
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    if "*" not in tags and etag_of(record) not in tags:
        raise ApiError(
            412,
            "stale",
            gettext("The record changed since you read it; GET it again and repeat your change."),
        )
