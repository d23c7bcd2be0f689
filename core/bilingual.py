"""Paired bilingual content: fields stored as ``<name>_ko`` and ``<name>_en``.

The active language's text is shown, falling back to the other language, so a
profile written only in Korean still shows its Korean text to an English reader.
"""

from django.utils import translation

FALLBACK = {"ko": "en", "en": "ko"}


def pick(obj, field: str, language: str | None = None) -> str:
    """The text of ``field`` in ``language`` (default: active), else the other language."""
    language = (language or translation.get_language() or "ko")[:2]
    first = getattr(obj, f"{field}_{language}", "") or ""
    if first.strip():
        return first
    return getattr(obj, f"{field}_{FALLBACK.get(language, 'ko')}", "") or ""


def is_fallback(obj, field: str, language: str | None = None) -> bool:
    """True when ``field`` has no text in ``language`` and the other language is shown."""
    language = (language or translation.get_language() or "ko")[:2]
    return not (getattr(obj, f"{field}_{language}", "") or "").strip() and bool(pick(obj, field, language))


def shown_language(obj, field: str, language: str | None = None) -> str:
    """Which language ``pick`` shows: the requested one, or the other when falling back."""
    language = (language or translation.get_language() or "ko")[:2]
    return FALLBACK.get(language, "ko") if is_fallback(obj, field, language) else language
