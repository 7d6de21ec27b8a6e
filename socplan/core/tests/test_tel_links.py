import pytest

from socplan.core.links import tel_url


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("+420 565 532 111", "tel:+420565532111"),
        ("565 532 111", "tel:565532111"),
        ("565-532-111 (reception)", "tel:565532111"),
        ("777 123 456, 606 111 222", "tel:777123456"),
        ("", ""),
        (None, ""),
        ("call the office", ""),
        ("javascript:alert(1)", ""),
    ],
)
def test_it_makes_a_phone_number_a_tel_link(value, expected):
    assert tel_url(value) == expected
