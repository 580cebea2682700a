"""Identity numbers: checked part by part, what they tell, masked."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from xiezuo.personal.identity import (
    Sex,
    check_digit,
    identity_clean,
    mask_identity,
)

# GB 11643-1999's own example, whose check digit is X
STANDARD_EXAMPLE = "11010519491231002X"


def valid(first17: str) -> str:
    return first17 + check_digit(first17)


def refusal(text: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        identity_clean(text)
    return caught.value


def test_the_standards_example_is_valid_with_its_x_check_digit():
    number = identity_clean(STANDARD_EXAMPLE)
    assert number == STANDARD_EXAMPLE
    assert number.birth_date == date(1949, 12, 31)
    assert number.sex == Sex.FEMALE  # 002: even
    assert number.region_code == "110105"


def test_the_check_digit_is_iso_7064_mod_11_2():
    # by hand: the digits times 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 add up to 272;
    # 272 mod 11 = 8, and 8 maps to 4 (1 0 X 9 8 7 6 5 4 3 2 for 0 to 10)
    assert check_digit("45102419900517001") == "4"
    assert check_digit("11010519491231002") == "X"
    number = identity_clean(valid("45102419900517001"))
    assert number.sex == Sex.MALE and number.birth_date == date(1990, 5, 17)


def test_a_lower_case_x_spaces_and_full_width_digits_are_normalised():
    assert identity_clean(" 110105 19491231 002x ") == STANDARD_EXAMPLE
    assert identity_clean("１１０１０５１９４９１２３１００２Ｘ") == STANDARD_EXAMPLE


@pytest.mark.parametrize("text", ["", "1101051949123100", "11010519491231002X1", "110105491231002"])
def test_a_number_not_18_characters_long_is_refused_for_its_length(text):
    assert refusal(text).code == "length"


@pytest.mark.parametrize("text", ["1101051949123100XX", "11010519491231002Y", "1101051949-231002X"])
def test_a_number_with_other_characters_is_refused_for_its_characters(text):
    assert refusal(text).code == "characters"


def test_a_number_not_beginning_with_a_province_is_refused_for_its_region():
    assert refusal(valid("99010519491231002")).code == "region"
    assert refusal(valid("00010519491231002")).code == "region"


@pytest.mark.parametrize("born", ["19900230", "19901301", "19900000", "18991231", "29990101"])
def test_a_date_of_birth_that_is_not_a_past_day_is_refused(born):
    assert refusal(valid(f"451024{born}001")).code == "date"


def test_a_mistyped_digit_is_refused_for_its_check_digit():
    good = valid("45102419900517001")
    wrong_last = good[:17] + ("1" if good[17] != "1" else "2")
    assert refusal(wrong_last).code == "check_digit"
    swapped = good[:8] + good[9] + good[8] + good[10:]  # born 1909, not 1990
    assert refusal(swapped).code == "check_digit"


def test_the_messages_say_which_part_is_wrong_in_chinese_by_default():
    assert refusal("123").messages == ["身份证号码应为18位，现为3位。"]
    assert "校验码" in refusal(STANDARD_EXAMPLE[:17] + "1").messages[0]
    assert "出生日期" in refusal(valid("45102419900230001")).messages[0]


def test_the_messages_are_in_english_for_english_readers():
    with translation.override("en"):
        assert refusal("123").messages == ["An identity number has 18 characters; this one has 3."]
        assert "check digit" in refusal(STANDARD_EXAMPLE[:17] + "1").messages[0]


def test_a_number_is_masked_but_its_first_and_last_four():
    assert mask_identity("451024199005170014") == "4510**********0014"
    assert mask_identity("1234") == "****"
