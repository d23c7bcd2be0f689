"""Validators and normalisers for identifiers used across K-OFFSET."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.identifiers import brn_is_valid, normalise_brn


def validate_brn(value: str) -> None:
    """Accept a Korean business registration number with or without hyphens."""
    digits = normalise_brn(value)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(
            _("A business registration number has 10 digits, written XXX-XX-XXXXX."), code="brn_format"
        )
    if not brn_is_valid(digits):
        raise ValidationError(
            _("This business registration number fails its check digit; please check it."),
            code="brn_checksum",
        )
