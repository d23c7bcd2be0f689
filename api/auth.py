"""Who is calling: a session (with CSRF) or an organisation's API key (no CSRF).

A key is sent as ``Authorization: Bearer <secret>`` or ``X-API-Key: <secret>``. It acts as the
person who created it, so every ``visible_to(request.user)`` path applies unchanged.

The key is read by the ``key_resolver`` decorator, which the NinjaAPI installs as a view decorator on every
operation: it runs before ninja's own authentication, so public operations (``auth=None``) see
the key's user too and a bad key is refused everywhere, not only where a sign-in is required.
The auth callables below then accept the already-resolved key and describe both schemes in the
OpenAPI schema.
"""

from __future__ import annotations

import json
from functools import wraps

from django.utils.translation import gettext
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from api.errors import ApiError
from api.models import ApiKey

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
KEY_HEADER = "X-API-Key"


def secret_from(request) -> str | None:
    """The key's secret from the Authorization or X-API-Key header; None when neither carries one."""
    authorization = request.headers.get("Authorization", "")
    scheme, _space, credentials = authorization.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return request.headers.get(KEY_HEADER, "").strip() or None


def authenticate_key(request) -> ApiKey | None:
    """Resolve the request's key onto ``request.user``; ApiError 401/403 when it may not be used."""
    secret = secret_from(request)
    if secret is None:
        return None
    key = ApiKey.find(secret)
    if key is None:
        raise ApiError(401, "invalid_key", gettext("This API key is not known."))
    refusal = key.refusal()
    if refusal is not None:
        raise ApiError(401, "invalid_key", refusal)
    if key.is_read_only and request.method not in SAFE_METHODS:
        raise ApiError(403, "read_only_key", gettext("This API key may only read; create a read-write key."))
    key.touch()
    request.user = key.created_by
    request.api_key = key
    # A key is not a cookie a browser sends on its own, so cross-site request forgery cannot use it.
    request._dont_enforce_csrf_checks = True
    return key


def _field_with_nul(value, name: str | None = None) -> str | None:
    if isinstance(value, str):
        return (name or "") if "\x00" in value else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = ((name, item) for item in value)
    else:
        return None
    for key, item in items:
        found = _field_with_nul(item, None if key is None else str(key))
        if found is not None:
            return found
    return None


def refuse_nul_characters(request, path_parameters: dict) -> None:
    """PostgreSQL cannot store or compare text with a NUL character: one in any path, query or JSON
    body field is refused with a 422 naming the field, before the operation reaches the database."""
    field = _field_with_nul(path_parameters) or _field_with_nul(dict(request.GET.lists()))
    if field is None and request.content_type == "application/json" and b"\\u0000" in request.body.lower():
        try:
            field = _field_with_nul(json.loads(request.body))
        except ValueError:  # not JSON: the operation's own parsing says so
            field = None
    if field is not None:
        raise ApiError(422, "invalid", gettext("Remove the NUL characters from this text."), field or None)


def key_resolver(api):
    """A view decorator for every operation: ``api.add_decorator(key_resolver(api), mode="view")``."""

    def resolve_api_key(run):
        @wraps(run)
        def wrapped(request, *args, **kwargs):
            try:
                authenticate_key(request)
                refuse_nul_characters(request, kwargs)
            except ApiError as refused:
                return api.on_exception(request, refused)
            return run(request, *args, **kwargs)

        return wrapped

    return resolve_api_key


class BearerKeyAuth(HttpBearer):
    """``Authorization: Bearer <key>``; the key was already checked by ``key_resolver``."""

    def authenticate(self, request, token):
        return getattr(request, "api_key", None)


class HeaderKeyAuth(APIKeyHeader):
    """``X-API-Key: <key>``, for clients that cannot set Authorization."""

    param_name = KEY_HEADER

    def authenticate(self, request, key):
        return getattr(request, "api_key", None)


# The NinjaAPI's default: a key (either header) or a signed-in session with its CSRF token.
DEFAULT_AUTH = [BearerKeyAuth(), HeaderKeyAuth(), django_auth]
