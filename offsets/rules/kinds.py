"""The fixed vocabularies of offset items, and reading them from plain strings.

Values match the Django layer's choices (companies.SizeClass, offsets choices), so a value
read from the database is accepted as it is.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from offsets.rules.errors import InvalidInput

OFFSET_FIELDS: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7)
# Fields 6 (Presidential Decree matters) and 7 (Offset Foreign Investment) count only when an
# item in one of fields 1-5 is in the same offset (seed).
CORE_FIELDS: frozenset[int] = frozenset({1, 2, 3, 4, 5})
CONDITIONAL_FIELDS: frozenset[int] = frozenset({6, 7})

E = TypeVar("E", bound=StrEnum)


class Directness(StrEnum):
    DIRECT = "direct"
    INDIRECT = "indirect"


class Sector(StrEnum):
    DEFENCE = "defence"
    COMMERCIAL = "commercial"


class SizeClass(StrEnum):
    """Size class of the Korean company an item works with (same values as companies.SizeClass)."""

    SME = "sme"
    MID = "mid"
    LARGE = "large"


class Sourcing(StrEnum):
    COMPETITIVE = "competitive"
    SOLE_SOURCE = "sole_source"


def as_enum(enum: type[E], value: object, field: str) -> E:
    """``value`` as a member of ``enum`` (its plain string value is accepted), else InvalidInput."""
    choices = [member.value for member in enum]
    if not isinstance(value, str) or value not in choices:
        raise InvalidInput(
            f"{value!r} is not one of {choices}",
            code="invalid_choice",
            field=field,
            params={"value": str(value), "choices": choices},
        )
    return enum(value)


def is_offset_field(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in OFFSET_FIELDS
