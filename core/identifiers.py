"""Korean business registration numbers (사업자등록번호). Plain Python, no Django.

The tenth digit is a check digit: s = sum(d1..d9 x (1,3,7,1,3,7,1,3,5)) + floor(d9 x 5 / 10),
valid when d10 == (10 - s mod 10) mod 10.
"""

import re

BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def normalise_brn(value: str) -> str:
    """Strip hyphens, spaces and dots: '123-45-67890' -> '1234567890'."""
    return re.sub(r"[\s.\-]", "", value or "")


def brn_check_digit(first_nine: str) -> int:
    """The check digit for the first nine digits of a registration number."""
    digits = [int(char) for char in first_nine]
    total = sum(d * w for d, w in zip(digits, BRN_WEIGHTS, strict=True)) + (digits[8] * 5) // 10
    return (10 - total % 10) % 10


def brn_is_valid(value: str) -> bool:
    """True for ten digits whose last one is the right check digit."""
    digits = normalise_brn(value)
    if not re.fullmatch(r"\d{10}", digits):
        return False
    return brn_check_digit(digits[:9]) == int(digits[9])


def format_brn(value: str) -> str:
    """Show a stored number as XXX-XX-XXXXX; anything else comes back unchanged."""
    digits = normalise_brn(value)
    if not re.fullmatch(r"\d{10}", digits):
        return value
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def normalise_nsn(value: str) -> str:
    """A NATO Stock Number's 13 digits, with or without its hyphens."""
    return re.sub(r"[\s\-]", "", value or "")


def format_nsn(value: str) -> str:
    """An NSN as NNNN-NN-NNN-NNNN; anything else comes back unchanged."""
    digits = normalise_nsn(value)
    if not re.fullmatch(r"\d{13}", digits):
        return value
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:9]}-{digits[9:]}"


def normalise_hs_code(value: str) -> str:
    """An HS code's digits: '8411.91' -> '841191'."""
    return re.sub(r"[\s.\-]", "", value or "")


def format_hs_code(value: str) -> str:
    """An HS code as 4 digits, a dot and the rest (8411.91, 8411.91.9000)."""
    digits = normalise_hs_code(value)
    if not re.fullmatch(r"\d{6,10}", digits):
        return value
    return ".".join(filter(None, [digits[:4], digits[4:6], digits[6:]]))
