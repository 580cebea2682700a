from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from xiezuo.dates import parse_day, parse_year

DEFAULT = date(2018, 6, 14)


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2018-12-31", date(2018, 12, 31)),
        (" 2020-02-29 ", date(2020, 2, 29)),
        (None, DEFAULT),
        ("", DEFAULT),
        ("  ", DEFAULT),
    ],
)
def test_a_day_is_read_or_the_default_taken_when_none_is_given(value, day):
    assert parse_day(value, default=DEFAULT) == day


@pytest.mark.parametrize(
    "value",
    ["2018-02-30", "2018-13-01", "soon", "20181231", "2018-W24-4", "2018-6-1", "２０１８-01-01"],
)
def test_what_is_not_a_day_written_yyyy_mm_dd_is_refused_naming_it(value):
    with pytest.raises(ValidationError) as exc:
        parse_day(value, default=DEFAULT)
    assert exc.value.message_dict == {"on": [f"“{value}”不是日期（应为 YYYY-MM-DD）。"]}


def test_the_error_is_keyed_by_the_parameters_name_in_the_users_language():
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        parse_day("June", default=DEFAULT, field="since")
    assert exc.value.message_dict == {"since": ["“June” is not a date (YYYY-MM-DD)."]}


@pytest.mark.parametrize(("value", "year"), [("2018", 2018), (" 2021 ", 2021), ("", None)])
def test_a_year_is_read_or_the_default_taken(value, year):
    assert parse_year(value, default=None, field="poor_in") == year


@pytest.mark.parametrize("value", ["18", "2018年", "next", "20180"])
def test_what_is_not_a_year_is_refused_naming_it(value):
    with pytest.raises(ValidationError) as exc:
        parse_year(value, default=None, field="poor_in")
    assert exc.value.message_dict == {"poor_in": [f"“{value}”不是年份（应为 YYYY）。"]}
