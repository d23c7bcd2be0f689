"""One error shape for the whole API: ``{"code": ..., "message": ..., "field": ...}``.

Endpoint code raises ``ApiError(status, code, message, field=None)``; ninja's ``HttpError``
keeps working (a leading ``"name: "`` in its message becomes the field). Validation errors,
authentication, 404s, permission refusals, throttling and precondition failures all come out in
the same shape, with the message in the caller's language.
"""

from __future__ import annotations

import re
from functools import partial

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext, gettext_lazy
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError


class ErrorOut(Schema):
    """What every 4xx answer of the API carries."""

    code: str
    message: str
    field: str | None = None


class ApiError(HttpError):
    """An error with a stable machine-readable code, e.g. ``ApiError(409, "conflict", _("..."))``."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(status, str(message))
        self.code = code
        self.field = field


CODE_BY_STATUS = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    412: "stale",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    428: "precondition_required",
    429: "throttled",
}

# Messages for statuses ninja raises with an English text of its own.
DEFAULT_MESSAGES = {
    401: gettext_lazy("Sign in, or send a valid API key in the Authorization header."),
    403: gettext_lazy("You may not do this."),
    404: gettext_lazy("Not found."),
    429: gettext_lazy("Too many requests; wait before trying again."),
}

# Pydantic error types worded for people; anything else falls back to a generic sentence.
VALIDATION_MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "int_parsing": gettext_lazy("Enter a whole number."),
    "int_type": gettext_lazy("Enter a whole number."),
    "int_from_float": gettext_lazy("Enter a whole number."),
    "float_parsing": gettext_lazy("Enter a number."),
    "decimal_parsing": gettext_lazy("Enter a number."),
    "bool_parsing": gettext_lazy("Enter true or false."),
    "date_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "datetime_parsing": gettext_lazy("Enter a date and time in ISO 8601."),
    "datetime_from_date_parsing": gettext_lazy("Enter a date and time in ISO 8601."),
    "string_type": gettext_lazy("Enter text."),
    "list_type": gettext_lazy("Send a list."),
    "dict_type": gettext_lazy("Send an object."),
    "model_type": gettext_lazy("Send an object."),
    "model_attributes_type": gettext_lazy("Send an object."),
    "json_invalid": gettext_lazy("The request body is not valid JSON."),
    "enum": gettext_lazy("Choose one of the allowed values."),
    "literal_error": gettext_lazy("Choose one of the allowed values."),
}
LIMIT_MESSAGES = {
    "greater_than": (gettext_lazy("Enter a value greater than %(limit)s."), "gt"),
    "greater_than_equal": (gettext_lazy("Enter a value of at least %(limit)s."), "ge"),
    "less_than": (gettext_lazy("Enter a value less than %(limit)s."), "lt"),
    "less_than_equal": (gettext_lazy("Enter a value of at most %(limit)s."), "le"),
    "string_too_short": (gettext_lazy("Enter at least %(limit)s characters."), "min_length"),
    "string_too_long": (gettext_lazy("Enter at most %(limit)s characters."), "max_length"),
    "too_short": (gettext_lazy("Send at least %(limit)s items."), "min_length"),
    "too_long": (gettext_lazy("Send at most %(limit)s items."), "max_length"),
}
NINJA_CSRF_MESSAGE = "CSRF check Failed"  # ninja.security.apikey raises HttpError(403) with it
PARAMETER_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}
FIELD_PREFIX = re.compile(r"^(?P<field>[A-Za-z_][A-Za-z0-9_.\[\]]{0,80}): (?P<message>.+)$", re.DOTALL)


def error_body(code: str, message, field: str | None = None) -> dict:
    return {"code": code, "message": str(message), "field": field}


def error_response(api, request: HttpRequest, status: int, code: str, message, field=None) -> HttpResponse:
    return api.create_response(request, error_body(code, message, field), status=status)


def first_form_error(form) -> tuple[str | None, str, str, int]:
    """A refused Django form's first problem as (field, or None for a form-wide one; code; message)
    and how many messages it gave in all: the API answers a form's refusal with its first problem."""
    errors = form.errors.as_data()
    field, first = next(iter(errors.items()))
    total = sum(len(error.messages) for items in errors.values() for error in items)
    name = None if field == NON_FIELD_ERRORS else field
    return name, first[0].code or "invalid", first[0].messages[0], total


