"""Helpers the write operations of the API share: the pages' forms fed with JSON, and error bodies.

A JSON body is validated by the same Django form the page uses, so the messages are the same;
an update starts from the record's current values and overlays the fields the body gives.
"""

from __future__ import annotations

from typing import Annotated

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from ninja import Field, Status
from ninja.errors import HttpError

from api.errors import first_form_error

# A database id: bounded so a huge number is a 422, not an overflow in the database driver.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# A count or a year: within the database's 32-bit integers; the form checks its real range.
Int32 = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]

# The responses every write operation may give besides its success.
ERROR_STATUSES = (400, 403, 404, 409, 412, 422, 428)


def error(status: int, message, *, field: str | None = None, code: str = "invalid") -> Status:
    return Status(status, {"code": code, "message": str(message), "field": field})


def form_error(form: forms.BaseForm, *, prefix: str = "") -> Status:
    """422 naming the first field the form refused (None for a whole-form error)."""
    field, code, message, _total = first_form_error(form)
    return Status(
        422, {"code": code, "message": str(message), "field": None if field is None else prefix + field}
    )


def refuse(condition: bool, message) -> None:
    """403 when the caller's role can never take this step (rows it may not reach are 404s)."""
    if condition:
        raise HttpError(403, str(message))


def current_values(instance: models.Model, form_class, *, keys: dict[str, str] | None = None) -> dict:
    """The record's values as the form would receive them from a page: foreign keys and
    many-to-many fields as ids, or as the ``keys`` field (``{"fields": "code"}``)."""
    keys = keys or {}
    values = {}
    for name in form_class.base_fields:
        if name == "version":
            continue
        try:
            field = instance._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field (e.g. offset types): the caller fills it
            continue
        if field.many_to_many:
            key = keys.get(name, "pk")
            values[name] = list(getattr(instance, name).values_list(key, flat=True)) if instance.pk else []
        elif field.many_to_one:
            values[name] = getattr(instance, field.attname)
        else:
            values[name] = getattr(instance, name)
    return values


def merged(values: dict, payload, *, skip: tuple[str, ...] = ()) -> dict:
    """``values`` overlaid with the fields the JSON body sets (None stays None: it clears)."""
    changes = {name: value for name, value in payload.dict(exclude_unset=True).items() if name not in skip}
    data = {**values, **changes}
    # Forms read an unticked checkbox as a missing key and a cleared field as an empty one.
    return {name: ("" if value is None else value) for name, value in data.items() if value is not False}


def use_keys(form: forms.BaseForm, keys: dict[str, str]) -> None:
    """Let choice fields take a code (``{"fields": "code"}``) instead of a database id."""
    for name, key in keys.items():
        form.fields[name].to_field_name = key


def not_found(message) -> HttpError:
    return HttpError(404, str(message))


__all__ = [
    "ERROR_STATUSES",
    "MAX_ID",
    "Id",
    "Int32",
    "current_values",
    "error",
    "form_error",
    "merged",
    "not_found",
    "refuse",
    "use_keys",
]
