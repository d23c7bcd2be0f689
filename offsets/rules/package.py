"""Offset packages: the items of one offset, and which of the seed's rules a package breaks.

Violations are data (a stable code, the key of the rule text, parameters), never sentences:
the Django layer words and translates them, and an API client can act on the code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from offsets.rules.kinds import (
    CONDITIONAL_FIELDS,
    CORE_FIELDS,
    OFFSET_FIELDS,
    Directness,
    Sector,
    SizeClass,
    is_offset_field,
)


class ViolationCode(StrEnum):
    EMPTY_PACKAGE = "empty_package"
    DUPLICATE_ITEM = "duplicate_item"
    INVALID_FIELD = "invalid_field"
    INVALID_DIRECTNESS = "invalid_directness"
    INVALID_SECTOR = "invalid_sector"
    INVALID_SIZE_CLASS = "invalid_size_class"
    FIELD_6_7_WITHOUT_1_5 = "field_6_7_without_1_5"


# The rule each violation points at; the Django layer keeps the wording of each rule.
RULE_KEYS: dict[ViolationCode, str] = {
    ViolationCode.EMPTY_PACKAGE: "package.has_items",
    ViolationCode.DUPLICATE_ITEM: "package.unique_items",
    ViolationCode.INVALID_FIELD: "offset.seven_fields",
    ViolationCode.INVALID_DIRECTNESS: "offset.types.direct_indirect",
    ViolationCode.INVALID_SECTOR: "offset.types.defence_commercial",
    ViolationCode.INVALID_SIZE_CLASS: "company.size_classes",
    ViolationCode.FIELD_6_7_WITHOUT_1_5: "offset.fields_6_7_need_1_5",
}


@dataclass(frozen=True)
class OffsetItem:
    """One offset item: a field 1-7, direct or indirect, defence or commercial, and the size
    class of the Korean company doing it (None when no company is named yet). The choices may
    be the enums or their plain values (as Django stores them); validate_package reports bad ones."""

    key: str
    offset_field: int
    directness: Directness | str
    sector: Sector | str
    size_class: SizeClass | str | None = None


@dataclass(frozen=True)
class Violation:
    code: ViolationCode
    rule: str
    params: dict[str, Any] = field(default_factory=dict)
    item: str | None = None

    @classmethod
    def of(cls, code: ViolationCode, item: str | None = None, **params: Any) -> Violation:
        return cls(code=code, rule=RULE_KEYS[code], params=params, item=item)


def _in_enum(value: object, enum: type[StrEnum]) -> bool:
    return isinstance(value, str) and value in {member.value for member in enum}


def _item_violations(item: OffsetItem) -> list[Violation]:
    found = []
    if not is_offset_field(item.offset_field):
        found.append(
            Violation.of(
                ViolationCode.INVALID_FIELD,
                item.key,
                value=item.offset_field,
                min=OFFSET_FIELDS[0],
                max=OFFSET_FIELDS[-1],
            )
        )
    if not _in_enum(item.directness, Directness):
        found.append(Violation.of(ViolationCode.INVALID_DIRECTNESS, item.key, value=str(item.directness)))
    if not _in_enum(item.sector, Sector):
        found.append(Violation.of(ViolationCode.INVALID_SECTOR, item.key, value=str(item.sector)))
    if item.size_class is not None and not _in_enum(item.size_class, SizeClass):
        found.append(Violation.of(ViolationCode.INVALID_SIZE_CLASS, item.key, value=str(item.size_class)))
    return found


def validate_package(items: Iterable[OffsetItem]) -> tuple[Violation, ...]:
    """Every rule the package breaks, item problems first in item order; empty when valid."""
    items = list(items)
    if not items:
        return (Violation.of(ViolationCode.EMPTY_PACKAGE),)
    found: list[Violation] = []
    for key, count in Counter(item.key for item in items).items():
        if count > 1:
            found.append(Violation.of(ViolationCode.DUPLICATE_ITEM, key, count=count))
    for item in items:
        found.extend(_item_violations(item))
    fields = {item.offset_field for item in items if is_offset_field(item.offset_field)}
    if fields & CONDITIONAL_FIELDS and not fields & CORE_FIELDS:
        conditional = [item.key for item in items if item.offset_field in CONDITIONAL_FIELDS]
        found.append(
            Violation.of(
                ViolationCode.FIELD_6_7_WITHOUT_1_5,
                fields=sorted(fields & CONDITIONAL_FIELDS),
                items=conditional,
            )
        )
    return tuple(found)
