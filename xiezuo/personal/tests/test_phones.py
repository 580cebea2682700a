"""Phone numbers: mobiles and landlines checked, written one way, masked."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from xiezuo.personal.phones import mask_phone, phone_clean


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("0086 19912345678", "19912345678"),
        ("0776-2812345", "0776-2812345"),
        ("(0776) 281 2345", "0776-2812345"),
        ("07762812345", "0776-2812345"),
        ("010-65123456", "010-65123456"),
        ("020 83123456", "020-83123456"),
    ],
)
def test_mobiles_and_landlines_with_their_area_code_are_taken(text, clean):
    assert phone_clean(text) == clean


@pytest.mark.parametrize(
    "text", ["", "12812345678", "1381234567", "138123456789", "2812345", "0776-0812345", "abc"]
)
def test_other_numbers_are_refused(text):
    with pytest.raises(ValidationError):
        phone_clean(text)


def test_a_mobile_keeps_its_first_three_and_last_four_digits():
    assert mask_phone("13812345678") == "138****5678"


def test_a_landline_keeps_its_area_code_and_last_four_digits():
    assert mask_phone("0776-2812345") == "0776-***2345"
