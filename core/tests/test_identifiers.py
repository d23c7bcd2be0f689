import pytest
from django.core.exceptions import ValidationError

from core.identifiers import brn_check_digit, brn_is_valid, format_brn, normalise_brn
from core.validators import validate_brn


def with_check_digit(first_nine: str) -> str:
    return first_nine + str(brn_check_digit(first_nine))


@pytest.mark.parametrize("first_nine", ["000123456", "220811234", "999999999", "100000005", "000000000"])
def test_numbers_built_with_the_check_digit_are_valid_and_any_other_last_digit_is_not(first_nine):
    number = with_check_digit(first_nine)
    assert brn_is_valid(number)
    for digit in "0123456789":
        if digit != number[-1]:
            assert not brn_is_valid(first_nine + digit)


def test_check_digit_follows_the_published_formula():
    # d = 1 2 3 4 5 6 7 8 9; weights 1 3 7 1 3 7 1 3 5
    # sum = 1+6+21+4+15+42+7+24+45 = 165; floor(9*5/10) = 4; s = 169; check = (10 - 9) % 10 = 1
    assert brn_check_digit("123456789") == 1


def test_hyphens_and_spaces_are_accepted_and_normalised():
    number = with_check_digit("000654321")
    hyphenated = f"{number[:3]}-{number[3:5]}-{number[5:]}"
    assert normalise_brn(f" {hyphenated} ") == number
    assert brn_is_valid(hyphenated)
    assert format_brn(number) == hyphenated
    validate_brn(hyphenated)


@pytest.mark.parametrize(
    "value,code", [("12345", "brn_format"), ("abc-de-fghij", "brn_format"), ("", "brn_format")]
)
def test_malformed_numbers_are_refused_with_a_format_message(value, code):
    with pytest.raises(ValidationError) as error:
        validate_brn(value)
    assert error.value.code == code


def test_wrong_check_digit_has_its_own_message():
    number = with_check_digit("000111222")
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    with pytest.raises(ValidationError) as error:
        validate_brn(wrong)
    assert error.value.code == "brn_checksum"
