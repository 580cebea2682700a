"""The one reader of an amount of money."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from xiezuo.amounts import amount_clean


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1,234,567.5", "1234567.50"),
        ("12.300", "12.30"),
        (Decimal("0.01"), "0.01"),
        (250, "250.00"),
    ],
)
def test_an_amount_is_read_exactly_to_the_fen(typed, read):
    assert amount_clean(typed) == Decimal(read)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (0.1, "请以小数形式填写金额，例如 1250.50。"),
        ("1e13", "金额过大。"),
        ("9999999999999.99", None),
        ("", "“”不是以元计的金额。"),
    ],
)
def test_what_cannot_be_kept_exactly_is_refused(typed, message):
    with translation.override("zh-hans"):
        if message is None:
            assert amount_clean(typed) == Decimal(typed)
            return
        with pytest.raises(ValidationError) as refused:
            amount_clean(typed, field="budget")
        assert refused.value.message_dict == {"budget": [message]}


@pytest.mark.parametrize("typed", ["１２", "١٢", "1_000", "１２.５"])
def test_an_amount_in_other_digits_than_ascii_is_refused(typed):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        amount_clean(typed, field="budget")
    assert refused.value.message_dict == {"budget": [f"“{typed}”不是以元计的金额。"]}
