"""Validators of the catalogue."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from socplan.core.numbers import is_digits

WEIGHTS = (8, 7, 6, 5, 4, 3, 2)


def _weighted_sum(digits: str) -> int:
    return sum(int(digit) * weight for digit, weight in zip(digits, WEIGHTS, strict=True))


def ico_is_valid(value: str) -> bool:
    """True for an 8-digit IČO whose last digit is its modulo-11 check digit.

    Weights 8..2 over the first seven digits; remainder r = sum % 11; check digit is
    (11 - r) % 10 (so r = 0 gives 1 and r = 1 gives 0).
    """
    if not isinstance(value, str) or len(value) != 8 or not is_digits(value):
        return False
    total = _weighted_sum(value[:7])
    return (11 - total % 11) % 10 == int(value[7])


def ico_check_digit(first_seven: str) -> str:
    """The check digit that completes seven digits to a valid IČO."""
    total = _weighted_sum(first_seven)
    return str((11 - total % 11) % 10)


def validate_ico(value: str) -> None:
    """An IČO is 8 digits (leading zeros kept) with a valid check digit."""
    if value in (None, ""):
        return
    if not isinstance(value, str) or len(value) != 8 or not is_digits(value):
        raise ValidationError(
            _("Enter the IČO as 8 digits, including leading zeros."), code="ico_format"
        )
    if not ico_is_valid(value):
        raise ValidationError(
            _("This IČO is not valid: its check digit does not match."), code="ico_checksum"
        )
