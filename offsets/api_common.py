"""Pieces the offsets, wish-list and events APIs share: money, pages and form refusals.

A refused form answers 422 in the API's error shape ``{code, message, field}``: the first
problem's field, its code (e.g. ``required``, ``missing_rate``) and the form's own message, so a
client reads the same wording (and language) as the page would show.
"""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Schema

from api.errors import ApiError, first_form_error


class MoneyOut(Schema):
    amount: str = Field(..., description="Decimal string with two decimals.")
    currency: str = Field(..., description="ISO 4217 code.")


def money(amount: Decimal | None, currency: str) -> dict | None:
    """An amount as a decimal string with its currency; None stays None."""
    if amount is None:
        return None
    return {"amount": format(Decimal(amount).quantize(Decimal("0.01")), "f"), "currency": currency}


def usd(amount: Decimal | None) -> dict | None:
    return money(amount, "USD")


def refuse_form(form) -> None:
    """422 naming the form's first refused field (``None`` for a form-wide refusal)."""
    field, code, message, total = first_form_error(form)
    if total > 1:
        message = gettext("%(field)s: %(message)s (and %(count)s more problems)") % {
            "field": field or "-",
            "message": message,
            "count": total - 1,
        }
    raise ApiError(422, code, message, field)


def refuse_field(field: str, message, code: str = "invalid") -> None:
    raise ApiError(422, code, str(message), field)


def page(queryset, query, render) -> dict:
    """One page of ``queryset`` (``query.limit`` / ``query.offset``), each row through ``render``."""
    count = queryset.count()
    rows = queryset[query.offset : query.offset + query.limit]
    return {"count": count, "limit": query.limit, "offset": query.offset, "items": [render(r) for r in rows]}


def is_dapa(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated and (request.user.is_dapa or request.user.is_superuser))
