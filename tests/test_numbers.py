from decimal import Decimal

import pytest

from xiezuo.numbers import format_cn, percent, plain
from xiezuo.uids import generate_uid, is_uid, stable_uid


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (949, "949"),
        (18000, "1.8万"),
        (55900, "5.59万"),
        (27_650_000_000, "276.5亿"),
        (18_300_000, "1830万"),
        (183_000_000, "1.83亿"),
        (-12000, "-1.2万"),
        (None, ""),
    ],
)
def test_figures_are_shown_in_wan_and_yi(value, shown):
    assert format_cn(value) == shown


def test_uids_look_like_dhis2_uids():
    uid = generate_uid()
    assert is_uid(uid)
    assert not is_uid("1abcdefghij")
    assert not is_uid("abc")


def test_stable_uids_are_stable_and_distinct():
    assert stable_uid("place", "45") == stable_uid("place", "45")
    assert stable_uid("place", "45") != stable_uid("place", "44")
    assert is_uid(stable_uid("place", "451024101200"))


@pytest.mark.parametrize(
    ("value", "text", "shown"),
    [
        (Decimal("10000.0000"), "", "10000"),
        (Decimal("1E+4"), "", "10000"),
        (Decimal("0.50"), "", "0.5"),
        (Decimal("-3.250"), "", "-3.25"),
        (12, "", "12"),
        (None, "合作社", "合作社"),
        (None, "", ""),
    ],
)
def test_a_stored_figure_is_shown_as_typed(value, text, shown):
    assert plain(value, text) == shown


@pytest.mark.parametrize(
    ("share", "shown"),
    [(0.456, "45.6%"), (1, "100.0%"), (Decimal("0.0749"), "7.5%"), (0, "0.0%"), (None, "")],
)
def test_a_share_is_shown_as_a_percentage(share, shown):
    assert percent(share) == shown


def test_money_is_shown_to_the_fen_with_thousands_separated():
    from decimal import Decimal

    from xiezuo.numbers import money

    assert money(Decimal("1234567.5")) == "1,234,567.50"
    assert money(Decimal("0.01")) == "0.01"


@pytest.mark.parametrize("typed", ["１２", "١٢", "1_000", "12a", "", "NaN", "Infinity"])
def test_a_number_in_other_digits_than_ascii_is_not_read(typed):
    from xiezuo.indicators.checking import parse_value
    from xiezuo.indicators.models import ValueType
    from xiezuo.numbers import is_number, whole_number

    assert not is_number(typed)
    with pytest.raises(ValueError):
        whole_number(typed)
    for value_type in (ValueType.NUMBER, ValueType.INTEGER, ValueType.MONEY):
        assert isinstance(parse_value(value_type, typed), str)  # a message, not a number


def test_full_width_digits_become_ascii_for_the_grid():
    from xiezuo.numbers import from_fullwidth

    assert from_fullwidth("１，２５０．５") == "1,250.5"
    assert from_fullwidth("－３") == "-3"
    assert from_fullwidth("培训１２期") == "培训12期"


@pytest.mark.parametrize(
    ("typed", "read"),
    [("12,500", "12500"), ("-1,234,567.25", "-1234567.25"), (" 1,000 ", "1000"),
     ("1,5", "1,5"), ("12,50", "12,50"), ("1,2345", "1,2345"), (",500", ",500"), ("abc", "abc")],
)  # fmt: skip
def test_only_real_thousands_separators_are_taken_out(typed, read):
    from xiezuo.numbers import ungrouped

    assert ungrouped(typed) == read


def test_english_figures_are_in_thousands_millions_and_billions():
    from xiezuo.numbers import format_en

    assert format_en(1234) == "1,234"
    assert format_en(55_900) == "55,900"
    assert format_en(49_291_200) == "49.29 million"
    assert format_en(Decimal("27650000000")) == "27.65 billion"
    assert format_en(-2.5) == "-2.5"
    assert format_en(None) == ""
