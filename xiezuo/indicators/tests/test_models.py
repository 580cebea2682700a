"""A stored value written out: as typed and exchanged, and as people read it."""

from decimal import Decimal

from django.utils import translation

from xiezuo.indicators.models import DataElement, ValueType


def test_a_yes_or_no_figure_is_exchanged_as_true_or_false_and_read_as_yes_or_no():
    element = DataElement(value_type=ValueType.BOOLEAN)
    assert (element.typed(Decimal(1)), element.typed(Decimal(0))) == ("true", "false")
    assert (element.shown(Decimal(1)), element.shown(Decimal(0))) == ("是", "否")
    with translation.override("en"):
        assert element.shown(Decimal(1)) == "yes"


def test_a_number_is_written_as_typed_and_text_as_it_is():
    number = DataElement(value_type=ValueType.MONEY)
    assert number.typed(Decimal("27650000000.0000")) == number.shown(Decimal("2.765E+10"))
    assert number.typed(Decimal("27650000000.0000")) == "27650000000"
    assert DataElement(value_type=ValueType.TEXT).typed(None, "合作社") == "合作社"
    assert number.typed(None) == ""
