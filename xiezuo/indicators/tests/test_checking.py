"""A value is checked before it is written; each bad value says what is wrong, in Chinese."""

import pytest

from xiezuo.indicators.checking import CleanValue, Conflict, ValueChecker, parse_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def checker():
    return ValueChecker()


def check(checker, **kwargs):
    base = {"element": "job_fairs", "place": "451024", "period": "201805", "value": "3"}
    return checker.check(**{**base, **kwargs})


def test_a_good_value_is_cleaned(checker):
    clean = check(checker, value="1234")
    assert isinstance(clean, CleanValue)
    assert clean.value == 1234 and clean.place_code == "451024" and clean.period.id == "201805"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"element": "no_such"}, "dataElement", "没有代码或标识为“no_such”的数据元"),
        ({"place": "999999"}, "orgUnit", "没有代码或标识为“999999”的行政区划"),
        (
            {"period": "2018-05"},
            "period",
            "“2018-05”不是有效的报告期（例如 2018、2018S1、2018Q2、201805）",
        ),
        ({"period": "2018"}, "period", "扶贫劳务招聘会为月报；“2018”是年报的报告期"),
        ({"value": "三"}, "value", "“三”不是数字"),
        # DHIS2's number format: no separator is guessed away (E7619; "1,5" is not 15)
        ({"value": "1,5"}, "value", "“1,5”不是数字"),
        ({"value": "1,234"}, "value", "“1,234”不是数字"),
        ({"value": "2.5"}, "value", "“2.5”不是整数"),
        ({"value": "-1"}, "value", "“-1”是负数"),
        (
            {"element": "people_trained", "disaggregation": ""},
            "categoryOptionCombo",
            "培训人次的分类为：poverty",
        ),
        (
            {"element": "people_trained", "disaggregation": "poverty=rich"},
            "categoryOptionCombo",
            "“rich”不是poverty的选项（可选：not_poor, poor）",
        ),
        ({"disaggregation": "poverty=poor"}, "categoryOptionCombo", "扶贫劳务招聘会的分类为：无"),
    ],
)
def test_a_bad_value_gets_a_conflict_naming_the_field(checker, change, field, message):
    conflict = check(checker, **change)
    assert isinstance(conflict, Conflict)
    assert (conflict.field, conflict.message) == (field, message)


def test_a_period_of_the_wrong_type_is_named_in_the_readers_language_only(checker):
    from django.utils import translation

    with translation.override("en"):
        conflict = ValueChecker().check(
            element="job_fairs", place="451024", period="2018", value="3"
        )
    assert "Job fairs is reported Monthly; “2018” is a Yearly period" in conflict.message
    conflict = check(checker, period="2018")
    assert not any(word in conflict.message for word in ("Monthly", "Yearly"))


def test_elements_and_places_may_be_given_by_uid(checker):
    from xiezuo.indicators.models import DataElement
    from xiezuo.places.models import Place

    clean = check(
        checker,
        element=DataElement.objects.get(code="job_fairs").uid,
        place=Place.objects.get(code="451024").uid,
    )
    assert isinstance(clean, CleanValue) and clean.element.code == "job_fairs"


@pytest.mark.parametrize(
    ("value_type", "raw", "expected"),
    [
        ("money", "27650000000", 27650000000),
        ("number", "0.5", 0.5),
        ("percentage", "66.68", 66.68),
        ("boolean", "是", 1),
        ("boolean", "false", 0),
    ],
)
def test_values_are_parsed_by_type(value_type, raw, expected):
    from decimal import Decimal

    assert parse_value(value_type, raw) == Decimal(str(expected))


def test_a_percentage_over_100_is_refused():
    assert parse_value("percentage", "120") == "“120”不是 0 到 100 之间的百分比"


def test_a_text_value_keeps_its_commas():
    assert parse_value("text", " 南山区, 福田区 ") == "南山区, 福田区"