def split_field(message: str) -> tuple[str | None, str]:
    """``"sort: Select a valid choice."`` → ``("sort", "Select a valid choice.")``."""
    match = FIELD_PREFIX.match(message)
    if match is None:
        return None, message
    return match["field"], match["message"]


def field_of(location) -> str | None:
    """The failing field's own name: ``("body", "payload", "name_en")`` → ``"name_en"``."""
    names = [str(part) for part in location if isinstance(part, str)]
    if len(names) > 1 and names[0] in PARAMETER_SOURCES:
        names = names[1:]
    return names[-1] if names else None


def validation_message(error: dict) -> str:
    kind = error.get("type", "")
    if kind in VALIDATION_MESSAGES:
        return str(VALIDATION_MESSAGES[kind])
    if kind in LIMIT_MESSAGES:
        template, context_key = LIMIT_MESSAGES[kind]
        limit = (error.get("ctx") or {}).get(context_key)
        if limit is not None:
            return str(template) % {"limit": limit}
    if kind == "value_error":  # the schema's own validator already worded it (in gettext)
        return str(error.get("msg", "")).removeprefix("Value error, ")
    return gettext("This value is not valid.")


def _http_error(request, exc: HttpError, api):
    status = exc.status_code
    if isinstance(exc, ApiError):
        return error_response(api, request, status, exc.code, exc.message, exc.field)
    if isinstance(exc, Throttled):
        response = error_response(api, request, status, CODE_BY_STATUS[429], DEFAULT_MESSAGES[429])
        if exc.wait is not None:
            response["Retry-After"] = str(max(1, round(exc.wait)))
        return response
    if isinstance(exc, AuthenticationError):
        return error_response(api, request, 401, CODE_BY_STATUS[401], DEFAULT_MESSAGES[401])
    if status == 403 and exc.message == NINJA_CSRF_MESSAGE:
        if not request.user.is_authenticated:
            # No session at all (a guest, or a key that was not sent): what is missing is a sign-in.
            return error_response(api, request, 401, CODE_BY_STATUS[401], DEFAULT_MESSAGES[401])
        message = gettext("Send the CSRF token in the X-CSRFToken header, or use an API key.")
        return error_response(api, request, 403, "csrf_failed", message)
    field, message = split_field(str(exc.message))
    code = CODE_BY_STATUS.get(status, "error")
    return error_response(api, request, status, code, message, field)


def _validation_error(request, exc: ValidationError, api):
    first = exc.errors[0] if exc.errors else {}
    field = field_of(first.get("loc", ()))
    message = validation_message(first)
    if field and len(exc.errors) > 1:
        message = gettext("%(field)s: %(message)s (and %(count)s more problems)") % {
            "field": field,
            "message": message,
            "count": len(exc.errors) - 1,
        }
    elif field:
        message = f"{field}: {message}"
    return error_response(api, request, 422, CODE_BY_STATUS[422], message, field)


def _not_found(request, exc, api):
    message = str(exc) if exc.args and isinstance(exc.args[0], str) else ""
    if not message or message.endswith("matches the given query."):
        # get_object_or_404's English sentence names the model; say less, in the caller's language.
        message = DEFAULT_MESSAGES[404]
    return error_response(api, request, 404, CODE_BY_STATUS[404], message)


def _permission_denied(request, exc, api):
    message = str(exc) if exc.args and isinstance(exc.args[0], str) else DEFAULT_MESSAGES[403]
    return error_response(api, request, 403, CODE_BY_STATUS[403], message)


def install_error_handlers(api) -> None:
    """Replace ninja's ``{"detail": ...}`` answers with ours (ninja picks the most specific class)."""
    api.add_exception_handler(HttpError, partial(_http_error, api=api))
    api.add_exception_handler(ValidationError, partial(_validation_error, api=api))
    api.add_exception_handler(Http404, partial(_not_found, api=api))
    api.add_exception_handler(PermissionDenied, partial(_permission_denied, api=api))
