"""Template helpers shared by every page."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core import bilingual
from core.identifiers import format_brn

register = template.Library()


@register.filter
def bi(obj, field: str) -> str:
    """``{{ company|bi:"name" }}``: the paired field in the active language, with fallback."""
    return bilingual.pick(obj, field)


@register.simple_tag
def bi_text(obj, field: str):
    """Like ``bi``, but text shown in the other language carries its ``lang`` and a note."""
    text = bilingual.pick(obj, field)
    if bilingual.is_fallback(obj, field):
        return format_html(
            '<span lang="{}" title="{}">{}</span>',
            bilingual.shown_language(obj, field),
            _("Shown in the other language"),
            text,
        )
    return text


@register.filter
def brn(value: str) -> str:
    """A business registration number as XXX-XX-XXXXX."""
    return format_brn(value or "")


# Widgets rendered as a list of choices rather than one control.
CHOICE_LIST_WIDGETS = {"RadioSelect", "CheckboxSelectMultiple"}


@register.inclusion_tag("includes/field.html")
def bootstrap_field(field):
    """One form field with its label, help text and errors, linked for assistive technology."""
    widget = field.field.widget
    kind = type(widget).__name__
    css = (
        "form-check-input"
        if kind in {"CheckboxInput"}
        else ("form-select" if kind.endswith("Select") else "form-control")
    )
    if kind not in CHOICE_LIST_WIDGETS:
        classes = [css]
        if field.errors:
            classes.append("is-invalid")
        attrs = {"class": " ".join(classes)}
        described = []
        if field.help_text:
            described.append(f"{field.auto_id}_help")
        if field.errors:
            described.append(f"{field.auto_id}_errors")
            attrs["aria-invalid"] = "true"
        if described:
            attrs["aria-describedby"] = " ".join(described)
        rendered = field.as_widget(attrs=attrs)
    else:
        rendered = None
    return {"field": field, "kind": kind, "rendered": rendered, "is_choice_list": kind in CHOICE_LIST_WIDGETS}


@register.simple_tag(takes_context=True)
def page_query(context, number) -> str:
    """The current query string with ``page`` set to ``number``; keeps repeated keys (facets)."""
    query = context["request"].GET.copy()
    query["page"] = number
    return query.urlencode()


@register.filter
def bi_lang(obj, field: str) -> str:
    """The language of the text ``bi`` shows for ``field``: for ``lang`` attributes."""
    return bilingual.shown_language(obj, field)


@register.filter
def money(value, currency: str = "") -> str:
    """``USD 6,000,000.00`` from a Money-like object (amount, currency) or a Decimal and a currency."""
    if value is None or value == "":
        return ""
    amount = getattr(value, "amount", value)
    code = getattr(value, "currency", currency) or currency
    try:
        text = f"{Decimal(amount):,.2f}"
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    return f"{code} {text}".strip()


@register.filter
def percent(ratio) -> str:
    """A ratio as a percentage without trailing zeros: Decimal('0.30') -> '30 %'."""
    if ratio is None or ratio == "":
        return ""
    try:
        value = (Decimal(ratio) * 100).normalize()
    except (InvalidOperation, TypeError, ValueError):
        return str(ratio)
    return f"{value:f} %"


@register.filter
def web_url(value) -> str:
    """``href="{{ company.website|web_url }}"``: the address when it is http(s), else empty.

    Forms only accept http(s) addresses, but rows written another way (the admin's raw data, an
    old import, the database itself) must still never become a ``javascript:`` or ``data:`` link.
    """
    text = str(value or "").strip()
    return text if text.lower().startswith(("https://", "http://")) else ""
