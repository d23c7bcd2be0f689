"""Saved querystrings in one canonical form, so the same search saved twice is one search.

Plain Python (no Django import): keys sorted, each key's values sorted and de-duplicated,
whitespace collapsed, empty values dropped, and the keys that only change the view of a
result (page, sort) removed.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode

# Keys that change how a result is shown, not which objects it holds.
VIEW_KEYS = frozenset({"page", "sort"})
# A longer querystring is refused when saving (a notification's link holds at most 500 characters).
MAX_LENGTH = 450
# parse_qsl gives up beyond this many pairs (a hand-made URL, not one of our pages).
MAX_FIELDS = 100


class QuerystringError(ValueError):
    """The querystring cannot be saved (too long, or too many fields)."""


def normalise(querystring: str, keys: Iterable[str] | None = None) -> str:
    """The canonical form of ``querystring``; ``keys``, when given, are the only keys kept.

    Raises :class:`QuerystringError` when the result is longer than :data:`MAX_LENGTH`.
    """
    try:
        pairs = parse_qsl((querystring or "").lstrip("?"), keep_blank_values=False, max_num_fields=MAX_FIELDS)
    except ValueError as error:
        raise QuerystringError(str(error)) from None
    allowed = None if keys is None else set(keys)
    values: dict[str, set[str]] = {}
    for raw_key, raw_value in pairs:
        key, value = raw_key.strip(), " ".join(raw_value.split())
        if not key or not value or key in VIEW_KEYS or (allowed is not None and key not in allowed):
            continue
        values.setdefault(key, set()).add(value)
    result = urlencode([(key, value) for key in sorted(values) for value in sorted(values[key])])
    if len(result) > MAX_LENGTH:
        raise QuerystringError(f"longer than {MAX_LENGTH} characters")
    return result


def pairs(querystring: str) -> list[tuple[str, str]]:
    """The (key, value) pairs of a normalised querystring, in order."""
    return parse_qsl(querystring or "", max_num_fields=MAX_FIELDS)
