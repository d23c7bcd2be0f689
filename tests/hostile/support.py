"""Shared pieces of the hostile-input suite: payloads, the HTML check, DB snapshots, matrix rows.

Every payload carries MARKER so a check can tell the payload's own markup from the page's.
"""

from __future__ import annotations

from html.parser import HTMLParser

from django.apps import apps
from django.db import models

MARKER = "k1x"
# Script, attribute break-out, title break-out and template syntax in one value; the leading
# character rotates through the spreadsheet formula prefixes (see formula_payload).
XSS_BODY = (
    f'<script>alert("{MARKER}")</script>"><img src=x onerror=alert("{MARKER}")>'
    f"</title><svg onload=alert('{MARKER}')>{{{{7*7}}}}"
)
SHORT_XSS = f'"><svg onload={MARKER}>'  # for fields too short for the full payload
FORMULA_PREFIXES = ("=", "+", "-", "@")
JAVASCRIPT_URL = f"javascript:alert('{MARKER}')"

PROJECT_APPS = (
    "accounts",
    "notifications",
    "companies",
    "offsets",
    "wishlists",
    "matching",
    "inquiries",
    "alerts",
    "events",
    "notices",
    "consultations",
    "api",
    "search",
)


def formula_payload(index: int, max_length: int | None) -> str:
    prefix = FORMULA_PREFIXES[index % len(FORMULA_PREFIXES)]
    text = prefix + XSS_BODY
    if max_length is None or max_length >= len(text):
        return text
    if max_length >= len(SHORT_XSS):
        return SHORT_XSS[:max_length]
    return ""


class _Finder(HTMLParser):
    """Collects what a payload would have created had it reached the page unescaped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        if tag == "script":
            self._in_script = True
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in {
                "href",
                "src",
                "action",
                "formaction",
                "xlink:href",
            } and value.strip().lower().replace("\t", "").startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if MARKER in name:
                self.problems.append(f"<{tag}> attribute named {name!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and MARKER in data:
            self.problems.append(f"<script> containing {data[:80]!r}")


def html_problems(text: str) -> list[str]:
    """Elements or attributes a payload created: on* handlers, javascript: links, marked scripts."""
    finder = _Finder()
    finder.feed(text)
    finder.close()
    return finder.problems


def project_models():
    for label in PROJECT_APPS:
        yield from apps.get_app_config(label).get_models()


def snapshot() -> dict[str, list]:
    """Every row of every project model, for 'nothing changed' checks (the test worlds are small)."""
    state = {}
    for model in project_models():
        if model._meta.proxy:
            continue
        state[model._meta.label] = sorted(map(repr, model.objects.order_by().values_list()))
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before if before[label] != after.get(label))


def text_fields(model) -> list[models.Field]:
    """User-editable text: CharField/TextField that is not a code, a choice, a key or unique."""
    skip_names = {
        "brn",
        "registration_number",
        "token",
        "slug",
        "code",
        "currency",
        "country",
        "language",
        "preferred_language",
        "password",
        "email",
        "querystring",
        "kind",
        "status",
        "prefix",
        "hashed_secret",
        "secret_hash",
        "url",
        "file",
    }
    fields = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or isinstance(field, models.URLField):
            continue
        if field.choices or field.unique or field.primary_key or field.name in skip_names:
            continue
        if field.name.startswith(("history_", "search_")) or isinstance(field, models.EmailField):
            continue
        if field.max_length is not None and field.max_length < 16:
            continue  # codes (currency, units, language) that pages use as keys
        fields.append(field)
    return fields


def url_fields(model) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if isinstance(field, models.URLField)]
