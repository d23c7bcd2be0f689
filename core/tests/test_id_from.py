import pytest

from core.forms import id_from


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("42", 42),
        ("007", 7),
        ("", None),
        (None, None),
        ("²", None),
        ("٣", None),
        ("-1", None),
        ("1e3", None),
        ("9" * 19, None),
    ],
)
def test_ids_typed_into_urls_are_plain_ascii_digits(typed, expected):
    assert id_from(typed) == expected
