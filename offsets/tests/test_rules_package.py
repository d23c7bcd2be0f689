"""Package validation: seven fields, one type of each kind per item, fields 6/7 need one of 1-5."""

import pytest

from offsets.rules import (
    Directness,
    OffsetItem,
    Sector,
    SizeClass,
    Violation,
    ViolationCode,
    validate_package,
)


def item(key: str, field: int, directness: str = "direct", sector: str = "defence", size=None) -> OffsetItem:
    return OffsetItem(key, field, directness, sector, size)


def test_a_package_with_a_core_field_is_valid():
    assert validate_package([item("a", 1), item("b", 6, "indirect", "commercial"), item("c", 7)]) == ()
    assert validate_package([OffsetItem("a", 5, Directness.INDIRECT, Sector.COMMERCIAL, SizeClass.SME)]) == ()


@pytest.mark.parametrize("fields", [[6], [7], [6, 7], [7, 7]])
def test_fields_6_and_7_alone_are_invalid(fields):
    items = [item(f"i{n}", field) for n, field in enumerate(fields)]
    (violation,) = validate_package(items)
    assert violation == Violation(
        code=ViolationCode.FIELD_6_7_WITHOUT_1_5,
        rule="offset.fields_6_7_need_1_5",
        params={"fields": sorted(set(fields)), "items": [i.key for i in items]},
        item=None,
    )
    assert violation.code == "field_6_7_without_1_5"  # the stable code the API returns


@pytest.mark.parametrize("field", [0, 8, -1, True])
def test_a_field_outside_1_to_7_is_reported(field):
    (violation,) = validate_package([item("x", field), item("y", 2)])
    assert (violation.code, violation.rule, violation.item) == ("invalid_field", "offset.seven_fields", "x")
    assert violation.params == {"value": field, "min": 1, "max": 7}


def test_an_invalid_field_does_not_count_as_a_core_field():
    codes = [v.code for v in validate_package([item("x", 9), item("y", 6)])]
    assert codes == ["invalid_field", "field_6_7_without_1_5"]


def test_each_item_has_one_known_type_of_each_kind():
    violations = validate_package([item("x", 1, "both", "military", "huge")])
    assert [(v.code, v.params) for v in violations] == [
        ("invalid_directness", {"value": "both"}),
        ("invalid_sector", {"value": "military"}),
        ("invalid_size_class", {"value": "huge"}),
    ]
    assert {v.rule for v in violations} == {
        "offset.types.direct_indirect",
        "offset.types.defence_commercial",
        "company.size_classes",
    }


def test_empty_and_duplicate_packages():
    assert [v.code for v in validate_package([])] == ["empty_package"]
    (duplicate,) = validate_package([item("a", 1), item("a", 2)])
    assert (duplicate.code, duplicate.item, duplicate.params) == ("duplicate_item", "a", {"count": 2})
