from datetime import date

import pytest

from xiezuo import periods
from xiezuo.periods import PeriodType, parse


@pytest.mark.parametrize(
    ("pid", "ptype", "start", "end", "zh", "en"),
    [
        ("2018", PeriodType.YEARLY, date(2018, 1, 1), date(2018, 12, 31), "2018年", "2018"),
        (
            "2018S1",
            PeriodType.SIXMONTHLY,
            date(2018, 1, 1),
            date(2018, 6, 30),
            "2018年上半年",
            "January–June 2018",
        ),
        (
            "2018S2",
            PeriodType.SIXMONTHLY,
            date(2018, 7, 1),
            date(2018, 12, 31),
            "2018年下半年",
            "July–December 2018",
        ),
        (
            "2018Q2",
            PeriodType.QUARTERLY,
            date(2018, 4, 1),
            date(2018, 6, 30),
            "2018年第二季度",
            "Q2 2018",
        ),
        (
            "201805",
            PeriodType.MONTHLY,
            date(2018, 5, 1),
            date(2018, 5, 31),
            "2018年5月",
            "May 2018",
        ),
        (
            "201602",
            PeriodType.MONTHLY,
            date(2016, 2, 1),
            date(2016, 2, 29),
            "2016年2月",
            "February 2016",
        ),
    ],
)
def test_a_period_id_gives_its_type_dates_and_labels(pid, ptype, start, end, zh, en):
    period = parse(pid)
    assert period.type is ptype
    assert (period.start_date, period.end_date) == (start, end)
    assert (period.label_zh, period.label_en) == (zh, en)
    assert period.id == pid


@pytest.mark.parametrize("bad", ["18", "2018Q5", "2018S3", "201813", "2018-05", "2018W1", ""])
def test_a_malformed_period_is_refused(bad):
    with pytest.raises(ValueError, match="not a period"):
        parse(bad)


def test_finer_periods_roll_up_into_coarser_ones():
    year = parse("2018")
    assert [p.id for p in year.parts(PeriodType.QUARTERLY)] == [
        "2018Q1",
        "2018Q2",
        "2018Q3",
        "2018Q4",
    ]
    assert len(year.parts(PeriodType.MONTHLY)) == 12
    assert year.contains(parse("201812")) and not year.contains(parse("201901"))
    assert parse("2018S1").contains(parse("2018Q2")) and not parse("2018S1").contains(
        parse("2018Q3")
    )


def test_a_coarser_period_cannot_be_split_into_a_coarser_one():
    with pytest.raises(ValueError, match="Yearly is not finer than Quarterly"):
        parse("2018Q1").parts(PeriodType.YEARLY)


def test_rollup_is_integer_division_of_the_month_ordinal():
    may = parse("201805")
    assert may.start // 3 == parse("2018Q2").start // 3
    assert may.start // 12 == parse("2018").start // 12


def test_previous_and_next_cross_years():
    assert parse("201801").previous.id == "201712"
    assert parse("2018Q1").previous.id == "2017Q4"
    assert parse("2018S2").shift(1).id == "2019S1"


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("THIS_YEAR", ["2018"]),
        ("LAST_YEAR", ["2017"]),
        ("THIS_MONTH", ["201805"]),
        ("LAST_MONTH", ["201804"]),
        ("THIS_QUARTER", ["2018Q2"]),
        ("LAST_4_QUARTERS", ["2017Q2", "2017Q3", "2017Q4", "2018Q1"]),
        ("LAST_5_YEARS", ["2013", "2014", "2015", "2016", "2017"]),
        ("QUARTERS_THIS_YEAR", ["2018Q1", "2018Q2", "2018Q3", "2018Q4"]),
    ],
)
def test_relative_periods_count_from_today(name, ids):
    assert [p.id for p in periods.relative(name, today=date(2018, 5, 8))] == ids


def test_last_12_months_ends_with_last_month():
    months = periods.relative("LAST_12_MONTHS", today=date(2018, 5, 8))
    assert [months[0].id, months[-1].id, len(months)] == ["201705", "201804", 12]


@pytest.mark.parametrize(
    "bad", ["0000", "9999", "1948", "2101Q1", "０２０１８", "２０１８", "٢٠١٨", "2018Q١", "20１805"]
)
def test_a_period_out_of_range_or_in_other_digits_is_refused(bad):
    with pytest.raises(ValueError):
        parse(bad)


@pytest.mark.parametrize("good", ["1949", "194901", "2100S2", "210012"])
def test_the_years_1949_to_2100_are_periods(good):
    assert parse(good).id == good
