"""Validators and normalisers for identifiers used across K-OFFSET."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.identifiers import brn_is_valid, normalise_brn, normalise_hs_code, normalise_nsn


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


def validate_nsn(value: str) -> None:
    """A NATO Stock Number: 13 digits, written NNNN-NN-NNN-NNNN."""
    if not re.fullmatch(r"\d{13}", normalise_nsn(value)):
        raise ValidationError(_("An NSN has 13 digits, written NNNN-NN-NNN-NNNN."), code="nsn_format")


def validate_hs_code(value: str) -> None:
    """A Harmonized System code: 6 to 10 digits (dots allowed)."""
    if not re.fullmatch(r"\d{6,10}", normalise_hs_code(value)):
        raise ValidationError(_("An HS code has 6 to 10 digits, e.g. 8411.91."), code="hs_format")
