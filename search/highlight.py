"""Marking what matched in a text, in both scripts, without trusting the text."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.text import HANGUL_RE, compact_hangul, english_stem, has_hangul, normalise

SNIPPET_CHARS = 220


def _pattern(label: str) -> str | None:
    label = normalise(label).strip()
    if not label:
        return None
    if has_hangul(label):
        syllables = [re.escape(ch) for ch in compact_hangul(label) if HANGUL_RE.match(ch) or ch.isalnum()]
        return r"\s*".join(syllables) if syllables else None
    words = [w for w in re.findall(r"[a-z0-9]+", label) if len(w) >= 2]
    if not words:
        return None
    # Each word by its stem, so 'machining' also marks 'machined'.
    return r"\W+".join(rf"\b{re.escape(english_stem(w))}\w*" for w in words)


def _regex(labels) -> re.Pattern | None:
    patterns = sorted({p for p in (_pattern(label) for label in labels) if p}, key=len, reverse=True)
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


def snippet(text: str, labels, *, length: int = SNIPPET_CHARS):
    """A safe HTML excerpt of ``text`` around the first match, with every match in <mark>."""
    text = text or ""
    regex = _regex(labels)
    match = regex.search(text) if regex else None
    start = max(0, match.start() - length // 3) if match else 0
    piece = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    return mark(prefix + piece + suffix, labels, regex=regex)


def mark(text: str, labels, *, regex=None):
    """``text`` escaped, with matches of ``labels`` wrapped in <mark>."""
    regex = regex if regex is not None else _regex(labels)
    if not regex:
        return escape(text)
    out, last = [], 0
    for match in regex.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped
